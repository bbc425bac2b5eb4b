/**
 * Text → one composed YAML document, with every hazard of the `yaml` package turned into a diagnostic:
 * size cap, directives, tags, alias budget and nesting depth (checked on the CST before composing),
 * duplicate keys (`uniqueKeys`), tab indentation, several documents, warnings, and any exception the
 * library throws. Nothing here throws for user input.
 *
 * We lex once with `Parser` and feed the same tokens to `Composer` (what `parseDocument` does inside),
 * so the pre-composition scan costs no second parse. Line/column come later from `SourceFile`, which
 * plays the `LineCounter`'s role for every diagnostic; the library's `prettyErrors` frames are not used
 * because the diagnostic printer draws its own code frame from our spans.
 */
import { Composer, Parser, type CST, type Document, type YAMLError } from "yaml";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { createDiagnostic } from "../../diagnostics/diagnostic.js";
import type { DiagnosticCode } from "../../diagnostics/catalogue.js";
import { createSpan } from "../../diagnostics/span.js";
import { MAX_SPEC_BYTES } from "../parse-result.js";
import { prescan, type PrescanResult } from "../prescan.js";
import { NESTING_HINT, prescanRefusal, scanCst, TAG_HINT } from "./cst-scan.js";
import { explainYamlSyntaxError } from "./syntax-errors.js";

/**
 * What {@link loadYaml} returns: the document (absent when it must not be looked at) and the problems.
 * A document can come with problems that did not stop it from being read (a refused `%YAML` directive,
 * skipped); callers report those together with what they find in the document.
 */
export interface LoadedYaml {
  readonly doc: Document.Parsed | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

/** Options for the composer: YAML 1.2 core schema only, no merge keys, duplicate keys are errors. */
const COMPOSE_OPTIONS = {
  version: "1.2",
  schema: "core",
  merge: false,
  uniqueKeys: true,
  strict: true,
  intAsBigInt: false,
  prettyErrors: false,
  keepSourceTokens: false,
} as const;

export function loadYaml(text: string, file: string): LoadedYaml {
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > MAX_SPEC_BYTES) {
    return fail(
      createDiagnostic("MFG1107", `the spec is ${formatMiB(bytes)}; the limit is ${formatMiB(MAX_SPEC_BYTES)}`, createSpan(file, 0, 0), {
        hints: ["a spec describes a model; data belongs in the files it points to"],
      }),
    );
  }
  // Deep flow brackets cost the library far more than a scan: refuse them before it lexes anything.
  const scanned = prescan(text, "yaml");
  if (scanned.refusal !== undefined) return fail(refusalAt(text, scanned.refusal, file));
  try {
    return loadChecked(text, file);
  } catch (error) {
    // The library is trusted to report through `errors`, but hostile input has made it throw before
    // (RangeError on deep nesting, ReferenceError on alias limits): never let that escape as a crash.
    return fail(libraryFailure(error, file));
  }
}

function loadChecked(text: string, file: string): LoadedYaml {
  const tokens: CST.Token[] = [...new Parser().parse(text)];
  const refused = scanCst(tokens, file);
  // A directive is refused, but skipping it is safe (the composer always reads YAML 1.2 core), so the rest
  // of the file is still checked in this run: `%YAML 1.1` is usually there for a `<<` merge key that
  // must be reported too. Tags, alias floods and deep nesting stop here.
  if (refused.some((d) => d.code !== "MFG1102")) return { doc: undefined, diagnostics: refused };
  const composable = tokens.filter((t) => t.type !== "directive");

  const composer = new Composer(COMPOSE_OPTIONS);
  let doc: Document.Parsed | undefined;
  const diagnostics: Diagnostic[] = [...refused];
  for (const next of composer.compose(composable, true, text.length)) {
    if (doc === undefined) {
      doc = next;
      continue;
    }
    const start = next.range[0];
    diagnostics.push(
      createDiagnostic("MFG1108", "a spec file holds exactly one YAML document, but this is a second one", createSpan(file, start, Math.max(start + 1, next.range[1])), {
        hints: [ONE_DOCUMENT_HINT],
      }),
    );
    break;
  }
  if (doc === undefined) return { doc: undefined, diagnostics: [...refused, createDiagnostic("MFG1109", "the spec file is empty", createSpan(file, 0, 0), { hints: [EMPTY_HINT] })] };

  for (const e of withoutCascades(doc.errors)) diagnostics.push(diagnosticFromYamlError(e, file, false, text));
  for (const w of doc.warnings) diagnostics.push(diagnosticFromYamlError(w, file, true, text));
  if (diagnostics.length > refused.length) return { doc: undefined, diagnostics };
  if (doc.contents === null) {
    const empty = createDiagnostic("MFG1109", "the spec file is empty (it holds no YAML content)", createSpan(file, 0, 0), { hints: [EMPTY_HINT] });
    return { doc: undefined, diagnostics: [...refused, empty] };
  }
  return { doc, diagnostics };
}

