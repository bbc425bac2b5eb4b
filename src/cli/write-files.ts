/**
 * Writing generated files safely: temp file in the same directory, fsync, rename, fsync the directory;
 * a file whose bytes are unchanged is not touched (timestamps stay, watchers stay quiet). Nothing is
 * ever read, written or deleted through a symbolic link inside the output folder, and the temp files a
 * killed run leaves behind carry a name that says whose they were, so the next run can remove them.
 */
import { randomBytes } from "node:crypto";
import { closeSync, constants, fstatSync, fsyncSync, lstatSync, mkdirSync, openSync, readFileSync, readSync, readdirSync, renameSync, rmSync, rmdirSync, writeSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";

export function isInside(root: string, path: string): boolean {
  const rel = relative(resolve(root), resolve(path));
  return rel !== "" && !rel.startsWith("..") && !rel.split(sep).includes("..") && !/^[A-Za-z]:/.test(rel) && !rel.startsWith(sep);
}

/** `.mfgc-<pid>-<random>.tmp`: a temp file of {@link writeFileAtomic}, and the process that made it. */
const TEMP_FILE = /^\.mfgc-(\d+)-[0-9a-f]+\.tmp$/;
/** The temp names of mfgc before 0.2 (`.<pid>.<ms>.tmp`), still recognized so their leftovers go too. */
const OLD_TEMP_FILE = /^\.(\d+)\.\d+\.tmp$/;

/** The pid in a temp file name of {@link writeFileAtomic}, or undefined for any other name. */
export function tempFileOwner(name: string): number | undefined {
  const m = TEMP_FILE.exec(name) ?? OLD_TEMP_FILE.exec(name);
  return m === null ? undefined : Number(m[1]);
}

/** Whether a temp file named `name` is a leftover: its process is gone (or is this one, between writes). */
export function isLeftoverTemp(name: string): boolean {
  const pid = tempFileOwner(name);
  if (pid === undefined) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    // EPERM: the process exists but is someone else's; only ESRCH says it is gone.
    return (e as NodeJS.ErrnoException).code === "ESRCH";
  }
}

export function writeFileAtomic(path: string, content: string): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `.mfgc-${process.pid}-${randomBytes(6).toString("hex")}.tmp`);
  const fd = openSync(tmp, "wx");
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  }
  closeSync(fd);
  renameSync(tmp, path);
  try {
    const dfd = openSync(dir, "r");
    fsyncSync(dfd);
    closeSync(dfd);
  } catch {
    // Some file systems refuse fsync on directories; the rename itself is still atomic.
  }
}

/** What is at a path, without following a final symbolic link. */
export type EntryKind = "file" | "directory" | "symlink" | "other" | "missing";

export function entryKind(path: string): EntryKind {
  try {
    const st = lstatSync(path);
    return st.isSymbolicLink() ? "symlink" : st.isFile() ? "file" : st.isDirectory() ? "directory" : "other";
  } catch {
    return "missing";
  }
}

/** Opens a regular file for reading, never through a final link and never waiting on a FIFO. */
function openNoFollow(path: string): number | undefined {
  try {
    const fd = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
    if (fstatSync(fd).isFile()) return fd;
    closeSync(fd);
  } catch {
    // missing, a link, or unreadable: not a file we read
  }
  return undefined;
}

/** The text of a regular file (never through a link), or undefined when there is none. */
export function readIfExists(path: string): string | undefined {
  const fd = openNoFollow(path);
  if (fd === undefined) return undefined;
  try {
    return readFileSync(fd, "utf8");
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** The first bytes of a regular file (never through a link): enough to read a generated banner. */
export function readHead(path: string, bytes = 1024): string | undefined {
  const fd = openNoFollow(path);
  if (fd === undefined) return undefined;
  try {
    const buf = Buffer.alloc(bytes);
    let len = 0;
    while (len < buf.length) {
      const n = readSync(fd, buf, len, buf.length - len, null);
      if (n === 0) break;
      len += n;
    }
    return buf.subarray(0, len).toString("utf8");
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/**
 * The first path component at or below `root` (exclusive) on the way to `path` that is a symbolic
 * link or not a directory where a directory is needed, if any. A write or delete through such a link
 * would land outside the output folder.
 */
export function linkOnTheWay(root: string, path: string): string | undefined {
  const parts = relative(root, path).split(sep);
  let at = root;
  for (let i = 0; i < parts.length; i++) {
    at = join(at, parts[i]!);
    const kind = entryKind(at);
    if (kind === "missing") return undefined;
    if (kind === "symlink") return at;
    if (i < parts.length - 1 && kind !== "directory") return at;
  }
  return undefined;
}

/** Every file under `dir` (links are listed, never followed), relative to it, `/`-separated, sorted. */
export function listFiles(dir: string): string[] {
  if (entryKind(dir) !== "directory") return [];
  const out: string[] = [];
  const walk = (d: string, prefix: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const rel = prefix ? `${prefix}/${e.name}` : e.name;
      if (e.isDirectory()) walk(join(d, e.name), rel);
      else out.push(rel);
    }
  };
  walk(dir, "");
  return out.sort();
}

/** Removes a file (or a link itself, never its target). */
export function removeFile(path: string): void {
  rmSync(path, { force: true });
}

/** Removes `dir` and then its parents up to (not including) `root`, as long as each is empty. */
export function removeEmptyDirs(root: string, dir: string): void {
  for (let d = dir; isInside(root, d); d = dirname(d)) {
    try {
      if (readdirSync(d).length > 0) return;
      rmdirSync(d);
    } catch {
      return;
    }
  }
}
