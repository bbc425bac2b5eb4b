/**
 * mfgc's `Transform` kernels (src/runtime/kernels/transform.ts): one shared core, registered for cpu
 * (tfjs-backend-cpu 4.22's returns after the first image of a batch and leaves the others at the fill
 * value) and for wasm (tfjs-backend-wasm 4.22's mirrors coordinates below 0 wrongly under `reflect`).
 * References, none of them mfgc's kernel:
 * - each image transformed alone by tfjs's own cpu kernel (a batch of one is the case it gets right),
 *   which mfgc's batch result must equal exactly (same arithmetic, in the same order);
 * - tfjs's own wasm kernel on the whole batch, within float32 rounding (it computes in float32, mfgc in
 *   float64) — except `reflect` where a coordinate falls below 0, which it gets wrong (below);
 * - for `reflect`, a row worked out by hand from Keras's (d c b a | a b c d | d c b a).
 * mfgc's wasm kernel runs the same core as its cpu one, so the two must agree to rounding (1e-6).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { CPU_KERNELS, WASM_TRAINING_KERNELS, registerCpuKernels, registerWasmTrainingKernels } from "../../../src/runtime/kernels/register.js";
import { cpuTransformConfig, wasmTransformConfig } from "../../../src/runtime/kernels/transform.js";
import { prepareBackend } from "../../../src/runtime/backend/prepare.js";
import { MfgRandomTranslation } from "../../../src/runtime/layers/augmentation.js";
import { expectCloseArrays, host, runOn, tf, useWasmWithKernels } from "./harness.js";
import type { HostTensor } from "./harness.js";

type Interpolation = "nearest" | "bilinear";
type FillMode = "constant" | "reflect" | "wrap" | "nearest";

/** tfjs's own cpu and wasm kernels, taken before mfgc's replace them. */
const tfjsCpuTransform = tf.getKernel("Transform", "cpu");
const tfjsWasmTransform = tf.getKernel("Transform", "wasm");

const BATCH = 4;
const H = 7;
const W = 9;
const C = 2;
/** Four different images, values in [-1, 1). */
const IMAGES = host([BATCH, H, W, C], 71);

/** Row [a0, a1, a2, b0, b1, b2, c0, c1]: output (x, y) reads input (a0·x + a1·y + a2, b0·x + b1·y + b2). */
type Row = readonly [number, number, number, number, number, number, number, number];

const translate = (dx: number, dy: number): Row => [1, 0, -dx, 0, 1, -dy, 0, 0];
/** Rotation by `angle` about the image centre, as MfgRandomRotation builds it. */
function rotate(angle: number): Row {
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  return [cos, -sin, (W - 1 - (cos * (W - 1) - sin * (H - 1))) / 2, sin, cos, (H - 1 - (sin * (W - 1) + cos * (H - 1))) / 2, 0, 0];
}
/** Zoom by (zx, zy) about the image centre, as MfgRandomZoom builds it. */
const zoom = (zx: number, zy: number): Row => [zx, 0, ((1 - zx) * (W - 1)) / 2, 0, zy, ((1 - zy) * (H - 1)) / 2, 0, 0];

// Shifts and factors keep nearest sampling away from exact .5 ties, where float32 (wasm) and float64
// (cpu) arithmetic may round to different pixels.
const TRANSLATIONS: readonly Row[] = [translate(1.3, -0.6), translate(-2.2, 1.7), translate(3.4, 2.1), translate(-0.7, -3.3)];
/** Shifts up and left only: every input coordinate is ≥ 0, where tfjs's wasm `reflect` is right. */
const UP_LEFT: readonly Row[] = [translate(-1.3, -0.6), translate(-2.2, -1.7), translate(-3.4, -2.1), translate(-0.7, -3.3)];
const MIXED: readonly Row[] = [translate(2.2, -1.3), rotate(0.4), zoom(1.33, 0.71), [0.9, 0.1, 0.3, -0.05, 1.1, -0.4, 0.01, -0.02]];

function transforms(rows: readonly Row[]): HostTensor {
  return { values: Float32Array.from(rows.flat()), shape: [rows.length, 8] };
}

/** Image `b` of a host batch, as a batch of one. */
function imageAlone(images: HostTensor, b: number): HostTensor {
  const size = H * W * C;
  return { values: images.values.slice(b * size, (b + 1) * size), shape: [1, H, W, C] };
}

interface Case {
  readonly rows: readonly Row[];
  /** Compare with tfjs's own wasm kernel too (not for `reflect` below 0, which it gets wrong). */
  readonly tfjsWasm: boolean;
  readonly interpolation: Interpolation;
  readonly fillMode: FillMode;
  readonly fillValue: number;
  readonly outputShape?: [number, number];
}

