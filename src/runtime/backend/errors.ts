/**
 * A backend request that cannot be met is a user-facing refusal, not a crash: it carries a diagnostic
 * (MFG9020, MFG9021) naming the reason and the fix. It is a {@link DataError} (the runtime's "error in
 * the run that carries a diagnostic"), so `mfgc train` and generated `train.ts` print it and exit 1
 * without knowing about backends.
 */
import { createDiagnostic } from "../../diagnostics/diagnostic.js";
import { createSpan } from "../../diagnostics/span.js";
import { hintsOr } from "../../diagnostics/suggest.js";
import { DataError } from "../data/data-error.js";
import { BACKEND_ENV, unknownBackendMessage, type RequestSource } from "./names.js";

/** A refused backend request (MFG9020) or an unknown backend name (MFG9021). */
export class BackendError extends DataError {}

/** How a request is shown where a file name would be: `--backend webgpu` or `MFGC_BACKEND=webgpu`. */
export function requestLabel(name: string, source: RequestSource): string {
  return source === "option" ? `--backend ${name}` : `${BACKEND_ENV}=${name}`;
}

/**
 * MFG9020: `name` was requested and cannot be used. `reason` says what is missing; `fixes` say how to
 * get it (or which backend to ask for instead).
 */
export function backendRefused(name: string, source: RequestSource, reason: string, fixes: readonly string[]): BackendError {
  const message = `backend \`${name}\` was requested${source === "env" ? ` by ${BACKEND_ENV}` : ""}, but ${reason}`;
  return new BackendError(createDiagnostic("MFG9020", message, createSpan(requestLabel(name, source), 0, 0), {
    hints: hintsOr(fixes, source === "env" ? `set ${BACKEND_ENV} to another backend, e.g. \`cpu\`, or unset it to let mfgc pick` : "ask for another backend, e.g. `--backend cpu`, or leave `--backend` out to let mfgc pick"),
  }));
}

/** MFG9021: a name that is no backend (the CLI reports it as a usage error before getting here). */
export function unknownBackend(name: string, source: RequestSource): BackendError {
  return new BackendError(
    createDiagnostic("MFG9021", unknownBackendMessage(name, source), createSpan(requestLabel(name, source), 0, 0), {
      hints: ["leave it out (or write `auto`) to let mfgc pick the fastest backend that works here"],
    }),
  );
}