/** One `yaml` error or warning → a diagnostic (exported for tests of codes the CST scan normally preempts). */
export function diagnosticFromYamlError(e: YAMLError, file: string, warning: boolean, text = ""): Diagnostic {
  const [start, end] = e.pos;
  const span = createSpan(file, start, Math.max(end, start + 1));
  const message = lowerFirst(e.message.replace(/\s+at line \d+, column \d+[\s\S]*$/, ""));
  const hints: string[] = [];
  let code: DiagnosticCode = warning ? "MFG1111" : "MFG1100";
  switch (e.code) {
    case "DUPLICATE_KEY": {
      // The DSL's code and words for the same mistake (MFG1013).
      const key = keySpan(text, file, start) ?? span;
      return createDiagnostic("MFG1013", `duplicate key \`${text.slice(key.start, key.end)}\``, key, { hints: ["each key may appear once; remove or rename one of them"] });
    }
    case "TAB_AS_INDENT":
      code = "MFG1110";
      hints.push("indent with spaces");
      break;
    case "MULTIPLE_DOCS":
      code = "MFG1108";
      hints.push(ONE_DOCUMENT_HINT);
      break;
    case "RESOURCE_EXHAUSTION":
      code = "MFG1106";
      hints.push(NESTING_HINT);
      break;
    case "TAG_RESOLVE_FAILED":
      code = "MFG1103";
      hints.push(TAG_HINT);
      break;
    default:
      if (!warning) return explainYamlSyntaxError(e, text, file);
      hints.push(warningHint(e, text));
      break;
  }
  return createDiagnostic(code, message, span, { hints });
}

const ONE_DOCUMENT_HINT = "remove the `---` separator and merge the documents, or put the second spec in its own file";
const EMPTY_HINT = "start from `mfgnet: 1` and a `model:` section";

/**
 * What to do about a warning of the `yaml` library (mfgc refuses them: each marks text that YAML
 * readers may take differently). The library warns about an anchor or alias ending in `:`, a flow
 * collection's closing bracket at its parent's indentation, and tags; anything else gets the general
 * advice for ambiguous YAML.
 */
function warningHint(e: YAMLError, text: string): string {
  if (e.code === "BAD_ALIAS") {
    // The library points at the `:` that ends the name; the name starts at the `&` or `*` before it.
    const end = e.pos[0] + 1;
    const name = /[&*][^\s]*$/.exec(text.slice(lineStart(text, e.pos[0]), end))?.[0];
    const fixed = name === undefined ? "the name" : `\`${name.slice(0, -1)}\``;
    return `an anchor or alias name cannot end in \`:\`: write ${fixed} followed by a space`;
  }
  if (e.code === "BAD_INDENT") return "indent the closing bracket past its key, or keep the whole list or mapping on one line";
  if (e.code === "BAD_COLLECTION_TYPE") return TAG_HINT;
  return "write it so that it reads only one way: quote the value (`\"…\"`) and indent with spaces only";
}

function lineStart(text: string, offset: number): number {
  const nl = Math.max(text.lastIndexOf("\n", offset), text.lastIndexOf("\r", offset));
  return nl + 1;
}

/** Errors that stand on their own: a tab is wrong wherever it is, and so is a repeated key. */
const INDEPENDENT_ERRORS: ReadonlySet<string> = new Set(["TAB_AS_INDENT", "DUPLICATE_KEY"]);

/**
 * The library's structural errors after the first one are nearly always its parser being out of step
 * (a flow sequence's `]` too far left gives three errors; one tab-indented line makes the following,
 * correctly indented lines "not start at the same column"). Keep every independent error and only the
 * first structural one, and none at all that a tab caused.
 */
function withoutCascades(errors: readonly YAMLError[]): YAMLError[] {
  const kept: YAMLError[] = [];
  let structuralSeen = false;
  let tabSeen = false;
  for (const e of [...errors].sort((a, b) => a.pos[0] - b.pos[0])) {
    if (INDEPENDENT_ERRORS.has(e.code)) {
      kept.push(e);
      if (e.code === "TAB_AS_INDENT") tabSeen = true;
      continue;
    }
    if (structuralSeen || (tabSeen && e.code === "BAD_INDENT")) continue;
    structuralSeen = true;
    kept.push(e);
  }
  return kept;
}

/** The library marks a duplicate key by its first character; widen that to the whole plain key. */
function keySpan(text: string, file: string, start: number) {
  const m = /[^\s:,{}[\]]+/y;
  m.lastIndex = start;
  return m.exec(text) === null ? undefined : createSpan(file, start, m.lastIndex);
}

function libraryFailure(error: unknown, file: string): Diagnostic {
  const name = error instanceof Error ? error.name : "error";
  const what = error instanceof Error ? error.message : String(error);
  // Stack overflows mean the input nests too deeply for the library even below our own limit.
  if (error instanceof RangeError) {
    return createDiagnostic("MFG1106", "the YAML nests too deeply to be read", createSpan(file, 0, 0), { hints: [NESTING_HINT] });
  }
  return createDiagnostic("MFG1112", `the YAML library could not read this file (${name}: ${firstLine(what)})`, createSpan(file, 0, 0), {
    hints: ["simplify the file; if it is valid YAML, please report this as an mfgc bug"],
  });
}

/**
 * The pre-scan counts flow brackets only, but YAML's nesting limit counts block collections too. For a
 * depth refusal, the text up to the offending bracket (cheap: at most 64 brackets deep) is read by the
 * library so the diagnostic points where the full check would have.
 */
function refusalAt(text: string, refusal: NonNullable<PrescanResult["refusal"]>, file: string): Diagnostic {
  if (refusal.kind === "depth") {
    try {
      const exact = loadChecked(text.slice(0, refusal.offset + 1), file).diagnostics.find((d) => d.code === "MFG1106");
      if (exact !== undefined) return exact;
    } catch {
      // Fall back to the scan's own position.
    }
  }
  return prescanRefusal(refusal.kind, refusal.offset, file);
}

function fail(d: Diagnostic): LoadedYaml {
  return { doc: undefined, diagnostics: [d] };
}

function formatMiB(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

function firstLine(s: string): string {
  return s.split(/\r?\n/, 1)[0] ?? "";
}

function lowerFirst(s: string): string {
  return s.length > 0 ? s[0]!.toLowerCase() + s.slice(1) : s;
}
