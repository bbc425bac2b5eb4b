/**
 * Seeded generator of *clean* DSL specs for the fmt round-trip fuzz test. Ops and their arguments come
 * from the op registry (new ops are fuzzed without changes here); each step is kept only when the
 * spec so far still checks clean, so every spec it returns compiles without errors. Spec shapes vary the
 * ways the forms differ: positional and named arguments, `as` and `name =` (also both on one step),
 * tuple and call sources, tensor arguments of merge ops, blocks with defaults and `repeat`, several
 * outputs, every train setting (positional train calls included), and comments in many places.
 */
import { compileText } from "../../src/pipeline.js";
import { OPS } from "../../src/ir/ops/registry.js";
import type { OpDef, ParamDef, ParamType } from "../../src/ir/ops/types.js";
import { OPTIMIZERS } from "../../src/ir/train/optimizer.js";
import { SCHEDULES } from "../../src/ir/train/schedule.js";
import type { OptionDef } from "../../src/ir/train/read.js";
import { SYNTHETIC_GENERATOR_NAMES } from "../../src/runtime/data/synthetic/names.js";
import { rng } from "../helpers/rng.js";

export { rng };


const NAME_PARTS = ["a", "b", "h", "x", "feat", "skip", "enc", "trunk", "head", "z9", "q_1", "Out", "v2"];
const COMMENTS = ["# note", "// why this layer", "/* inline */", "# TODO: tune", "/* two\n   lines */"];

export class SpecGenerator {
  private readonly r: () => number;
  private used = new Set<string>();

  constructor(seed: number) {
    this.r = rng(seed);
  }

  private chance(p: number): boolean {
    return this.r() < p;
  }

