/**
 * mfgc's SIMD kernels (kernels.wat), instantiated against a wasm backend's own memory so they read and
 * write tensors where they lie. One instance per backend object; none (callers fall back to their JS
 * loops or tfjs's kernels) where the backend exposes no memory or the engine lacks WebAssembly SIMD.
 */
import { KERNELS_WASM_BASE64 } from "./kernels-wasm.js";

/** The exports of kernels.wat; pointers are byte offsets in the backend's heap. */
export interface SimdKernels {
  /**
   * MaxPoolGrad of a 2×2 window with stride 2 and no padding (NHWC, `c` a multiple of 4): writes
   * `dx` for every pixel a window covers (rows < 2·outH, columns < 2·outW); the caller zeroes the rest.
   * Same winner rule as max-pool-grad.ts's JS loop (first maximum, NaN never wins).
   */
  maxPoolGrad2x2(x: number, dy: number, dx: number, batch: number, inH: number, inW: number, c: number, outH: number, outW: number): void;
  /**
   * One Adam/AdamW step of `n` floats: new weight, first and second moment into `wOut`, `mOut`, `vOut`
   * (see kernels.wat for the formula; the scalars are rounded to float32 on the way in).
   */
  adamUpdate(
    w: number, g: number, m: number, v: number, wOut: number, mOut: number, vOut: number, n: number,
    beta1: number, oneMinusBeta1: number, beta2: number, oneMinusBeta2: number, epsilon: number, lrT: number, decay: number,
  ): void;
  /**
   * A convolution's filter gradient dW [taps, co] += Σ x · dy over every output pixel, read from the
   * padded input and dy directly (see kernels.wat for the arguments); dW must start zeroed.
   */
  conv2dFilterGradient(
    x: number, dy: number, dw: number, offsets: number, taps: number, co: number,
    batch: number, outH: number, outW: number, rowsPerBlock: number, imageStep: number, rowStep: number, colStep: number,
  ): void;
  /** out = x + bias, bias [inner] broadcast over `outer` rows (float32 additions, as XNNPACK's). */
  biasAdd(x: number, bias: number, out: number, outer: number, inner: number): void;
  /**
   * out[i] = Σ over `outer` rows of x[r·inner + i], in float64 in row order, rounded once (sum.ts's
   * loop, bit for bit); `acc` is float64 scratch of `inner` elements, 8-byte aligned.
   */
  sumLeadingRows(x: number, acc: number, out: number, outer: number, inner: number, rowsPerBlock: number): void;
  /** ReLU's gradient over `n` floats: dx = dy · step(x) (tfjs's Step: NaN stays NaN), bit for bit. */
  reluGrad(dy: number, x: number, dx: number, n: number): void;
  /** A convolution for few input channels (see kernels.wat and conv2d.ts); every output written. */
  conv2dForward(
    x: number, w: number, out: number, tapOffsets: number, taps: number, ci: number, co: number,
    batch: number, outH: number, outW: number, imageStep: number, rowStep: number, colStep: number,
  ): void;
  /**
   * A convolution's input gradient dx [batch, Hp, Wp, ci] += W · dy spread over each output pixel's
   * window (see kernels.wat for the arguments); dx must start zeroed and is the padded input's shape.
   */
  conv2dInputGradient(
    dy: number, wT: number, dx: number, tapOffsets: number, taps: number, co: number, ci: number,
    batch: number, outH: number, outW: number, imageStep: number, rowStep: number, colStep: number,
  ): void;
}

/** The part of the WebAssembly JS API used here (TypeScript declares it only with the DOM library). */
interface WebAssemblyApi {
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object, imports: object) => { readonly exports: unknown };
  readonly Memory: abstract new (...args: never[]) => object;
}
const wasmApi = (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;

let compiled: object | null | undefined;
const instances = new WeakMap<object, SimdKernels | null>();

/**
 * The module, compiled once, synchronously (about 5 KB: Node compiles any size so; a browser's main thread
 * refuses modules over 4 KB, and there the JS and tfjs paths serve); null where it cannot be compiled.
 */
function kernelsModule(): object | null {
  if (compiled === undefined) {
    try {
      if (wasmApi === undefined) throw new Error("no WebAssembly");
      compiled = new wasmApi.Module(Uint8Array.from(atob(KERNELS_WASM_BASE64), (ch) => ch.charCodeAt(0)));
    } catch {
      // No WebAssembly SIMD in this engine: the JS loops serve.
      compiled = null;
    }
  }
  return compiled;
}

/** tfjs-backend-wasm keeps its Emscripten module on `wasm`; the memory is the module's `asm.memory` export. */
function backendMemory(backend: object): object | null {
  const memory = (backend as { wasm?: { asm?: { memory?: unknown } } }).wasm?.asm?.memory;
  return wasmApi !== undefined && memory instanceof wasmApi.Memory ? memory : null;
}

/** The SIMD kernels bound to `backend`'s heap, or null when they cannot run there. */
export function simdKernels(backend: object): SimdKernels | null {
  let kernels = instances.get(backend);
  if (kernels === undefined) {
    const module = kernelsModule();
    const memory = backendMemory(backend);
    const turnedOff = typeof process !== "undefined" && simdKernelsTurnedOff(process.env);
    kernels = module === null || memory === null || turnedOff ? null : (new wasmApi!.Instance(module, { env: { memory } }).exports as SimdKernels);
    instances.set(backend, kernels);
  }
  return kernels;
}

/**
 * `MFGC_SIMD_KERNELS=0` turns the SIMD kernels off (the JS loops and tfjs's kernels run instead), for
 * side-by-side measurements (`MFGC_SIMD_KERNELS=0 npx tsx bench/train-throughput/profile.ts --label js`)
 * and for ruling them out when chasing a difference. Read when a backend first asks for the kernels, and
 * by the backend's start-up line (candidates.ts), which says so.
 */
export function simdKernelsTurnedOff(env: Readonly<Record<string, string | undefined>>): boolean {
  return env["MFGC_SIMD_KERNELS"] === "0";
}
