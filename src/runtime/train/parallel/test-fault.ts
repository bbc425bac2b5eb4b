/**
 * A fault injected into a replica worker, for the tests of how a run ends when a worker fails
 * (test/runtime/train/parallel-failure.test.ts). `MFGC_TEST_REPLICA_FAULT=<replica>:<step>:<how>` makes
 * worker `<replica>` fail on its `<step>`-th step: `throw` raises an error in the middle of the step,
 * `exit` ends the thread there (as if it were killed) without an error. Unset, nothing happens.
 */
export const REPLICA_FAULT_ENV = "MFGC_TEST_REPLICA_FAULT";

/** The fault hook for worker `replica`: called with the worker's step count before each step; null when none is set. */
export function replicaFault(replica: number, env: NodeJS.ProcessEnv = process.env): ((step: number) => void) | null {
  const m = /^(\d+):(\d+):(throw|exit)$/.exec(env[REPLICA_FAULT_ENV] ?? "");
  if (m === null || Number(m[1]) !== replica) return null;
  const at = Number(m[2]);
  return (step) => {
    if (step !== at) return;
    if (m[3] === "exit") process.exit(7);
    throw new Error(`injected fault in replica ${replica} at its step ${step} (${REPLICA_FAULT_ENV})`);
  };
}
