/**
 * Where the modules that generated code imports live, for code that `mfgc train` runs in this process:
 * it must import the very runtime (and TensorFlow.js) instances the CLI itself uses, wherever the run
 * folder is — also outside any package, where `mfgc/runtime` would not resolve.
 */
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";

/** The runtime entry's file URL: the TypeScript source when mfgc runs from source (tsx, vitest), else the published `mfgc/runtime`. */
export function runtimeEntryUrl(): string {
  if (import.meta.url.endsWith(".ts")) return new URL("../runtime/index.ts", import.meta.url).href;
  return import.meta.resolve("mfgc/runtime");
}

/** The file URL of `@tensorflow/tfjs` as the runtime resolves it (one copy of TensorFlow.js per process). */
export function tfjsUrl(): string {
  const requireFromRuntime = createRequire(fileURLToPath(runtimeEntryUrl()));
  return pathToFileURL(requireFromRuntime.resolve("@tensorflow/tfjs")).href;
}
