/**
 * Expands a model body into {@link RawNode}s: resolves names, maps step arguments to tensor inputs and
 * parameters (docs/language.md, "Meaning"), applies ops and blocks (with `repeat`), and gives every node
 * a unique, deterministic id. Nodes come out in a topological order that follows the source.
 */
import type { DiagnosticBag } from "../../diagnostics/diagnostic.js";
import type { Span } from "../../diagnostics/span.js";
import { didYouMean } from "../../diagnostics/suggest.js";
import type { Argument, CallExpr, Expr, FlowStmt, GraphStmt, Identifier, ModelDecl } from "../../parser/ast.js";
import type { OpDef } from "../ops/types.js";
import type { CheckedBlock } from "./blocks.js";
import { bindBlockParams } from "./blocks.js";
import { EMPTY_ENV, evaluate, evaluateArgs } from "./evaluate.js";
import type { Frame, TensorRef } from "./frame.js";
import { IdAllocator, sanitizeId } from "./ids.js";
import { checkModelInput } from "./model-inputs.js";
import { collectDeclared, resolveTensor } from "./names.js";
import type { OpLookup } from "./op-lookup.js";
import { resolveOpAttrs } from "./op-params.js";
import type { RawNode } from "./raw-node.js";
import type { Value } from "./values.js";
import { pushAll } from "../../util/arrays.js";

/** `constructor`, `toString`, `__proto__`, …: names that every plain object already has. */
const OBJECT_PROTOTYPE_NAMES: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));

/**
 * Expansion stops with MFG3016 beyond this many nodes (a typo like `repeat 1000000` must not hang), and
 * a model that checks must also build (issue 14, item 10). Generated code is formatted by Prettier,
 * whose time and memory grow with model.ts (measured with `mfgc build` on 2 cores): 100,000 dense(4)
 * layers (32 MB) took 108 s and 4.9 GB, at the edge of V8's 4 GB heap, and conv1d layers write 1.5×
 * as much per layer; 20,000 conv1d layers (12 MB) take 30 s and 1.7 GB. Checking must stay under a
 * second (issue 14): at the earlier cap of 20,000, 19,990 written-out `-> layernorm` steps took 0.98 s
 * of CPU to compile and 1.07 s through the CLI; 15,000 leaves a margin and is still fifteen times a
 * written-out NASNetLarge (1,041 layers).
 */
export const MAX_EXPANDED_NODES = 15_000;

export interface ExpandedModel {
  readonly nodes: readonly RawNode[];
  /** Input node ids in declaration order (inputs whose declaration failed are left out). */
  readonly inputs: readonly string[];
  readonly inputDecls: ReadonlyMap<string, Span>;
  /** Declared outputs, in order; `ref` null when the name failed to resolve or its producer failed. */
  readonly outputs: readonly { readonly name: string; readonly span: Span; readonly ref: TensorRef }[];
}

interface BodyOutput {
  readonly name: string;
  readonly span: Span;
  /** Mutable for {@link Expander.nameOutputsAfterThemselves}. */
  ref: TensorRef;
}

export class Expander {
  private readonly nodes: RawNode[] = [];
  private readonly ids = new IdAllocator();
  private readonly inputIds: string[] = [];
  private readonly inputDecls = new Map<string, Span>();
  /** Blocks being expanded, innermost last (recursion detection). */
  private readonly stack: string[] = [];
  private aborted = false;
  /** Top-level name → its reserved id, for the one definition that owns the name. */
  private readonly topIds = new Map<string, { id: string; span: Span }>();
  /** Blocks applied at least once (their bodies were checked by expanding them). */
  private readonly applied = new Set<string>();

  constructor(
    private readonly ops: OpLookup,
    private readonly blocks: ReadonlyMap<string, CheckedBlock>,
    /** Names of blocks that exist but failed their structural checks (applications are skipped silently). */
    private readonly brokenBlocks: ReadonlySet<string>,
    private readonly bag: DiagnosticBag,
  ) {}

  expandModel(model: ModelDecl): ExpandedModel {
    const declared = collectDeclared(model.body, this.bag);
    this.reserveTopLevelIds(declared);
    const frame: Frame = { prefix: "", scope: [], trail: [], env: EMPTY_ENV, tensors: new Map(), declared, isTop: true, blockInputs: undefined };
    const outputs = this.expandBody(model.body, frame);
    this.nameOutputsAfterThemselves(outputs);
    this.checkUnusedBlocks();
    return { nodes: this.nodes, inputs: this.inputIds, inputDecls: this.inputDecls, outputs };
  }

