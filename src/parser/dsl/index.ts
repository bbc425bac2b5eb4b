/**
 * The DSL front-end: `.mfgnet` text → AST (see docs/language.md).
 *
 *   parseDsl(text, file)              a whole spec
 *   parseExpression(text, file, base) one expression (the YAML front-end's unquoted `1/255`, `d * 4`)
 *
 * The printer (`mfgc fmt`) is ./printer.js, imported from there: it loads Prettier's document
 * printer, which parsing and checking never need.
 */
import type { Expr } from "../ast.js";
import { createDiagnostic, sortDiagnostics, type Diagnostic } from "../../diagnostics/diagnostic.js";
import { createSpan, SourceFile } from "../../diagnostics/span.js";
import { MAX_NESTING_DEPTH, MAX_SPEC_BYTES, type ParseResult } from "../parse-result.js";
import { MAX_DSL_NESTING_WORK, MAX_DSL_TOKENS, prescan, stringTooLong, type PrescanResult } from "../prescan.js";
import { indexBrackets, type BracketIndex } from "./brackets.js";
import { exprFromCst, specFromCst } from "./cst-to-ast.js";
import { lexDsl, type LexResult } from "./lexer.js";
import { MAX_SYNTAX_ERRORS, parseExpressionTokens, parseSpecTokens } from "./parser.js";
import { filterCascades, type RankedProblem } from "./cascade.js";
import { mapRecognitionError, type SyntaxContext } from "./syntax-errors.js";
import { shiftDiagnostic, shiftExpr } from "./shift-spans.js";

/** Refuses input over the size limit, or with brackets nested deeper than the parser may recurse. */
function precheck(text: string, file: string): { lex: LexResult; brackets: BracketIndex } | { refused: Diagnostic[] } {
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > MAX_SPEC_BYTES) {
    return {
      refused: [
        createDiagnostic("MFG1016", `the spec is ${bytes} bytes; at most ${MAX_SPEC_BYTES} bytes are accepted`, createSpan(file, 0, 0), {
          hints: ["split it into smaller specs, or move data out of the spec into files it refers to"],
        }),
      ],
    };
  }
  const scanned = prescan(text, "dsl");
  if (scanned.refusal !== undefined) return { refused: [prescanRefusal(scanned.refusal, file)] };
  const lex = lexDsl(text, file);
  const brackets = indexBrackets(lex.tokens);
  if (brackets.tooDeep) {
    const t = brackets.tooDeep;
    return {
      refused: [
        ...lex.diagnostics,
        createDiagnostic("MFG1015", `brackets are nested more than ${MAX_NESTING_DEPTH} levels deep here`, createSpan(file, t.startOffset, t.startOffset + 1), {
          hints: ["the file was not parsed further; flatten the structure (names and blocks can hold parts of it)"],
        }),
      ],
    };
  }
  return { lex, brackets };
}

/** The diagnostic for a budget the raw-text scan found exceeded (see prescan.ts). */
function prescanRefusal(refusal: NonNullable<PrescanResult["refusal"]>, file: string): Diagnostic {
  const at = createSpan(file, refusal.offset, refusal.offset + 1);
  switch (refusal.kind) {
    case "depth":
      return createDiagnostic("MFG1015", `brackets are nested more than ${MAX_NESTING_DEPTH} levels deep here`, at, {
        hints: ["the file was not parsed further; flatten the structure (names and blocks can hold parts of it)"],
      });
    case "work":
      return createDiagnostic("MFG1040", `the spec nests brackets too heavily: their depths add up to more than ${MAX_DSL_NESTING_WORK.toLocaleString("en-US")} by here`, at, {
        hints: ["the file was not parsed; a spec never needs this much bracketing (name intermediate values instead)"],
      });
    case "tokens":
      return createDiagnostic("MFG1041", `the spec has more than ${MAX_DSL_TOKENS.toLocaleString("en-US")} tokens; the rest is not read`, at, {
        hints: ["split it into smaller specs, or use `repeat` and blocks for repeated layers"],
      });
    case "string":
      return stringTooLong(file, refusal.offset);
  }
}

function tooManyErrors(file: string, offset: number): Diagnostic {
  const at = Number.isNaN(offset) ? 0 : offset;
  return createDiagnostic("MFG1017", `too many syntax errors (more than ${MAX_SYNTAX_ERRORS}); stopped parsing here`, createSpan(file, at, at), {
    hints: ["is this really an .mfgnet DSL file? fix the first errors and run again"],
  });
}

/**
 * Lexer and parser errors share one cap: a Python file saved as `.mfgnet` gives a lexer error per `.`,
 * and hundreds of those help nobody. Keeps the first {@link MAX_SYNTAX_ERRORS} and says where reporting
 * stopped; `parserStoppedAt` is where the parser itself gave up, if it did.
 */
