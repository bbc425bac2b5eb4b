/**
 * Writes the paired corpus (test/errors/cases/pairs) from cases.ts: applies each mistake to the base
 * spec in both forms, formats what parses (so the fixtures are in canonical form), checks that the
 * compiler gives the intended codes, and writes each file with its `!expect` lines on top.
 *
 *   npx tsx test/errors/pairs-src/make-pairs.ts
 *
 * It refuses to write a pair whose codes differ from the case's `codes`: the intended codes come from
 * the case list, not from what the compiler happens to print.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SourceFile } from "../../../src/diagnostics/span.js";
import { formatSpecText } from "../../../src/parser/format.js";
import { compileText } from "../../../src/pipeline.js";
import { BASE_DSL, BASE_YAML, CASES, type Edit } from "./cases.js";

const OUT = join(import.meta.dirname, "..", "cases", "pairs");

function apply(base: string, edits: readonly Edit[], what: string): string {
  let text = base;
  for (const [from, to] of edits) {
    if (!text.includes(from)) throw new Error(`${what}: \`${from}\` is not in the text`);
    text = text.replace(from, to);
  }
  return text;
}

function fixture(what: string, body: string, form: "dsl" | "yaml"): { text: string; codes: string[] } {
  const formatted = formatSpecText(body, "x", form).text ?? body;
  const compiled = compileText(formatted, "x", form);
  const header = [`# ${what[0]!.toUpperCase()}${what.slice(1)}.`];
  // Line numbers count the header, which has one `!expect` line per diagnostic.
  const headerLines = header.length + compiled.diagnostics.length;
  const src = new SourceFile("x", formatted);
  for (const d of compiled.diagnostics) {
    const p = src.position(d.span.start);
    header.push(`# !expect ${d.code} ${p.line + headerLines}:${p.column}`);
  }
  return { text: `${header.join("\n")}\n${formatted}`, codes: compiled.diagnostics.map((d) => d.code).sort() };
}

mkdirSync(OUT, { recursive: true });
const problems: string[] = [];
for (const c of CASES) {
  const dsl = fixture(c.what, apply(BASE_DSL, c.dsl, `${c.name} (DSL)`), "dsl");
  const yaml = fixture(c.what, apply(BASE_YAML, c.yaml, `${c.name} (YAML)`), "yaml");
  const want = [...c.codes].sort().join(" ");
  if (dsl.codes.join(" ") !== want || yaml.codes.join(" ") !== want) {
    problems.push(`${c.name}: want ${want}; DSL gives ${dsl.codes.join(" ") || "nothing"}; YAML gives ${yaml.codes.join(" ") || "nothing"}`);
    continue;
  }
  writeFileSync(join(OUT, `${c.name}.mfgnet`), dsl.text);
  writeFileSync(join(OUT, `${c.name}.mfgnet.yaml`), yaml.text);
}
if (problems.length > 0) {
  console.error(problems.join("\n"));
  process.exitCode = 1;
}
console.log(`wrote ${CASES.length - problems.length} of ${CASES.length} pairs to ${OUT}`);
