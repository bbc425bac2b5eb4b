/**
 * Random specs for the fuzzer, in both forms: one random model (and usually a train section) is drawn
 * from the op registry's own parameter tables, then written as DSL and as YAML. Most values are valid
 * for their parameter's type, a few are not (wrong type, out of range, unknown name), so both the happy
 * path (build, codegen) and the diagnostics are exercised. Seeded: same seed, same specs.
 */
import { OPS } from "../../../src/ir/ops/registry.js";
import type { OpDef, ParamDef } from "../../../src/ir/ops/types.js";
import { LOSSES, METRICS } from "../../../src/ir/train/losses.js";
import { OPTIMIZER_NAMES } from "../../../src/ir/train/optimizer.js";
import { SYNTHETIC_GENERATOR_NAMES } from "../../../src/runtime/data/synthetic/names.js";
import { compileText } from "../../../src/pipeline.js";
import { Rng } from "./rng.js";

/** A value as the generator builds it, before it is written in one of the two forms. */
type Gen = { readonly num: number } | { readonly name: string } | { readonly str: string } | { readonly bool: boolean } | { readonly list: readonly Gen[] };

interface GenCall {
  readonly op: string;
  readonly args: readonly { readonly name: string; readonly value: Gen }[];
}

interface GenStep {
  readonly target: string;
  /** A second name for the step's result (`h3 = x -> dense(4) as a3`; DSL only: YAML has one name). */
  readonly alias?: string;
  /** Named tensors this step starts from (a merge's inputs); absent: continues the previous step. */
  readonly from?: readonly string[];
  readonly call: GenCall;
}

export interface GenSpec {
  readonly name: string;
  readonly input: { readonly name: string; readonly dtype: string; readonly shape: readonly (number | "?")[] };
  readonly steps: readonly GenStep[];
  readonly outputs: readonly string[];
  readonly train?: {
    readonly generator: string;
    readonly samples: number;
    readonly optimizer: string;
    readonly lr: number;
    readonly loss: string;
    readonly metrics: readonly string[];
    readonly epochs: number;
    readonly batch: number;
    readonly split: number;
  };
}

const SINGLE_INPUT_OPS = OPS.filter((op) => op.inputs.min <= 1 && op.inputs.max >= 1);
const MERGE_OPS = OPS.filter((op) => op.inputs.min >= 2);
const ODD_NAMES = ["relu", "x", "undefined", "constructor", "toString", "__proto__", "model", "input", "ünï", "a b", "a\u202eb", "\u001b[2J"];

function value(r: Rng, p: ParamDef, wrong = 1 / 40): Gen {
  const t = p.type;
  // A few values are deliberately of the wrong kind.
  if (r.chance(wrong)) return r.pick<Gen>([{ num: r.int(1000) - 500 }, { name: r.pick(ODD_NAMES) }, { bool: true }, { list: [] }, { num: 1e308 }, { num: 0.5 }]);
  switch (t.kind) {
    case "int": {
      const lo = t.min ?? 0;
      const hi = t.max ?? lo + 64;
      return { num: lo + r.int(Math.max(1, Math.min(hi - lo + 1, 65))) };
    }
    case "float": {
      const lo = t.min ?? 0;
      const hi = t.max ?? lo + 1;
      return { num: Number((lo + r.float() * (hi - lo)).toFixed(3)) };
    }
    case "bool":
      return { bool: r.chance(0.5) };
    case "string":
      return { str: r.pick(["a", "", "x y", "\\", "\"", "__proto__"]) };
    case "enum":
      return { name: r.chance(0.95) ? r.pick(t.values) : `${r.pick(t.values)}x` };
    case "ints":
      return r.chance(0.5) ? { num: Math.max(t.min ?? 0, 1 + r.int(3)) } : { list: Array.from({ length: t.length }, () => ({ num: Math.max(t.min ?? 0, 1 + r.int(3)) })) };
    case "intList":
      return { list: Array.from({ length: 1 + r.int(3) }, () => ({ num: Math.max(t.min ?? 0, r.int(4)) })) };
    case "pairs": {
      // One int for every side, one per axis, or a pair [before, after] per axis.
      const n = () => ({ num: Math.max(t.min ?? 0, r.int(3)) });
      const form = r.int(3);
      if (form === 0) return n();
      if (form === 1) return { list: Array.from({ length: t.length }, n) };
      return { list: Array.from({ length: t.length }, () => ({ list: [n(), n()] })) };
    }
    case "range": {
      const lo = t.min ?? 0;
      const hi = t.max ?? lo + 1;
      const x = () => Number((lo + r.float() * (hi - lo)).toFixed(3));
      if (r.chance(0.5)) return { num: x() };
      const [a, b] = [x(), x()].sort((p, q) => p - q);
      return { list: [{ num: a! }, { num: b! }] };
    }
    case "layer":
      return { name: r.pick(t.allowed) };
  }
}

