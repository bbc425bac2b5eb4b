/**
 * Issue 14, item 3: reruns never destroy earlier runs. Rerunning into the same `--out` used to delete
 * the earlier checkpoints and truncate `metrics.jsonl`, and two runs could write one folder at once.
 * Now an earlier run is refused (MFG4908) unless `--resume` or `--overwrite` is given, a lock refuses a
 * concurrent run (MFG4907; a killed run's stale lock is taken over), and `run.json` records the run.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, test } from "vitest";
import { DataError } from "../../src/runtime/data/data-error.js";
import { runTraining, type RunTrainingOptions } from "../../src/runtime/train/run-training.js";
import { mfgc } from "../cli/run-cli.js";
import { blobs, baseConfig, mlp, tempDir } from "../runtime/helpers.js";

const base = (outDir: string, extra: Partial<RunTrainingOptions> = {}): RunTrainingOptions => ({
  buildModel: mlp(4, 3),
  config: baseConfig(blobs(60), { epochs: 2 }),
  specDir: ".",
  specHash: "hash-1",
  outDir,
  backend: "cpu",
  log: () => {},
  spec: { path: "specs/x.mfgnet", mfgcVersion: "9.9.9" },
  ...extra,
});

async function train(opts: RunTrainingOptions): Promise<void> {
  const r = await runTraining(opts);
  r.model.dispose();
}

async function refusal(opts: RunTrainingOptions): Promise<DataError> {
  const e = await runTraining(opts).then(
    (r) => (r.model.dispose(), undefined),
    (x: unknown) => x,
  );
  if (!(e instanceof DataError)) throw new Error(`expected a DataError, got ${String(e)}`);
  return e;
}

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("a run folder holds one run", () => {
  test("a second run into the same folder is refused (MFG4908) and the first run stays whole", async () => {
    const out = tempDir();
    await train(base(out));
    const metrics = readFileSync(path.join(out, "metrics.jsonl"), "utf8");
    const checkpoints = readdirSync(path.join(out, "checkpoints")).sort();
    const e = await refusal(base(out));
    expect(e.code).toBe("MFG4908");
    expect(e.diagnostic.hints.join(" ")).toMatch(/--resume.*--overwrite/);
    expect(readFileSync(path.join(out, "metrics.jsonl"), "utf8")).toBe(metrics);
    expect(readdirSync(path.join(out, "checkpoints")).sort()).toEqual(checkpoints);
    // The refused run left no lock behind.
    expect(existsSync(path.join(out, ".lock"))).toBe(false);
  });

  test("--overwrite replaces the earlier run; --resume continues it and is recorded", async () => {
    const out = tempDir();
    await train(base(out));
    writeFileSync(path.join(out, "notes.txt"), "mine");
    // What `mfgc train`'s reporter and `mfgc explain` add to a run folder belong to that run.
    writeFileSync(path.join(out, "report.html"), "<p>the earlier run</p>");
    mkdirSync(path.join(out, "explanations", "x"), { recursive: true });
    writeFileSync(path.join(out, "explanations", "x", "explanation.json"), "{}");
    await train(base(out, { overwrite: true, epochs: 1 }));
    // The new run's metrics (1 epoch), the earlier run's report and explanations gone, the user's own file kept.
    expect(readFileSync(path.join(out, "metrics.jsonl"), "utf8").trim().split("\n")).toHaveLength(1);
    expect(existsSync(path.join(out, "report.html"))).toBe(false);
    expect(existsSync(path.join(out, "explanations"))).toBe(false);
    expect(readFileSync(path.join(out, "notes.txt"), "utf8")).toBe("mine");
    await train(base(out, { resume: true, epochs: 2 }));
    const record = JSON.parse(readFileSync(path.join(out, "run.json"), "utf8")) as {
      overrides: Record<string, unknown>;
      resumes: { fromEpoch: number | null; overrides: Record<string, unknown> }[];
    };
    expect(record.overrides).toMatchObject({ overwrite: true, epochs: 1 });
    expect(record.resumes).toHaveLength(1);
    expect(record.resumes[0]).toMatchObject({ fromEpoch: 1, overrides: { resume: true, epochs: 2 } });
  });

  test("run.json records the spec, versions, overrides, seed, data sizes and start time", async () => {
    const out = tempDir();
    const before = Date.now();
    await train(base(out, { epochs: 1, batchSize: 8 }));
    const r = JSON.parse(readFileSync(path.join(out, "run.json"), "utf8")) as Record<string, unknown>;
    expect(r["spec"]).toEqual({ path: "specs/x.mfgnet", sha256: "hash-1" });
    expect(r["mfgcVersion"]).toBe("9.9.9");
    expect(r["tfjsVersion"]).toBe(tf.version.tfjs);
    expect(r["seed"]).toBe(7);
    expect(r["overrides"]).toEqual({ epochs: 1, batchSize: 8, backend: "cpu" });
    // 60 blobs samples, a 0.25 validation split: 45 train, 15 validation (split.ts keeps ⌊60·0.75⌋).
    expect(r["data"]).toEqual({ train: 45, validation: 15, test: 0 });
    expect(Date.parse(r["startedAt"] as string)).toBeGreaterThanOrEqual(before - 1000);
  });
});

describe("mfgc train", () => {
  test("a second `mfgc train` into the same --out is refused before it touches the folder, even its code/", async () => {
    // Inside the repository: the generated code in the run folder imports mfgc.
    const out = path.join(import.meta.dirname, "..", "..", ".tmp", `rerun-${process.pid}`);
    rmSync(out, { recursive: true, force: true });
    try {
      const args = ["train", "test/hostile/kill/tiny.mfgnet", "--epochs", "1", "--limit", "64", "--backend", "cpu", "--out", out];
      expect((await mfgc(...args)).code).toBe(0);
      const code = readFileSync(path.join(out, "code", "tiny", "train.ts"), "utf8");
      writeFileSync(path.join(out, "code", "tiny", "train.ts"), `${code}// the earlier run's code\n`);
      const again = await mfgc(...args);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain("MFG4908");
      expect(readFileSync(path.join(out, "code", "tiny", "train.ts"), "utf8")).toBe(`${code}// the earlier run's code\n`);
      expect((await mfgc(...args, "--overwrite")).code).toBe(0);
      expect(readFileSync(path.join(out, "code", "tiny", "train.ts"), "utf8")).toBe(code);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  test("a model over the memory budget is refused before anything is built (MFG4903), naming the budget that would do", async () => {
    const dir = tempDir();
    const spec = path.join(dir, "big.mfgnet");
    // dense(1e8) on 4 inputs at batch 32 (memory-budget.ts): 4 B × (4 × 5e8 parameters + 2 × 32 × (4 + 1e8)
    // activations) = 33,600,001,024 B ≈ 31.3 GiB > 4 GiB; the hint asks for ⌈31.3⌉ = 32.
    writeFileSync(spec, "model Big {\n  input x: f32[4]\n  x -> dense(100000000) as y\n  output y\n}\ntrain Big {\n  data { train: synthetic(generator: blobs, samples: 10) }\n  loss mse\n}\n");
    const r = await mfgc("train", spec, "--out", path.join(dir, "run"));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("MFG4903");
    expect(r.stderr).toContain("--memory-budget 32");
    expect(existsSync(path.join(dir, "run"))).toBe(false);
  });
});

describe("the lock", () => {
  test("a folder locked by a live process is refused (MFG4907), naming the process", async () => {
    const out = tempDir();
    const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "ignore" });
    try {
      await new Promise((r) => setTimeout(r, 200));
      const start = readFileSync(`/proc/${child.pid}/stat`, "utf8");
      const processStart = start.slice(start.lastIndexOf(")") + 2).split(" ")[19];
      writeFileSync(path.join(out, ".lock"), JSON.stringify({ pid: child.pid, host: hostname(), processStart, since: "now" }));
      const e = await refusal(base(out));
      expect(e.code).toBe("MFG4907");
      expect(e.diagnostic.message).toContain(String(child.pid));
      expect(existsSync(path.join(out, "metrics.jsonl"))).toBe(false);
    } finally {
      child.kill("SIGKILL");
    }
  });

  test.skipIf(process.platform !== "linux")("the stale lock of a killed run is taken over, and a reused pid is not mistaken for the holder", async () => {
    const out = tempDir();
    // pid 2^22 + 1 cannot exist (Linux's pid_max ceiling is 2^22).
    writeFileSync(path.join(out, ".lock"), JSON.stringify({ pid: 4194305, host: hostname(), processStart: "1", since: "then" }));
    await train(base(out));
    // Our own pid, but another start time: the process that wrote it is gone.
    writeFileSync(path.join(out, ".lock"), JSON.stringify({ pid: process.pid, host: hostname(), processStart: "1", since: "then" }));
    await train(base(out, { resume: true }));
    expect(existsSync(path.join(out, ".lock"))).toBe(false);
  });
});
