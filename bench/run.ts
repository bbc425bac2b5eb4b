/**
 * `npm run bench`: every benchmark, one after another (each in its own process, so one backend's state
 * never leaks into the next). Figures land in bench/results/.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const BENCHES = [
  { name: "startup", file: "./startup/run.ts", about: "mfgc start-up (--version, check, summary) vs node -e 0; needs `npm run build`" },
  { name: "check-large", file: "./check-large.ts", about: "mfgc check on a 5,000-layer spec" },
  { name: "export-inference", file: "./export-inference/run.ts", about: "exported (fused, BN-folded) vs unfused inference on wasm" },
  { name: "train-throughput", file: "./train-throughput/run.ts", about: "CNN, LSTM/GRU and Transformer training: generated code on wasm (1 and 2 workers) vs PyTorch (1 and 2 threads); needs `npm run build`" },
  { name: "workers", file: "./workers/run.ts", about: "tutorial CNN training throughput with --workers 1 vs 2 … cores (data-parallel, wasm)" },
  { name: "transfer", file: "./transfer/run.ts", about: "Fashion-MNIST 5 → 5 classes on 500 images: transferred frozen convolutions vs from scratch" },
  { name: "mutation", file: "./mutation/run.ts", about: "StrykerJS mutation score of the training runtime and mfgc's layers (long: tens of minutes)" },
  { name: "fmt-round-trip", file: "./fmt-round-trip.ts", about: "mfgc fmt round trip on thousands of generated clean specs" },
  { name: "fuzz", file: "./fuzz/run.ts", about: "100,000 generated and mutated specs, resource bombs, a build at the node cap (issue 14)" },
  { name: "kill", file: "./kill/run.ts", about: "200 SIGKILLs of mfgc build and 50 of mfgc train, then build and train --resume (issue 14)" },
];

const only = process.argv.slice(2);
let failed = 0;
for (const b of BENCHES) {
  if (only.length > 0 && !only.includes(b.name)) continue;
  console.log(`\n── ${b.name}: ${b.about}`);
  const r = spawnSync(process.execPath, ["--import", "tsx", fileURLToPath(new URL(b.file, import.meta.url))], { stdio: "inherit" });
  if (r.status !== 0) {
    failed++;
    console.error(`${b.name} failed (exit ${r.status ?? r.signal})`);
  }
}
process.exitCode = failed === 0 ? 0 : 1;
