import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runTraining } from "mfgc/runtime";
import { family, sampleLimit, throughputConfig } from "./families.js";
const f = family("cnn");
const samples = Number(process.argv[2] ?? 2048);
const workers = Number(process.argv[3] ?? 2);
const config = throughputConfig(f, samples, 2);
const t0 = performance.now();
let last = t0;
const r = await runTraining({
  buildModel: f.buildModel, trainModule: f.trainModule, config, spec: f.spec, specDir: f.spec.dir, specHash: f.spec.sha256,
  outDir: mkdtempSync(join(tmpdir(), "p12-")), backend: "wasm", dataRoots: ["/usr/share/datasets"], ...sampleLimit(f, samples), workers,
  log: (l: string) => { if (l.startsWith("workers")) console.log(l); },
  onEpochEnd: (e: { epoch: number; seconds: number }) => { console.log(`epoch ${e.epoch}: ${e.seconds.toFixed(2)} s, ${(samples / e.seconds).toFixed(0)} samples/s`); },
});
r.model.dispose();
