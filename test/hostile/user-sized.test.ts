/**
 * Issue 14, item 7: lists as long as the user makes them. `output y, y, …` with 130,000 names is a
 * 390 KB spec, far under the size cap, and `push(...names)` overflowed the stack on it; so did a file
 * with 130,000 diagnostics. Now no call spreads a user-sized array, a file shows at most 200
 * diagnostics, then MFG9081, and since the list cap (MAX_LIST_ENTRIES, 20,000, MFG1020) and the token
 * budget (MAX_DSL_TOKENS, 100,000, MFG1041) a list holds at most 20,000 entries: the tests use the
 * longest lists a spec may still have.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { ts } from "ts-morph";
import { describe, expect, test } from "vitest";
import { MAX_LIST_ENTRIES } from "../../src/parser/dsl/cst-to-ast.js";
import { MAX_DIAGNOSTICS_PER_FILE } from "../../src/pipeline.js";
import { maxOf, pushAll } from "../../src/util/arrays.js";
import { codes, compile } from "./helpers.js";

const N = MAX_LIST_ENTRIES;
const SRC = join(import.meta.dirname, "..", "..", "src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith(".ts") ? [p] : [];
  });
}

describe("user-sized lists", () => {
  test(`\`output y, y, …\` with ${N.toLocaleString("en-US")} names: diagnostics, capped, no stack overflow`, () => {
    const text = `model M {\n  input x: f32[4]\n  x -> dense(2) as y\n  output ${Array.from({ length: N }, () => "y").join(", ")}\n}\n`;
    const c = compile(text);
    // Every repeat after the first is MFG3007 "listed as an output twice": 129,999 of them, of which the
    // first 200 are shown and then one MFG9081 naming how many more there are.
    expect(c.diagnostics).toHaveLength(MAX_DIAGNOSTICS_PER_FILE + 1);
    expect(c.diagnostics.at(-1)!.code).toBe("MFG9081");
    expect(c.diagnostics.at(-1)!.message).toContain(`${N - 1 - MAX_DIAGNOSTICS_PER_FILE} more`);
    expect(c.diagnostics.at(-1)!.severity).toBe("error");
  });

  test(`a metrics list and a block parameter list of ${N.toLocaleString("en-US")} entries do not crash`, () => {
    const metrics = `model M {\n  input x: f32[4]\n  x -> dense(2, activation: softmax) as y\n  output y\n}\ntrain M {\n  data { train: synthetic(generator: blobs, samples: 10) }\n  loss categorical_crossentropy\n  metrics [${Array.from({ length: N }, () => "accuracy").join(", ")}]\n}\n`;
    expect(() => compile(metrics)).not.toThrow();
    const params = Array.from({ length: N }, (_, i) => `p${i}`);
    const block = `block b(${params.join(", ")}) {\n  input x\n  y = x -> dense(2)\n  output y\n}\nmodel M {\n  input x: f32[4]\n  x -> b(${params.map((p) => `${p}: 1`).join(", ")}) as y\n  output y\n}\n`;
    expect(() => compile(block)).not.toThrow();
  });

  test(`a block of ${N.toLocaleString("en-US")} parameters applied without them: short hints, capped diagnostics`, () => {
    // Each missing parameter is MFG3404 with a hint naming the positional order; listing every name in
    // every hint was 130,000 × 130,000 names (a 200,000-parameter block ran V8 out of heap).
    const params = Array.from({ length: N }, (_, i) => `p${i}`);
    const c = compile(`block b(${params.join(", ")}) {\n  input x\n  y = x -> dense(2)\n  output y\n}\nmodel M {\n  input x: f32[4]\n  x -> b as y\n  output y\n}\n`);
    expect(c.diagnostics).toHaveLength(MAX_DIAGNOSTICS_PER_FILE + 1);
    expect(c.diagnostics[0]!.code).toBe("MFG3404");
    expect(c.diagnostics[0]!.hints.join(" ")).toContain(`\`p0\`, \`p1\``);
    expect(c.diagnostics[0]!.hints.join(" ")).toContain(`and ${N - 12} more`);
    expect(Math.max(...c.diagnostics.map((d) => d.hints.join(" ").length))).toBeLessThan(1_000);
  });

  test(`one entry more than ${N.toLocaleString("en-US")} is MFG1020 at the first entry left out, and nothing is checked further`, () => {
    const c = compile(`model M {\n  input x: f32[4]\n  x -> dense(2) as y\n  output ${Array.from({ length: N + 1 }, () => "y").join(", ")}\n}\n`);
    expect(codes(c)).toEqual(["MFG1020"]);
    // Line 4 is `  output y, y, …`: entry k (0-based) starts at column 10 + 3k.
    expect(c.diagnostics[0]!.span.start).toBe(c.source!.text.indexOf("output") + 7 + 3 * N);
    expect(c.graph).toBeUndefined();
  });

  test("a file with only warnings past the cap is not made an error by the notice", () => {
    // 300 unused inputs: 300 MFG3019 warnings; the notice for the last 100 is a warning too.
    const inputs = Array.from({ length: 300 }, (_, i) => `  input u${i}: f32[2]`).join("\n");
    const c = compile(`model M {\n${inputs}\n  input x: f32[4]\n  x -> dense(2) as y\n  output y\n}\n`);
    expect(codes(c).filter((k) => k === "MFG3019")).toHaveLength(MAX_DIAGNOSTICS_PER_FILE);
    expect(c.diagnostics.at(-1)!.code).toBe("MFG9081");
    expect(c.diagnostics.at(-1)!.severity).toBe("warning");
    expect(c.graph).toBeDefined();
  });

  test("pushAll and maxOf take any number of items", () => {
    const big = Array.from({ length: 1_000_000 }, (_, i) => i);
    expect(pushAll([-1], big)).toHaveLength(1_000_001);
    expect(maxOf(big)).toBe(999_999);
    expect(maxOf([], 0)).toBe(0);
  });

  test("no call in src/ spreads an array into its arguments", () => {
    // Spread *arguments* (`f(...xs)`, `new C(...xs)`) put every element on the stack; array literals
    // (`[...xs]`) do not. Found with the TypeScript parser, not a regular expression.
    const found: string[] = [];
    for (const file of sourceFiles(SRC)) {
      const sf = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
      const visit = (n: ts.Node): void => {
        if ((ts.isCallExpression(n) || ts.isNewExpression(n)) && (n.arguments ?? []).some(ts.isSpreadElement)) {
          found.push(`${file.slice(SRC.length + 1)}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1}`);
        }
        ts.forEachChild(n, visit);
      };
      visit(sf);
    }
    expect(found).toEqual([]);
  });
});
