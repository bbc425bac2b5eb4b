/**
 * Reads IDX files (the MNIST format), raw or gzip-compressed, as a stream of whole records. One code path
 * serves the in-memory loader and the streaming one, and it validates as it goes: magic number, element
 * type, dimensions, and an exact payload length. Decompressed bytes are never read past what the header
 * declares (plus one chunk), so a decompression bomb costs at most one chunk of memory.
 */
import type { FileHandle } from "node:fs/promises";
import { createGunzip } from "node:zlib";
import type { Readable } from "node:stream";
import { dataError, DAMAGED_FILE_HINT, fileErrorHint } from "./data-error.js";
import { excerpt } from "../../diagnostics/escape.js";
import { openDataFile } from "./data-path.js";

/** Element type codes of the IDX format and their byte widths. */
const ELEMENT_BYTES: Readonly<Record<number, number>> = { 0x08: 1, 0x09: 1, 0x0b: 2, 0x0c: 4, 0x0d: 4, 0x0e: 8 };

/** A parsed IDX header. `dims[0]` is the record count. */
export interface IdxHeader {
  readonly typeCode: number;
  readonly dims: readonly number[];
  readonly headerBytes: number;
  readonly recordBytes: number;
  /** Bytes after the header that the header declares. */
  readonly payloadBytes: number;
}

/** An opened IDX file: its header and an iterator over blocks of whole records (each block a multiple of `recordBytes`). */
export interface OpenIdx {
  readonly header: IdxHeader;
  readonly blocks: AsyncGenerator<Uint8Array, void, undefined>;
  close(): void;
}

async function isGzip(file: string): Promise<boolean> {
  const fh = await openDataFile(file);
  try {
    const buf = Buffer.alloc(2);
    const { bytesRead } = await fh.read(buf, 0, 2, 0);
    return bytesRead === 2 && buf[0] === 0x1f && buf[1] === 0x8b;
  } finally {
    await fh.close();
  }
}

function byteStream(fh: FileHandle, gz: boolean): Readable {
  const raw = fh.createReadStream({ highWaterMark: 1 << 16 });
  if (!gz) return raw;
  // Small output chunks bound how far past the declared size a bomb can push us before we stop it.
  const gunzip = createGunzip({ chunkSize: 1 << 16 });
  raw.on("error", (e) => gunzip.destroy(e));
  // Destroying the gunzip (reading stopped early) must close the file too, not leave it to the GC.
  gunzip.on("close", () => raw.destroy());
  return raw.pipe(gunzip);
}

/**
 * Opens `file` and parses its header. `maxRecords` stops reading early (the trailing-bytes check then
 * does not run, since the rest of the file is never read).
 */
