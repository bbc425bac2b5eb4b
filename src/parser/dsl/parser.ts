/**
 * The DSL grammar (docs/language.md) as a chevrotain `CstParser`: no embedded actions, recovery on,
 * one reused instance. The CST is turned into the AST by `cst-to-ast.ts`.
 *
 * Two deliberate additions to the EBNF, both to make error recovery local:
 * - Bodies and the top level accept *stray* tokens (anything that cannot start a statement there) one
 *   at a time. The CST keeps them under the label `stray`, and `cst-to-ast.ts` reports one "unexpected"
 *   diagnostic per run. Without this, one junk token would abandon the whole enclosing declaration.
 * - The `(` of a call's arguments must be on the same line as the call's name, so that a step at the end
 *   of a line is never glued to a tuple source `(a, b)` that starts the next line; and a train setting's
 *   `key(a: 1)` form needs the `(` right after the key (see docs/language.md).
 *
 * Error messages are produced as small JSON records (see {@link SyntaxErrorInfo}) and turned into
 * diagnostics by `syntax-errors.ts`; chevrotain's English messages never reach the user.
 */
import { CstParser, NoViableAltException, tokenMatcher, type CstNode, type IOrAlt, type IParserErrorMessageProvider, type IRecognitionException, type IToken, type TokenType } from "chevrotain";
import { SKIP_GRAMMAR_VALIDATIONS } from "./grammar-validation.js";
import { LazyLookaheadStrategy } from "./lazy-lookahead.js";
import {
  AddOp,
  ALL_TOKENS,
  Arrow,
  As,
  Block,
  Colon,
  Comma,
  Equals,
  False,
  GraphStray,
  Identifier,
  Input,
  Keyword,
  LBracket,
  LCurly,
  LParen,
  Minus,
  Model,
  MulOp,
  NumberLiteral,
  Output,
  Question,
  RBracket,
  RCurly,
  Repeat,
  RParen,
  Semicolon,
  StringLiteral,
  TopStray,
  Train,
  TrainStray,
  True,
} from "./tokens.js";

/** What our message provider encodes into a chevrotain exception's `message`. */
export interface SyntaxErrorInfo {
  readonly kind: "mismatch" | "noalt" | "early-exit" | "redundant";
  /** For `mismatch`: the token type name that was expected. */
  readonly expected?: string;
  /** The rule that was being parsed. */
  readonly rule: string;
}

function encode(info: SyntaxErrorInfo): string {
  return JSON.stringify(info);
}

const messageProvider: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected, ruleName }: { expected: TokenType; ruleName: string }) => encode({ kind: "mismatch", expected: expected.name, rule: ruleName }),
  buildNotAllInputParsedMessage: ({ ruleName }: { ruleName: string }) => encode({ kind: "redundant", rule: ruleName }),
  buildNoViableAltMessage: ({ ruleName }: { ruleName: string }) => encode({ kind: "noalt", rule: ruleName }),
  buildEarlyExitMessage: ({ ruleName }: { ruleName: string }) => encode({ kind: "early-exit", rule: ruleName }),
};

/** The parts of chevrotain's recovery machinery that {@link DslParser.findReSyncTokenType} uses. */
interface RecoveryInternals {
  buildFullFollowKeyStack(): unknown[];
  getFollowSetFromFollowKey(key: unknown): TokenType[] | undefined;
  LA(k: number): IToken;
  SAVE_ERROR(e: IRecognitionException): IRecognitionException;
  getCurrRuleFullName(): string;
}

/**
 * More raw syntax errors than this in one file and parsing stops: error recovery costs time per error,
 * and junk input can have one per token. (Users see far fewer after cascade filtering.)
 */
export const MAX_SYNTAX_ERRORS = 100;

/** Thrown (and caught in this module) to stop a parse that hit {@link MAX_SYNTAX_ERRORS}. */
class TooManyErrors extends Error {
  constructor(readonly at: IToken) {
    super("too many syntax errors");
  }
}

