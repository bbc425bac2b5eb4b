/**
 * Tests that start `bin/mfgc.js` as a process run the compiled CLI in dist/: rebuild it first when any
 * source is newer than the build (CI's `npm ci` builds it; a developer's dist/ may be stale).
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

export default function setup(): void {
  const built = path.join(ROOT, "dist", "cli", "main.cjs");
  const inputs = Math.max(newestMtime(path.join(ROOT, "src")), statSync(path.join(ROOT, "scripts", "build.mjs")).mtimeMs, statSync(path.join(ROOT, "package.json")).mtimeMs);
  if (existsSync(built) && statSync(built).mtimeMs >= inputs) return;
  execFileSync(process.execPath, [path.join(ROOT, "scripts", "build.mjs")], { cwd: ROOT, stdio: "inherit" });
}