export async function openIdx(file: string, maxRecords: number | null = null): Promise<OpenIdx> {
  const gz = await isGzip(file);
  const stream = byteStream(await openDataFile(file), gz);
  const it = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let pending: Buffer = Buffer.alloc(0);
  /** Decompressed offset of `pending[0]`. */
  let offset = 0;

  const pull = async (): Promise<boolean> => {
    let r: IteratorResult<Buffer>;
    try {
      r = await it.next();
    } catch (e) {
      const at = offset + pending.length;
      if (gz) throw dataError("MFG4002", file, `gzip data is corrupt (after ${at} decompressed bytes): ${excerpt((e as Error).message, 120)}`, at, [`${DAMAGED_FILE_HINT} (\`gzip -t\` tests a .gz file)`]);
      throw dataError("MFG4001", file, `cannot read data file at byte ${at}: ${excerpt((e as Error).message, 120)}`, at, [fileErrorHint(e)]);
    }
    if (r.done) return false;
    pending = pending.length === 0 ? r.value : Buffer.concat([pending, r.value]);
    return true;
  };
  const consume = (k: number): Buffer => {
    const out = pending.subarray(0, k);
    pending = pending.subarray(k);
    offset += k;
    return out;
  };

  try {
    while (pending.length < 4) {
      if (!(await pull())) throw dataError("MFG4103", file, `IDX header is truncated: expected at least 4 bytes, found ${pending.length}`, pending.length, [DAMAGED_FILE_HINT]);
    }
    const magic = pending.readUInt32BE(0);
    const typeCode = pending[2]!;
    const ndims = pending[3]!;
    if (pending[0] !== 0 || pending[1] !== 0 || ndims === 0) {
      throw dataError("MFG4101", file, `not an IDX file: magic number at byte 0 is 0x${magic.toString(16).padStart(8, "0")}, expected 0x0000TTDD (TT type, DD dimensions ≥ 1)`, 0, [
        "`idx(…)` reads IDX files such as MNIST's; read images in class folders with `image_folder(…)` and tables with `csv(…)`",
      ]);
    }
    const elementBytes = ELEMENT_BYTES[typeCode];
    if (elementBytes === undefined) {
      throw dataError("MFG4102", file, `unsupported IDX element type 0x${typeCode.toString(16).padStart(2, "0")} at byte 2; expected one of 08, 09, 0b, 0c, 0d, 0e`, 2, [
        "write the file with one of the IDX element types (08 unsigned byte, as MNIST uses, up to 0e double)",
      ]);
    }
    const headerBytes = 4 + 4 * ndims;
    while (pending.length < headerBytes) {
      if (!(await pull())) throw dataError("MFG4103", file, `IDX header is truncated: ${ndims} dimensions need ${headerBytes} header bytes, found ${pending.length}`, pending.length, [DAMAGED_FILE_HINT]);
    }
    const dims: number[] = [];
    for (let d = 0; d < ndims; d++) dims.push(pending.readUInt32BE(4 + 4 * d));
    consume(headerBytes);
    const recordElements = dims.slice(1).reduce((a, b) => a * b, 1);
    const recordBytes = recordElements * elementBytes;
    const payloadBytes = dims[0]! * recordBytes;
    if (!Number.isSafeInteger(payloadBytes) || recordBytes === 0) {
      throw dataError("MFG4106", file, `IDX dimensions [${dims.join(", ")}] at byte 4 describe an impossible payload`, 4, [DAMAGED_FILE_HINT]);
    }
    const header: IdxHeader = { typeCode, dims, headerBytes, recordBytes, payloadBytes };
    const wanted = maxRecords === null ? dims[0]! : Math.min(dims[0]!, maxRecords);
    const total = headerBytes + payloadBytes;

    async function* blocks(): AsyncGenerator<Uint8Array, void, undefined> {
      try {
        let remaining = wanted;
        while (remaining > 0) {
          if (pending.length < recordBytes) {
            if (!(await pull())) {
              throw dataError(
                "MFG4103",
                file,
                `IDX file is truncated: header declares ${dims[0]} records (${total} bytes), but the data ends at byte ${offset + pending.length}`,
                offset + pending.length,
                [DAMAGED_FILE_HINT],
              );
            }
            continue;
          }
          const k = Math.min(remaining, Math.floor(pending.length / recordBytes));
          // Copy: the caller may keep the block while we keep reading into `pending`.
          yield Uint8Array.prototype.slice.call(consume(k * recordBytes));
          remaining -= k;
        }
        if (wanted === dims[0] && (pending.length > 0 || (await pull()))) {
          throw dataError(
            "MFG4104",
            file,
            `IDX file has data beyond the ${total} bytes its header declares (found more at byte ${offset}); refusing to read further`,
            offset,
            ["the header's record count and the data disagree: download or copy the file again, or rewrite its header with the true count"],
          );
        }
      } finally {
        stream.destroy();
      }
    }
    return { header, blocks: blocks(), close: () => stream.destroy() };
  } catch (e) {
    stream.destroy();
    throw e;
  }
}

/** Decodes big-endian IDX elements of `typeCode` into floats. */
export function decodeIdxElements(bytes: Uint8Array, typeCode: number, out: Float32Array, outOffset: number, scale = 1): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = bytes.byteLength / ELEMENT_BYTES[typeCode]!;
  for (let i = 0; i < n; i++) {
    let v: number;
    switch (typeCode) {
      case 0x08: v = bytes[i]!; break;
      case 0x09: v = view.getInt8(i); break;
      case 0x0b: v = view.getInt16(i * 2, false); break;
      case 0x0c: v = view.getInt32(i * 4, false); break;
      case 0x0d: v = view.getFloat32(i * 4, false); break;
      default: v = view.getFloat64(i * 8, false);
    }
    out[outOffset + i] = v * scale;
  }
}

/** Reads just the header (for sizing decisions and count checks before any payload is read). */
export async function readIdxHeader(file: string): Promise<IdxHeader> {
  const opened = await openIdx(file, 0);
  opened.close();
  return opened.header;
}
