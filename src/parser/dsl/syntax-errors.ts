/**
 * Turns chevrotain's recognition exceptions into our diagnostics, phrased like a compiler:
 * "expected `)` to close `(` opened at 4:17, found `->`", "expected a layer name after `->`",
 * "`model` needs a name". Chevrotain's own English messages are never shown (our message provider
 * stores a small JSON record instead, see `parser.ts`).
 */
import { EOF, type IRecognitionException, type IToken } from "chevrotain";
import { createDiagnostic, type Diagnostic, type RelatedInfo } from "../../diagnostics/diagnostic.js";
import type { DiagnosticCode } from "../../diagnostics/catalogue.js";
import { createSpan, type SourceFile, type Span } from "../../diagnostics/span.js";
import type { BracketIndex } from "./brackets.js";
import { errorInfo } from "./parser.js";
import { shorten } from "./lexer.js";
import { hintsOr } from "../../diagnostics/suggest.js";
import { CLOSER_OF } from "./tokens.js";

/** Context shared by the error mappers of one parse. */
export interface SyntaxContext {
  readonly source: SourceFile;
  readonly brackets: BracketIndex;
  readonly afterNewline: ReadonlySet<number>;
  /** Say "opened at 4:17" (whole files); off for fragments whose line/column would mislead. */
  readonly positionsInMessages: boolean;
}

const TOKEN_TEXT: Readonly<Record<string, string>> = {
  Identifier: "a name",
  NumberLiteral: "a number",
  StringLiteral: "a string",
  Arrow: "`->`",
  LCurly: "`{`",
  RCurly: "`}`",
  LParen: "`(`",
  RParen: "`)`",
  LBracket: "`[`",
  RBracket: "`]`",
  Comma: "`,`",
  Colon: "`:`",
  Semicolon: "`;`",
  Equals: "`=`",
  Question: "`?`",
  Plus: "`+`",
  Minus: "`-`",
  Star: "`*`",
  Slash: "`/`",
  EOF: "the end of the file",
};

const CLOSER_FOR_EXPECTED: Readonly<Record<string, { open: string; close: string }>> = {
  RParen: { open: "(", close: ")" },
  RBracket: { open: "[", close: "]" },
  RCurly: { open: "{", close: "}" },
};

/** True for tokens that are not really in the source (EOF, or inserted by recovery). */
export function isVirtual(t: IToken | undefined): boolean {
  return t === undefined || t.tokenType === EOF || Number.isNaN(t.startOffset) || t.isInsertedInRecovery === true;
}

/** How a token is named in a message: "`conv2d`", "keyword `input`", "`42`", "the end of the file". */
export function describeToken(t: IToken): string {
  if (isVirtual(t)) return "the end of the file";
  const name = t.tokenType.name;
  if (name === "Identifier" || name === "NumberLiteral") return `\`${shorten(t.image)}\``;
  if (name === "StringLiteral") return `the string ${shorten(t.image)}`;
  if (t.tokenType.CATEGORIES?.some((c) => c.name === "Keyword")) return `keyword \`${t.image}\``;
  return TOKEN_TEXT[name] ?? `\`${shorten(t.image)}\``;
}

function tokenSpan(file: string, t: IToken): Span {
  return createSpan(file, t.startOffset, t.startOffset + t.image.length);
}

/**
 * Where to point for "expected …": at the unexpected token when it is on the same line, otherwise just
 * after the previous token (the place the missing thing belongs).
 */
function expectationSpan(file: string, actual: IToken, previous: IToken | undefined, ctx: SyntaxContext): Span {
  const prevReal = previous !== undefined && !isVirtual(previous);
  if (prevReal && (isVirtual(actual) || ctx.afterNewline.has(actual.startOffset))) {
    const end = previous!.startOffset + previous!.image.length;
    return createSpan(file, end, end);
  }
  if (isVirtual(actual)) return createSpan(file, ctx.source.text.length, ctx.source.text.length);
  return tokenSpan(file, actual);
}

function position(ctx: SyntaxContext, offset: number): string {
  const p = ctx.source.position(offset);
  return `${p.line}:${p.column}`;
}

/** A syntax diagnostic plus the offset used to decide whether it is part of an earlier error's cascade. */
export interface SyntaxProblem {
  readonly diagnostic: Diagnostic;
  readonly offset: number;
}

