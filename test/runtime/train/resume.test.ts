import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { runTraining } from "../../../src/runtime/index.js";
import { listCheckpoints } from "../../../src/runtime/train/checkpoint.js";
import { metricsOnly, mlp, tempDir } from "../helpers.js";
import { resumeConfig } from "./fixtures/resume-config.js";

const CHILD = path.join(import.meta.dirname, "fixtures/train-child.ts");

function runChild(outDir: string, args: string[], killWhen?: () => Promise<boolean>): Promise<{ code: number | null; signal: string | null; killed: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", CHILD, outDir, ...args], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    let killed = false;
    let timer: NodeJS.Timeout | undefined;
    if (killWhen !== undefined) {
      timer = setInterval(() => {
        void killWhen().then((yes) => {
          if (yes && !killed) {
            killed = true;
            child.kill("SIGKILL");
          }
        });
      }, 15);
    }
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (timer !== undefined) clearInterval(timer);
      if (code !== 0 && signal === null) reject(new Error(`child failed (${code}): ${stderr.slice(-2000)}`));
      else resolve({ code, signal, killed });
    });
  });
}

/** The straight run of a kill-and-resume test, in this process: one thread, or `workers` replicas building the same MLP. */
async function straightRun(workers: number) {
  const parallel = workers === 1 ? {} : { workers, trainModule: pathToFileURL(path.join(import.meta.dirname, "fixtures/parallel-mlp-dropout.ts")).href };
  const straight = await runTraining({ buildModel: mlp(4, 3), config: resumeConfig(), specDir: ".", specHash: "spec-v1", outDir: tempDir(), backend: "cpu", log: () => {}, ...parallel });
  straight.model.dispose();
  return straight;
}

describe("kill and resume", () => {
  // Same seed, same worker count → the same steps: a resumed run restores the shuffle and op generators
  // from the checkpoint, and with workers each step's dropout seeds come from the latter, so the resumed
  // epochs repeat the uninterrupted run's numbers exactly (bitwise), with 1 thread as with 2.
  it.each([1, 2])("a run (%i thread(s)) SIGKILLed after its 2nd checkpoint resumes to exactly the metrics of an uninterrupted run", { timeout: 180_000 }, async (workers) => {
    await tf.setBackend("cpu");
    const straight = await straightRun(workers);
    const args = workers === 1 ? [] : ["--workers", String(workers)];

    const outDir = tempDir();
    const first = await runChild(outDir, args, async () => (await listCheckpoints(outDir)).some((c) => c.epoch === 2));
    expect(first.killed).toBe(true);
    expect(first.signal).toBe("SIGKILL");
    expect(existsSync(path.join(outDir, "result.json"))).toBe(false);
    const complete = (await listCheckpoints(outDir)).map((c) => c.epoch);
    expect(complete[0]).toBeGreaterThanOrEqual(2);
    expect(complete[0]).toBeLessThan(4);

    await runChild(outDir, ["--resume", ...args]);
    const resumed = JSON.parse(readFileSync(path.join(outDir, "result.json"), "utf8")) as { history: typeof straight.history; test: unknown; resumedFromEpoch: number };
    expect(resumed.resumedFromEpoch).toBe(complete[0]);
    expect(metricsOnly(resumed.history)).toEqual(metricsOnly(straight.history));
    expect(resumed.test).toEqual(straight.test);
    // metrics.jsonl holds each epoch once, even though the killed run may have logged more.
    const lines = readFileSync(path.join(outDir, "metrics.jsonl"), "utf8").trim().split("\n");
    expect(lines.map((l) => (JSON.parse(l) as { epoch: number }).epoch)).toEqual([1, 2, 3, 4]);
    if (workers > 1) expect(straight.replicas?.steps.every((n) => n > 0)).toBe(true);
  });
});