  /**
   * A block nobody applies is still checked, as the YAML schema checks every layer it holds: its body is
   * expanded once by a scratch expander whose nodes are thrown away, with unknown tensors for its inputs
   * and unknown values for parameters without a default (uses of either are skipped silently). So an
   * unknown op, a misspelt parameter or a bad enum value in it is reported; shapes cannot be.
   */
  private checkUnusedBlocks(): void {
    if (this.aborted) return;
    const scratch = new Expander(this.ops, this.blocks, this.brokenBlocks, this.bag);
    for (const [name, block] of this.blocks) {
      if (this.applied.has(name) || scratch.applied.has(name)) continue;
      scratch.checkBlockAlone(block);
    }
  }

  private checkBlockAlone(block: CheckedBlock): void {
    const name = block.decl.name.name;
    const env = new Map<string, Value | undefined>();
    for (const p of block.decl.params) env.set(p.name.name, p.default === undefined ? undefined : evaluate(p.default, env, this.bag));
    const frame: Frame = {
      prefix: `${name}_`,
      scope: [name],
      trail: [],
      env,
      tensors: new Map(),
      declared: collectDeclared(block.decl.body, this.bag, paramNames(block)),
      isTop: false,
      blockInputs: [],
    };
    this.applied.add(name);
    this.stack.push(name);
    this.expandBody(block.decl.body, frame);
    this.stack.pop();
  }

  /** User names at top level become ids; reserve them first so `<op>_<n>` counters skip them. */
  private reserveTopLevelIds(declared: ReadonlyMap<string, Span>): void {
    const owner = new Map<string, { name: string; span: Span }>();
    for (const [name, span] of declared) {
      // Top-level names become tfjs layer names, and tfjs requires those to start with a letter or digit.
      if (!/^[A-Za-z0-9]/.test(name)) {
        this.bag.report("MFG3026", `\`${name}\` cannot name a layer: names must start with a letter`, span, {
          hints: [`TensorFlow.js layer names start with a letter or digit; try \`${name.replace(/^[^A-Za-z0-9]+/, "") || "x"}\``],
        });
        continue;
      }
      const id = sanitizeId(name);
      const prev = owner.get(id);
      if (prev !== undefined) {
        this.bag.report("MFG3009", `\`${name}\` and \`${prev.name}\` both become the identifier \`${id}\` in generated code`, span, {
          related: [{ message: `\`${prev.name}\` is defined here`, span: prev.span }],
          hints: ["rename one of them"],
        });
        continue;
      }
      owner.set(id, { name, span });
      this.ids.reserve(id);
      this.topIds.set(name, { id, span });
    }
  }

  /**
   * A value with two names (`rul = … as rul_out`) or a renamed block result is produced by a node whose
   * id is one of them; when `output` lists the other, the node takes the listed name, so graph output ids
   * equal the names the spec (and its train section) uses for outputs.
   */
  private nameOutputsAfterThemselves(outputs: BodyOutput[]): void {
    for (const out of outputs) {
      const own = this.topIds.get(out.name);
      if (out.ref === null || own === undefined || out.ref === own.id) continue;
      if (this.nodes.some((n) => n.id === own.id)) continue;
      const node = this.nodes.find((n) => n.id === out.ref);
      if (node === undefined || node.op === "input") continue;
      const old = node.id;
      node.id = own.id;
      node.userName = out.name;
      for (const n of this.nodes) for (let i = 0; i < n.inputs.length; i++) if (n.inputs[i] === old) n.inputs[i] = own.id;
      for (const o of outputs) if (o.ref === old) o.ref = own.id;
    }
  }