export function mapRecognitionError(e: IRecognitionException, ctx: SyntaxContext): SyntaxProblem {
  const file = ctx.source.path;
  const info = errorInfo(e);
  const actual = e.token;
  const previous = (e as IRecognitionException & { previousToken?: IToken }).previousToken;
  const prev = previous !== undefined && !isVirtual(previous) ? previous : undefined;
  const found = describeToken(actual);
  const stack = e.context?.ruleStack ?? [];
  const rule = info.rule;
  const parent = stack.length >= 2 ? stack[stack.length - 2] : undefined;
  const offset = isVirtual(actual) ? ctx.source.text.length : actual.startOffset;
  const at = expectationSpan(file, actual, prev, ctx);
  const after = prev ? ` after \`${shorten(prev.image)}\`` : "";

  const make = (code: DiagnosticCode, message: string, span: Span, hints: string[] = [], related: RelatedInfo[] = []): SyntaxProblem => ({
    diagnostic: createDiagnostic(code, message, span, { hints, related }),
    offset,
  });

  if (info.kind === "mismatch" && info.expected !== undefined) {
    const closer = CLOSER_FOR_EXPECTED[info.expected];
    if (closer !== undefined) {
      const opener = ctx.brackets.openerBefore(ctx.brackets.indexOf(actual), closer.open);
      const hints = closingHints(rule, closer.close, actual);
      if (opener !== undefined && CLOSER_OF[opener.tokenType.name] === closer.close) {
        return make(
          "MFG1008",
          `expected \`${closer.close}\` to close \`${closer.open}\`${ctx.positionsInMessages ? ` opened at ${position(ctx, opener.startOffset)}` : ""}, found ${found}`,
          at,
          hints,
          [{ message: `the \`${closer.open}\` is here`, span: tokenSpan(file, opener) }],
        );
      }
      return make("MFG1007", `expected \`${closer.close}\`${after}, found ${found}`, at, hints);
    }
    const what = expectedThing(info.expected, rule);
    return make("MFG1007", `expected ${what}${after}, found ${found}`, at, hintsOr(keywordHint(actual), expectedHint(info.expected, rule, found)));
  }

  if (info.kind === "noalt" || info.kind === "early-exit") {
    if (rule === "declName") return missingName(parent, found, at, make, actual, prev);
    if (rule === "setting") {
      const key = prev ? `\`${prev.image}\`` : "this setting";
      return make("MFG1007", `the setting ${key} needs a value, found ${found}`, at, [`every setting takes a value, e.g. \`shuffle true\` or \`epochs 10\``]);
    }
    if (rule === "dim") return make("MFG1007", `expected a dimension (a number, an expression or \`?\`)${after}, found ${found}`, at, [dimHint(actual, prev)]);
    if (rule === "keyName") return make("MFG1007", `expected a key (\`name: value\`)${after}, found ${found}`, at, hintsOr(keywordHint(actual), ENTRY_HINT));
    const valueHint = rule === "flowSource" ? "a flow starts with a tensor name or a tuple of them, e.g. `y = x -> dense(10)` or `(a, b) -> concat`" : VALUE_HINT;
    return make("MFG1007", `expected a value${after}, found ${found}`, at, hintsOr(keywordHint(actual), valueHint));
  }

  // `redundant`: leftover input after a complete expression (parseExpression).
  return make("MFG1011", `unexpected ${found} after the end of the expression`, isVirtual(actual) ? at : tokenSpan(file, actual), [
    "a value is one expression: join the parts with an operator (`+ - * /`), e.g. `d * 4`, or remove the rest",
  ]);
}

const ENTRY_HINT = "write each entry as a name, `:` and a value, e.g. `{ monitor: val_loss, patience: 3 }`";

const NAME_HINT = "names are letters, digits and `_`, not starting with a digit, e.g. `conv1`";

const VALUE_HINT = "a value is a number, a string, `true`/`false`, a name, a call such as `adam(lr: 1e-3)`, a list `[…]` or an option group `{…}`";

/** A token the grammar expected (inside `rule`, or any rule when none is given): in words, and what to write there. */
interface Expectation {
  readonly expected: string;
  readonly rule?: string;
  readonly thing: string;
  readonly hint: string;
}

/** Specific rules first: the first entry that fits wins. Tokens not listed are named by TOKEN_TEXT. */
const EXPECTATIONS: readonly Expectation[] = [
  { expected: "Identifier", rule: "stepCall", thing: "a layer name", hint: "each `->` is followed by a layer or block call, e.g. `x -> dense(10)`" },
  { expected: "Identifier", rule: "inputDecl", thing: "a dtype (`f32`, `i32` or `bool`)", hint: "a model input gives a dtype and a shape, e.g. `input image: f32[28, 28, 1]`" },
  { expected: "Identifier", rule: "tuple", thing: "a tensor name", hint: "a tuple lists tensor names, e.g. `(a, b) -> concat`" },
  { expected: "Identifier", thing: "a name", hint: NAME_HINT },
  { expected: "LCurly", rule: "modelDecl", thing: "`{` to start the model's body", hint: "a model's body follows its name in braces, e.g. `model FashionCnn { input image: f32[28, 28, 1] … }`" },
  { expected: "LCurly", rule: "blockDecl", thing: "`{` to start the block's body", hint: "a block's body follows its parameters in braces, e.g. `block encoder(d, heads) { input x … output y }`" },
  { expected: "LCurly", rule: "trainDecl", thing: "`{` to start the train section", hint: "a train section's settings follow the model's name in braces, e.g. `train FashionCnn { epochs 10 }`" },
  { expected: "LParen", rule: "blockDecl", thing: "`(` and the block's parameters", hint: "a block lists its parameters in parentheses after its name, even when it has none: `block stem() { … }`" },
  { expected: "LBracket", rule: "inputDecl", thing: "`[` and the input's shape", hint: "a model input's shape follows its dtype, e.g. `input image: f32[28, 28, 1]`" },
  { expected: "Colon", rule: "entry", thing: "`:` between the key and its value", hint: ENTRY_HINT },
];

