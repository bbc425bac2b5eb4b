/**
 * mfgc's own package folder (where its package.json is), found by walking up from this module: the
 * same answer from `src/` (development) and from any file of the `dist/` bundle, whose chunks may sit
 * at any depth.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

let cached: string | undefined;

/** @throws Error when no package.json named `mfgc` is above this module (a broken install: a bug, not a user error) */
export function packageRoot(): string {
  if (cached !== undefined) return cached;
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, "package.json");
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, "utf8")) as { name?: unknown }).name === "mfgc") return (cached = dir);
    if (path.dirname(dir) === dir) throw new Error("internal: mfgc's package.json was not found above its modules");
  }
}
