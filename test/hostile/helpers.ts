/** Shared pieces of the hostile-input tests: scratch folders and a spec compiled in memory. */
import { mkdtempSync, realpathSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compileText, type CompiledSpec, type SpecFormat } from "../../src/pipeline.js";

/** A fresh temp folder (links resolved, so paths compare equal to what mfgc resolves). */
export function scratch(prefix = "mfgc-hostile-"): string {
  return realpathSync(mkdtempSync(join(tmpdir(), prefix)));
}

export function compile(text: string, format: SpecFormat = "dsl", file = format === "dsl" ? "t.mfgnet" : "t.mfgnet.yaml"): CompiledSpec {
  return compileText(text, file, format);
}

export function codes(c: CompiledSpec): string[] {
  return c.diagnostics.map((d) => d.code);
}

/** A one-layer model spec with a train section on the given data source (DSL). */
export function specWithData(source: string, model = "model M {\n  input x: f32[2]\n  x -> dense(1) as y\n  output y\n}\n"): string {
  return `${model}train M {\n  data { train: ${source} }\n  loss mse\n  epochs 1\n  batch 2\n}\n`;
}