class DslParser extends CstParser {
  // Alternatives of hot `OR`s, built once (chevrotain's recommended optimization).
  private specAlts?: IOrAlt<unknown>[];
  private graphAlts?: IOrAlt<unknown>[];
  private trainAlts?: IOrAlt<unknown>[];
  private primaryAlts?: IOrAlt<unknown>[];
  private sourceAlts?: IOrAlt<unknown>[];
  private declNameAlts?: IOrAlt<unknown>[];
  private keyNameAlts?: IOrAlt<unknown>[];
  private dimAlts?: IOrAlt<unknown>[];

  /** Start offsets of tokens that follow a line break; set before each parse. */
  afterNewline: ReadonlySet<number> = new Set();

  constructor() {
    super([...ALL_TOKENS], {
      recoveryEnabled: true,
      maxLookahead: 3,
      nodeLocationTracking: "onlyOffset",
      errorMessageProvider: messageProvider,
      skipValidations: SKIP_GRAMMAR_VALIDATIONS,
      lookaheadStrategy: new LazyLookaheadStrategy({ maxLookahead: 3 }),
    });
    this.performSelfAnalysis();
  }

  /**
   * Chevrotain's version picks the first token type from the follow sets of the *outermost* rules first;
   * because the top level accepts stray tokens, a `)` would then resync at the top level and abandon the
   * whole model. Trying the innermost rule's follow set first keeps recovery local (the `)` closes the
   * call it belongs to). Terminates: EOF is in the outermost follow set and always at the end.
   */
  findReSyncTokenType(): TokenType {
    const self = this as unknown as RecoveryInternals;
    const followSets = self.buildFullFollowKeyStack().map((key) => self.getFollowSetFromFollowKey(key) ?? []);
    for (let k = 1; ; k++) {
      const token = self.LA(k);
      for (let level = followSets.length - 1; level >= 0; level--) {
        for (const type of followSets[level]!) if (tokenMatcher(token, type)) return type;
      }
    }
  }

  /**
   * Chevrotain's version computes every alternative's lookahead paths for its message (slow, and we do
   * not print chevrotain's messages); ours records only what `syntax-errors.ts` needs. It also enforces
   * {@link MAX_SYNTAX_ERRORS}.
   */
  raiseNoAltException(): never {
    const self = this as unknown as RecoveryInternals;
    const e = new NoViableAltException(encode({ kind: "noalt", rule: self.getCurrRuleFullName() }), this.LA(1), this.LA(0));
    throw self.SAVE_ERROR(e);
  }

  /** Counts errors as chevrotain saves them, and stops the parse after {@link MAX_SYNTAX_ERRORS}. */
  SAVE_ERROR(e: IRecognitionException): IRecognitionException {
    const saved = (CstParser.prototype as unknown as RecoveryInternals).SAVE_ERROR.call(this, e);
    if (this.errors.length > MAX_SYNTAX_ERRORS) throw new TooManyErrors(e.token);
    return saved;
  }

  /** A `(` opens call arguments only on the same line as the name before it. */
  private readonly argsOnSameLine = (): boolean => !this.afterNewline.has(this.LA(1).startOffset);

  /** `: dtype`, or a dtype followed by `[` on the same line (a forgotten colon). */
  private readonly startsInputType = (): boolean =>
    tokenMatcher(this.LA(1), Colon) ||
    (tokenMatcher(this.LA(1), Identifier) && tokenMatcher(this.LA(2), LBracket) && !this.afterNewline.has(this.LA(1).startOffset));

  /**
   * In a train section `key(a: 1)` (the `(` touching the key) is the named-settings form, while
   * `key (1 + 2) * 3` is a value that happens to start with `(`.
   */
  private readonly argsRightAfterKey = (): boolean => {
    const key = this.LA(0);
    return this.LA(1).startOffset === key.startOffset + key.image.length;
  };

