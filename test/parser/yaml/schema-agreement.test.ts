/**
 * The published JSON Schema and the checker agree on the bad-spec corpus (issue 13, item 2). For every
 * YAML fixture, and every DSL fixture that parses (converted to YAML by `mfgc fmt --to yaml`), ajv runs
 * with the committed `schema/mfgnet.schema.json` — as an editor's YAML language server does — and
 * `mfgc check` runs on the same text. They must agree:
 *
 * 1. the schema accepts the document exactly when the checker reports no mistake a schema can express;
 * 2. every place the schema flags is a place the checker reports (unless the checker stopped at a
 *    structural error, as it stops at a DSL syntax error, and left later mistakes for the next run);
 * 3. every mistake the checker reports that a schema can express is flagged by the schema, there.
 *
 * "Expressible" is a fixed list of codes: the document's structure, names, op parameters checked one at
 * a time, unknown ops (in a spec without blocks: with blocks, any name may apply one), model input
 * declarations, and train settings. Shapes, name resolution, arithmetic, cross-parameter rules and
 * losses-versus-outputs need the model built and are not a schema's to judge.
 */
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { Ajv, type ErrorObject } from "ajv";
import { describe, expect, test } from "vitest";
import type { Spec } from "../../../src/parser/ast.js";
import { walkAst } from "../../../src/parser/ast-walk.js";
import { formatSpecText } from "../../../src/parser/format.js";
import { loadYaml } from "../../../src/parser/yaml/load.js";
import { childPointer } from "../../../src/parser/yaml/path-index.js";
import { toPlain } from "../../../src/parser/yaml/plain.js";
import { compileText, specFormatOf } from "../../../src/pipeline.js";
import { corpusSpecFiles } from "../../errors/corpus-files.js";

const ROOT = join(import.meta.dirname, "..", "..", "..");
const SCHEMA = JSON.parse(readFileSync(join(ROOT, "schema", "mfgnet.schema.json"), "utf8")) as object;

/** Codes for mistakes a JSON Schema can express without building the model. */
const EXPRESSIBLE = new Set([
  "MFG2000", "MFG2002", "MFG2003", "MFG2006", "MFG2007", "MFG2008", "MFG2009", // YAML structure and names
  "MFG1012", "MFG1018", // reserved words as names
  "MFG3010", "MFG3011", "MFG3012", // model input declarations
  "MFG3401", "MFG3402", "MFG3403", "MFG3404", "MFG3405", "MFG3407", "MFG3409", // one parameter at a time
  "MFG3301", "MFG3303", "MFG3305", "MFG3312", // train settings
  "MFG3017", // `repeat` count
]);
/** Unknown ops are expressible only where every layer key must be an op. */
const UNKNOWN_OP = "MFG3008";


interface Case {
  readonly name: string;
  readonly yaml: string;
}

export function cases(): Case[] {
  const out: Case[] = [];
  for (const file of [...corpusSpecFiles(), ...corpusSpecFiles(join(ROOT, "specs"))]) {
    const text = readFileSync(file, "utf8");
    const name = relative(ROOT, file);
    if (specFormatOf(file) === "yaml") out.push({ name, yaml: text });
    else {
      const converted = formatSpecText(text, file, "dsl", "yaml").text;
      if (converted !== undefined) out.push({ name: `${name} (as YAML)`, yaml: converted });
    }
  }
  return out;
}

interface Finding {
  readonly offset: number;
  readonly within?: readonly [number, number];
  readonly what: string;
}

/**
 * Where the schema cannot see what the checker sees: the arguments of a block application (the
 * block's parameters are the spec's own; a missing one is reported at the block's name, which the
 * schema cannot know either), and values written as expressions (`d / heads`: their value
 * is computed by the compiler).
 */
function opaqueSpans(spec: Spec | undefined, text: string): [number, number][] {
  if (spec === undefined) return [];
  const blocks = new Set(spec.blocks.map((b) => b.name.name));
  const out: [number, number][] = [];
  for (const { node } of walkAst(spec)) {
    if (node.kind === "call" && blocks.has(node.callee.name)) for (const n of [node.callee, ...node.args]) out.push([n.span.start, n.span.end]);
    if ((node.kind === "binary" || node.kind === "unary") && !/^-?[0-9.eE+-]+$/.test(text.slice(node.span.start, node.span.end))) out.push([node.span.start, node.span.end]);
  }
  return out;
}