  private expandBody(body: readonly GraphStmt[], frame: Frame): BodyOutput[] {
    const outputNames: Identifier[] = [];
    let nextBlockInput = 0;
    for (const stmt of body) {
      if (stmt.kind === "input") {
        if (frame.isTop) this.declareModelInput(stmt, frame);
        else frame.tensors.set(stmt.name.name, frame.blockInputs?.[nextBlockInput++] ?? null);
      } else if (stmt.kind === "output") {
        pushAll(outputNames, stmt.names);
      } else {
        this.expandFlow(stmt, frame);
      }
    }
    // Outputs resolve against the whole body, so `output` may be written anywhere in it.
    const outputs: BodyOutput[] = [];
    const seen = new Map<string, Span>();
    for (const n of outputNames) {
      const prev = seen.get(n.name);
      if (prev !== undefined) {
        this.bag.report("MFG3007", `\`${n.name}\` is listed as an output twice`, n.span, { related: [{ message: "first listed here", span: prev }], hints: [`list \`${n.name}\` once`] });
        continue;
      }
      seen.set(n.name, n.span);
      const ref = this.resolve(n, frame);
      if (frame.isTop && ref !== null) this.checkBoundaryName(n, "output");
      outputs.push({ name: n.name, span: n.span, ref });
    }
    return outputs;
  }

  /**
   * Model inputs and outputs key plain objects by name — in tfjs (`predict`, `fit`) and in the runtime's
   * batches — so one called `constructor` or `toString` builds, then finds Object.prototype's member
   * instead of its tensor. Such names are refused there (MFG3604); inner layers may keep them.
   */
  private checkBoundaryName(ident: Identifier, what: "input" | "output"): boolean {
    if (!OBJECT_PROTOTYPE_NAMES.has(ident.name)) return true;
    this.bag.report("MFG3604", `\`${ident.name}\` cannot name a model ${what}: every JavaScript object has a property \`${ident.name}\``, ident.span, {
      hints: [`rename it, e.g. \`${ident.name}_${what === "input" ? "in" : "out"}\``],
    });
    return false;
  }

  private declareModelInput(stmt: Extract<GraphStmt, { kind: "input" }>, frame: Frame): void {
    const name = stmt.name.name;
    this.checkBoundaryName(stmt.name, "input");
    const checked = checkModelInput(stmt, this.bag);
    if (checked === undefined || frame.tensors.has(name)) {
      frame.tensors.set(name, frame.tensors.get(name) ?? null);
      return;
    }
    const id = this.nodeId("input", stmt.name, frame);
    this.push({
      id,
      op: "input",
      attrs: { dtype: checked.dtype, shape: checked.shape },
      paramSpans: new Map(),
      inputs: [],
      span: stmt.span,
      userName: name,
      scope: [],
      trail: [],
    });
    this.inputIds.push(id);
    this.inputDecls.set(id, stmt.name.span);
    frame.tensors.set(name, id);
  }

  private resolve(ident: Identifier, frame: Frame): TensorRef {
    return resolveTensor(ident, frame, this.bag, (name) => this.ops.get(name) !== undefined);
  }

  private expandFlow(flow: FlowStmt, frame: Frame): void {
    const src = flow.source;
    const define = (name: Identifier | undefined, ref: TensorRef): void => {
      if (name !== undefined && !frame.tensors.has(name.name)) frame.tensors.set(name.name, ref);
    };
    if (flow.steps.length === 0 && src.kind !== "call") {
      this.bag.report("MFG3013", "this flow applies no op", flow.span, {
        hints: src.kind === "ident" ? [`continue it with a step: \`${src.name} -> …\``] : ["continue it with a step, e.g. `-> concat`"],
      });
      define(flow.target, null);
      return;
    }
    let flowing: TensorRef[];
    if (src.kind === "ident") flowing = [this.resolve(src, frame)];
    else if (src.kind === "tuple") flowing = src.items.map((i) => this.resolve(i, frame));
    else flowing = [this.applyCall(src, [], frame, flow.steps.length === 0 ? flow.target : undefined)];

    flow.steps.forEach((step, index) => {
      const last = index === flow.steps.length - 1;
      const name = step.alias ?? (last ? flow.target : undefined);
      const times = step.repeat === undefined ? 1 : this.repeatCount(step.repeat, frame);
      for (let i = 0; i < times; i++) {
        flowing = [this.applyCall(step.call, flowing, frame, i === times - 1 ? name : undefined)];
      }
      define(step.alias, flowing[0] ?? null);
    });
    define(flow.target, flowing[0] ?? null);
  }

