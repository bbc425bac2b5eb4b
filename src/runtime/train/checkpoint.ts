/**
 * Checkpoints: one directory per saved epoch under `<outDir>/checkpoints/`, holding model weights
 * (all of them, trainable or not, in `model.weights` order), optimizer slots (stable order), the best
 * weights for early stopping's restore, and `state.json`. `manifest.json` is written last, with a
 * SHA-256 of every file: a directory without a valid manifest is incomplete and never resumed from.
 */
import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { writeFileAtomic } from "../io/atomic.js";
import type { TrainState } from "./state.js";

const FORMAT = "mfgc-checkpoint/1";
const DIR_PATTERN = /^epoch-(\d{6})$/;

/** Tensors of a checkpoint; the caller owns (and disposes) what {@link readCheckpoint} returns. */
export interface CheckpointTensors {
  readonly weights: readonly tf.Tensor[];
  readonly optimizerSlots: readonly tf.Tensor[];
  readonly optimizerStep: number;
  readonly best: readonly tf.Tensor[] | null;
}

interface Manifest {
  readonly format: string;
  readonly epoch: number;
  readonly specHash: string;
  readonly files: Readonly<Record<string, { readonly sha256: string; readonly bytes: number }>>;
}

interface StateFile {
  readonly format: string;
  readonly specHash: string;
  readonly state: TrainState;
  readonly optimizerStep: number;
  readonly specs: Readonly<Record<string, tf.io.WeightsManifestEntry[]>>;
}

export function checkpointsDir(outDir: string): string {
  return path.join(outDir, "checkpoints");
}

const sha256 = (b: Uint8Array | string): string => createHash("sha256").update(b).digest("hex");

async function encode(tensors: readonly tf.Tensor[]): Promise<{ data: Uint8Array; specs: tf.io.WeightsManifestEntry[] }> {
  const { data, specs } = await tf.io.encodeWeights(tensors.map((t, i) => ({ name: `t${i}`, tensor: t })));
  return { data: new Uint8Array(data), specs };
}

function decode(buf: Buffer, specs: tf.io.WeightsManifestEntry[]): tf.Tensor[] {
  const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
  const map = tf.io.decodeWeights(ab, specs);
  return specs.map((s) => map[s.name]!);
}

/** Writes the checkpoint of `state.epoch`. */
export async function writeCheckpoint(outDir: string, specHash: string, state: TrainState, t: CheckpointTensors): Promise<string> {
  const dir = path.join(checkpointsDir(outDir), `epoch-${String(state.epoch).padStart(6, "0")}`);
  // A directory left by a crash mid-write (no manifest) is replaced wholesale.
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const files: Record<string, { sha256: string; bytes: number }> = {};
  const specs: Record<string, tf.io.WeightsManifestEntry[]> = {};
  const put = async (name: string, data: Uint8Array | string) => {
    await writeFileAtomic(path.join(dir, name), data);
    files[name] = { sha256: sha256(data), bytes: typeof data === "string" ? Buffer.byteLength(data) : data.byteLength };
  };
  const groups: [string, readonly tf.Tensor[] | null][] = [["weights", t.weights], ["optimizer", t.optimizerSlots], ["best", t.best]];
  for (const [name, tensors] of groups) {
    if (tensors === null) continue;
    const enc = await encode(tensors);
    specs[name] = enc.specs;
    await put(`${name}.bin`, enc.data);
  }
  const stateFile: StateFile = { format: FORMAT, specHash, state, optimizerStep: t.optimizerStep, specs };
  await put("state.json", JSON.stringify(stateFile));
  const manifest: Manifest = { format: FORMAT, epoch: state.epoch, specHash, files };
  await writeFileAtomic(path.join(dir, "manifest.json"), JSON.stringify(manifest, null, 2));
  return dir;
}

/** Complete checkpoints (valid manifest, every file present with its hash), newest first. */
export async function listCheckpoints(outDir: string): Promise<{ dir: string; epoch: number; specHash: string }[]> {
  let names: string[];
  try {
    names = await readdir(checkpointsDir(outDir));
  } catch {
    return [];
  }
  const out: { dir: string; epoch: number; specHash: string }[] = [];
  for (const name of names.filter((n) => DIR_PATTERN.test(n)).sort().reverse()) {
    const dir = path.join(checkpointsDir(outDir), name);
    const manifest = await readManifest(dir);
    if (manifest !== null) out.push({ dir, epoch: manifest.epoch, specHash: manifest.specHash });
  }
  return out;
}

async function readManifest(dir: string): Promise<Manifest | null> {
  try {
    const manifest = JSON.parse(await readFile(path.join(dir, "manifest.json"), "utf8")) as Manifest;
    if (manifest.format !== FORMAT) return null;
    for (const [name, info] of Object.entries(manifest.files)) {
      if (path.basename(name) !== name) return null;
      const data = await readFile(path.join(dir, name));
      if (data.byteLength !== info.bytes || sha256(data) !== info.sha256) return null;
    }
    return manifest;
  } catch {
    return null;
  }
}

/** Reads a complete checkpoint directory (as listed by {@link listCheckpoints}). */
export async function readCheckpoint(dir: string): Promise<{ specHash: string; state: TrainState; tensors: CheckpointTensors }> {
  const file = JSON.parse(await readFile(path.join(dir, "state.json"), "utf8")) as StateFile;
  const group = async (name: string): Promise<tf.Tensor[] | null> => {
    const specs = file.specs[name];
    return specs === undefined ? null : decode(await readFile(path.join(dir, `${name}.bin`)), specs);
  };
  return {
    specHash: file.specHash,
    state: file.state,
    tensors: { weights: (await group("weights")) ?? [], optimizerSlots: (await group("optimizer")) ?? [], optimizerStep: file.optimizerStep, best: await group("best") },
  };
}

/** Deletes all but the newest `keep` complete checkpoints (at least one is always kept), and incomplete leftovers older than the newest. */
export async function pruneCheckpoints(outDir: string, keep: number): Promise<void> {
  const complete = await listCheckpoints(outDir);
  for (const c of complete.slice(Math.max(1, keep))) await rm(c.dir, { recursive: true, force: true });
}
