/**
 * Issue 14, items 1 and 5: spec and data files that are not regular files, and data paths that lead
 * out of the spec's project. A FIFO named `x.mfgnet` used to block `mfgc check` forever, a link to
 * `/dev/zero` read gigabytes, and `/proc/self/environ` named as a CSV printed the environment.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { DataError } from "../../src/runtime/data/data-error.js";
import { projectRootOf } from "../../src/runtime/data/data-path.js";
import { loadData } from "../../src/runtime/data/load.js";
import type { DataConfig } from "../../src/runtime/config.js";
import { readCappedSync } from "../../src/runtime/io/regular-file.js";
import { mfgc } from "../cli/run-cli.js";
import { scratch } from "./helpers.js";

const posix = process.platform !== "win32";
const SPEC = "model M {\n  input x: f32[2]\n  x -> dense(1) as y\n  output y\n}\n";
const SIG = { inputs: [{ name: "x", shape: [null, 2] as (number | null)[], dtype: "float32" as const }], outputs: [{ name: "y", shape: [null, 1] as (number | null)[], loss: "mse" as const }] };

function csvConfig(path: string): DataConfig {
  return { train: { kind: "csv", path, features: ["a", "b"], labels: { y: "c" }, groupBy: null, normalize: "none", window: null, limit: null }, validation: null, test: null };
}

async function dataError(config: DataConfig, specDir: string, dataRoots?: string[]): Promise<DataError> {
  const e = await loadData(config, { specDir, signature: SIG, ...(dataRoots ? { dataRoots } : {}) }).then(
    () => undefined,
    (x: unknown) => x,
  );
  if (!(e instanceof DataError)) throw new Error(`expected a DataError, got ${String(e)}`);
  return e;
}

describe.skipIf(!posix)("spec files that are not regular files", () => {
  test("a FIFO named x.mfgnet is refused at once (MFG9080), not waited on", async () => {
    const dir = scratch();
    const fifo = join(dir, "x.mfgnet");
    execFileSync("mkfifo", [fifo]);
    const t0 = Date.now();
    const r = await mfgc("check", fifo);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("MFG9080");
    expect(r.stderr).toContain("FIFO");
    expect(Date.now() - t0).toBeLessThan(5_000);
  });

  test("a .mfgnet link to /dev/zero is a character device (MFG9080), nothing is read", async () => {
    const dir = scratch();
    symlinkSync("/dev/zero", join(dir, "z.mfgnet"));
    const r = await mfgc("check", join(dir, "z.mfgnet"));
    expect(r.stderr).toContain("MFG9080");
    expect(r.stderr).toContain("character device");
  });

  test("a .mfgnet link to /proc/self/environ is refused as a kernel pseudo-file, and nothing of it is printed", async () => {
    const dir = scratch();
    symlinkSync("/proc/self/environ", join(dir, "e.mfgnet"));
    process.env["MFGC_TEST_SECRET"] = "hunter2-secret-value";
    const r = await mfgc("check", join(dir, "e.mfgnet"));
    expect(r.stderr).toContain("MFG9080");
    expect(r.stderr).not.toContain("hunter2");
  });

  test("reads stop at the cap plus one byte, whatever the file claims", () => {
    const dir = scratch();
    writeFileSync(join(dir, "big"), "x".repeat(10_000));
    // 10,000 bytes against a cap of 100: 101 bytes are read, 100 returned, and the file is over the cap.
    const r = readCappedSync(join(dir, "big"), 100);
    expect(r.bytes.length).toBe(100);
    expect(r.overCap).toBe(true);
    expect(readCappedSync(join(dir, "big"), 10_000).overCap).toBe(false);
  });
});

describe.skipIf(!posix)("data files: regular files inside the spec's project only", () => {
  test("the project is the nearest folder with package.json or .git, else the spec's folder", () => {
    const dir = scratch();
    mkdirSync(join(dir, "specs", "deep"), { recursive: true });
    expect(projectRootOf(join(dir, "specs", "deep"))).toBe(join(dir, "specs", "deep"));
    writeFileSync(join(dir, "package.json"), "{}");
    expect(projectRootOf(join(dir, "specs", "deep"))).toBe(dir);
  });

  test("/etc/passwd and ../../.. paths are outside the project (MFG4905); --data-root allows a folder", async () => {
    const dir = scratch();
    writeFileSync(join(dir, "package.json"), "{}");
    expect((await dataError(csvConfig("/etc/passwd"), dir)).code).toBe("MFG4905");
    expect((await dataError(csvConfig("../../../../../../etc/passwd"), dir)).code).toBe("MFG4905");
    // Allowed explicitly: now it is read, and is a bad CSV for this spec (no column `a`), not a path error.
    expect((await dataError(csvConfig("/etc/passwd"), dir, ["/etc"])).code).toBe("MFG4202");
  });

  test("a link inside the project that leads out of it is outside (MFG4905)", async () => {
    const dir = scratch();
    writeFileSync(join(dir, "package.json"), "{}");
    symlinkSync("/etc/passwd", join(dir, "data.csv"));
    const e = await dataError(csvConfig("data.csv"), dir);
    expect(e.code).toBe("MFG4905");
    expect(e.diagnostic.message).toContain("/etc/passwd");
  });

  test("/proc/self/environ is refused even when / is allowed, and no secret is printed", async () => {
    const dir = scratch();
    process.env["MFGC_TEST_SECRET"] = "hunter2-secret-value";
    const e = await dataError(csvConfig("/proc/self/environ"), dir, ["/"]);
    expect(e.code).toBe("MFG4906");
    expect(JSON.stringify(e.diagnostic)).not.toContain("hunter2");
  });

  test("a FIFO as a CSV and /dev/zero as IDX are refused (MFG4906), not read", async () => {
    const dir = scratch();
    execFileSync("mkfifo", [join(dir, "pipe.csv")]);
    symlinkSync("/dev/zero", join(dir, "zero.idx"));
    expect((await dataError(csvConfig("pipe.csv"), dir)).code).toBe("MFG4906");
    const idx: DataConfig = { train: { kind: "idx", images: "zero.idx", labels: "zero.idx", scale: 1, limit: null }, validation: null, test: null };
    expect((await dataError(idx, dir, ["/dev"])).code).toBe("MFG4906");
  });

  test("mfgc train on a spec naming /etc/passwd stops before writing anything, printing none of it", async () => {
    const dir = scratch();
    const spec = join(dir, "leak.mfgnet");
    writeFileSync(
      spec,
      `${SPEC}train M {\n  data { train: csv("/etc/passwd", features: [a, b], labels: c) }\n  loss mse\n  epochs 1\n}\n`,
    );
    // The run folder must sit where mfgc is installed (the generated code imports it): the repo's .tmp/.
    const out = join(import.meta.dirname, "..", "..", ".tmp", `leak-${process.pid}-${Date.now()}`);
    const r = await mfgc("train", spec, "--out", out, "--backend", "cpu");
    // Refused at the check (MFG4933, an error for `train`), before code generation, backend or run folder.
    const wroteSomething = existsSync(out);
    rmSync(out, { recursive: true, force: true });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error MFG4933/);
    expect(wroteSomething).toBe(false);
    expect(r.stderr).toContain("--data-root");
    expect(r.stderr).not.toMatch(/root:x?:0:0/);
  });
});
