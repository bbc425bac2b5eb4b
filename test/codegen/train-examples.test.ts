/**
 * Every example spec trains: `mfgc train` compiles it, writes its generated code into the run folder,
 * runs that generated `train.ts` for a few epochs on a small slice of its data, and the training loss
 * goes down. (The full Fashion-MNIST run is in the README; this is the quick version.)
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { mfgc } from "../cli/run-cli.js";

const ROOT = join(import.meta.dirname, "..", "..");
// Inside the repository: generated code imports `mfgc/runtime` and `@tensorflow/tfjs` by package name.
mkdirSync(join(ROOT, ".tmp"), { recursive: true });
const RUNS = mkdtempSync(join(ROOT, ".tmp", "train-examples-"));
afterAll(() => rmSync(RUNS, { recursive: true, force: true }));

const FASHION_MNIST = "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz";

interface EpochLine {
  readonly epoch: number;
  readonly logs: Readonly<Record<string, number>>;
}

// The Debian dataset lies outside the project: the run allows its folder explicitly (data-path.ts).
const DATA_ROOT = ["--data-root", "/usr/share/datasets"];

const CASES: readonly { spec: string; limit: number; epochs: number; batch: number; needs?: string; extra?: readonly string[] }[] = [
  { spec: "specs/fashion_cnn.mfgnet", limit: 640, epochs: 3, batch: 32, needs: FASHION_MNIST, extra: DATA_ROOT },
  { spec: "specs/fashion_cnn_yaml.mfgnet.yaml", limit: 640, epochs: 3, batch: 32, needs: FASHION_MNIST, extra: DATA_ROOT },
  { spec: "specs/fashion_bn_augment.mfgnet", limit: 384, epochs: 2, batch: 32, needs: FASHION_MNIST, extra: DATA_ROOT },
  { spec: "specs/surface_defects_resnet.mfgnet", limit: 96, epochs: 3, batch: 16 },
  { spec: "specs/turbofan_rul.mfgnet", limit: 384, epochs: 3, batch: 64 },
  { spec: "specs/process_events_transformer.mfgnet", limit: 160, epochs: 3, batch: 16 },
];

describe("example specs train through their generated code", () => {
  for (const c of CASES) {
    const skip = c.needs !== undefined && !existsSync(c.needs);
    test.skipIf(skip)(`${c.spec}: loss goes down over ${c.epochs} epochs on ${c.limit} samples`, async () => {
      const out = join(RUNS, c.spec.replace(/\W+/g, "_"));
      const run = await mfgc("train", c.spec, "--epochs", String(c.epochs), "--limit", String(c.limit), "--batch", String(c.batch), "--out", out, "--backend", "wasm", ...(c.extra ?? []));
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      // It ran the generated code, written into the run folder.
      expect(run.stdout).toMatch(/generated \d+ files in .*\/code\//);
      const epochs = readFileSync(join(out, "metrics.jsonl"), "utf8")
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as EpochLine);
      expect(epochs.length).toBeGreaterThanOrEqual(2);
      const first = epochs[0]!.logs["loss"]!;
      const last = epochs[epochs.length - 1]!.logs["loss"]!;
      expect(Number.isFinite(last)).toBe(true);
      expect(last).toBeLessThan(first);
      // The trained model and its report are there.
      expect(existsSync(join(out, "model", "model.json"))).toBe(true);
      expect(existsSync(join(out, "report.json"))).toBe(true);
      // A CPU-bound training run in a child process: on the shared 2-core machine under load ~18 these took
      // 140-180 s, past the suite's 120 s default (longer while the webgpu parity tests train beside them),
      // so their limit only catches a hang.
    }, 600_000);
  }
});
