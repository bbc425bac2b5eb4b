/**
 * Picks the backend at start-up and says why, in one line.
 *
 * - Automatic (no request, or `auto`): the best that works of tfjs-node-gpu really using a GPU →
 *   WebGPU on a hardware adapter → tfjs-node → wasm → cpu. A software WebGPU adapter is passed over.
 * - `gpu`: the first of tfjs-node-gpu on a GPU or WebGPU on a hardware adapter; refused when neither.
 * - A backend by name: that backend or a refusal ({@link BackendError}, MFG9020) naming the reason and
 *   the fix — never a silent swap for another backend.
 *
 * `--backend` (the `backend` option) wins over `MFGC_BACKEND`; an unknown name is MFG9021.
 */
import type * as tfjs from "@tensorflow/tfjs";
import { CANDIDATES } from "./candidates.js";
import type { Candidate, CandidateContext, CandidateResult, ModuleLoader } from "./candidates.js";
import { backendRefused, unknownBackend } from "./errors.js";
import { BACKEND_ENV, isBackendRequest, normalizeRequest, type BackendName, type BackendRequest, type RequestSource } from "./names.js";
import type { AdapterDescription } from "./webgpu/adapter.js";
import { linuxGpuDeviceNodes } from "./webgpu/device-nodes.js";
import { pushAll } from "../../util/arrays.js";

/** A backend that was tried and passed over, and why. */
export interface BackendFallback {
  readonly name: string;
  readonly reason: string;
}

/** The backend in use and how it was chosen (stored in report.json). */
export interface BackendChoice {
  /** The mfgc backend name (`tensorflow-gpu`, `webgpu`, `tensorflow`, `wasm`, `cpu`). */
  readonly name: BackendName;
  /** The tfjs backend name now active (`tensorflow`, `webgpu`, `wasm`, `cpu`). */
  readonly tfjsBackend: string;
  /** What was asked for: `auto`, `gpu` or a backend name. */
  readonly requested: BackendRequest;
  readonly reason: string;
  /** Backends tried before this one, best first. */
  readonly fellBackFrom: readonly BackendFallback[];
  /** The WebGPU adapter, when the backend is `webgpu`. */
  readonly adapter: AdapterDescription | null;
}

/** Options of {@link selectBackend}. */
export interface SelectOptions {
  /** `auto`, `gpu` or a name from BACKEND_NAMES; wins over `MFGC_BACKEND`. */
  readonly backend?: string;
  readonly log?: (line: string) => void;
}

/** What selection needs from its surroundings (injected in tests). */
export interface SelectDeps {
  readonly tf: typeof tfjs;
  readonly load: ModuleLoader;
  /** The process environment: `MFGC_BACKEND` is read from it, WebGPU setup may set variables in it. */
  readonly env: Record<string, string | undefined>;
  readonly platform?: NodeJS.Platform;
  readonly beforeWasm: () => void;
  readonly candidates?: readonly Candidate[];
  /** GPU device nodes (default: {@link linuxGpuDeviceNodes} of this machine's /dev). */
  readonly gpuDeviceNodes?: () => readonly string[];
}

/** The request in force and where it came from (null source: nothing was asked for). */
function readRequest(option: string | undefined, env: Readonly<Record<string, string | undefined>>): { name: string; source: RequestSource | null } {
  const fromOption = normalizeRequest(option);
  if (fromOption !== null) return { name: fromOption, source: "option" };
  const fromEnv = normalizeRequest(env[BACKEND_ENV]);
  if (fromEnv !== null) return { name: fromEnv, source: "env" };
  return { name: "auto", source: null };
}

/**
 * Brings up the backend the request names (see the file comment) and logs the one start-up line.
 * @throws BackendError MFG9020 when a requested backend (or `gpu`) cannot be used, MFG9021 for an unknown name.
 */
export async function selectBackend(options: SelectOptions, deps: SelectDeps): Promise<BackendChoice> {
  const all = deps.candidates ?? CANDIDATES;
  const { name, source } = readRequest(options.backend, deps.env);
  if (!isBackendRequest(name)) throw unknownBackend(name, source ?? "option");
  const context = (requested: boolean): CandidateContext => ({
    tf: deps.tf, load: deps.load, beforeWasm: deps.beforeWasm, env: deps.env, platform: deps.platform ?? process.platform, requested,
    gpuDeviceNodes: deps.gpuDeviceNodes ?? linuxGpuDeviceNodes,
  });
  const requestedBy = source === "env" ? `requested by ${BACKEND_ENV}` : "requested";
  const choose = (candidate: Candidate, result: CandidateResult & { ok: true }, fellBackFrom: readonly BackendFallback[]): BackendChoice => {
    const reason = name === "auto" ? result.reason : `${requestedBy}${name === "gpu" ? " a GPU" : ""}: ${result.reason}`;
    const choice: BackendChoice = { name: candidate.name, tfjsBackend: deps.tf.getBackend(), requested: name, reason, fellBackFrom, adapter: result.adapter ?? null };
    options.log?.(describeChoice(choice));
    return choice;
  };

  if (name === "auto" || name === "gpu") {
    const fellBackFrom: BackendFallback[] = [];
    const fixes: string[] = [];
    for (const candidate of name === "gpu" ? all.filter((c) => c.gpu) : all) {
      const result = await candidate.bringUp(context(false));
      if (result.ok) return choose(candidate, result, fellBackFrom);
      fellBackFrom.push({ name: candidate.name, reason: result.reason });
      pushAll(fixes, result.fixes);
    }
    if (name === "gpu") {
      throw backendRefused("gpu", source ?? "option", `no GPU backend can be used here: ${fellBackFrom.map((f) => `${f.name}: ${f.reason}`).join("; ")}`, fixes);
    }
    // Unreachable with the built-in list (cpu always comes up); kept for injected lists.
    throw new Error(`mfgc: no tfjs backend could be started (${fellBackFrom.map((f) => `${f.name}: ${f.reason}`).join("; ")})`);
  }

  const candidate = all.find((c) => c.name === name);
  if (candidate === undefined) throw unknownBackend(name, source ?? "option");
  const result = await candidate.bringUp(context(true));
  if (!result.ok) throw backendRefused(name, source ?? "option", result.reason, result.fixes);
  return choose(candidate, result, []);
}

/** The one line logged at start-up. */
export function describeChoice(choice: BackendChoice): string {
  const fallbacks = choice.fellBackFrom.map((f) => `${f.name} (${f.reason})`).join(", ");
  return `mfgc: backend '${choice.name}' — ${choice.reason}${fallbacks === "" ? "" : `; passed over: ${fallbacks}`}`;
}
