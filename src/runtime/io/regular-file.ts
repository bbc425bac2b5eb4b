/**
 * Opening files that a spec names (the spec itself, its data) without trusting what they are.
 *
 * - A FIFO blocks `open(2)` until a writer appears, and a read from it blocks until the writer writes:
 *   files are opened with `O_NONBLOCK` and refused unless `fstat` says "regular file", so nothing waits.
 * - A device or a link to one (`/dev/zero`, `/dev/urandom`) has size 0 and never ends: a size check
 *   passes and a plain read never stops. Only regular files are read, and reads stop at a cap.
 * - `/proc` and `/sys` files claim to be regular, have size 0, and hold process secrets
 *   (`/proc/self/environ`): paths that resolve into them are refused outright.
 *
 * The check is made on the opened descriptor (`fstat`), so swapping the file between a check and the
 * read cannot slip a FIFO through.
 */
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync, statSync, type Stats } from "node:fs";
import { open, realpath, stat, type FileHandle } from "node:fs/promises";
import path from "node:path";

/** Why a path was refused, in words for a message ("a FIFO (named pipe)"). */
export type NotRegularKind = "directory" | "FIFO (named pipe)" | "character device" | "block device" | "socket" | "kernel pseudo-file" | "special file";

/** Thrown by the openers below for a path that is not a regular file; callers turn it into a diagnostic. */
export class NotRegularFileError extends Error {
  override readonly name = "NotRegularFileError";
  constructor(
    readonly file: string,
    readonly kind: NotRegularKind,
  ) {
    super(`${file} is a ${kind}, not a regular file`);
  }
}

/** Read-only, never blocking on a FIFO, never becoming the controlling terminal. */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);

/** Kernel pseudo-file systems: their "regular" files are views of process and machine state. */
const PSEUDO_ROOTS = ["/proc", "/sys", "/dev"] as const;

/** Whether an absolute, symlink-free path lies in `/proc`, `/sys` or `/dev` (POSIX only). */
export function isPseudoFilePath(real: string): boolean {
  if (path.sep !== "/") return false;
  return PSEUDO_ROOTS.some((root) => real === root || real.startsWith(`${root}/`));
}

/** What a file is when it is not a regular file (undefined for a regular file). */
export function kindOf(st: Pick<Stats, "isFile" | "isDirectory" | "isFIFO" | "isCharacterDevice" | "isBlockDevice" | "isSocket">): NotRegularKind | undefined {
  if (st.isFile()) return undefined;
  if (st.isDirectory()) return "directory";
  if (st.isFIFO()) return "FIFO (named pipe)";
  if (st.isCharacterDevice()) return "character device";
  if (st.isBlockDevice()) return "block device";
  if (st.isSocket()) return "socket";
  return "special file";
}

/**
 * Opens `file` for reading (synchronously) if it is a regular file outside the kernel's pseudo-file
 * systems; returns the descriptor. Throws {@link NotRegularFileError}, or the `open` error (ENOENT, …).
 */
export function openRegularFileSync(file: string): number {
  // Say what the file is before opening it (opening some devices has effects), then check the path.
  const before = kindOf(statSync(file));
  if (before !== undefined) throw new NotRegularFileError(file, before);
  if (isPseudoFilePath(realpathSync(file))) throw new NotRegularFileError(file, "kernel pseudo-file");
  const fd = openSync(file, OPEN_FLAGS);
  const kind = kindOf(fstatSync(fd));
  if (kind !== undefined) {
    closeSync(fd);
    throw new NotRegularFileError(file, kind);
  }
  return fd;
}

/** The async twin of {@link openRegularFileSync}, for the data loaders. */
export async function openRegularFile(file: string): Promise<FileHandle> {
  const before = kindOf(await stat(file));
  if (before !== undefined) throw new NotRegularFileError(file, before);
  if (isPseudoFilePath(await realpath(file))) throw new NotRegularFileError(file, "kernel pseudo-file");
  const fh = await open(file, OPEN_FLAGS);
  const kind = kindOf(await fh.stat());
  if (kind !== undefined) {
    await fh.close();
    throw new NotRegularFileError(file, kind);
  }
  return fh;
}

/** What {@link readCappedSync} read: the bytes, and whether the file holds more than the cap. */
export interface CappedRead {
  readonly bytes: Buffer;
  /** True when the file is longer than `cap` bytes (only `cap + 1` bytes were read to find out). */
  readonly overCap: boolean;
}

/** The first read buffer: the file's reported size plus one (at least 64 KiB), never over `cap + 1`. */
function firstBuffer(size: number, cap: number): Buffer {
  return Buffer.allocUnsafe(Math.min(cap + 1, Math.max(64 * 1024, size + 1)));
}

/**
 * Where the next bytes go after `len` were read into `out`: `out` while it has room, a copy twice as
 * large (at most `cap + 1` bytes) when it is full, undefined when `cap + 1` bytes are in.
 */
function roomFor(out: Buffer, len: number, cap: number): Buffer | undefined {
  if (len < out.length) return out;
  if (out.length >= cap + 1) return undefined;
  const grown = Buffer.allocUnsafe(Math.min(cap + 1, out.length * 2));
  out.copy(grown, 0, 0, len);
  return grown;
}

/**
 * Reads a regular file, at most `cap + 1` bytes of it: a file that grows while it is read, or that
 * reports a wrong size, can never make us read more. Throws like {@link openRegularFileSync}.
 */
export function readCappedSync(file: string, cap: number): CappedRead {
  const fd = openRegularFileSync(file);
  try {
    let out = firstBuffer(fstatSync(fd).size, cap);
    let len = 0;
    for (let room: Buffer | undefined = out; room !== undefined; room = roomFor(out, len, cap)) {
      out = room;
      const n = readSync(fd, out, len, out.length - len, null);
      if (n === 0) break;
      len += n;
    }
    return { bytes: out.subarray(0, Math.min(len, cap)), overCap: len > cap };
  } finally {
    closeSync(fd);
  }
}

/**
 * The async twin of {@link readCappedSync}: opens `file` with {@link openRegularFile} and reads at most
 * `cap + 1` bytes. Throws like {@link openRegularFile}.
 */
export async function readCapped(file: string, cap: number): Promise<CappedRead> {
  const fh = await openRegularFile(file);
  try {
    let out = firstBuffer((await fh.stat()).size, cap);
    let len = 0;
    for (let room: Buffer | undefined = out; room !== undefined; room = roomFor(out, len, cap)) {
      out = room;
      const { bytesRead } = await fh.read(out, len, out.length - len, null);
      if (bytesRead === 0) break;
      len += bytesRead;
    }
    return { bytes: out.subarray(0, Math.min(len, cap)), overCap: len > cap };
  } finally {
    await fh.close();
  }
}
