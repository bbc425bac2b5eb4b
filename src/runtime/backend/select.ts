/**
 * Picks the best backend that works at start-up: tfjs-node-gpu (on a GPU) → tfjs-node → wasm → cpu,
 * unless an option or `MFGC_BACKEND` asks for one. A requested backend that cannot come up is reported
 * and the search goes on down the list, so training still starts; the choice says what happened.
 */
import type * as tfjs from "@tensorflow/tfjs";
import { BACKEND_NAMES, CANDIDATES } from "./candidates.js";
import type { BackendName, Candidate, CandidateContext, ModuleLoader } from "./candidates.js";

/** A backend that was tried and passed over, and why. */
export interface BackendFallback {
  readonly name: string;
  readonly reason: string;
}

/** The backend in use and how it was chosen. */
export interface BackendChoice {
  /** The mfgc backend name (`tensorflow-gpu`, `tensorflow`, `wasm`, `cpu`). */
  readonly name: BackendName;
  /** The tfjs backend name now active (`tensorflow`, `wasm`, `cpu`). */
  readonly tfjsBackend: string;
  readonly reason: string;
  /** Backends tried before this one, best first. */
  readonly fellBackFrom: readonly BackendFallback[];
}

/** Options of {@link selectBackend}. */
export interface SelectOptions {
  /** `auto` or a name from BACKEND_NAMES; wins over `MFGC_BACKEND`. */
  readonly backend?: string;
  readonly log?: (line: string) => void;
}

/** What selection needs from its surroundings (injected in tests). */
export interface SelectDeps {
  readonly tf: typeof tfjs;
  readonly load: ModuleLoader;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly beforeWasm: () => void;
  readonly candidates?: readonly Candidate[];
}

function isBackendName(name: string): name is BackendName {
  return (BACKEND_NAMES as readonly string[]).includes(name);
}

/** The order to try candidates in: the requested one first, then the rest best first. */
function tryOrder(requested: string | null, all: readonly Candidate[]): { order: readonly Candidate[]; notes: BackendFallback[] } {
  if (requested === null || requested === "auto") return { order: all, notes: [] };
  if (!isBackendName(requested)) {
    return {
      order: all,
      notes: [{ name: requested, reason: `unknown backend '${requested}' (known: auto, ${BACKEND_NAMES.join(", ")})` }],
    };
  }
  const first = all.filter((c) => c.name === requested);
  return { order: [...first, ...all.filter((c) => c.name !== requested)], notes: [] };
}

export async function selectBackend(options: SelectOptions, deps: SelectDeps): Promise<BackendChoice> {
  const all = deps.candidates ?? CANDIDATES;
  const fromOption = options.backend?.trim().toLowerCase() || null;
  const fromEnv = deps.env["MFGC_BACKEND"]?.trim().toLowerCase() || null;
  const requested = fromOption ?? fromEnv;
  const source = fromOption !== null ? "requested" : "requested by MFGC_BACKEND";
  const { order, notes } = tryOrder(requested, all);
  const fellBackFrom: BackendFallback[] = [...notes];
  const ctx: CandidateContext = { tf: deps.tf, load: deps.load, beforeWasm: deps.beforeWasm };
  for (const candidate of order) {
    const result = await candidate.bringUp(ctx);
    const wasRequested = requested === candidate.name;
    if (result.ok) {
      const reason = wasRequested ? `${source}: ${result.reason}` : result.reason;
      const choice: BackendChoice = { name: candidate.name, tfjsBackend: deps.tf.getBackend(), reason, fellBackFrom };
      options.log?.(describeChoice(choice));
      return choice;
    }
    fellBackFrom.push({ name: candidate.name, reason: wasRequested ? `${source}, but ${result.reason}` : result.reason });
    // tfjs-node-gpu that loaded without a GPU still registered a working CPU TensorFlow backend.
    if (candidate.name === "tensorflow-gpu" && deps.tf.getBackend() === "tensorflow") {
      const choice: BackendChoice = {
        name: "tensorflow", tfjsBackend: "tensorflow",
        reason: "@tensorflow/tfjs-node-gpu on the CPU (native TensorFlow, no GPU in use)", fellBackFrom,
      };
      options.log?.(describeChoice(choice));
      return choice;
    }
  }
  // Unreachable with the built-in list (cpu always comes up); kept for injected lists.
  throw new Error(`mfgc: no tfjs backend could be started (${fellBackFrom.map((f) => `${f.name}: ${f.reason}`).join("; ")})`);
}

/** The one line logged at start-up. */
export function describeChoice(choice: BackendChoice): string {
  const fallbacks = choice.fellBackFrom.map((f) => `${f.name} (${f.reason})`).join(", ");
  return `mfgc: backend '${choice.name}' — ${choice.reason}${fallbacks === "" ? "" : `; passed over: ${fallbacks}`}`;
}
