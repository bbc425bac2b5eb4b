/**
 * The backend names a user can ask for, and how a request (`--backend`, `MFGC_BACKEND`) is read. Kept
 * apart from the candidates so the command line can validate a name without loading TensorFlow.js.
 */
import { InvalidArgumentError } from "commander";

/** Backends mfgc can train on, best first in automatic selection. */
export const BACKEND_NAMES = ["tensorflow-gpu", "webgpu", "tensorflow", "wasm", "cpu"] as const;

/** One of {@link BACKEND_NAMES}. */
export type BackendName = (typeof BACKEND_NAMES)[number];

/**
 * What a user may request: a backend by name, `gpu` (any hardware GPU backend: tfjs-node-gpu on a GPU,
 * or WebGPU on a hardware adapter; refused when there is none) or `auto` (the best that works).
 */
export const BACKEND_REQUESTS = ["auto", "gpu", ...BACKEND_NAMES] as const;

/** One of {@link BACKEND_REQUESTS}. */
export type BackendRequest = (typeof BACKEND_REQUESTS)[number];

/** Where a request came from; printed in the start-up line and in refusals. */
export type RequestSource = "option" | "env";

/** The environment variable that requests a backend when no option does. */
export const BACKEND_ENV = "MFGC_BACKEND";

export function isBackendRequest(name: string): name is BackendRequest {
  return (BACKEND_REQUESTS as readonly string[]).includes(name);
}

/** A name as the user typed it, normalized (trimmed, lower case); empty means "not given". */
export function normalizeRequest(raw: string | undefined): string | null {
  const name = raw?.trim().toLowerCase() ?? "";
  return name === "" ? null : name;
}

/** The usage message for a name that is not a backend (the CLI prints it and exits 2). */
export function unknownBackendMessage(name: string, source: RequestSource): string {
  const where = source === "option" ? "--backend" : BACKEND_ENV;
  return `unknown backend \`${name}\` in ${where} (known: ${BACKEND_REQUESTS.join(", ")})`;
}

/**
 * The usage problem with the request in force — the `--backend` value, else `MFGC_BACKEND` (as the
 * selector reads them) — or null when it is absent or a known name.
 */
export function backendUsageProblem(option: string | undefined, env: Readonly<Record<string, string | undefined>>): string | null {
  const fromOption = normalizeRequest(option);
  if (fromOption !== null) return isBackendRequest(fromOption) ? null : unknownBackendMessage(fromOption, "option");
  const fromEnv = normalizeRequest(env[BACKEND_ENV]);
  return fromEnv === null || isBackendRequest(fromEnv) ? null : unknownBackendMessage(fromEnv, "env");
}

/** A one-line description of the names, for `--help`. */
export const BACKEND_HELP =
  "training backend: auto (default: the best available), gpu (any hardware GPU, else refuse), tensorflow-gpu, webgpu, tensorflow, wasm or cpu; env MFGC_BACKEND";

/**
 * Commander's parser for `--backend`: the normalized name, or an `InvalidArgumentError` (commander
 * prints it as a usage error; the CLI exits 2).
 */
export function parseBackendOption(value: string): string {
  const name = normalizeRequest(value) ?? "";
  if (!isBackendRequest(name)) throw new InvalidArgumentError(unknownBackendMessage(name, "option"));
  return name;
}
