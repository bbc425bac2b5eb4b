/**
 * The full-size kill test (issue 14): 200 SIGKILLs of `mfgc build` and 50 of `mfgc train` at random
 * moments, then `build` and `train --resume` to completion. Counts go to bench/results/kill.{json,md}:
 * kills, torn files, lost runs, and training cycles that ended with the uninterrupted run's metrics.
 *
 *   npx tsx bench/kill/run.ts [--build-kills 200] [--train-kills 50] [--seed 1]
 */
import { rmSync } from "node:fs";
import path from "node:path";
import { buildKillCampaign, trainKillCampaign } from "../../test/hostile/kill/harness.js";
import { writeResult } from "../results.js";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
}

const BUILD_KILLS = arg("build-kills", 200);
const TRAIN_KILLS = arg("train-kills", 50);
const SEED = arg("seed", 1);
// A run folder must sit where mfgc is installed (generated code imports it): the repository's .tmp/.
const SCRATCH = path.join(import.meta.dirname, "..", "..", ".tmp", "bench-kill");
const SPECS = ["specs/fashion_cnn.mfgnet", "specs/fashion_cnn_yaml.mfgnet.yaml", "specs/process_events_transformer.mfgnet", "specs/surface_defects_resnet.mfgnet", "specs/turbofan_rul.mfgnet"];
const log = (s: string) => console.log(`  ${s}`);

const t0 = Date.now();
console.log(`kill: ${BUILD_KILLS} SIGKILLs of mfgc build (${SPECS.length} specs)`);
const build = await buildKillCampaign({ dir: path.join(SCRATCH, "build"), specs: SPECS, kills: BUILD_KILLS, seed: SEED, log });
const buildSeconds = (Date.now() - t0) / 1000;
const t1 = Date.now();
console.log(`kill: ${TRAIN_KILLS} SIGKILLs of mfgc train (5 per run, then --resume to the end)`);
const train = await trainKillCampaign({ dir: path.join(SCRATCH, "train"), spec: "test/hostile/kill/tiny.mfgnet", kills: TRAIN_KILLS, killsPerCycle: 5, seed: SEED, log });
const trainSeconds = (Date.now() - t1) / 1000;
rmSync(SCRATCH, { recursive: true, force: true });

const ok = build.tornFiles.length === 0 && build.finalMatches && build.finalCheck === 0 && train.tornFiles.length === 0 && train.lostRuns === 0 && train.matchingCycles === train.cycles;
writeResult("kill", { seed: SEED, build: { ...build, seconds: buildSeconds }, train: { ...train, seconds: trainSeconds }, ok }, [
  "# Kill test",
  "",
  `\`mfgc build\` of ${SPECS.length} specs (alternating between two versions, so every build rewrites files), SIGKILLed at random moments (half uniform over a build's duration, half right after it starts writing):`,
  "",
  "| attempts | kills | torn files | temp files seen after kills | final build / --check | final output equals an uninterrupted build | temp files after the final build |",
  "| ---: | ---: | ---: | ---: | --- | --- | ---: |",
  `| ${build.attempts} | ${build.kills} | ${build.tornFiles.length} | ${build.leftoverTempsSeen} | ${build.finalBuild} / ${build.finalCheck} | ${build.finalMatches ? "yes" : "no"} | ${build.tempsAfterFinal} |`,
  "",
  "`mfgc train` of test/hostile/kill/tiny.mfgnet on the cpu backend, killed 5 times per run folder and restarted with `--resume`, then run to the end:",
  "",
  "| runs | kills | torn files | lost runs | runs ending with the uninterrupted run's metrics | resumes recorded in run.json |",
  "| ---: | ---: | ---: | ---: | ---: | ---: |",
  `| ${train.cycles} | ${train.kills} | ${train.tornFiles.length} | ${train.lostRuns} | ${train.matchingCycles} | ${train.resumesRecorded} |`,
  "",
  `Wall time: build ${buildSeconds.toFixed(0)} s, train ${trainSeconds.toFixed(0)} s.`,
]);
console.log(ok ? "kill: all held" : "kill: FAILED (see bench/results/kill.json)");
process.exitCode = ok ? 0 : 1;
