/** Generated large specs (a deep MLP chain of 5 alternating ops) for the check and start-up benchmarks. */

/** A deep MLP chain: dense/layernorm/dropout repeated; every layer is checked and shape-inferred. */
export function largeDslSpec(layers: number): string {
  const ops = ["dense(64, activation: relu)", "layernorm", "dropout(0.1)", "dense(64)", "activation(gelu)"];
  const steps = Array.from({ length: layers }, (_, i) => `    -> ${ops[i % ops.length]}`);
  return `model Deep {\n  input x: f32[64]\n  x\n${steps.join("\n")} as y\n  output y\n}\n`;
}

export function largeYamlSpec(layers: number): string {
  const ops = ["dense: { units: 64, activation: relu }", "layernorm", "dropout: { rate: 0.1 }", "dense: { units: 64 }", "activation: { fn: gelu }"];
  const items = Array.from({ length: layers }, (_, i) => `    - ${ops[i % ops.length]}`);
  // LAYERS is a multiple of ops.length, so the last item is the activation: name it `y`.
  items[items.length - 1] = "    - activation: { fn: gelu, as: y }";
  return `mfgnet: 1\nmodel:\n  name: Deep\n  inputs:\n    x: { shape: [64], dtype: f32 }\n  layers:\n${items.join("\n")}\n  outputs: [y]\n`;
}
