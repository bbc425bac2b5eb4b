/**
 * Which layers `transfer` freezes, as `mfgc summary` shows them. A list is taken as written;
 * `freeze: true` (every transferred layer) is resolved from `layers` when listed, else from the names in
 * the source's model.json (plain JSON: summary loads no TensorFlow.js), else it is a note.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { IRGraph } from "../../ir/types.js";
import type { TransferConfig } from "../../runtime/config.js";

function sourceLayerNames(config: TransferConfig, specDir: string): Set<string> | null {
  const dir = path.resolve(specDir, config.source.path);
  const file = path.join(config.source.kind === "run" ? path.join(dir, "model") : dir, "model.json");
  if (!existsSync(file)) return null;
  try {
    const json = JSON.parse(readFileSync(file, "utf8")) as { weightsManifest?: { weights?: { name?: string }[] }[] };
    const names = (json.weightsManifest ?? []).flatMap((g) => (g.weights ?? []).map((w) => String(w.name ?? "").split("/")[0]!));
    return new Set(names);
  } catch {
    return null;
  }
}

/** Frozen node ids, and a note when they cannot be known before the source exists. */
export function frozenLayers(graph: IRGraph, transfer: TransferConfig | undefined, specDir: string): { layers: Set<string>; note: string | null } {
  if (transfer === undefined) return { layers: new Set(), note: null };
  if (transfer.freeze !== "transferred") return { layers: new Set(transfer.freeze), note: unfreezeNote(transfer) };
  if (transfer.layers !== null) return { layers: new Set(transfer.layers), note: unfreezeNote(transfer) };
  const names = sourceLayerNames(transfer, specDir);
  if (names === null) return { layers: new Set(), note: `Frozen: every layer transferred from \`${transfer.source.path}\` (not readable yet, so not marked above)` };
  return { layers: new Set(graph.nodes.map((n) => n.id).filter((id) => names.has(id))), note: unfreezeNote(transfer) };
}

function unfreezeNote(t: TransferConfig): string | null {
  return t.unfreezeAt === null ? null : `Frozen layers train from epoch ${t.unfreezeAt} on (\`unfreeze_at\`).`;
}