/** Parameters a call must give: required ones, and those without a default (`units` of `lstm`). */
function needed(p: ParamDef): boolean {
  return p.required === true || p.default === undefined;
}

function call(r: Rng, op: OpDef, inject = true): GenCall {
  const args: { name: string; value: Gen }[] = [];
  for (const p of op.params) {
    if (needed(p) || r.chance(0.2)) args.push({ name: p.name, value: value(r, p, inject ? 1 / 40 : 0) });
  }
  // Now and then a parameter the op does not have (a typo), or a misspelt op.
  if (inject && r.chance(0.02)) args.push({ name: `${r.pick(op.params)?.name ?? "units"}s`, value: { num: 1 } });
  return { op: inject && r.chance(0.01) ? `${op.name}x` : op.name, args };
}

/**
 * Which input ranks each single-input op accepts and the rank it returns, found once by compiling a
 * one-step spec per op and rank (with plain values for the parameters it needs). The generator then
 * chains ops that fit, so most generated specs get past shape checking into code generation.
 */
let probed: ReadonlyMap<number, readonly { op: OpDef; outRank: number }[]> | undefined;

function opsByRank(): ReadonlyMap<number, readonly { op: OpDef; outRank: number }[]> {
  if (probed !== undefined) return probed;
  const out = new Map<number, { op: OpDef; outRank: number }[]>();
  const r = new Rng(12345);
  for (let rank = 1; rank <= 3; rank++) {
    const fits: { op: OpDef; outRank: number }[] = [];
    for (const op of SINGLE_INPUT_OPS) {
      const spec: GenSpec = { name: "Probe", input: { name: "x", dtype: "f32", shape: Array.from({ length: rank }, () => 8) }, steps: [{ target: "y", call: call(r, op, false) }], outputs: ["y"] };
      const c = compileText(toDsl(spec), "probe.mfgnet", "dsl");
      const node = c.graph?.nodes.find((n) => n.id === "y");
      if (node !== undefined) fits.push({ op, outRank: node.shape.length });
    }
    out.set(rank, fits);
  }
  probed = out;
  return out;
}

/** A random model of 1–10 steps, with merges of earlier tensors, and (usually) a train section. */
export function randomSpec(r: Rng, index: number): GenSpec {
  let rank = 1 + r.int(3);
  const shape = Array.from({ length: rank }, () => (r.chance(0.02) ? ("?" as const) : 4 + r.int(12)));
  const steps: GenStep[] = [];
  const names = ["x"];
  const ranks = [rank];
  const n = 1 + r.int(10);
  for (let i = 0; i < n; i++) {
    const target = `h${i}`;
    if (names.length >= 2 && r.chance(0.1)) {
      // A merge of two earlier tensors of the same rank (usually; shapes may still differ).
      const a = r.int(names.length);
      const same = names.filter((_, k) => ranks[k] === ranks[a]);
      steps.push({ target, from: [names[a]!, r.pick(same)], call: call(r, r.pick(MERGE_OPS)) });
    } else {
      const fits = opsByRank().get(rank) ?? [];
      const choice = fits.length > 0 && r.chance(0.95) ? r.pick(fits) : { op: r.pick(SINGLE_INPUT_OPS), outRank: rank };
      steps.push({ target, call: call(r, choice.op), ...(r.chance(0.1) ? { alias: `a${i}` } : {}) });
      rank = choice.outRank;
    }
    names.push(target);
    ranks.push(rank);
  }
  const last = steps[steps.length - 1]!.target;
  const outputs = r.chance(0.1) ? [last, r.pick(names)] : [last];
  const spec: GenSpec = {
    name: `Fuzz${index}`,
    input: { name: "x", dtype: r.chance(0.97) ? "f32" : r.pick(["i32", "bool", "f64"]), shape },
    steps,
    outputs,
  };
  if (r.chance(0.3)) return spec;
  return {
    ...spec,
    train: {
      generator: r.pick(SYNTHETIC_GENERATOR_NAMES),
      samples: 1 + r.int(200),
      optimizer: r.chance(0.98) ? r.pick(OPTIMIZER_NAMES) : "adamx",
      lr: r.chance(0.95) ? r.pick([1e-3, 0.01, 0.1]) : r.pick([0, -1, 1e308]),
      loss: r.chance(0.98) ? r.pick(LOSSES) : "msee",
      metrics: Array.from({ length: r.int(3) }, () => r.pick(METRICS)),
      epochs: r.chance(0.98) ? r.pick([1, 2, 10]) : 0,
      batch: r.chance(0.98) ? r.pick([1, 8, 32]) : 0,
      split: r.chance(0.96) ? r.pick([0.1, 0.2]) : r.pick([0, 1.5]),
    },
  };
}