const CASES: readonly (Case & { readonly name: string })[] = [
  { name: "translation, bilinear, constant 0", rows: TRANSLATIONS, tfjsWasm: true, interpolation: "bilinear", fillMode: "constant", fillValue: 0 },
  { name: "translation, nearest, constant 0.5", rows: TRANSLATIONS, tfjsWasm: true, interpolation: "nearest", fillMode: "constant", fillValue: 0.5 },
  { name: "translation up/left, bilinear, reflect", rows: UP_LEFT, tfjsWasm: true, interpolation: "bilinear", fillMode: "reflect", fillValue: 0 },
  { name: "translation up/left, nearest, reflect", rows: UP_LEFT, tfjsWasm: true, interpolation: "nearest", fillMode: "reflect", fillValue: 0 },
  { name: "translation, bilinear, reflect", rows: TRANSLATIONS, tfjsWasm: false, interpolation: "bilinear", fillMode: "reflect", fillValue: 0 },
  { name: "translation, nearest, reflect", rows: TRANSLATIONS, tfjsWasm: false, interpolation: "nearest", fillMode: "reflect", fillValue: 0 },
  { name: "rotation/zoom/projective, bilinear, reflect", rows: MIXED, tfjsWasm: false, interpolation: "bilinear", fillMode: "reflect", fillValue: 0 },
  { name: "rotation/zoom/projective, bilinear, constant −1", rows: MIXED, tfjsWasm: true, interpolation: "bilinear", fillMode: "constant", fillValue: -1 },
  { name: "rotation/zoom/projective, bilinear, wrap", rows: MIXED, tfjsWasm: true, interpolation: "bilinear", fillMode: "wrap", fillValue: 0 },
  { name: "rotation/zoom/projective, bilinear, nearest", rows: MIXED, tfjsWasm: true, interpolation: "bilinear", fillMode: "nearest", fillValue: 0 },
  { name: "one shared row, nearest, constant", rows: [translate(-1.2, 2.4)], tfjsWasm: true, interpolation: "nearest", fillMode: "constant", fillValue: 0 },
  { name: "outputShape 5×11, bilinear, constant", rows: MIXED, tfjsWasm: true, interpolation: "bilinear", fillMode: "constant", fillValue: 0, outputShape: [5, 11] },
];

function apply(c: Case): (image: tf.Tensor, t: tf.Tensor) => tf.Tensor[] {
  return (image, t) => [tf.image.transform(image as tf.Tensor4D, t as tf.Tensor2D, c.interpolation, c.fillMode, c.fillValue, c.outputShape)];
}

/**
 * Runs `Transform` on `kernel`'s backend through `kernel`, whatever is registered there (restored when
 * `run` settles).
 */
async function withKernel<T>(kernel: tf.KernelConfig, run: () => Promise<T>): Promise<T> {
  const backendName = kernel.backendName;
  const current = tf.getKernel("Transform", backendName);
  tf.unregisterKernel("Transform", backendName);
  tf.registerKernel(kernel);
  // tfjs's wasm kernel binds its C++ function in a setup step that runs when the backend starts; mfgc's
  // had replaced it by then (binding it again is harmless).
  kernel.setupFunc?.(tf.findBackend(backendName)!);
  try {
    return await run();
  } finally {
    tf.unregisterKernel("Transform", backendName);
    if (current !== undefined) tf.registerKernel(current);
  }
}

/** Each image of the batch alone (its transform row alone), through tfjs's own cpu kernel. */
async function eachImageAloneByTfjs(c: Case): Promise<Float32Array> {
  const [outH, outW] = c.outputShape ?? [H, W];
  const out = new Float32Array(BATCH * outH * outW * C);
  for (let b = 0; b < BATCH; b++) {
    const row = c.rows.length === 1 ? c.rows[0]! : c.rows[b]!;
    const [one] = await withKernel(tfjsCpuTransform!, () => runOn("cpu", [imageAlone(IMAGES, b), transforms([row])], apply(c)));
    out.set(one!, b * outH * outW * C);
  }
  return out;
}

beforeAll(async () => {
  expect(tfjsCpuTransform, "tfjs registers a cpu Transform kernel").toBeDefined();
  expect(tfjsCpuTransform!.kernelFunc, "taken before mfgc's registration").not.toBe(cpuTransformConfig.kernelFunc);
  expect(tfjsWasmTransform, "tfjs registers a wasm Transform kernel").toBeDefined();
  expect(tfjsWasmTransform!.kernelFunc, "taken before mfgc's registration").not.toBe(wasmTransformConfig.kernelFunc);
  await useWasmWithKernels();
  registerCpuKernels();
});

