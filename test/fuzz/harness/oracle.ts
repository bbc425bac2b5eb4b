/**
 * What the fuzzer asks of every input: `mfgc check` (compileText) never throws, every diagnostic is
 * well formed (a catalogued code, a span inside the text, no raw control or bidi character in what it
 * prints), and a spec that checks clean also generates code (`mfgc build`) without throwing. CPU time per
 * input is measured for the "answered in < 1 s" goal. The fmt round trip (issue 14, item 12) is a
 * separate check, reported on its own.
 */
import { isDiagnosticCode } from "../../../src/diagnostics/catalogue.js";
import { hasErrors, type Diagnostic } from "../../../src/diagnostics/diagnostic.js";
import { generateSpec } from "../../../src/codegen/generate.js";
import { printDsl } from "../../../src/parser/dsl/printer.js";
import { printYaml } from "../../../src/parser/yaml/print.js";
import { compileText, type CompiledSpec, type SpecFormat } from "../../../src/pipeline.js";

/** Raw characters no printed diagnostic text may hold (see src/diagnostics/escape.ts). */
const RAW = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

export interface Verdict {
  /** The exception that escaped, first lines of its stack: a bug in mfgc. */
  readonly crash?: string;
  /** Broken invariants of the diagnostics. */
  readonly problems: readonly string[];
  readonly cpuMs: number;
  /** Checked without errors. */
  readonly clean: boolean;
  /** Code was generated (only for clean specs, when asked). */
  readonly built: boolean;
  readonly codes: readonly string[];
}

function firstLines(e: unknown): string {
  const s = e instanceof Error ? (e.stack ?? `${e.name}: ${e.message}`) : String(e);
  return s.split("\n").slice(0, 6).join("\n");
}

function checkDiagnostic(d: Diagnostic, file: string, length: number, problems: string[]): void {
  if (!isDiagnosticCode(d.code)) problems.push(`uncatalogued code ${d.code}`);
  if (d.span.file === file && (d.span.start < 0 || d.span.end > length || d.span.start > d.span.end)) {
    problems.push(`${d.code}: span ${d.span.start}..${d.span.end} outside a text of ${length}`);
  }
  for (const t of [d.message, ...d.hints, ...d.related.map((r) => r.message)]) {
    if (RAW.test(t)) problems.push(`${d.code}: raw control or bidi character in ${JSON.stringify(t.slice(0, 80))}`);
  }
  if (d.message.length === 0) problems.push(`${d.code}: empty message`);
}

/** Compiles `text` (and builds it when it checks clean and `build` is set), catching everything. */
export function runOne(text: string, format: SpecFormat, build: boolean): Verdict {
  const file = format === "dsl" ? "fuzz.mfgnet" : "fuzz.mfgnet.yaml";
  const problems: string[] = [];
  const before = process.cpuUsage();
  let compiled: CompiledSpec | undefined;
  let crash: string | undefined;
  let built = false;
  try {
    compiled = compileText(text, file, format);
    for (const d of compiled.diagnostics) checkDiagnostic(d, file, text.length, problems);
    if (build && compiled.graph !== undefined && compiled.source !== undefined && !hasErrors(compiled.diagnostics)) {
      generateSpec({ graph: compiled.graph, train: compiled.train, source: compiled.source, specPath: file, specHash: compiled.hash, mfgcVersion: "0", folder: "fuzz", outRoot: "gen", optimizeLevel: 1 });
      built = true;
    }
  } catch (e) {
    crash = firstLines(e);
  }
  const used = process.cpuUsage(before);
  return {
    ...(crash !== undefined ? { crash } : {}),
    problems,
    cpuMs: (used.user + used.system) / 1000,
    clean: compiled !== undefined && compiled.graph !== undefined && !hasErrors(compiled.diagnostics),
    built,
    codes: compiled?.diagnostics.map((d) => d.code) ?? [],
  };
}

/**
 * The fmt round trip of a spec that checks clean: printed in each form, it must check clean again and
 * build a graph with the same nodes (op, inputs, shape) and outputs. Returns what failed, if anything.
 */
export function roundTrip(text: string, format: SpecFormat): string | undefined {
  const file = format === "dsl" ? "rt.mfgnet" : "rt.mfgnet.yaml";
  const original = compileText(text, file, format);
  if (original.spec === undefined || original.graph === undefined || hasErrors(original.diagnostics)) return undefined;
  const shape = (c: CompiledSpec) => JSON.stringify({ nodes: c.graph?.nodes.map((n) => [n.id, n.op, n.inputs, n.shape, n.attrs]), outputs: c.graph?.outputs, train: c.train });
  for (const to of ["dsl", "yaml"] as const) {
    let printed: string;
    try {
      printed = to === "dsl" ? printDsl(original.spec) : printYaml(original.spec);
    } catch (e) {
      return `printing as ${to} threw: ${firstLines(e)}`;
    }
    const again = compileText(printed, to === "dsl" ? "rt2.mfgnet" : "rt2.mfgnet.yaml", to);
    if (hasErrors(again.diagnostics)) return `as ${to}: ${again.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code} ${d.message}`).join("; ").slice(0, 300)}`;
    if (shape(again) !== shape(original)) return `as ${to}: a different graph or train config`;
  }
  return undefined;
}