function expectationOf(expected: string, rule: string): Expectation | undefined {
  return EXPECTATIONS.find((e) => e.expected === expected && (e.rule === undefined || e.rule === rule));
}

function tokenText(expected: string): string {
  return TOKEN_TEXT[expected] ?? `\`${expected}\``;
}

/** What the grammar expected (the token `expected` inside `rule`), in words. */
function expectedThing(expected: string, rule: string): string {
  return expectationOf(expected, rule)?.thing ?? tokenText(expected);
}

/** What to write where the grammar expected the token `expected` inside `rule`. */
function expectedHint(expected: string, rule: string, found: string): string {
  return expectationOf(expected, rule)?.hint ?? `insert ${tokenText(expected)} here, or remove ${found} if it does not belong`;
}

/** An input shape's dimension was expected: after `[` or `,`. */
function dimHint(actual: IToken, prev: IToken | undefined): string {
  const example = "each dimension is a positive integer or `?` (known only at run time), e.g. `f32[?, 16]`";
  return actual.tokenType.name === "RBracket" && prev?.tokenType.name === "Comma" ? `remove the trailing \`,\`; ${example}` : example;
}

function closingHints(rule: string, close: string, actual: IToken): string[] {
  const startsValue = ["Identifier", "NumberLiteral", "StringLiteral", "LBracket", "LCurly", "LParen", "Minus", "True", "False"].includes(actual.tokenType.name);
  const listy = ["callArgs", "list", "tuple", "blockDecl", "inputDecl", "arg", "expr", "term", "unary", "primary"].includes(rule);
  if (startsValue && listy && close !== "}") return ["separate items with `,`"];
  if (close === "}" && isVirtual(actual)) return ["every `{` needs a matching `}`"];
  return [`add the missing \`${close}\``];
}

function keywordHint(actual: IToken): string[] {
  if (isVirtual(actual) || !actual.tokenType.CATEGORIES?.some((c) => c.name === "Keyword")) return [];
  return [`\`${actual.image}\` is a keyword; rename the thing you called \`${actual.image}\``];
}

function missingName(
  parent: string | undefined,
  found: string,
  at: Span,
  make: (code: DiagnosticCode, message: string, span: Span, hints?: string[]) => SyntaxProblem,
  actual: IToken,
  prev: IToken | undefined,
): SyntaxProblem {
  const hints = keywordHint(actual);
  switch (parent) {
    case "modelDecl":
      return make("MFG1009", `\`model\` needs a name, found ${found}`, at, ["e.g. `model FashionCnn { … }`", ...hints]);
    case "blockDecl":
      return make("MFG1009", `\`block\` needs a name, found ${found}`, at, ["e.g. `block encoder(d, heads) { … }`", ...hints]);
    case "trainDecl":
      return make("MFG1009", `\`train\` needs the name of the model it trains, found ${found}`, at, ["e.g. `train FashionCnn { … }`", ...hints]);
    case "inputDecl":
      return make("MFG1009", `\`input\` needs a name, found ${found}`, at, ["e.g. `input image: f32[28, 28, 1]`", ...hints]);
    case "outputDecl":
      return make("MFG1009", `expected the name of an output tensor after \`${prev?.image ?? "output"}\`, found ${found}`, at, hintsOr(hints, "name the tensors it outputs, e.g. `output probs` or `output mean, var`"));
    case "step":
      return make("MFG1009", `\`as\` needs a name, found ${found}`, at, ["e.g. `-> dense(10) as logits`", ...hints]);
    case "param":
      return make("MFG1009", `expected a parameter name, found ${found}`, at, hintsOr(hints, "a block's parameters are names, each with an optional default, e.g. `block encoder(d, heads = 4) { … }`"));
    default:
      return make("MFG1009", `expected a name, found ${found}`, at, hintsOr(hints, NAME_HINT));
  }
}