/** Two 1×9 rows (1…9 and 10…90), shifted right by 2 and left by 2: out(x) = in(x ∓ 2). */
const ROWS: HostTensor = { values: Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 20, 30, 40, 50, 60, 70, 80, 90]), shape: [2, 1, 9, 1] };
const SHIFTS = transforms([translate(2, 0), translate(-2, 0)]);
const reflectNearest = (image: tf.Tensor, t: tf.Tensor) => [tf.image.transform(image as tf.Tensor4D, t as tf.Tensor2D, "nearest", "reflect")];
/** Worked out by hand from Keras's reflect (d c b a | a b c d | d c b a): in(−1) = in(0), in(−2) = in(1). */
const KERAS_REFLECTED = [2, 1, 1, 2, 3, 4, 5, 6, 7, 30, 40, 50, 60, 70, 80, 90, 90, 80];

describe("tfjs-backend-cpu 4.22's own Transform (why mfgc replaces it)", () => {
  it("transforms only the first image of a batch: the others stay at the fill value", async () => {
    const c = CASES[0]!;
    const [out] = await withKernel(tfjsCpuTransform!, () => runOn("cpu", [IMAGES, transforms(c.rows)], apply(c)));
    const size = H * W * C;
    const image = (b: number) => Array.from(out!.subarray(b * size, (b + 1) * size));
    expect(image(0).some((v) => v !== 0)).toBe(true);
    // If this fails, tfjs fixed its kernel and mfgc's replacement (kernels/transform.ts) can go.
    for (let b = 1; b < BATCH; b++) expect(image(b).every((v) => v === 0), `image ${b}`).toBe(true);
  });
});

describe("tfjs-backend-wasm 4.22's own Transform (why mfgc replaces it)", () => {
  it("sends reflect coordinates below 0 to the far edge: a row shifted right by 2 starts 9, 9 instead of 2, 1", async () => {
    // Transform.cc's map_coord_reflect compares with `-len` on a size_t, which wraps around, so a
    // coordinate below 0 is sent past the far edge and clamped there. The high edge is right. If this
    // fails, tfjs fixed its kernel and mfgc's wasm replacement can go.
    const [wasm] = await withKernel(tfjsWasmTransform!, () => runOn("wasm", [ROWS, SHIFTS], reflectNearest));
    expect(Array.from(wasm!)).toEqual([9, 9, 1, 2, 3, 4, 5, 6, 7, 30, 40, 50, 60, 70, 80, 90, 90, 80]);
  });
});