function capSyntaxErrors(kept: readonly Diagnostic[], file: string, parserStoppedAt: number | undefined): Diagnostic[] {
  const sorted = sortDiagnostics(kept);
  if (sorted.length > MAX_SYNTAX_ERRORS) return [...sorted.slice(0, MAX_SYNTAX_ERRORS), tooManyErrors(file, sorted[MAX_SYNTAX_ERRORS]!.span.start)];
  return parserStoppedAt === undefined ? sorted : [...sorted, tooManyErrors(file, parserStoppedAt)];
}

/** Parses a `.mfgnet` DSL spec. Never throws for bad input; `spec` is partial when there are errors. */
export function parseDsl(text: string, file: string): ParseResult {
  const pre = precheck(text, file);
  if ("refused" in pre) return { spec: undefined, diagnostics: sortDiagnostics(pre.refused) };
  const { lex, brackets } = pre;
  const ctx: SyntaxContext = { source: new SourceFile(file, text), brackets, afterNewline: lex.afterNewline, positionsInMessages: true };
  const { cst, errors, stoppedAt } = parseSpecTokens(lex.tokens, lex.afterNewline);
  if (cst === undefined) {
    // Parsing gave up (junk input): report the first errors and where it stopped; no spec.
    const problems: RankedProblem[] = [
      ...lex.diagnostics.map((d) => ({ diagnostic: d, offset: d.span.start, independent: true })),
      ...errors.map((e) => ({ ...mapRecognitionError(e, ctx), independent: false })),
    ];
    // Without a CST there are no statement starts; line starts are the best resync points left.
    return { spec: undefined, diagnostics: capSyntaxErrors(filterCascades(problems, [...lex.boundaries]), file, stoppedAt?.startOffset ?? 0) };
  }
  const converted = specFromCst(cst, file, text.length, brackets);

  const problems: RankedProblem[] = [
    ...lex.diagnostics.map((d) => ({ diagnostic: d, offset: d.span.start, independent: true })),
    ...errors.map((e) => ({ ...mapRecognitionError(e, ctx), independent: false })),
    ...converted.syntaxProblems.map((p) => ({ ...p, independent: false })),
  ];
  const resyncPoints = [...converted.statementStarts.filter((s) => lex.boundaries.has(s)), ...converted.declEnds];
  const kept = capSyntaxErrors(filterCascades(problems, resyncPoints), file, undefined);
  return { spec: converted.spec, diagnostics: sortDiagnostics([...kept, ...converted.diagnostics]) };
}

/**
 * Parses one arithmetic/primary expression, e.g. `1/255` or `d * 4`; the whole text must be the
 * expression. Spans are shifted by `baseOffset` (the scalar's offset in its file).
 */
export function parseExpression(text: string, file: string, baseOffset: number): { expr: Expr | undefined; diagnostics: readonly Diagnostic[] } {
  const pre = precheck(text, file);
  if ("refused" in pre) return { expr: undefined, diagnostics: pre.refused.map((d) => shiftDiagnostic(d, baseOffset)) };
  const { lex, brackets } = pre;
  const ctx: SyntaxContext = { source: new SourceFile(file, text), brackets, afterNewline: lex.afterNewline, positionsInMessages: false };
  const { cst, errors, stoppedAt } = parseExpressionTokens(lex.tokens, lex.afterNewline);
  if (cst === undefined) return { expr: undefined, diagnostics: [shiftDiagnostic(tooManyErrors(file, stoppedAt?.startOffset ?? 0), baseOffset)] };
  const converted = exprFromCst(cst, file, brackets);
  // A value is never followed by a comment inside itself: `1//255` (floor division) must not quietly
  // become `1` with `//255` read as a comment.
  const comments = lex.commentStarts.map((at) =>
    createDiagnostic("MFG1011", `\`${text.slice(at, at + 2)}\` cannot appear in a value: comments are not allowed inside an expression`, createSpan(file, at, at + (text.startsWith("/*", at) ? 2 : 1)), {
      hints: [text.startsWith("//", at) ? "division is `/`; mfgc has no floor division" : "remove the comment marker from the value, or quote the value if it is text"],
    }),
  );
  const problems: RankedProblem[] = [
    ...lex.diagnostics.map((d) => ({ diagnostic: d, offset: d.span.start, independent: true })),
    ...comments.map((d) => ({ diagnostic: d, offset: d.span.start, independent: true })),
    ...errors.map((e) => ({ ...mapRecognitionError(e, ctx), independent: false })),
  ];
  // One expression is one statement: after its first syntax error, the rest is cascade.
  const kept = filterCascades(problems, []);
  const diagnostics = sortDiagnostics([...kept, ...converted.diagnostics]).map((d) => shiftDiagnostic(d, baseOffset));
  // The expression may be partial when there are errors (like a spec); callers check the diagnostics.
  return { expr: converted.expr ? shiftExpr(converted.expr, baseOffset) : undefined, diagnostics };
}
