/**
 * Where the cursor is in YAML that is being typed: the keys of the lines above it with less
 * indentation give the path from the document's root (`model` › `layers` › `-` › `conv2d`), and the
 * current line adds its own `- `, `key:` and flow `{ … }` / `[ … ]` parts up to the cursor.
 */
import { RESERVED_LAYER_KEYS } from "../parser/yaml/schema.js";
import { TRAIN_SETTINGS } from "../ir/train/settings.js";
import { TRAIN_TABLES, type Place } from "./completion-items.js";

interface Segment {
  readonly key: string; // "-" for a list item
}

const KEY_RE = /^([A-Za-z_][A-Za-z0-9_]*)\s*:(\s|$)/;

/** Keys of the block lines enclosing `lineStart` (outermost first). */
function blockPath(text: string, lineStart: number, indent: number): Segment[] {
  const lines = text.slice(0, lineStart).split(/\r\n|\r|\n/);
  const out: Segment[] = [];
  let threshold = indent;
  for (let i = lines.length - 1; i >= 0 && threshold > 0; i--) {
    const line = lines[i]!;
    if (/^\s*(#.*)?$/.test(line)) continue;
    const lineIndent = /^ */.exec(line)![0].length;
    if (lineIndent >= threshold) continue;
    const m = /^( *)(- +)?(.*)$/.exec(line)!;
    const key = KEY_RE.exec(m[3]!);
    // Collected innermost first, reversed at the end.
    if (key !== null) out.push({ key: key[1]! });
    if (m[2] !== undefined) out.push({ key: "-" });
    threshold = lineIndent;
  }
  return out.reverse();
}

/** The current line's own path parts before the cursor, and whether the cursor is at a key or value. */
function linePath(line: string): { segs: Segment[]; at: "key" | "value" | "item"; given: string[] } {
  const segs: Segment[] = [];
  let rest = line.replace(/^ */, "");
  const dash = /^- +/.exec(rest);
  if (dash !== null) {
    segs.push({ key: "-" });
    rest = rest.slice(dash[0].length);
  }
  // Flow collections: track keys and brackets on this line.
  const stack: { open: string; key?: string; given: string[] }[] = [];
  let pendingKey: string | undefined;
  let at: "key" | "value" | "item" = dash !== null ? "item" : "key";
  let given: string[] = [];
  let i = 0;
  while (i < rest.length) {
    const ch = rest[i]!;
    const key = KEY_RE.exec(rest.slice(i));
    if (key !== null && (at === "key" || at === "item")) {
      pendingKey = key[1]!;
      given.push(pendingKey);
      segs.push({ key: pendingKey });
      at = "value";
      i += key[0].length;
      continue;
    }
    if (ch === "{" || ch === "[") {
      stack.push({ open: ch, ...(pendingKey !== undefined ? { key: pendingKey } : {}), given });
      given = [];
      at = ch === "{" ? "key" : "item";
    } else if (ch === "}" || ch === "]") {
      const f = stack.pop();
      given = f?.given ?? [];
      if (f?.key !== undefined && segs[segs.length - 1]?.key === f.key) segs.pop();
      at = "value";
    } else if (ch === ",") {
      const f = stack[stack.length - 1];
      if (f?.open === "{" && pendingKey !== undefined && segs[segs.length - 1]?.key === pendingKey) segs.pop();
      at = f?.open === "[" ? "item" : "key";
    } else if (!/\s/.test(ch) && at === "value") {
      // A scalar value is being written; a later `,` or `}` ends it.
      while (i < rest.length && !/[,}\]]/.test(rest[i]!)) i++;
      continue;
    }
    i++;
  }
  if (at === "item" && stack[stack.length - 1]?.open === "[") segs.push({ key: "-" });
  return { segs, at, given };
}

const MODEL_KEYS = ["name", "inputs", "layers", "outputs"];
const BLOCK_KEYS = ["params", "inputs", "layers", "outputs"];