  private repeatCount(expr: Expr, frame: Frame): number {
    const v = evaluate(expr, frame.env, this.bag);
    if (v === undefined) return 1;
    if (v.kind !== "number" || !Number.isInteger(v.value) || v.value < 1) {
      this.bag.report("MFG3017", `\`repeat\` needs a positive integer, got ${v.kind === "number" ? v.value : `a ${v.kind}`}`, expr.span, {
        hints: [v.kind === "number" && v.value < 1 ? "`repeat 1` applies it once; to leave it out, remove the step" : "write a count such as `repeat 2`"],
      });
      return 1;
    }
    if (v.value > MAX_EXPANDED_NODES) {
      this.reportTooLarge(expr.span);
      return 1;
    }
    return v.value;
  }

  private reportTooLarge(at: Span): void {
    if (this.aborted) return;
    this.aborted = true;
    this.bag.report("MFG3016", `the model expands to more than ${MAX_EXPANDED_NODES} nodes`, at, {
      hints: ["check `repeat` counts and block nesting"],
    });
  }

  private push(node: RawNode): void {
    this.nodes.push(node);
  }

  /** Applies an op or block to `flowing` (plus leading tensor arguments); returns the result tensor. */
  private applyCall(call: CallExpr, flowing: readonly TensorRef[], frame: Frame, userName: Identifier | undefined): TensorRef {
    if (this.aborted) return null;
    if (this.nodes.length >= MAX_EXPANDED_NODES) {
      this.reportTooLarge(frame.trail[0]?.span ?? call.callee.span);
      return null;
    }
    const name = call.callee.name;
    const op = this.ops.get(name);
    if (op !== undefined) return this.applyOp(op, call, flowing, frame, userName);
    const block = this.blocks.get(name);
    if (block !== undefined) return this.applyBlock(block, call, flowing, frame, userName);
    if (this.brokenBlocks.has(name)) return null;
    const hints = didYouMean(name, [...this.ops.names(), ...this.blocks.keys()]);
    if (frame.tensors.has(name)) hints.push(`\`${name}\` is a tensor; combine tensors with an op, e.g. \`add(${name})\``);
    if (hints.length === 0) hints.push("`mfgc ops` lists every op; a block must be declared before it is applied");
    this.bag.report("MFG3008", `unknown op \`${name}\``, call.callee.span, { hints });
    return null;
  }

  /**
   * Splits a call's arguments into tensor inputs and the rest. Leading positional identifiers are tensors
   * while the name is a tensor here (or must be one, because the op still lacks required inputs; then an
   * unknown name is reported as such, with "did you mean"). A tensor name past the op's maximum is still
   * taken as an input, so the arity check reports "takes 2 but gets 3" instead of the tensor being bound
   * to a parameter. A block parameter is read as a tensor only where the call has no positional
   * parameter left that it could mean (`multiply(x, width)`), so it is reported as "not a tensor".
   */
  private takeTensorArgs(
    args: readonly Argument[],
    flowing: readonly TensorRef[],
    min: number,
    takesPositional: boolean,
    frame: Frame,
  ): { inputs: TensorRef[]; rest: readonly Argument[] } {
    const inputs = [...flowing];
    let i = 0;
    for (; i < args.length; i++) {
      const arg = args[i]!;
      if (arg.name !== undefined || arg.value.kind !== "ident") break;
      const n = arg.value.name;
      const isTensor = frame.tensors.has(n) || frame.declared.has(n);
      if (frame.env.has(n) && !isTensor && (takesPositional || inputs.length >= min)) break;
      if (!isTensor && !frame.env.has(n) && inputs.length >= min) break;
      inputs.push(this.resolve(arg.value, frame));
    }
    return { inputs, rest: args.slice(i) };
  }

  private arityOk(what: string, n: number, min: number, max: number, at: Span): boolean {
    if (n >= min && n <= max) return true;
    const want = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
    this.bag.report("MFG3014", `${what} takes ${want} tensor input${want === "1" ? "" : "s"} but gets ${n} here`, at, {
      hints:
        n < min
          ? ["the flowing value is the first input; pass further tensors as leading arguments, e.g. `x -> add(skip)`"]
          : ["a tuple `(a, b)` feeds several tensors only to an op that takes several inputs"],
    });
    return false;
  }

