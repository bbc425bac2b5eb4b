/**
 * `sensors`: run-to-failure multi-sensor series for predictive maintenance (in the style of NASA's
 * C-MAPSS). Each unit degrades towards failure; its rows are cut into windows by the same window
 * machinery as CSV data (never crossing a unit). Regression outputs get the remaining useful life
 * (capped at `rul_cap` and divided by it, so in [0, 1]); classifier outputs get "fails within
 * `failure_within` cycles".
 */
import { Prng } from "../../prng.js";
import { dataError } from "../data-error.js";
import type { InMemoryDataset, ModelSignature } from "../types.js";
import { seriesRanges, slidingWindows } from "../windows.js";
import { concreteShape, latentTargets, numberOption, type GeneratorOptions, type Latent } from "./common.js";

export function generateSensors(sig: ModelSignature, samples: number, seed: number, options: GeneratorOptions): InMemoryDataset {
  const input = sig.inputs[0];
  if (sig.inputs.length !== 1 || input === undefined || input.shape.length < 2 || input.shape.length > 3) {
    throw dataError("MFG4402", "synthetic:sensors", "generator `sensors` feeds one input of shape [time, sensors] or [sensors]", 0, [
      "declare one model input such as `input x: f32[30, 14]` (30 cycles of 14 sensors) or `input x: f32[14]`",
    ]);
  }
  const shape = concreteShape(input.shape, numberOption(options, "window", 30));
  const windowSize = shape.length === 2 ? shape[0]! : 1;
  const nSensors = shape[shape.length - 1]!;
  const stride = numberOption(options, "stride", 5);
  const rulCap = numberOption(options, "rul_cap", 125);
  const within = numberOption(options, "failure_within", 20);
  const rng = new Prng(`sensors:${seed}`);
  const drift = Array.from({ length: nSensors }, () => rng.uniform(-1, 1));
  // Rows of all units, generated until enough windows exist.
  const rows: number[] = [];
  const unit: string[] = [];
  const rul: number[] = [];
  let windows: ReturnType<typeof slidingWindows> = [];
  for (let u = 0; windows.length < samples; u++) {
    if (u > 100000) throw dataError("MFG4402", "synthetic:sensors", `cannot fit windows of ${windowSize} cycles`, 0, ["give the input fewer time steps, e.g. `f32[30, 14]`"]);
    const life = Math.round(rng.uniform(Math.max(windowSize + 10, 80), Math.max(windowSize + 40, 200)));
    const wear = rng.uniform(0.7, 1.3);
    for (let t = 0; t < life; t++) {
      const health = (t / life) ** 2 * wear;
      for (let s = 0; s < nSensors; s++) rows.push(drift[s]! * health * 2 + rng.normal() * 0.1);
      unit.push(String(u));
      rul.push(life - 1 - t);
    }
    windows = slidingWindows(seriesRanges(unit, unit.length), { size: windowSize, stride, horizon: 0 });
  }
  const order = rng.permutation(windows.length).subarray(0, samples);
  const per = windowSize * nSensors;
  const x = new Float32Array(samples * per);
  const latents: Latent[] = [];
  order.forEach((w, i) => {
    const win = windows[w]!;
    x.set(rows.slice(win.start * nSensors, win.start * nSensors + per), i * per);
    const r = rul[win.labelRow]!;
    latents.push({ cls: r <= within ? 1 : 0, value: Math.min(r, rulCap) / rulCap });
  });
  return { kind: "memory", size: samples, inputs: { [input.name]: { data: x, sampleShape: shape, dtype: "float32" } }, targets: latentTargets(sig, latents, "synthetic:sensors") };
}
