/**
 * Resource bombs under the size cap (issue 14's "55 resource bombs", by kind): each is a spec text that
 * is cheap to write and was, or could be, expensive to check. The fuzz bench runs each in a fresh
 * process and records its CPU time and the process's peak memory.
 */
const chain = (n: number, step: string) => `model M {\n  input x: f32[4]\n  x${` -> ${step}`.repeat(n)} as y\n  output y\n}\n`;
const lines = (head: string, line: (i: number) => string, tail: string, bytes = 3_900_000) => {
  const out = [head];
  let size = head.length;
  for (let i = 0; size < bytes; i++) {
    const l = line(i);
    out.push(l);
    size += l.length + 1;
  }
  out.push(tail);
  return out.join("\n") + "\n";
};
const yamlHead = "mfgnet: 1\nmodel:\n  name: M\n  inputs: { x: { shape: [4], dtype: f32 } }\n  layers:";

export interface Bomb {
  readonly name: string;
  readonly file: string;
  readonly text: () => string;
}

export const BOMBS: readonly Bomb[] = [
  { name: "60-deep parentheses, 3.9 MB (DSL)", file: "parens.mfgnet", text: () => lines("model M {\n  input x: f32[4]", (i) => `  a${i} = x -> dense(${"(".repeat(60)}4${")".repeat(60)})`, "  output a0\n}") },
  { name: "3,000-deep brackets, 3.9 MB (YAML)", file: "brackets.mfgnet.yaml", text: () => lines(yamlHead, () => `    - dense: { units: ${"[".repeat(3000)}1${"]".repeat(3000)} }`, "  outputs: [x]") },
  { name: "20-deep brackets, 3.9 MB (YAML)", file: "brackets20.mfgnet.yaml", text: () => lines(yamlHead, () => `    - dense: { units: ${"[".repeat(20)}1${"]".repeat(20)} }`, "  outputs: [x]") },
  { name: "output y, y, … × 130,000 (DSL)", file: "outputs.mfgnet", text: () => `model M {\n  input x: f32[4]\n  x -> dense(2) as y\n  output ${Array(130_000).fill("y").join(", ")}\n}\n` },
  { name: "130,000 unknown names (DSL)", file: "unknown.mfgnet", text: () => `model M {\n  input x: f32[4]\n  x -> dense(2) as y\n  output ${Array.from({ length: 130_000 }, (_, i) => `z${i}`).join(", ")}\n}\n` },
  { name: "repeat 14999 dense(4): the node cap (DSL)", file: "repeat.mfgnet", text: () => chain(1, "repeat 14999 dense(4)") },
  { name: "repeat 15000: over the node cap (DSL)", file: "repeat-over.mfgnet", text: () => chain(1, "repeat 15000 dense(4)") },
  { name: "5,000 chained steps written out (DSL)", file: "steps.mfgnet", text: () => chain(5000, "dense(4)") },
  { name: "one 3.9 MB identifier (DSL)", file: "ident.mfgnet", text: () => `model ${"a".repeat(3_900_000)} {}\n` },
  { name: "one 3.9 MB number (DSL)", file: "number.mfgnet", text: () => `model M {\n  input x: f32[${"9".repeat(3_900_000)}]\n}\n` },
  { name: "one 3.9 MB string (DSL)", file: "string.mfgnet", text: () => `train M { x "${"s".repeat(3_900_000)}" }\n` },
  { name: "500,000 `-` unary minus (DSL)", file: "minus.mfgnet", text: () => `train M { x ${"- ".repeat(500_000)}1 }\n` },
  { name: "1 + 1 + … × 300,000 (DSL)", file: "sum.mfgnet", text: () => `train M { x ${"1 + ".repeat(300_000)}1 }\n` },
  { name: "3.9 MB of stray tokens (DSL)", file: "stray.mfgnet", text: () => "@ ".repeat(1_900_000) },
  { name: "YAML alias bomb within the alias limit", file: "alias.mfgnet.yaml", text: () => `${yamlHead}\n    - reshape: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n    - reshape: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n    - reshape: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n    - reshape: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n  outputs: [x]\n` },
  { name: "300,000-entry YAML flow list", file: "flowlist.mfgnet.yaml", text: () => `${yamlHead}\n    - reshape: { target: [${Array(300_000).fill(1).join(", ")}] }\n  outputs: [x]\n` },
  { name: "50,000 layers written out (YAML)", file: "layers.mfgnet.yaml", text: () => lines(yamlHead, () => "    - dense: { units: 4 }", "  outputs: [x]", 1_500_000) },
  { name: "f32[1e5, 1e5] -> flatten -> dense", file: "big-input.mfgnet", text: () => "model M {\n  input x: f32[100000, 100000]\n  x -> flatten -> dense(2) as y\n  output y\n}\n" },
  { name: "dense(1e12)", file: "big-dense.mfgnet", text: () => chain(1, "dense(1000000000000)") },
  // Just under each budget that the bombs above now run into: what a spec may cost and still be read.
  { name: "output list of 20,000 names, at the list cap (DSL)", file: "cap-outputs.mfgnet", text: () => `model M {\n  input x: f32[4]\n  x -> dense(2) as y\n  output ${Array(20_000).fill("y").join(", ")}\n}\n` },
  { name: "49,000 unknown names, at the token budget (DSL)", file: "cap-unknown.mfgnet", text: () => `model M {\n  input x: f32[4]\n  x -> dense(2) as y\n${[0, 1, 2].map((k) => `  output ${Array.from({ length: 16_300 }, (_, i) => `z${k}_${i}`).join(", ")}`).join("\n")}\n}\n` },
  { name: "20,000 block parameters, at the list cap (DSL)", file: "cap-params.mfgnet", text: () => `block b(${Array.from({ length: 20_000 }, (_, i) => `p${i}`).join(", ")}) {\n  input x\n  y = x -> dense(2)\n  output y\n}\nmodel M {\n  input x: f32[4]\n  x -> b as y\n  output y\n}\n` },
  { name: "a 65,000-character string, at the string cap (DSL)", file: "cap-string.mfgnet", text: () => `train M { x "${"s".repeat(65_000)}" }\n` },
  { name: "9,980-entry YAML flow list, at the token budget", file: "cap-flow.mfgnet.yaml", text: () => `${yamlHead}\n    - reshape: { target: [${Array(9_980).fill(1).join(", ")}] }\n  outputs: [x]\n` },
  { name: "2,496 layers written out, at the token budget (YAML)", file: "cap-layers.mfgnet.yaml", text: () => `${yamlHead}\n${"    - dense: { units: 4 }\n".repeat(2_496)}  outputs: [x]\n` },
  { name: "9,984 `- layernorm` lines, at the token budget (YAML)", file: "cap-short-layers.mfgnet.yaml", text: () => `${yamlHead}\n${"    - layernorm\n".repeat(9_984)}  outputs: [x]\n` },
  { name: "`[]` pairs at depth 62, at the nesting-work budget (YAML)", file: "cap-work.mfgnet.yaml", text: () => `mfgnet: 1\nmodel:\n  name: M\n  layers: [${"[".repeat(60)}${"[]".repeat(8_000)}${"]".repeat(61)}\n` },
  { name: "14,999 `-> layernorm` steps written out, at the node cap (DSL)", file: "cap-short-steps.mfgnet", text: () => chain(14_999, "layernorm") },
  { name: "200,000 block parameters (DSL)", file: "params.mfgnet", text: () => `block b(${Array.from({ length: 200_000 }, (_, i) => `p${i}`).join(", ")}) {\n  input x\n  y = x -> dense(2)\n  output y\n}\nmodel M {\n  input x: f32[4]\n  x -> b as y\n  output y\n}\n` },
];
