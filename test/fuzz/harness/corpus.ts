/** Seeds for the mutation fuzzer: the example specs and the bad-spec corpus, in a fixed order. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { specFormatOf, type SpecFormat } from "../../../src/pipeline.js";

const ROOT = join(import.meta.dirname, "..", "..", "..");

export interface Seed {
  readonly name: string;
  readonly format: SpecFormat;
  readonly text: string;
}

function walk(dir: string, out: Seed[]): void {
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else {
      const format = specFormatOf(e.name);
      if (format !== undefined) out.push({ name: p.slice(ROOT.length + 1), format, text: readFileSync(p, "utf8") });
    }
  }
}

/** Every spec under specs/ and test/errors/cases/. */
export function seedCorpus(): Seed[] {
  const out: Seed[] = [];
  walk(join(ROOT, "specs"), out);
  walk(join(ROOT, "test", "errors", "cases"), out);
  return out;
}
