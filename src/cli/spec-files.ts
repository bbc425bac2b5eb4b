/** Expands the CLI's `<files|dirs>` arguments into spec files, sorted so output order is stable. */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { specFormatOf } from "../pipeline.js";

export interface ExpandedPaths {
  readonly files: string[];
  /** Paths that don't exist (reported by the caller as usage errors). */
  readonly missing: string[];
}

export function expandSpecPaths(paths: readonly string[]): ExpandedPaths {
  const files = new Set<string>();
  const missing: string[] = [];
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      missing.push(p);
      continue;
    }
    if (st.isDirectory()) for (const f of walk(p)) files.add(f);
    else files.add(p);
  }
  return { files: [...files].sort(), missing };
}

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if (entry.isFile() && specFormatOf(entry.name) !== undefined) yield full;
  }
}
