/**
 * The backend's own kernel, kept when an mfgc kernel replaces it but still hands some cases back to it
 * (BatchMatMul without transposes, Sum over axes mfgc's kernel does not cover).
 */
import type { KernelConfig, KernelFunc, KernelSetupFunc, TensorInfo } from "@tensorflow/tfjs";

export class OriginalKernel {
  private func: KernelFunc | null = null;

  private setupFunc: KernelSetupFunc | undefined;

  constructor(private readonly kernelName: string) {}

  /** Keeps the backend's kernel (register.ts calls this before replacing it). */
  remember(config: KernelConfig): void {
    this.func = config.kernelFunc;
    this.setupFunc = config.setupFunc;
  }

  /**
   * The original's setup (binding its C++ function) must still run when the backend initializes after
   * the swap, so the replacing config's `setupFunc` calls this.
   */
  readonly setup: KernelSetupFunc = (backend) => this.setupFunc?.(backend);

  /** Runs the backend's kernel; it must return a single output. */
  call(args: Parameters<KernelFunc>[0]): TensorInfo {
    if (this.func === null) throw new Error(`mfgc wasm kernels: ${this.kernelName} replaced before the original was kept`);
    const out = this.func(args);
    if (Array.isArray(out)) throw new Error(`mfgc wasm kernels: ${this.kernelName} returned several outputs`);
    return out;
  }
}
