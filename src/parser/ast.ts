/**
 * The AST shared by both front-ends (DSL and YAML). Plain readonly interfaces tagged by `kind`;
 * every node carries the {@link Span} of the text it came from. Both front-ends must produce the same
 * tree for specs that mean the same thing (modulo spans), which `mfgc fmt` and the tests rely on.
 *
 * The tree is deliberately close to the surface syntax: what a parameter *means* is decided later by the
 * IR builder with the op registry, so one set of semantic checks serves both front-ends.
 */
import type { Span } from "../diagnostics/span.js";

// ───────────────────────────── expressions ─────────────────────────────

/** `42`, `1e-3`, `0.5`. */
export interface NumberLiteral {
  readonly kind: "number";
  readonly value: number;
  readonly span: Span;
}

/** `"train-images-idx3-ubyte.gz"` (DSL) or a quoted YAML scalar. `value` is the unescaped text. */
export interface StringLiteral {
  readonly kind: "string";
  readonly value: string;
  readonly span: Span;
}

/** `true` / `false`. */
export interface BooleanLiteral {
  readonly kind: "bool";
  readonly value: boolean;
  readonly span: Span;
}

/**
 * A bare name: a tensor reference (`image`), an enum value (`relu`, `same`), a block parameter (`d`),
 * or an op in a step. In YAML, an unquoted scalar that looks like an identifier becomes one.
 */
export interface Identifier {
  readonly kind: "ident";
  readonly name: string;
  readonly span: Span;
}

/** `[1, 2, 3]`. */
export interface ListExpr {
  readonly kind: "list";
  readonly items: readonly Expr[];
  readonly span: Span;
}

/** `{ train: idx(...), validation: split(0.1) }` — keys are unique (checked by the front-end). */
export interface ObjectExpr {
  readonly kind: "object";
  readonly entries: readonly ObjectEntry[];
  readonly span: Span;
}

export interface ObjectEntry {
  readonly kind: "entry";
  readonly key: Identifier;
  readonly value: Expr;
  readonly span: Span;
}

/** `conv2d(32, kernel: 3)`, `adam(lr: 1e-3)`, `flatten` (a bare step is a call with no arguments). */
export interface CallExpr {
  readonly kind: "call";
  readonly callee: Identifier;
  readonly args: readonly Argument[];
  readonly span: Span;
}

/** A positional (`name` undefined) or named (`kernel: 3`) argument. */
export interface Argument {
  readonly kind: "arg";
  readonly name?: Identifier;
  readonly value: Expr;
  readonly span: Span;
}

/** `1/255`, `d * 4`, `d / heads` — evaluated by the IR builder (block parameters in scope). */
export interface BinaryExpr {
  readonly kind: "binary";
  readonly op: "+" | "-" | "*" | "/";
  readonly left: Expr;
  readonly right: Expr;
  readonly span: Span;
}

/** `-1`. */
export interface UnaryExpr {
  readonly kind: "unary";
  readonly op: "-";
  readonly operand: Expr;
  readonly span: Span;
}

export type Expr =
  | NumberLiteral
  | StringLiteral
  | BooleanLiteral
  | Identifier
  | ListExpr
  | ObjectExpr
  | CallExpr
  | BinaryExpr
  | UnaryExpr;

// ───────────────────────────── model graph ─────────────────────────────

/**
 * `input image: f32[28, 28, 1]` in a model (dtype and shape required), or `input x` in a block
 * (dtype and shape come from whatever the block is applied to).
 */
export interface InputDecl {
  readonly kind: "input";
  readonly name: Identifier;
  readonly dtype?: Identifier;
  /** Dimensions without the batch dimension; `?` (an Identifier named `?`) marks a dynamic dimension. */
  readonly shape?: readonly Expr[];
  readonly span: Span;
}

/** `output probs` / `output rul, failure`. */
export interface OutputDecl {
  readonly kind: "output";
  readonly names: readonly Identifier[];
  readonly span: Span;
}

/** `(a, b)` as the source of a flow: several tensors fed to a multi-input op. */
export interface TupleRef {
  readonly kind: "tuple";
  readonly items: readonly Identifier[];
  readonly span: Span;
}

/**
 * One `->` step: an op or block application, optionally repeated (`repeat 6 encoder(64, 4)`) and named
 * (`as c1`).
 */
export interface Step {
  readonly kind: "step";
  readonly call: CallExpr;
  readonly repeat?: Expr;
  readonly alias?: Identifier;
  readonly span: Span;
}

/**
 * `[target =] source (-> step)*`. The source is a tensor name, a tuple of names, or a call whose tensor
 * arguments are given explicitly (`add(a, b)`). The flowing value enters each step as its first input.
 * `target` names the final value (like `as` on the last step).
 */
export interface FlowStmt {
  readonly kind: "flow";
  readonly target?: Identifier;
  readonly source: Identifier | TupleRef | CallExpr;
  readonly steps: readonly Step[];
  readonly span: Span;
}

export type GraphStmt = InputDecl | OutputDecl | FlowStmt;

/** `model Name { … }`. */
export interface ModelDecl {
  readonly kind: "model";
  readonly name: Identifier;
  readonly body: readonly GraphStmt[];
  readonly span: Span;
}

/** `d` or `ff = 128` in `block encoder(d, heads, ff = 128) { … }`. */
export interface BlockParam {
  readonly kind: "param";
  readonly name: Identifier;
  readonly default?: Expr;
  readonly span: Span;
}

/** A parameterized sub-graph, expanded by the IR builder wherever it is applied. */
export interface BlockDecl {
  readonly kind: "block";
  readonly name: Identifier;
  readonly params: readonly BlockParam[];
  readonly body: readonly GraphStmt[];
  readonly span: Span;
}

// ───────────────────────────── training ─────────────────────────────

/**
 * `epochs 10`, `optimizer adam(lr: 1e-3)`, `data { … }`, `shuffle` (no value: a flag).
 * The DSL's `early_stopping(monitor: val_loss)` is normalized by the parser to an {@link ObjectExpr} value.
 */
export interface Setting {
  readonly kind: "setting";
  readonly key: Identifier;
  readonly value?: Expr;
  readonly span: Span;
}

/** `train Model { … }`. */
export interface TrainDecl {
  readonly kind: "train";
  readonly model: Identifier;
  readonly settings: readonly Setting[];
  readonly span: Span;
}

// ───────────────────────────── file ─────────────────────────────

/** One spec file. The checker requires exactly one model and at most one train section. */
export interface Spec {
  readonly kind: "spec";
  readonly file: string;
  readonly blocks: readonly BlockDecl[];
  readonly models: readonly ModelDecl[];
  readonly trains: readonly TrainDecl[];
  readonly span: Span;
}

export type AstNode =
  | Expr
  | ObjectEntry
  | Argument
  | GraphStmt
  | TupleRef
  | Step
  | ModelDecl
  | BlockParam
  | BlockDecl
  | Setting
  | TrainDecl
  | Spec;

export const isIdentifier = (n: { kind: string }): n is Identifier => n.kind === "ident";
export const isCall = (n: { kind: string }): n is CallExpr => n.kind === "call";
export const isFlow = (n: { kind: string }): n is FlowStmt => n.kind === "flow";
export const isInput = (n: { kind: string }): n is InputDecl => n.kind === "input";
export const isOutput = (n: { kind: string }): n is OutputDecl => n.kind === "output";
