/**
 * Where a spec's data may come from. A spec is untrusted input (it may arrive in a pull request), and
 * its data paths are read by `mfgc train` in CI: `/proc/self/environ` named as a CSV would print the
 * runner's secrets in the header error. So a data path must resolve — links followed — inside the
 * spec's project (the nearest folder above the spec holding `package.json` or `.git`, else the spec's
 * own folder) or inside a folder the person running mfgc allowed on the command line (`--data-root`);
 * and what it names must be a regular file (or, for image folders, a folder), never a FIFO, a device or
 * a kernel pseudo-file.
 */
import { existsSync } from "node:fs";
import { realpath, stat } from "node:fs/promises";
import path from "node:path";
import { isPseudoFilePath, kindOf, NotRegularFileError, openRegularFile } from "../io/regular-file.js";
import type { FileHandle } from "node:fs/promises";
import { dataError, fileErrorHint } from "./data-error.js";

/** Files whose presence marks a project's root folder. */
const PROJECT_MARKERS = ["package.json", ".git"] as const;

/** The project a spec in `specDir` belongs to: the nearest folder at or above it with a project marker. */
export function projectRootOf(specDir: string): string {
  const start = path.resolve(specDir);
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (PROJECT_MARKERS.some((m) => existsSync(path.join(dir, m)))) return dir;
    if (path.dirname(dir) === dir) return start;
  }
}

/** Where data may be read from: the spec's project plus the folders allowed on the command line. */
export interface DataRoots {
  /** Absolute, links resolved. */
  readonly roots: readonly string[];
  /** The spec's project root (named in messages). */
  readonly project: string;
}

/** The data roots for a spec in `specDir` with `allowed` extra folders (relative to the working directory). */
export async function dataRootsFor(specDir: string, allowed: readonly string[] = []): Promise<DataRoots> {
  const project = projectRootOf(specDir);
  const roots: string[] = [];
  for (const r of [project, ...allowed]) {
    try {
      roots.push(await realpath(path.resolve(r)));
    } catch {
      // A root that does not exist allows nothing.
    }
  }
  return { roots, project };
}

/** Whether the absolute path `p` is `root` or lies below it (by name: resolve links first). */
export function isInsideFolder(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

/** Whether `real` (absolute, links resolved) lies inside one of the data roots. */
export function insideDataRoots(roots: DataRoots, real: string): boolean {
  return roots.roots.some((r) => isInsideFolder(r, real));
}

/**
 * Resolves a data path of the spec against `specDir` and checks where it really leads. Returns the
 * absolute path (as written, links not resolved, for messages). Throws MFG4001 when it does not exist,
 * MFG4905 when it leads outside the data roots, MFG4906 when it is not a regular file (or, with
 * `folder`, not a folder).
 */
export async function resolveDataPath(specDir: string, p: string, roots: DataRoots, kind: "file" | "folder" = "file"): Promise<string> {
  const file = path.resolve(specDir, p);
  let real: string;
  try {
    real = await realpath(file);
  } catch (e) {
    throw dataError("MFG4001", file, `cannot open data ${kind}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, 0, [fileErrorHint(e)]);
  }
  if (isPseudoFilePath(real)) throw notRegular(file, "kernel pseudo-file");
  if (!insideDataRoots(roots, real)) {
    const where = real === file ? "" : ` (it leads to \`${real}\`)`;
    throw dataError("MFG4905", file, `data path \`${p}\`${where} is outside the spec's project \`${roots.project}\``, 0, [
      "data must lie inside the project; to read it from elsewhere, allow its folder when you run mfgc: `--data-root <folder>`",
    ]);
  }
  const st = await stat(real);
  if (kind === "folder" ? !st.isDirectory() : !st.isFile()) throw notRegular(file, kind === "folder" ? "file, not a folder" : (kindOf(st) ?? "special file"));
  return file;
}

function notRegular(file: string, kind: string) {
  return dataError("MFG4906", file, `data path is a ${kind}, not a regular file`, 0, ["name a regular data file; mfgc does not read pipes, devices or kernel pseudo-files"]);
}

/**
 * Opens a data file checked by {@link resolveDataPath} for reading, re-checking on the opened descriptor
 * that it is still a regular file (it could have been swapped for a FIFO in between).
 */
export async function openDataFile(file: string): Promise<FileHandle> {
  try {
    return await openRegularFile(file);
  } catch (e) {
    if (e instanceof NotRegularFileError) throw notRegular(file, e.kind);
    throw dataError("MFG4001", file, `cannot open data file: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, 0, [fileErrorHint(e)]);
  }
}