/** A value as both forms write it: the DSL's literals and YAML's flow scalars coincide for these. */
function valueText(v: Gen): string {
  if ("num" in v) return String(v.num);
  if ("name" in v) return /^[A-Za-z_][A-Za-z0-9_]*$/.test(v.name) ? v.name : JSON.stringify(v.name);
  if ("str" in v) return JSON.stringify(v.str);
  if ("bool" in v) return String(v.bool);
  return `[${v.list.map(valueText).join(", ")}]`;
}

/** The spec in the DSL form. */
export function toDsl(s: GenSpec): string {
  const lines = [`model ${s.name} {`, `  input ${s.input.name}: ${s.input.dtype}[${s.input.shape.join(", ")}]`];
  let prev = s.input.name;
  for (const step of s.steps) {
    const args = step.call.args.map((a) => `${a.name}: ${valueText(a.value)}`);
    if (step.from !== undefined) {
      lines.push(`  ${step.target} = ${step.call.op}(${[...step.from, ...args].join(", ")})`);
    } else {
      const alias = step.alias === undefined ? "" : ` as ${step.alias}`;
      lines.push(`  ${step.target} = ${prev} -> ${step.call.op}${args.length > 0 ? `(${args.join(", ")})` : ""}${alias}`);
    }
    prev = step.target;
  }
  lines.push(`  output ${s.outputs.join(", ")}`, "}");
  if (s.train !== undefined) {
    const t = s.train;
    lines.push(
      `train ${s.name} {`,
      `  data { train: synthetic(generator: ${t.generator}, samples: ${t.samples}), validation: split(${t.split}) }`,
      `  optimizer ${t.optimizer}(lr: ${t.lr})`,
      `  loss ${t.loss}`,
      ...(t.metrics.length > 0 ? [`  metrics [${t.metrics.join(", ")}]`] : []),
      `  epochs ${t.epochs}   batch ${t.batch}`,
      "}",
    );
  }
  return lines.join("\n") + "\n";
}

/** The same spec in the YAML form. */
export function toYaml(s: GenSpec): string {
  const lines = ["mfgnet: 1", "model:", `  name: ${s.name}`, "  inputs:", `    ${s.input.name}: { shape: [${s.input.shape.join(", ")}], dtype: ${s.input.dtype} }`, "  layers:"];
  for (const step of s.steps) {
    const fields = step.call.args.map((a) => `${a.name}: ${valueText(a.value)}`);
    if (step.from !== undefined) fields.unshift(`from: [${step.from.join(", ")}]`);
    fields.push(`as: ${step.target}`);
    lines.push(`    - ${step.call.op}: { ${fields.join(", ")} }`);
  }
  lines.push(`  outputs: [${s.outputs.join(", ")}]`);
  if (s.train !== undefined) {
    const t = s.train;
    lines.push(
      "train:",
      "  data:",
      `    train: { synthetic: { generator: ${t.generator}, samples: ${t.samples} } }`,
      `    validation: { split: ${t.split} }`,
      `  optimizer: { ${t.optimizer}: { lr: ${t.lr} } }`,
      `  loss: ${t.loss}`,
      ...(t.metrics.length > 0 ? [`  metrics: [${t.metrics.join(", ")}]`] : []),
      `  epochs: ${t.epochs}`,
      `  batch: ${t.batch}`,
    );
  }
  return lines.join("\n") + "\n";
}