  private pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.r() * xs.length)]!;
  }

  private int(lo: number, hi: number): number {
    return lo + Math.floor(this.r() * (hi - lo + 1));
  }

  private fresh(): string {
    for (;;) {
      const n = `${this.pick(NAME_PARTS)}${this.chance(0.5) ? this.int(1, 99) : ""}`;
      if (!this.used.has(n)) {
        this.used.add(n);
        return n;
      }
    }
  }

  private comment(): string {
    return this.chance(0.15) ? `  ${this.pick(COMMENTS)}` : "";
  }

  /** A value of a parameter type, as DSL text (sometimes an expression). */
  private value(t: ParamType, depth = 0): string | undefined {
    switch (t.kind) {
      case "int": {
        const lo = t.min ?? 0;
        const n = this.int(Math.max(lo, 1), Math.min(t.max ?? lo + 16, lo + 16));
        return this.chance(0.1) ? `${n} * 1` : String(n);
      }
      case "float": {
        const lo = t.min ?? 0;
        const hi = t.max ?? lo + 1;
        const v = lo + (hi - lo) * (0.1 + 0.8 * this.r());
        const text = String(Math.round(v * 1000) / 1000);
        return this.chance(0.1) && v > 0 ? `${text} / 1` : text;
      }
      case "bool":
        return this.chance(0.5) ? "true" : "false";
      case "string":
        return undefined;
      case "enum":
        return this.pick(t.values);
      case "ints": {
        const one = () => String(this.int(Math.max(t.min ?? 1, 1), Math.max(t.min ?? 1, 1) + 2));
        return this.chance(0.6) ? one() : `[${Array.from({ length: t.length }, one).join(", ")}]`;
      }
      case "intList":
        return undefined;
      case "layer": {
        if (depth > 0) return undefined;
        const op = OPS.find((o) => o.name === this.pick(t.allowed));
        return op === undefined ? undefined : this.call(op, [], depth + 1);
      }
    }
  }

  /** `op(args)` with required parameters and a few optional ones, positional where allowed. */
  private call(op: OpDef, tensorArgs: readonly string[], depth = 0): string | undefined {
    const args: string[] = [...tensorArgs];
    let positionalOpen = true;
    for (const p of op.params) {
      if (!p.required && !this.chance(0.3)) {
        positionalOpen = false;
        continue;
      }
      const v = this.value(p.type, depth);
      if (v === undefined) {
        if (p.required) return undefined;
        positionalOpen = false;
        continue;
      }
      if (p.positional === true && positionalOpen && this.chance(0.6)) args.push(v);
      else {
        positionalOpen = false;
        args.push(`${p.name}: ${v}`);
      }
    }
    return args.length === 0 && this.chance(0.7) ? op.name : `${op.name}(${args.join(", ")})`;
  }

  private checks(text: string): boolean {
    const r = compileText(text, "fuzz.mfgnet", "dsl");
    return r.graph !== undefined && !r.diagnostics.some((d) => d.severity === "error");
  }

  /** One clean spec, or undefined when this seed's attempt did not produce one. */
  spec(): string | undefined {
    this.used = new Set();
    const input = this.fresh();
    const inputDecl = this.pick([`f32[${this.int(8, 16)}, ${this.int(8, 16)}, ${this.int(1, 3)}]`, `f32[${this.int(4, 12)}, ${this.int(2, 6)}]`, `f32[${this.int(4, 32)}]`, `i32[${this.int(4, 12)}]`]);
    const blocks: string[] = [];
    const blockNames: string[] = [];
    if (this.chance(0.3)) {
      const b = this.fresh();
      const x = this.fresh();
      const y = this.fresh();
      blocks.push(`block ${b}(u, rate = 0.1) {${this.comment()}\n  input ${x}\n  ${y} = ${x} -> dense(u) -> dropout(rate)\n  output ${y}\n}`);
      blockNames.push(b);
    }
    const stmts: string[] = [`input ${input}: ${inputDecl}${this.comment()}`];
    const tensors = [input];
    const model = (body: readonly string[]) => `${blocks.join("\n\n")}${blocks.length ? "\n\n" : ""}model M {\n${body.map((s) => `  ${s}`).join("\n")}\n}\n`;
    let current = input;
    const steps: string[] = [];
    const trunkLength = this.int(1, 5);
    let tries = 0;
    while (steps.length < trunkLength && tries++ < 30) {
      const useBlock = blockNames.length > 0 && this.chance(0.2);
      const step = useBlock ? `${this.chance(0.4) ? "repeat 2 " : ""}${this.pick(blockNames)}(${this.int(2, 8)})` : this.call(this.pick(OPS.filter((o) => o.inputs.min <= 1)), []);
      if (step === undefined) continue;
      const named = this.chance(0.2) ? this.fresh() : undefined;
      const candidate = [...steps, named === undefined ? step : `${step} as ${named}`];
      const out = this.fresh();
      const body = [...stmts, `${out} = ${current}${candidate.map((s) => ` -> ${s}`).join("")}`, `output ${out}`];
      if (this.checks(model(body))) {
        steps.length = 0;
        steps.push(...candidate);
        if (named !== undefined) tensors.push(named);
      } else if (named !== undefined) this.used.delete(named);
      this.used.delete(out);
    }
    if (steps.length === 0) return undefined;
    const trunk = this.fresh();
    const alias = this.chance(0.3) ? this.fresh() : undefined;
    const last = steps.pop()!;
    const trunkSteps = [...steps, alias !== undefined && !/ as /.test(last) ? `${last} as ${alias}` : last];
    stmts.push(`${trunk} = ${current}${trunkSteps.map((s, i) => `${i > 0 && this.chance(0.3) ? `${this.comment()}\n   ` : ""} -> ${s}`).join("")}${this.comment()}`);
    current = trunk;
    tensors.push(trunk);
    // A residual or merge: two branches of the same shape joined by a multi-input op, written one of
    // three ways (tuple source, call source, tensor argument).
    if (this.chance(0.5)) {
      const a = this.fresh();
      const b = this.fresh();
      const merge = this.pick(OPS.filter((o) => o.inputs.min >= 2 && o.inputs.max >= 2 && o.name !== "multi_head_attention"));
      const m = this.fresh();
      const form = this.int(0, 2);
      const mergeCall = this.call(merge, []) ?? merge.name;
      const [mergeName, mergeArgs] = mergeCall.includes("(") ? [mergeCall.slice(0, mergeCall.indexOf("(")), mergeCall.slice(mergeCall.indexOf("(") + 1, -1)] : [mergeCall, ""];
      const extra = mergeArgs === "" ? "" : `, ${mergeArgs}`;
      const mergeStmt =
        form === 0 ? `${m} = (${a}, ${b}) -> ${mergeCall}` : form === 1 ? `${m} = ${mergeName}(${a}, ${b}${extra})` : `${m} = ${a} -> ${mergeName}(${b}${extra})`;
      const candidate = [...stmts, `${a} = ${current} -> dropout(0.1)`, `${b} = ${current} -> activation(relu)`, mergeStmt];
      if (this.checks(model([...candidate, `output ${m}`]))) {
        stmts.splice(0, stmts.length, ...candidate);
        current = m;
      }
    }
    // Heads: flatten to features, then one or two outputs.
    const outputs: { name: string; loss: string }[] = [];
    const feat = this.fresh();
    const flat = [...stmts, `${feat} = ${current} -> flatten`];
    const base = this.checks(model([...flat, `output ${feat}`])) ? flat : stmts;
    const from = base === flat ? feat : current;
    const classes = this.fresh();
    const both = this.chance(0.5);
    const twoNames = this.chance(0.3) ? this.fresh() : undefined;
    const headStmts = [
      twoNames !== undefined ? `${twoNames} = ${from} -> dense(${this.int(2, 5)}, activation: softmax) as ${classes}` : `${from} -> dense(${this.int(2, 5)}, activation: softmax) as ${classes}`,
    ];
    outputs.push({ name: this.chance(0.5) && twoNames !== undefined ? twoNames : classes, loss: "categorical_crossentropy" });
    if (both) {
      const reg = this.fresh();
      headStmts.push(`${reg} = ${from} -> dense(1)`);
      outputs.push({ name: reg, loss: this.pick(["mse", "mae", "huber"]) });
    }
    const body = [...base, ...headStmts, `output ${outputs.map((o) => o.name).join(", ")}`];
    const modelText = model(body);
    if (!this.checks(modelText)) return undefined;
    const train = this.train(outputs);
    const full = `${this.chance(0.3) ? "# header comment\n\n" : ""}${modelText}\n${train}`;
    return this.checks(full) ? full : this.checks(modelText) ? modelText : undefined;
  }

  private options(defs: readonly OptionDef[]): string[] {
    const out: string[] = [];
    let positionalOpen = true;
    for (const d of defs) {
      if (!("type" in d)) continue;
      const p = d as ParamDef;
      if (!p.required && !this.chance(0.4)) {
        positionalOpen = false;
        continue;
      }
      const v = p.type.kind === "string" ? "val_loss" : this.value(p.type);
      if (v === undefined) return out;
      if (p.positional === true && positionalOpen && this.chance(0.5)) out.push(v);
      else {
        positionalOpen = false;
        out.push(`${p.name}: ${v}`);
      }
    }
    return out;
  }

  private train(outputs: readonly { name: string; loss: string }[]): string {
    const s: string[] = [];
    s.push(`data { train: synthetic(generator: ${this.pick(SYNTHETIC_GENERATOR_NAMES)}, samples: ${this.int(10, 99)}), validation: split(0.${this.int(1, 4)}) }`);
    const opt = this.pick(Object.keys(OPTIMIZERS)) as keyof typeof OPTIMIZERS;
    const optArgs = this.options(OPTIMIZERS[opt]);
    s.push(`optimizer ${optArgs.length === 0 && this.chance(0.5) ? opt : `${opt}(${optArgs.join(", ")})`}`);
    if (this.chance(0.4)) {
      const sch = this.pick(Object.keys(SCHEDULES).filter((k) => k !== "reduce_on_plateau")) as keyof typeof SCHEDULES;
      const args = this.options(SCHEDULES[sch]);
      s.push(`schedule ${args.length === 0 ? sch : `${sch}(${args.join(", ")})`}`);
    }
    s.push(outputs.length === 1 ? `loss ${outputs[0]!.loss}` : `loss { ${outputs.map((o) => `${o.name}: ${o.loss}`).join(", ")} }`);
    if (outputs.length > 1 && this.chance(0.5)) s.push(`loss_weights { ${outputs.map((o) => `${o.name}: ${this.int(1, 9) / 10}`).join(", ")} }`);
    if (this.chance(0.5)) s.push(outputs.length === 1 ? "metrics [accuracy]" : `metrics { ${outputs[0]!.name}: [accuracy, f1] }`);
    if (this.chance(0.7)) s.push(`epochs ${this.int(1, 20)}`);
    if (this.chance(0.5)) s.push(`batch ${this.int(1, 64)}`);
    if (this.chance(0.5)) s.push(`seed ${this.int(0, 9999)}`);
    if (this.chance(0.3)) s.push(`shuffle ${this.chance(0.5)}`);
    if (this.chance(0.3)) s.push(`early_stopping(monitor: val_loss, patience: ${this.int(0, 5)})`);
    if (this.chance(0.2)) s.push(`checkpoint { every: ${this.int(1, 3)}, keep: ${this.int(1, 5)} }`);
    if (this.chance(0.2)) s.push(`clip { ${this.pick(["global_norm", "norm", "value"])}: ${this.int(1, 9) / 10} }`);
    return `train M {\n${s.map((x) => `  ${x}${this.comment()}`).join(this.chance(0.5) ? "\n" : "\n\n")}\n}\n`;
  }
}
