/**
 * How the builder finds ops. Defaults to the registry; tests and tools may pass their own table
 * (e.g. to check an op that is not registered yet).
 */
import type { OpDef } from "../ops/types.js";
import { OP_NAMES, getOp } from "../ops/registry.js";

/** A table of ops by name. */
export interface OpLookup {
  get(name: string): OpDef | undefined;
  /** Every op name, for "did you mean" suggestions. */
  names(): Iterable<string>;
}

export const REGISTRY_LOOKUP: OpLookup = {
  get: (name) => getOp(name),
  names: () => OP_NAMES,
};
