/**
 * The README promises "every error with a code, a position and a hint": every error diagnostic that a
 * fixture of the bad-spec corpus (test/errors/cases) produces carries at least one hint, and no hint
 * merely repeats the message. Fixtures are compiled as `mfgc check` compiles them (compileFile, data
 * paths included), so the test sees what a user sees. Warnings may stay without hints.
 */
import { relative } from "node:path";
import { describe, expect, test } from "vitest";
import { compileFile, compileText } from "../../src/pipeline.js";
import { CASES_DIR, corpusSpecFiles } from "./corpus-files.js";

/**
 * Codes whose errors may come without a hint, each with the reason. Empty: every error site has one.
 * Add an entry only when no hint could be true for every way the site is reached, and say why here.
 */
const EXEMPT: ReadonlyMap<string, string> = new Map();

describe("every error in the corpus has a hint", () => {
  const files = corpusSpecFiles();
  let errors = 0;

  for (const file of files) {
    test(relative(CASES_DIR, file), () => {
      const compiled = compileFile(file);
      const bare: string[] = [];
      for (const d of compiled.diagnostics) {
        if (d.severity !== "error") continue;
        errors++;
        const at = compiled.source?.position(d.span.start);
        const where = `${d.code} ${at === undefined ? "" : `${at.line}:${at.column}`} "${d.message}"`;
        if (d.hints.length === 0 && !EXEMPT.has(d.code)) bare.push(`${where} has no hint`);
        for (const h of d.hints) if (h.trim() === "" || h === d.message) bare.push(`${where} has a hint that says nothing new: "${h}"`);
      }
      expect(bare, `errors without a hint in ${relative(CASES_DIR, file)}`).toEqual([]);
    });
  }

  // Guards the loop above: a corpus that compiled to no errors at all would make every test pass.
  test("the corpus produces errors to check", () => expect(errors).toBeGreaterThan(100));
});

/** Hints that depend on what was written: the fix must carry the user's own values. */
describe("hints computed from the values written", () => {
  const hintsOf = (text: string, code: string, format: "dsl" | "yaml" = "dsl"): string[] =>
    compileText(text, format === "dsl" ? "m.mfgnet" : "m.mfgnet.yaml", format).diagnostics.filter((d) => d.code === code).flatMap((d) => d.hints);
  const MODEL = "model M {\n  input x: f32[4]\n  x -> dense(2) as y\n  output y\n}\n";

  test("a number given as the optimizer is its learning rate", () => {
    expect(hintsOf(`${MODEL}train M { optimizer 0.01 loss mse }\n`, "MFG3402")).toEqual(["the learning rate is an option of the optimizer: write `optimizer adam(lr: 0.01)`"]);
  });

  test("a number given as checkpoint or early_stopping is its period or patience", () => {
    const hints = hintsOf(`${MODEL}train M { checkpoint 2 early_stopping 5 loss mse }\n`, "MFG3402");
    expect(hints).toContain("to save every 2 epochs, write `checkpoint { every: 2 }`");
    expect(hints).toContain("to stop after 5 epochs without improvement, write `early_stopping { patience: 5 }`");
  });

  test("a fractional dimension is rounded to a whole one", () => {
    // Math.round(2.5) = 3 (ECMA-262 rounds halves up).
    expect(hintsOf("model M {\n  input x: f32[2.5]\n  x -> dense(2) as y\n  output y\n}\n", "MFG3012")).toEqual(["a dimension counts elements: write a whole number such as `3`"]);
  });

  test("a trailing comma in a shape is named", () => {
    expect(hintsOf("model M {\n  input x: f32[28, ]\n  x -> dense(2) as y\n  output y\n}\n", "MFG1007")[0]).toMatch(/^remove the trailing `,`/);
  });

  test("a zero in a reshape target becomes the computed size", () => {
    // The input has 28·28·1 = 784 values; (-1, 784) is the one target with the 0 replaced that holds them.
    expect(hintsOf("model M {\n  input x: f32[28, 28, 1]\n  x -> reshape([0, 784]) -> flatten -> dense(2) as y\n  output y\n}\n", "MFG3103")).toEqual([
      "did you mean `[-1, 784]`? (-1: computed from the input)",
    ]);
  });

  test("a permute of the wrong rank gets a permutation of the input's rank", () => {
    expect(hintsOf("model M {\n  input x: f32[28, 28, 1]\n  x -> permute([2, 1]) -> flatten -> dense(2) as y\n  output y\n}\n", "MFG3212")).toEqual([
      "give 3 axes, a permutation of 1..3, e.g. `permute([2, 1, 3])`",
    ]);
  });

  test("a duplicated keep_labels entry is listed once", () => {
    const spec = 'model M {\n  input x: f32[28, 28, 1]\n  x -> flatten -> dense(3, activation: softmax) as y\n  output y\n}\ntrain M {\n  data { train: idx(images: "i.gz", labels: "l.gz", keep_labels: [0, 2, 2, 5]) }\n  loss categorical_crossentropy\n}\n';
    expect(hintsOf(spec, "MFG3512")).toEqual(["list each label once: `keep_labels: [0, 2, 5]`"]);
  });
});