  readonly spec = this.RULE("spec", () => {
    this.MANY(() =>
      this.OR((this.specAlts ??= [
        { ALT: () => this.SUBRULE(this.modelDecl) },
        { ALT: () => this.SUBRULE(this.blockDecl) },
        { ALT: () => this.SUBRULE(this.trainDecl) },
        { ALT: () => this.CONSUME(Semicolon) },
        { ALT: () => this.CONSUME(TopStray, { LABEL: "stray" }) },
      ])),
    );
  });

  readonly modelDecl = this.RULE("modelDecl", () => {
    this.CONSUME(Model);
    this.SUBRULE(this.declName);
    this.CONSUME(LCurly);
    this.SUBRULE(this.graphBody);
    this.CONSUME(RCurly);
  });

  readonly blockDecl = this.RULE("blockDecl", () => {
    this.CONSUME(Block);
    this.SUBRULE(this.declName);
    this.CONSUME(LParen);
    this.OPTION(() => {
      this.SUBRULE(this.param);
      this.MANY(() => {
        this.CONSUME(Comma);
        this.SUBRULE2(this.param);
      });
    });
    this.CONSUME(RParen);
    this.CONSUME(LCurly);
    this.SUBRULE(this.graphBody);
    this.CONSUME(RCurly);
  });

  readonly param = this.RULE("param", () => {
    this.SUBRULE(this.declName);
    this.OPTION(() => {
      this.CONSUME(Equals);
      this.SUBRULE(this.expr);
    });
  });

  readonly graphBody = this.RULE("graphBody", () => {
    this.MANY(() =>
      this.OR((this.graphAlts ??= [
        { ALT: () => this.SUBRULE(this.inputDecl) },
        { ALT: () => this.SUBRULE(this.outputDecl) },
        { ALT: () => this.SUBRULE(this.flowStmt) },
        { ALT: () => this.CONSUME(Semicolon) },
        { ALT: () => this.CONSUME(GraphStray, { LABEL: "stray" }) },
      ])),
    );
  });

  readonly inputDecl = this.RULE("inputDecl", () => {
    this.CONSUME(Input);
    this.SUBRULE(this.declName);
    // `input image f32[28, 28, 1]` (colon forgotten) still parses as a typed input, so the missing `:`
    // is reported where it belongs (by cst-to-ast.ts) instead of `f32[` failing as a statement.
    this.OPTION({
      GATE: this.startsInputType,
      DEF: () => {
        this.OPTION2(() => this.CONSUME(Colon));
        this.CONSUME(Identifier, { LABEL: "dtype" });
        this.CONSUME(LBracket);
        this.SUBRULE(this.dim);
        this.MANY(() => {
          this.CONSUME(Comma);
          this.SUBRULE2(this.dim);
        });
        this.CONSUME(RBracket);
      },
    });
  });

  readonly dim = this.RULE("dim", () => {
    this.OR((this.dimAlts ??= [{ ALT: () => this.CONSUME(Question) }, { ALT: () => this.SUBRULE(this.expr) }]));
  });

  readonly outputDecl = this.RULE("outputDecl", () => {
    this.CONSUME(Output);
    this.SUBRULE(this.declName);
    this.MANY(() => {
      this.CONSUME(Comma);
      this.SUBRULE2(this.declName);
    });
  });

  readonly flowStmt = this.RULE("flowStmt", () => {
    this.OPTION(() => {
      this.CONSUME(Identifier, { LABEL: "target" });
      this.CONSUME(Equals);
    });
    this.SUBRULE(this.flowSource);
    this.MANY(() => {
      this.CONSUME(Arrow);
      this.SUBRULE(this.step);
    });
  });

  readonly flowSource = this.RULE("flowSource", () => {
    this.OR((this.sourceAlts ??= [{ ALT: () => this.SUBRULE(this.nameOrCall) }, { ALT: () => this.SUBRULE(this.tuple) }]));
  });

