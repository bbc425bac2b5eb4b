/** The spec files of the bad-spec corpus (test/errors/cases), sorted, for tests that walk all of it. */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { specFormatOf } from "../../src/pipeline.js";

export const CASES_DIR = join(import.meta.dirname, "cases");

export function corpusSpecFiles(dir = CASES_DIR): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((e) => (e.isDirectory() ? corpusSpecFiles(join(dir, e.name)) : specFormatOf(e.name) ? [join(dir, e.name)] : []));
}
