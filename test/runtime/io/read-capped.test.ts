/**
 * readCapped / readCappedSync read at most `cap + 1` bytes of a regular file, growing their buffer from
 * 64 KiB: the contents must come back byte for byte across the growth steps, and `overCap` must say
 * whether the file holds more than `cap` bytes (expected values: the file written here, sliced).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { readCapped, readCappedSync } from "../../../src/runtime/io/regular-file.js";
import { scratch } from "../../hostile/helpers.js";

describe("capped reads", () => {
  const file = join(scratch(), "bytes.bin");
  // 200,000 bytes: larger than the first 64 KiB buffer, so the buffer grows twice (128 KiB, then the cap).
  const bytes = Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 31 + 7) % 251));
  writeFileSync(file, bytes);

  test.each([
    [300_000, false],
    [200_000, false],
    [199_999, true],
    [150_000, true],
  ])("cap %i: overCap %s, the first min(size, cap) bytes", async (cap, over) => {
    for (const r of [readCappedSync(file, cap), await readCapped(file, cap)]) {
      expect(r.overCap).toBe(over);
      expect(Buffer.compare(r.bytes, bytes.subarray(0, Math.min(bytes.length, cap)))).toBe(0);
    }
  });
});
