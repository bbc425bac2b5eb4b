/**
 * What `mfgc build` would do to its output folder, decided before anything is touched: which generated
 * files to write, which files mfgc generated earlier that no spec produces any more (orphans, deleted),
 * which files it did not write (foreign: reported, never touched), which temp files killed runs left,
 * and what refuses the whole build (a link on the way, a foreign file where a generated one must go).
 *
 * A file is mfgc's when it starts with the banner (codegen/emit/header.ts) and the banner names the
 * spec the file's folder belongs to; the output root's `.prettierrc.json` (no room for a banner) is
 * mfgc's when it holds the settings mfgc pins (codegen/format-code.ts). A folder belongs to a spec of this build, or — once that spec is
 * deleted — to the spec its `index.ts` banner names, provided that spec lay under the paths this build
 * was given and is gone now. Nothing is judged outside those folders: `-o .` next to `src/` leaves
 * `src/` alone unless a spec here generates into it.
 */
import { existsSync, readdirSync } from "node:fs";
import { join, posix, relative, resolve, sep } from "node:path";
import { bannerSpecPath, readBanner } from "../codegen/emit/header.js";
import { isMfgcPrettierConfig, PRETTIER_CONFIG_FILE } from "../codegen/format-code.js";
import { folderNameFor, type GeneratedFile } from "../codegen/generate.js";
import { entryKind, isInside, isLeftoverTemp, linkOnTheWay, listFiles, readHead, readIfExists, tempFileOwner } from "./write-files.js";

/** Where the build's spec paths came from: the directories it scanned and the files it was given. */
export interface BuildScope {
  readonly dirs: readonly string[];
  readonly files: readonly string[];
}

export interface PlannedWrite {
  readonly file: GeneratedFile;
  readonly state: "missing" | "changed" | "same";
}

/** Why the build cannot proceed for one path (output-relative, `/`-separated). */
export interface Refusal {
  readonly path: string;
  readonly kind: "link" | "foreign-in-the-way";
  /** For `foreign-in-the-way`: the spec the file's banner names, when it has one. */
  readonly otherSpec?: string;
}

export interface OutputPlan {
  readonly writes: readonly PlannedWrite[];
  /** Generated earlier for a spec of this folder, produced by nothing now: deleted by a build. */
  readonly orphans: readonly string[];
  /** Not written by mfgc for this folder's spec: reported, never touched. */
  readonly foreign: readonly string[];
  /** Temp files of runs that were killed between creating and renaming them. */
  readonly leftovers: readonly string[];
  readonly refusals: readonly Refusal[];
  /** Folders whose spec is gone; emptied folders among them are removed after the orphans. */
  readonly orphanFolders: readonly string[];
}

function toPosix(p: string): string {
  return p.split(sep).join("/");
}

/** The spec a generated folder belongs to, from its `index.ts` banner, when it is an orphan of this build. */
function deletedSpecOf(outRoot: string, folder: string, scope: BuildScope): string | undefined {
  const banner = readBanner(readHead(join(outRoot, folder, "index.ts")) ?? "");
  if (banner === undefined || folderNameFor(banner.specPath) !== folder) return undefined;
  const spec = resolve(banner.specPath);
  const inScope = scope.files.some((f) => resolve(f) === spec) || scope.dirs.some((d) => isInside(d, spec));
  return inScope && !existsSync(spec) ? banner.specPath : undefined;
}

/**
 * Plans a build of `generated` into `outRoot` (an existing directory or none yet). `specOf` maps each
 * folder of this build to its spec path as written into banners (relative to the working directory).
 */
export function planOutput(outRoot: string, generated: readonly GeneratedFile[], specOf: ReadonlyMap<string, string>, scope: BuildScope): OutputPlan {
  const expected = new Set(generated.map((g) => g.path));
  const refusals: Refusal[] = [];
  const writes: PlannedWrite[] = [];
  for (const g of generated) {
    const target = resolve(outRoot, g.path);
    const link = linkOnTheWay(outRoot, target);
    if (link !== undefined) {
      refusals.push({ path: toPosix(relative(outRoot, link)), kind: "link" });
      continue;
    }
    const kind = entryKind(target);
    if (kind === "missing") {
      writes.push({ file: g, state: "missing" });
      continue;
    }
    const text = kind === "file" ? readIfExists(target) : undefined;
    if (text === g.content) {
      writes.push({ file: g, state: "same" });
      continue;
    }
    if (g.path === PRETTIER_CONFIG_FILE) {
      // The pinned formatter settings at the output root carry no banner (JSON has no comments).
      if (text !== undefined && isMfgcPrettierConfig(text)) writes.push({ file: g, state: "changed" });
      else refusals.push({ path: g.path, kind: "foreign-in-the-way" });
      continue;
    }
    // Only a file this spec generated (or one whose spec no longer exists) may be replaced.
    const banner = text === undefined ? undefined : readBanner(text);
    const folder = g.path.split("/")[0]!;
    const ours = banner !== undefined && (banner.specPath === bannerSpecPath(specOf.get(folder) ?? "") || !existsSync(resolve(banner.specPath)));
    if (ours) writes.push({ file: g, state: "changed" });
    else refusals.push({ path: g.path, kind: "foreign-in-the-way", ...(banner !== undefined ? { otherSpec: banner.specPath } : {}) });
  }

  const folders = new Map<string, string>();
  for (const [folder, spec] of specOf) folders.set(folder, bannerSpecPath(spec));
  const orphanFolders: string[] = [];
  if (entryKind(outRoot) === "directory") {
    for (const e of readdirSync(outRoot, { withFileTypes: true })) {
      if (!e.isDirectory() || folders.has(e.name)) continue;
      const spec = deletedSpecOf(outRoot, e.name, scope);
      if (spec !== undefined) {
        folders.set(e.name, spec);
        orphanFolders.push(e.name);
      }
    }
  }

  const orphans: string[] = [];
  const foreign: string[] = [];
  const leftovers: string[] = [];
  for (const [folder, spec] of [...folders].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (entryKind(join(outRoot, folder)) !== "directory") continue;
    for (const f of listFiles(join(outRoot, folder))) {
      const rel = posix.join(folder, f);
      if (expected.has(rel)) continue;
      const name = posix.basename(f);
      if (tempFileOwner(name) !== undefined) {
        if (isLeftoverTemp(name)) leftovers.push(rel);
        continue; // a concurrent build's temp file: not ours to judge
      }
      const banner = readBanner(readHead(join(outRoot, rel)) ?? "");
      // Generated for this folder's spec, or for a spec of the same folder name that is gone (a move).
      const ours = banner !== undefined && (banner.specPath === spec || (folderNameFor(banner.specPath) === folder && !existsSync(resolve(banner.specPath))));
      if (ours) orphans.push(rel);
      else foreign.push(rel);
    }
  }
  // The output root holds one generated file of its own (the formatter settings): a build killed while
  // writing it leaves its temp file there. Only the current temp name counts at the root (it may be a
  // project folder, where an old-style `.<n>.<n>.tmp` could be anyone's).
  if (entryKind(outRoot) === "directory") {
    for (const e of readdirSync(outRoot, { withFileTypes: true })) {
      if (e.isFile() && e.name.startsWith(".mfgc-") && isLeftoverTemp(e.name)) leftovers.push(e.name);
    }
  }
  return { writes, orphans, foreign, leftovers, refusals, orphanFolders };
}