  private nodeId(stem: string, userName: Identifier | undefined, frame: Frame): string {
    if (userName === undefined) return this.ids.fresh(frame.prefix + stem);
    if (frame.isTop) {
      // Reserved up front; a second definition of the name (already reported) gets a fresh id.
      const own = this.topIds.get(userName.name);
      return own !== undefined && own.span.start === userName.span.start ? own.id : this.ids.fresh(stem);
    }
    return this.ids.claim(frame.prefix + sanitizeId(userName.name));
  }

  private applyOp(op: OpDef, call: CallExpr, flowing: readonly TensorRef[], frame: Frame, userName: Identifier | undefined): TensorRef {
    const { inputs, rest } = this.takeTensorArgs(call.args, flowing, op.inputs.min, op.params.some((p) => p.positional === true), frame);
    const resolved = resolveOpAttrs(op, evaluateArgs(rest, frame.env, this.bag), call.callee.span, this.ops, this.bag);
    const arity = this.arityOk(`\`${op.name}\``, inputs.length, op.inputs.min, op.inputs.max, call.callee.span);
    const id = this.nodeId(op.name, userName, frame);
    const node: RawNode = {
      id,
      op: op.name,
      attrs: arity ? resolved?.attrs : undefined,
      paramSpans: resolved?.spans ?? new Map(),
      inputs,
      span: call.span,
      scope: frame.scope,
      trail: frame.trail,
    };
    if (userName !== undefined) node.userName = userName.name;
    this.push(node);
    return id;
  }

  private applyBlock(block: CheckedBlock, call: CallExpr, flowing: readonly TensorRef[], frame: Frame, userName: Identifier | undefined): TensorRef {
    const name = block.decl.name.name;
    if (this.stack.includes(name)) {
      this.bag.report("MFG3015", `block \`${name}\` applies itself${this.stack.at(-1) === name ? "" : ` (through ${this.stack.slice(this.stack.indexOf(name) + 1).map((b) => `\`${b}\``).join(", ")})`}`, call.callee.span, {
        related: [{ message: `block \`${name}\` is defined here`, span: block.decl.name.span }],
        hints: ["blocks cannot be recursive; use `repeat N` to stack copies"],
      });
      return null;
    }
    this.applied.add(name);
    const k = block.inputs.length;
    const { inputs, rest } = this.takeTensorArgs(call.args, flowing, k, block.decl.params.length > 0, frame);
    const env = bindBlockParams(block, evaluateArgs(rest, frame.env, this.bag), call.callee.span, this.bag);
    if (!this.arityOk(`block \`${name}\``, inputs.length, k, k, call.callee.span)) return null;

    const instance = this.ids.fresh(frame.prefix + name);
    const child: Frame = {
      prefix: `${instance}_`,
      scope: [...frame.scope, instance.slice(frame.prefix.length)],
      trail: [...frame.trail, { block: name, span: call.span }],
      env,
      tensors: new Map(),
      // Duplicate names inside a block body are reported at every application; the bag drops repeats.
      declared: collectDeclared(block.decl.body, this.bag, paramNames(block)),
      isTop: false,
      blockInputs: inputs,
    };
    const firstNode = this.nodes.length;
    this.stack.push(name);
    const outputs = this.expandBody(block.decl.body, child);
    this.stack.pop();
    const out = outputs[0]?.ref ?? null;
    if (userName === undefined || out === null) return out;
    return this.renameBlockResult(out, firstNode, userName, frame);
  }

  /**
   * `-> encoder(64) as enc`: the block's result node takes the user's name. Only a node made by this
   * application can be renamed (a block that returns its input unchanged keeps the producer's id).
   */
  private renameBlockResult(out: string, firstNode: number, userName: Identifier, frame: Frame): string {
    const made = this.nodes.slice(firstNode);
    const node = made.find((n) => n.id === out);
    if (node === undefined) return out;
    const id = this.nodeId(node.op, userName, frame);
    node.id = id;
    node.userName = userName.name;
    for (const n of made) {
      for (let i = 0; i < n.inputs.length; i++) if (n.inputs[i] === out) n.inputs[i] = id;
    }
    return id;
  }
}

function paramNames(block: CheckedBlock): Map<string, { span: Span; what: string }> {
  return new Map(block.decl.params.map((p) => [p.name.name, { span: p.name.span, what: "a block parameter" }]));
}