describe("Transform on cpu and wasm with mfgc's kernels", () => {
  it("is registered for cpu and for wasm, once", () => {
    expect(CPU_KERNELS.map((k) => [k.kernelName, k.backendName])).toEqual([["Transform", "cpu"]]);
    expect(WASM_TRAINING_KERNELS).toContain(wasmTransformConfig);
    expect(tf.getKernel("Transform", "cpu")?.kernelFunc).toBe(cpuTransformConfig.kernelFunc);
    expect(tf.getKernel("Transform", "wasm")?.kernelFunc).toBe(wasmTransformConfig.kernelFunc);
    expect(registerCpuKernels()).toEqual({ added: [], replaced: [], alreadyInstalled: ["Transform"] });
    expect(registerWasmTrainingKernels().alreadyInstalled).toContain("Transform");
  });

  it("transforms every image of the batch (image 2 is not blank)", async () => {
    const c = CASES[0]!;
    const [out] = await runOn("cpu", [IMAGES, transforms(c.rows)], apply(c));
    const size = H * W * C;
    for (let b = 0; b < BATCH; b++) {
      const image = out!.subarray(b * size, (b + 1) * size);
      expect(image.filter((v) => v !== 0).length, `non-zero pixels of image ${b}`).toBeGreaterThan(size / 4);
    }
    // The images differ, so a batch that repeated image 0 would not pass the comparisons below either.
    expect(Array.from(out!.subarray(2 * size, 3 * size))).not.toEqual(Array.from(out!.subarray(0, size)));
  });

  for (const c of CASES) {
    const refs = `each image equals that image transformed alone${c.tfjsWasm ? ", the batch equals tfjs's wasm kernel's" : ""}, and mfgc's wasm equals cpu`;
    it(`${c.name}: ${refs}`, async () => {
      const [batch] = await runOn("cpu", [IMAGES, transforms(c.rows)], apply(c));
      const alone = await eachImageAloneByTfjs(c);
      expect(Array.from(batch!)).toEqual(Array.from(alone));
      const [wasm] = await runOn("wasm", [IMAGES, transforms(c.rows)], apply(c));
      expectCloseArrays(wasm!, batch!, 0, `${c.name}: mfgc's wasm vs cpu`);
      if (!c.tfjsWasm) return;
      const [tfjsWasm] = await withKernel(tfjsWasmTransform!, () => runOn("wasm", [IMAGES, transforms(c.rows)], apply(c)));
      expectCloseArrays(batch!, tfjsWasm!, 1e-5, `${c.name}: cpu vs tfjs's wasm kernel`);
    });
  }

  it("wasm equals cpu within 1e-6 on a batch of 4, for every fill mode and both interpolations", async () => {
    const modes: readonly FillMode[] = ["constant", "reflect", "wrap", "nearest"];
    const interpolations: readonly Interpolation[] = ["nearest", "bilinear"];
    // Shifts in every direction, then rotation, zoom and a projective row: coordinates below 0, past
    // the far edge and inside, on every image.
    const all = (image: tf.Tensor, mixed: tf.Tensor, shifts: tf.Tensor) =>
      modes.flatMap((mode) => interpolations.flatMap((how) => [mixed, shifts].map((t) =>
        tf.image.transform(image as tf.Tensor4D, t as tf.Tensor2D, how, mode, 0.25))));
    const inputs = [IMAGES, transforms(MIXED), transforms(TRANSLATIONS)];
    const cpu = await runOn("cpu", inputs, all);
    const wasm = await runOn("wasm", inputs, all);
    expect(wasm.length).toBe(modes.length * interpolations.length * 2);
    wasm.forEach((w, i) => {
      const mode = modes[Math.floor(i / (2 * interpolations.length))]!;
      const how = interpolations[Math.floor(i / 2) % interpolations.length]!;
      expectCloseArrays(w, cpu[i]!, 0, `${mode}, ${how}, ${i % 2 === 0 ? "rotation/zoom/projective" : "translations"}`);
    });
  });

  it("reflect mirrors about the edge pixel as Keras does (d c b a | a b c d | d c b a), on every image, on cpu and wasm", async () => {
    const [cpu] = await runOn("cpu", [ROWS, SHIFTS], reflectNearest);
    expect(Array.from(cpu!)).toEqual(KERAS_REFLECTED);
    const [wasm] = await runOn("wasm", [ROWS, SHIFTS], reflectNearest);
    expect(Array.from(wasm!)).toEqual(KERAS_REFLECTED);
  });

  it("prepareBackend installs it, and random_translation then shifts every image of a batch", async () => {
    tf.unregisterKernel("Transform", "cpu");
    tf.registerKernel(tfjsCpuTransform!);
    await prepareBackend({ backend: "cpu", log: () => {} });
    expect(tf.getBackend()).toBe("cpu");
    expect(tf.getKernel("Transform", "cpu")?.kernelFunc).toBe(cpuTransformConfig.kernelFunc);
    const layer = new MfgRandomTranslation({ heightFactor: 0.2, widthFactor: 0.2, fillMode: "constant" });
    // Every pixel 1: a shifted image keeps most of its ones; a blank one has none.
    const sums = tf.tidy(() => tf.sum(layer.apply(tf.ones([BATCH, H, W, C]), { training: true }) as tf.Tensor, [1, 2, 3]).arraySync() as number[]);
    for (const [b, s] of sums.entries()) expect(s, `image ${b}`).toBeGreaterThan(0.3 * H * W * C);
    await tf.setBackend("wasm");
  });

  it("prepareBackend({backend: \"wasm\"}) installs it, and random_translation's default reflect gives Keras's left edge", async () => {
    tf.unregisterKernel("Transform", "wasm");
    tf.registerKernel(tfjsWasmTransform!);
    await prepareBackend({ backend: "wasm", log: () => {} });
    expect(tf.getBackend()).toBe("wasm");
    expect(tf.getKernel("Transform", "wasm")?.kernelFunc).toBe(wasmTransformConfig.kernelFunc);
    // A width factor of exactly [2/9, 2/9] on width 9: every image shifted right by 2 (in float32,
    // (2/9)·9 rounds to 2), with the layer's defaults, bilinear and reflect.
    const layer = new MfgRandomTranslation({ heightFactor: 0, widthFactor: [2 / 9, 2 / 9] });
    expect([layer.fillMode, layer.interpolation]).toEqual(["reflect", "bilinear"]);
    const row = [1, 2, 3, 4, 5, 6, 7, 8, 9];
    const images = tf.tensor4d([...row, ...row.map((v) => 10 * v), ...row.map((v) => -v)], [3, 1, 9, 1]);
    const out = Array.from(tf.tidy(() => (layer.apply(images, { training: true }) as tf.Tensor).dataSync()));
    images.dispose();
    const keras = [2, 1, 1, 2, 3, 4, 5, 6, 7];
    expectCloseArrays(out, [...keras, ...keras.map((v) => 10 * v), ...keras.map((v) => -v)], 0, "shifted right by 2, reflected");
  });
});