/** ajv's errors that say what is wrong (not "a sub-schema failed"), each with the offset it is about. */
function schemaFindings(yaml: string): Finding[] | undefined {
  const loaded = loadYaml(yaml, "t.mfgnet.yaml");
  if (loaded.doc === undefined || loaded.diagnostics.length > 0) return undefined; // not a YAML document
  const plain = toPlain(loaded.doc, "t.mfgnet.yaml");
  if (plain.diagnostics.length > 0) return undefined;
  const ajv = new Ajv({ allErrors: true, allowUnionTypes: true, strict: false });
  const validate = ajv.compile(SCHEMA);
  if (validate(plain.value)) return [];
  const keyAt = (pointer: string) => plain.index.get(pointer)?.key?.range?.[0];
  const valueAt = (pointer: string) => plain.index.get(pointer)?.node.range?.[0];
  const locate = (e: ErrorObject): number | undefined => {
    if (e.keyword === "additionalProperties") return keyAt(childPointer(e.instancePath, String(e.params.additionalProperty)));
    if (e.propertyName !== undefined) return keyAt(childPointer(e.instancePath, e.propertyName));
    if (e.keyword === "required") return keyAt(e.instancePath) ?? valueAt(e.instancePath);
    return valueAt(e.instancePath);
  };
  const end = (pointer: string) => plain.index.get(pointer)?.node.range?.[1];
  return bestBranches(validate.errors ?? [])
    .filter((e) => !["if", "anyOf", "allOf", "propertyNames"].includes(e.keyword))
    .map((e) => ({
      offset: locate(e) ?? 0,
      // A missing key is a mistake about the whole mapping: the checker may explain it inside (a
      // misspelt key whose "did you mean" names the missing one).
      ...(e.keyword === "required" ? { within: [locate(e) ?? 0, end(e.instancePath) ?? 0] as const } : {}),
      what: `${e.keyword} at ${e.instancePath || "/"}${e.propertyName !== undefined ? ` (key ${e.propertyName})` : ""}`,
    }));
}

/**
 * When no branch of an `anyOf` matches, ajv reports every branch's errors. Like an editor, keep what
 * the branch that got furthest into the value says: a plain type or choice error at the value itself
 * is dropped when another error looks inside it (a deeper path, or one of its keys).
 */
function bestBranches(errors: readonly ErrorObject[]): ErrorObject[] {
  const failedAnyOf = new Set(errors.filter((e) => e.keyword === "anyOf").map((e) => e.instancePath));
  const looksInside = (path: string) =>
    errors.some((x) => x.instancePath.startsWith(`${path}/`) || (x.instancePath === path && (x.propertyName !== undefined || x.keyword === "additionalProperties" || x.keyword === "required")));
  return errors.filter(
    (e) => !(failedAnyOf.has(e.instancePath) && e.propertyName === undefined && ["type", "enum", "pattern", "false schema"].includes(e.keyword) && looksInside(e.instancePath)),
  );
}

/** The disagreements between the schema and the checker on one YAML text (empty when they agree). */
export function disagreements(yaml: string): string[] {
  const findings = schemaFindings(yaml);
  if (findings === undefined) return []; // a YAML syntax error: no document for a schema to judge
  const compiled = compileText(yaml, "t.mfgnet.yaml", "yaml");
  const hasBlocks = compiled.spec !== undefined && compiled.spec.blocks.length > 0;
  const errors = compiled.diagnostics.filter((d) => d.severity === "error");
  const opaque = opaqueSpans(compiled.spec, yaml);
  const expressible = errors.filter((d) => (EXPRESSIBLE.has(d.code) || (d.code === UNKNOWN_OP && !hasBlocks)) && !opaque.some(([s, e]) => s <= d.span.start && d.span.start < e));
  const stoppedEarly = errors.some((d) => /^MFG2/.test(d.code) && d.code !== "MFG2000");
  const at = (o: number) => `${compiled.source!.position(o).line}:${compiled.source!.position(o).column}`;
  const schemaSays = findings.map((f) => `${f.what} @${at(f.offset)}`).join("; ") || "valid";
  const checkerSays = errors.map((d) => `${d.code} @${at(d.span.start)}`).join("; ") || "no errors";
  const out: string[] = [];
  // 1. Valid for the schema ⇔ no expressible mistake.
  if ((findings.length === 0) !== (expressible.length === 0)) out.push(`validity differs — schema: ${schemaSays}; checker: ${checkerSays}`);
  // 2. Every flagged place is a reported place.
  const reported = new Set(errors.map((d) => d.span.start));
  const explained = (f: Finding) => reported.has(f.offset) || (f.within !== undefined && errors.some((d) => f.within![0] <= d.span.start && d.span.start < f.within![1]));
  if (!stoppedEarly) for (const f of findings) if (!explained(f)) out.push(`schema flags ${f.what} @${at(f.offset)}; checker: ${checkerSays}`);
  // 3. Every expressible mistake is flagged there.
  const flagged = new Set(findings.map((f) => f.offset));
  for (const d of expressible) if (!flagged.has(d.span.start)) out.push(`checker ${d.code} @${at(d.span.start)} (${d.message}); schema: ${schemaSays}`);
  return out;
}

if (process.env.VITEST !== undefined) describe("the published schema agrees with the checker on the bad-spec corpus", () => {
  const all = cases();

  test("the corpus gives enough documents of both kinds", () => {
    expect(all.length).toBeGreaterThan(100);
  });

  for (const c of all) test(c.name, () => expect(disagreements(c.yaml)).toEqual([]));
});
