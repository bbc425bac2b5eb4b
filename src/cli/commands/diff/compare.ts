/**
 * What changed between two versions of a spec, in the model's terms: layers added, removed and
 * changed (parameters, output shape, parameter count), the outputs, and the training settings. Layers
 * are paired by name where the spec names them, otherwise by an alignment of the op sequence (a
 * longest common subsequence, as text diffs do), so inserting one layer does not show every later
 * auto-named layer as changed.
 */
import type { IRGraph, IRNode } from "../../../ir/types.js";
import type { TrainConfig } from "../../../runtime/config.js";

export interface LayerInfo {
  readonly id: string;
  readonly op: string;
  readonly attrs: IRNode["attrs"];
  readonly shape: IRNode["shape"];
  readonly params: number;
}

export interface LayerChange {
  readonly old: LayerInfo;
  readonly new: LayerInfo;
  /** Parameters whose values differ: `[name, old, new]`. */
  readonly attrs: readonly (readonly [string, string, string])[];
}

export interface SettingChange {
  /** `optimizer.learningRate`, `losses[rul].loss`. */
  readonly path: string;
  readonly old: string | undefined;
  readonly new: string | undefined;
}

export interface ModelDiff {
  readonly name: readonly [string, string];
  readonly added: readonly LayerInfo[];
  readonly removed: readonly LayerInfo[];
  readonly changed: readonly LayerChange[];
  readonly outputs: readonly [readonly string[], readonly string[]];
  readonly params: readonly [number, number];
  readonly train: readonly SettingChange[];
}

/** Above this many node pairs the alignment falls back to pairing by name only (it is quadratic). */
const MAX_ALIGNMENT_CELLS = 4_000_000;

export function text(v: unknown): string {
  return JSON.stringify(v);
}

function layerInfos(g: IRGraph, params: ReadonlyMap<string, number>): LayerInfo[] {
  return g.nodes.map((n) => ({ id: n.id, op: n.op, attrs: n.attrs, shape: n.shape, params: params.get(n.id) ?? 0 }));
}

/** Pairs of indexes into `a` and `b`: same name, or the same op aligned in order. */
function align(a: readonly LayerInfo[], b: readonly LayerInfo[], named: (id: string) => boolean): [number, number][] {
  const same = (x: LayerInfo, y: LayerInfo) => (named(x.id) || named(y.id) ? x.id === y.id && x.op === y.op : x.op === y.op);
  if (a.length * b.length > MAX_ALIGNMENT_CELLS) {
    const at = new Map(b.map((y, j) => [y.id, j]));
    return a.flatMap((x, i) => (at.has(x.id) && b[at.get(x.id)!]!.op === x.op ? [[i, at.get(x.id)!] as [number, number]] : []));
  }
  // Longest common subsequence by dynamic programming; ties prefer equal ids.
  const m = a.length;
  const n = b.length;
  const L: number[][] = Array.from({ length: m + 1 }, () => new Array<number>(n + 1).fill(0));
  for (let i = m - 1; i >= 0; i--) {
    for (let j = n - 1; j >= 0; j--) {
      L[i]![j] = same(a[i]!, b[j]!) ? L[i + 1]![j + 1]! + 1 : Math.max(L[i + 1]![j]!, L[i]![j + 1]!);
    }
  }
  const pairs: [number, number][] = [];
  for (let i = 0, j = 0; i < m && j < n; ) {
    if (same(a[i]!, b[j]!) && L[i]![j] === L[i + 1]![j + 1]! + 1) pairs.push([i++, j++]);
    else if (L[i + 1]![j]! >= L[i]![j + 1]!) i++;
    else j++;
  }
  return pairs;
}

function attrChanges(a: LayerInfo, b: LayerInfo): [string, string, string][] {
  const keys = [...new Set([...Object.keys(a.attrs), ...Object.keys(b.attrs)])].sort();
  return keys.filter((k) => text(a.attrs[k]) !== text(b.attrs[k])).map((k) => [k, text(a.attrs[k] ?? null), text(b.attrs[k] ?? null)]);
}

/** The settings as `path → value` (arrays of per-output records keyed by their output). */
function flatten(v: unknown, path: string, out: Map<string, string>): void {
  if (Array.isArray(v) && v.every((x) => x !== null && typeof x === "object" && "output" in x)) {
    for (const x of v as { output: string }[]) {
      const { output, ...rest } = x;
      flatten(rest, `${path}[${output}]`, out);
    }
  } else if (v !== null && typeof v === "object" && !Array.isArray(v)) {
    for (const [k, x] of Object.entries(v)) flatten(x, path === "" ? k : `${path}.${k}`, out);
  } else out.set(path, text(v));
}

export function compareTrain(a: TrainConfig | undefined, b: TrainConfig | undefined): SettingChange[] {
  const fa = new Map<string, string>();
  const fb = new Map<string, string>();
  if (a !== undefined) flatten(a, "", fa);
  if (b !== undefined) flatten(b, "", fb);
  const paths = [...new Set([...fa.keys(), ...fb.keys()])].sort();
  return paths.filter((p) => fa.get(p) !== fb.get(p)).map((p) => ({ path: p, old: fa.get(p), new: fb.get(p) }));
}

export interface Side {
  readonly graph: IRGraph;
  readonly train: TrainConfig | undefined;
  /** Parameter count of each node, by id. */
  readonly params: ReadonlyMap<string, number>;
  /** Whether a node's id is a name the spec gave (`as`, `x = …`, inputs). */
  readonly named: ReadonlySet<string>;
}

export function compareModels(a: Side, b: Side): ModelDiff {
  const la = layerInfos(a.graph, a.params);
  const lb = layerInfos(b.graph, b.params);
  const pairs = align(la, lb, (id) => a.named.has(id) || b.named.has(id));
  const pairedA = new Set(pairs.map(([i]) => i));
  const pairedB = new Set(pairs.map(([, j]) => j));
  const changed: LayerChange[] = [];
  for (const [i, j] of pairs) {
    const x = la[i]!;
    const y = lb[j]!;
    const attrs = attrChanges(x, y);
    if (attrs.length > 0 || x.id !== y.id || text(x.shape) !== text(y.shape) || x.params !== y.params) changed.push({ old: x, new: y, attrs });
  }
  const sum = (ls: readonly LayerInfo[]) => ls.reduce((s, l) => s + l.params, 0);
  return {
    name: [a.graph.name, b.graph.name],
    added: lb.filter((_, j) => !pairedB.has(j)),
    removed: la.filter((_, i) => !pairedA.has(i)),
    changed,
    outputs: [a.graph.outputs, b.graph.outputs],
    params: [sum(la), sum(lb)],
    train: compareTrain(a.train, b.train),
  };
}
