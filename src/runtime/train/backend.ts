/**
 * Backend selection. The real selector lives in `../backend/select.ts` (owned by the backend module);
 * this wrapper loads it when present and otherwise falls back to the pure-JS `cpu` backend, which is
 * always available and deterministic.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as tf from "@tensorflow/tfjs";

/** The chosen backend and why it was chosen. */
export interface BackendChoice {
  readonly name: string;
  readonly reason: string;
}

type PrepareBackend = (opts?: { backend?: string; log?: (line: string) => void }) => Promise<BackendChoice>;

export async function selectBackend(backend: string | undefined, log: (line: string) => void): Promise<BackendChoice> {
  // A computed specifier keeps tsc from requiring the module while it is being written.
  const specifier = "../backend/select.js";
  let prepare: PrepareBackend | undefined;
  // Only a missing selector means "fall back"; a selector that exists but fails to load is a bug to surface.
  const present = [".ts", ".js"].some((ext) => existsSync(fileURLToPath(new URL(`../backend/select${ext}`, import.meta.url))));
  if (present) {
    const mod = (await import(/* @vite-ignore */ specifier)) as { prepareBackend?: PrepareBackend };
    prepare = mod.prepareBackend;
  }
  if (prepare !== undefined) return prepare(backend === undefined ? { log } : { backend, log });
  const name = backend ?? "cpu";
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`backend \`${name}\` could not be initialized`);
  await tf.ready();
  return { name: tf.getBackend(), reason: backend === undefined ? "default (cpu)" : "requested" };
}