/** The place of `offset` in YAML `text`. */
export function yamlPlace(text: string, offset: number, scope: { tensors: readonly string[]; blocks: readonly string[]; outputs: readonly string[]; params: readonly string[] }): Place {
  const before = text.slice(0, offset);
  const word = /[A-Za-z_][A-Za-z0-9_]*$/.exec(before)?.[0] ?? "";
  const lineStart = Math.max(before.lastIndexOf("\n"), before.lastIndexOf("\r")) + 1;
  const line = before.slice(lineStart, before.length - word.length);
  const indent = /^ */.exec(line)![0].length;
  const own = linePath(line);
  const path = [...blockPath(text, lineStart, indent), ...own.segs].map((s) => s.key);
  const at = own.at;
  // Keys without list positions: ["model", "layers", "conv2d"] for an op's mapping.
  const keys = path.filter((k) => k !== "-");
  const inItem = path[path.length - 1] === "-";
  const givenKeys = own.given;

  if (keys.length === 0) return at === "value" ? { kind: "nothing" } : { kind: "keys", keys: ["mfgnet", "blocks", "model", "train"], given: givenKeys };
  const [first, second, third, fourth] = keys;
  // Layers of the model or of a block.
  const layersAt = first === "model" ? 1 : first === "blocks" ? 2 : -1;
  if (layersAt >= 0 && keys[layersAt] === "layers") {
    const layerKeys = keys.slice(layersAt + 1);
    if (layerKeys.length === 0) return inItem || at === "item" ? { kind: "step", blocks: scope.blocks } : { kind: "nothing" };
    const op = layerKeys[0]!;
    if (layerKeys.length === 1) return at === "value" ? { kind: "nothing" } : { kind: "arguments", callee: op, given: givenKeys, names: [] };
    const param = layerKeys[1]!;
    if (param === "from") return { kind: "names", names: scope.tensors };
    if ((RESERVED_LAYER_KEYS as readonly string[]).includes(param)) return { kind: "nothing" };
    return at === "value" || at === "item" ? { kind: "argument-value", callee: op, param, names: scope.params } : { kind: "nothing" };
  }
  if (first === "model") {
    if (keys.length === 1) return at === "value" ? { kind: "nothing" } : { kind: "keys", keys: MODEL_KEYS, given: givenKeys };
    if (second === "outputs") return { kind: "names", names: scope.tensors };
    if (second === "inputs" && keys.length === 3) return at === "value" ? { kind: "nothing" } : { kind: "keys", keys: ["shape", "dtype"], given: givenKeys };
    if (second === "inputs" && fourth === "dtype") return { kind: "dtype" };
    return { kind: "nothing" };
  }
  if (first === "blocks") return keys.length === 2 && at !== "value" ? { kind: "keys", keys: BLOCK_KEYS, given: givenKeys } : { kind: "nothing" };
  if (first !== "train") return { kind: "nothing" };
  if (keys.length === 1) return at === "value" ? { kind: "nothing" } : { kind: "train-key", given: givenKeys };
  const setting = second!;
  if (!TRAIN_SETTINGS.some((s) => s.name === setting)) return { kind: "nothing" };
  if (setting === "data") {
    if (keys.length === 2) return at === "value" ? { kind: "nothing" } : { kind: "data-key", given: givenKeys };
    const role = third!;
    if (keys.length === 3) return { kind: "train-value", setting: role, outputs: scope.outputs };
    if (keys.length === 4) return at === "value" ? { kind: "nothing" } : { kind: "train-options", table: role, entry: fourth!, given: givenKeys };
    return { kind: "train-option-value", table: role, entry: fourth!, option: keys[4]! };
  }
  if (setting === "early_stopping" || setting === "checkpoint" || setting === "clip") {
    if (keys.length === 2) return at === "value" && own.segs.length > 0 && !line.includes("{") ? { kind: "train-value", setting, outputs: scope.outputs } : { kind: "train-options", table: setting, entry: setting, given: givenKeys };
    return { kind: "train-option-value", table: setting, entry: setting, option: third! };
  }
  if (TRAIN_TABLES[setting] !== undefined) {
    if (keys.length === 2) return { kind: "train-value", setting, outputs: scope.outputs };
    if (keys.length === 3) return at === "value" ? { kind: "nothing" } : { kind: "train-options", table: setting, entry: third!, given: givenKeys };
    return { kind: "train-option-value", table: setting, entry: third!, option: fourth! };
  }
  if (keys.length === 2) return { kind: "train-value", setting, outputs: scope.outputs };
  return setting === "loss" || setting === "metrics" ? { kind: "train-value", setting, outputs: [] } : { kind: "nothing" };
}