  readonly tuple = this.RULE("tuple", () => {
    this.CONSUME(LParen);
    this.CONSUME(Identifier);
    this.MANY(() => {
      this.CONSUME(Comma);
      this.CONSUME2(Identifier);
    });
    this.CONSUME(RParen);
  });

  readonly step = this.RULE("step", () => {
    this.OPTION(() => {
      this.CONSUME(Repeat);
      this.SUBRULE(this.expr);
    });
    this.SUBRULE(this.stepCall);
    this.OPTION2(() => {
      this.CONSUME(As);
      this.SUBRULE(this.declName);
    });
  });

  readonly stepCall = this.RULE("stepCall", () => {
    this.CONSUME(Identifier);
    this.OPTION({ GATE: this.argsOnSameLine, DEF: () => this.SUBRULE(this.callArgs) });
  });

  readonly nameOrCall = this.RULE("nameOrCall", () => {
    this.CONSUME(Identifier);
    this.OPTION({ GATE: this.argsOnSameLine, DEF: () => this.SUBRULE(this.callArgs) });
  });

  readonly callArgs = this.RULE("callArgs", () => {
    this.CONSUME(LParen);
    this.OPTION(() => {
      this.SUBRULE(this.arg);
      this.MANY(() => {
        this.CONSUME(Comma);
        this.SUBRULE2(this.arg);
      });
    });
    this.CONSUME(RParen);
  });

  readonly arg = this.RULE("arg", () => {
    this.OPTION(() => {
      this.SUBRULE(this.keyName);
      this.CONSUME(Colon);
    });
    this.SUBRULE(this.expr);
  });

  /** A name being declared (model, block, input, output, alias, parameter); keywords are reported later. */
  readonly declName = this.RULE("declName", () => {
    this.OR((this.declNameAlts ??= [{ ALT: () => this.CONSUME(Identifier) }, { ALT: () => this.CONSUME(Keyword) }]));
  });

  /** A key before `:` (argument name, object key); keywords are fine here (`train: …`). */
  readonly keyName = this.RULE("keyName", () => {
    this.OR((this.keyNameAlts ??= [{ ALT: () => this.CONSUME(Identifier) }, { ALT: () => this.CONSUME(Keyword) }]));
  });

  readonly trainDecl = this.RULE("trainDecl", () => {
    this.CONSUME(Train);
    this.SUBRULE(this.declName);
    this.CONSUME(LCurly);
    this.MANY(() =>
      this.OR((this.trainAlts ??= [
        { ALT: () => this.SUBRULE(this.setting) },
        { ALT: () => this.CONSUME(Semicolon) },
        { ALT: () => this.CONSUME(TrainStray, { LABEL: "stray" }) },
      ])),
    );
    this.CONSUME(RCurly);
  });

