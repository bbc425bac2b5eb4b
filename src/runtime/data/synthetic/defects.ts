/**
 * `defects`: small surface images for visual quality inspection. Class 0 is a clean textured surface,
 * class 1 has a scratch (a thin bright line), class 2 a spot (a dark blob), class k ≥ 3 has k − 1 spots.
 * Regression outputs get the defect severity (contrast × size, in [0, 1]); rank-1 inputs (image +
 * tabular fusion) get process readings that correlate with the class.
 */
import { Prng } from "../../prng.js";
import { dataError } from "../data-error.js";
import type { InMemoryDataset, ModelSignature, SampleArray } from "../types.js";
import { concreteShape, generatorClasses, latentTargets, numberOption, type GeneratorOptions, type Latent } from "./common.js";

export function generateDefects(sig: ModelSignature, samples: number, seed: number, options: GeneratorOptions): InMemoryDataset {
  const rng = new Prng(`defects:${seed}`);
  const classes = generatorClasses(sig);
  const noise = numberOption(options, "noise", 0.05);
  const latents: Latent[] = [];
  for (let i = 0; i < samples; i++) latents.push({ cls: i % classes, value: 0 });
  // Shuffle class order deterministically so a trailing validation split still sees every class.
  const order = rng.permutation(samples);
  const classesInOrder = Array.from(order, (j) => latents[j]!.cls);
  const finalLatents: Latent[] = [];
  const inputs: Record<string, SampleArray> = {};
  const renders = sig.inputs.map((inp) => {
    const shape = concreteShape(inp.shape, 32);
    const per = shape.reduce((a, b) => a * b, 1);
    return { inp, shape, data: new Float32Array(samples * per), per };
  });
  for (let i = 0; i < samples; i++) {
    const cls = classesInOrder[i]!;
    const severity = cls === 0 ? 0 : rng.uniform(0.2, 1);
    finalLatents.push({ cls, value: severity });
    for (const r of renders) {
      if (r.shape.length === 3) drawSurface(r.data, i * r.per, r.shape[0]!, r.shape[1]!, r.shape[2]!, cls, severity, noise, rng);
      else if (r.shape.length === 1) {
        for (let j = 0; j < r.per; j++) r.data[i * r.per + j] = (j % (classes + 1) === cls ? severity + 0.5 : 0) + rng.normal() * 0.3;
      } else {
        throw dataError("MFG4402", "synthetic:defects", `generator \`defects\` renders images [h, w, c] or readings [n]; input \`${r.inp.name}\` has shape [${r.inp.shape.slice(1).map((d) => d ?? "?").join(", ")}]`, 0, [
          "declare the input as an image such as `f32[32, 32, 1]` or as readings such as `f32[16]`",
        ]);
      }
    }
  }
  for (const r of renders) inputs[r.inp.name] = { data: r.data, sampleShape: r.shape, dtype: "float32" };
  return { kind: "memory", size: samples, inputs, targets: latentTargets(sig, finalLatents, "synthetic:defects") };
}

function drawSurface(out: Float32Array, at: number, h: number, w: number, c: number, cls: number, severity: number, noise: number, rng: Prng): void {
  const base = rng.uniform(0.4, 0.6);
  // Brushed-metal texture: horizontal streaks plus pixel noise.
  for (let y = 0; y < h; y++) {
    const streak = rng.normal() * 0.03;
    for (let x = 0; x < w; x++) {
      const v = base + streak + rng.normal() * noise;
      for (let ch = 0; ch < c; ch++) out[at + (y * w + x) * c + ch] = v;
    }
  }
  const put = (x: number, y: number, delta: number) => {
    if (x < 0 || y < 0 || x >= w || y >= h) return;
    for (let ch = 0; ch < c; ch++) {
      const k = at + (y * w + x) * c + ch;
      out[k] = Math.min(1, Math.max(0, out[k]! + delta * (ch === 0 || c === 1 ? 1 : 0.6)));
    }
  };
  if (cls === 1) {
    // Scratch: a line at a random angle through a random point.
    const angle = rng.uniform(0, Math.PI);
    const cx = rng.uniform(w * 0.3, w * 0.7);
    const cy = rng.uniform(h * 0.3, h * 0.7);
    const len = Math.max(h, w) * (0.3 + 0.5 * severity);
    for (let t = -len / 2; t <= len / 2; t += 0.5) put(Math.round(cx + t * Math.cos(angle)), Math.round(cy + t * Math.sin(angle)), 0.4 + 0.4 * severity);
  } else if (cls >= 2) {
    for (let s = 0; s < cls - 1; s++) {
      const cx = rng.uniform(2, w - 2);
      const cy = rng.uniform(2, h - 2);
      const radius = 1 + Math.min(h, w) * 0.12 * severity;
      for (let y = Math.floor(cy - radius); y <= cy + radius; y++) {
        for (let x = Math.floor(cx - radius); x <= cx + radius; x++) {
          if ((x - cx) ** 2 + (y - cy) ** 2 <= radius * radius) put(x, y, -(0.3 + 0.4 * severity));
        }
      }
    }
  }
}
