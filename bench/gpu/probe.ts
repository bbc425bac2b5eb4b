/**
 * Which WebGPU adapter this machine gives mfgc, in one line (CI prints it before the tests), plus its
 * details as JSON; exit 1 with the reason and the fixes when there is none.
 *
 *   npx tsx bench/gpu/probe.ts
 */
import { BackendError, prepareBackend } from "../../src/runtime/backend/prepare.js";

try {
  const choice = await prepareBackend({ backend: "webgpu", log: (line) => console.log(line) });
  console.log(JSON.stringify({ adapter: choice.adapter }));
  process.exit(0);
} catch (error) {
  if (!(error instanceof BackendError)) throw error;
  const d = error.diagnostic;
  console.log(`mfgc: no WebGPU adapter: ${d.message}`);
  for (const hint of d.hints) console.log(`  fix: ${hint}`);
  process.exit(1);
}