  readonly setting = this.RULE("setting", () => {
    this.CONSUME(Identifier, { LABEL: "key" });
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        { GATE: this.argsRightAfterKey, ALT: () => this.SUBRULE(this.callArgs) },
        { ALT: () => this.SUBRULE(this.expr) },
      ],
    });
  });

  readonly expr = this.RULE("expr", () => {
    this.SUBRULE(this.term);
    this.MANY(() => {
      this.CONSUME(AddOp);
      this.SUBRULE2(this.term);
    });
  });

  readonly term = this.RULE("term", () => {
    this.SUBRULE(this.unary);
    this.MANY(() => {
      this.CONSUME(MulOp);
      this.SUBRULE2(this.unary);
    });
  });

  /** Iterative, not recursive: a long run of `-` must not deepen the parser's stack. */
  readonly unary = this.RULE("unary", () => {
    this.MANY(() => this.CONSUME(Minus));
    this.SUBRULE(this.primary);
  });

  readonly primary = this.RULE("primary", () => {
    this.OR((this.primaryAlts ??= [
      { ALT: () => this.CONSUME(NumberLiteral) },
      { ALT: () => this.CONSUME(StringLiteral) },
      { ALT: () => this.CONSUME(True) },
      { ALT: () => this.CONSUME(False) },
      { ALT: () => this.SUBRULE(this.nameOrCall) },
      { ALT: () => this.SUBRULE(this.list) },
      { ALT: () => this.SUBRULE(this.object) },
      { ALT: () => this.SUBRULE(this.parenExpr) },
    ]));
  });

  readonly list = this.RULE("list", () => {
    this.CONSUME(LBracket);
    this.OPTION(() => {
      this.SUBRULE(this.expr);
      this.MANY(() => {
        this.CONSUME(Comma);
        this.SUBRULE2(this.expr);
      });
      this.OPTION2(() => this.CONSUME2(Comma));
    });
    this.CONSUME(RBracket);
  });

  readonly object = this.RULE("object", () => {
    this.CONSUME(LCurly);
    this.OPTION(() => {
      this.SUBRULE(this.entry);
      this.MANY(() => {
        this.OPTION2(() => this.CONSUME(Comma));
        this.SUBRULE2(this.entry);
      });
      this.OPTION3(() => this.CONSUME2(Comma));
    });
    this.CONSUME(RCurly);
  });

  readonly entry = this.RULE("entry", () => {
    this.SUBRULE(this.keyName);
    this.CONSUME(Colon);
    this.SUBRULE(this.expr);
  });

  readonly parenExpr = this.RULE("parenExpr", () => {
    this.CONSUME(LParen);
    this.SUBRULE(this.expr);
    this.CONSUME(RParen);
  });
}

let instance: DslParser | undefined;

/** The one parser instance (building it analyses the whole grammar, so it is made once, lazily). */
function parserInstance(): DslParser {
  instance ??= new DslParser();
  return instance;
}

export interface CstParseResult {
  /** Undefined when parsing stopped early (too many errors). */
  readonly cst: CstNode | undefined;
  readonly errors: readonly IRecognitionException[];
  /** The token at which parsing stopped because of {@link MAX_SYNTAX_ERRORS}. */
  readonly stoppedAt?: IToken;
}

function run(tokens: IToken[], afterNewline: ReadonlySet<number>, rule: (p: DslParser) => CstNode): CstParseResult {
  const parser = parserInstance();
  parser.afterNewline = afterNewline;
  parser.input = tokens;
  // Chevrotain signals syntax errors with exceptions; capturing a stack trace for each one dominated the
  // cost of parsing broken input. Stack traces are off only while the parser runs.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    const cst = rule(parser);
    return { cst, errors: parser.errors };
  } catch (e) {
    if (e instanceof TooManyErrors) return { cst: undefined, errors: parser.errors.slice(0, MAX_SYNTAX_ERRORS), stoppedAt: e.at };
    throw e;
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

/** Parses a whole spec. The token list must already have passed the nesting check. */
export function parseSpecTokens(tokens: IToken[], afterNewline: ReadonlySet<number>): CstParseResult {
  return run(tokens, afterNewline, (p) => p.spec());
}

/** Parses one expression (the whole token list must be consumed; leftovers are a `redundant` error). */
export function parseExpressionTokens(tokens: IToken[], afterNewline: ReadonlySet<number>): CstParseResult {
  return run(tokens, afterNewline, (p) => p.expr());
}

/** Parses the syntax error info our message provider stored in a chevrotain exception. */
export function errorInfo(e: IRecognitionException): SyntaxErrorInfo {
  try {
    const parsed = JSON.parse(e.message) as SyntaxErrorInfo;
    if (typeof parsed === "object" && parsed !== null && typeof parsed.kind === "string") return parsed;
  } catch {
    // fall through: a message we did not build (should not happen)
  }
  return { kind: "noalt", rule: e.context?.ruleStack?.at(-1) ?? "spec" };
}
