/**
 * The long fuzz run (issue 14): ≥ 100,000 generated and mutated specs in both forms through the oracle
 * of test/fuzz/harness (no exception escapes, well-formed diagnostics, < 1 s of CPU per input), the fmt
 * round trip counted on the side, then each resource bomb of bombs.ts in a fresh process (CPU time and
 * peak memory), and a build at the node cap. Counts go to bench/results/fuzz.{json,md}.
 *
 * The campaign runs in a child process whose V8 heap is capped (`--max-old-space-size`, CAMPAIGN_HEAP_MIB):
 * finishing there shows that no input needed more, and the child's peak resident memory is the bound.
 *
 *   npm run build && npx tsx bench/fuzz/run.ts [--inputs 100000] [--seed 1] [--bombs-only]
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateSpec } from "../../src/codegen/generate.js";
import { MAX_EXPANDED_NODES } from "../../src/ir/build/index.js";
import { compileText } from "../../src/pipeline.js";
import { runCampaign, STREAMS } from "../../test/fuzz/harness/campaign.js";
import { runOne } from "../../test/fuzz/harness/oracle.js";
import { writeResult } from "../results.js";
import { cpuSnapshot, describeLoad, loadBetween } from "../train-throughput/machine-load.js";
import { BOMBS } from "./bombs.js";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
}

const INPUTS = arg("inputs", 100_000);
/** The campaign child's V8 heap cap; with code and native memory its resident size stays under 256 MiB. */
const CAMPAIGN_HEAP_MIB = 160;
const SEED = arg("seed", 1);
const ROOT = join(import.meta.dirname, "..", "..");
const MEASURE = join(ROOT, "test", "hostile", "fixtures", "measure-check.ts");
/** The published CLI (dist/ from `npm run build`); each bomb is also checked through it, start-up included. */
const BIN = join(ROOT, "bin", "mfgc.js");
/** GNU time gives a child's CPU time and peak memory; without it the CLI column is left out. */
const GNU_TIME = "/usr/bin/time";

interface Measured {
  readonly cpuMs: number;
  readonly baseKB: number;
  readonly peakKB: number;
  readonly codes: readonly string[];
}

/** A whole `mfgc check` of one file through the published CLI: what a user waits for. */
interface CliMeasured {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly peakKB: number;
}

/** CPU seconds of this process and of its children that have ended (/proc/self/stat's utime..cstime). */
function selfAndChildrenCpuSeconds(): number {
  const fields = readFileSync("/proc/self/stat", "utf8").replace(/^.*\) /, "").split(" ");
  // After the `(comm)` field: state is field 3, utime/stime/cutime/cstime are fields 14–17 (ticks of 1/100 s).
  return fields.slice(11, 15).reduce((a, f) => a + Number(f), 0) / 100;
}

function cliCheck(file: string): CliMeasured | undefined {
  if (!existsSync(GNU_TIME) || !existsSync(join(ROOT, "dist", "cli", "main.cjs"))) return undefined;
  const report = join(tmpdir(), `mfgc-bomb-time-${process.pid}.txt`);
  spawnSync(GNU_TIME, ["-f", "%e %U %S %M", "-o", report, process.execPath, BIN, "check", file], { stdio: "ignore" });
  const [wall, user, sys, peak] = readFileSync(report, "utf8").trim().split(/\s+/).slice(-4).map(Number);
  rmSync(report, { force: true });
  return { wallMs: wall! * 1000, cpuMs: (user! + sys!) * 1000, peakKB: peak! };
}

type CampaignRun = ReturnType<typeof runCampaign> & { wallSeconds: number; peakKB: number };

function campaign(): CampaignRun {
  runOne("model M {\n  input x: f32[2]\n  x -> dense(1) as y\n  output y\n}\n", "dsl", true);
  runOne("mfgnet: 1\nmodel:\n  name: M\n  inputs: { x: { shape: [2], dtype: f32 } }\n  layers: [dense: { units: 1, as: y }]\n  outputs: [y]\n", "yaml", true);
  const started = Date.now();
  const r = runCampaign({
    seed: SEED,
    maxInputs: INPUTS,
    cpuBudgetMs: Infinity,
    build: true,
    roundTrip: true,
    onProgress: (n) => {
      if (n % 10_000 === 0) console.error(`  ${n.toLocaleString("en-US")} inputs, ${((Date.now() - started) / 1000).toFixed(0)} s`);
    },
  });
  return { ...r, wallSeconds: (Date.now() - started) / 1000, peakKB: process.resourceUsage().maxRSS };
}

function bombs(): { name: string; bytes: number; measured: Measured; cli: CliMeasured | undefined }[] {
  const dir = mkdtempSync(join(tmpdir(), "mfgc-bombs-"));
  try {
    if (existsSync(join(ROOT, "dist", "cli", "main.cjs"))) cliCheck(join(ROOT, "specs", "fashion_cnn.mfgnet")); // writes the code cache
    return BOMBS.map((b) => {
      const text = b.text();
      const file = join(dir, b.file);
      writeFileSync(file, text);
      const [measured] = JSON.parse(execFileSync(process.execPath, ["--import", "tsx", MEASURE, file], { encoding: "utf8", maxBuffer: 1 << 20 })) as Measured[];
      const cli = cliCheck(file);
      const viaCli = cli === undefined ? "" : `; mfgc check ${cli.cpuMs.toFixed(0)} ms CPU, ${cli.wallMs.toFixed(0)} ms wall`;
      console.log(`  ${b.name}: ${measured!.cpuMs.toFixed(0)} ms CPU, peak ${(measured!.peakKB / 1024).toFixed(0)} MiB, ${measured!.codes.join(" ") || "clean"}${viaCli}`);
      return { name: b.name, bytes: Buffer.byteLength(text), measured: measured!, cli };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Check and generate a model at the node cap (MAX_EXPANDED_NODES): CPU time and this process's peak. */
function nodeCapBuild(): { nodes: number; checkMs: number; buildMs: number; modelBytes: number } {
  // The input and MAX_EXPANDED_NODES − 1 dense layers.
  const text = `model Deep {\n  input x: f32[4]\n  x -> repeat ${MAX_EXPANDED_NODES - 1} dense(4) as y\n  output y\n}\n`;
  const t0 = process.cpuUsage();
  const c = compileText(text, "deep.mfgnet", "dsl");
  const t1 = process.cpuUsage(t0);
  const out = generateSpec({ graph: c.graph!, train: undefined, source: c.source!, specPath: "deep.mfgnet", specHash: c.hash, mfgcVersion: "0", folder: "deep", outRoot: "gen", optimizeLevel: 1 });
  const t2 = process.cpuUsage(t0);
  const ms = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;
  return { nodes: c.graph!.nodes.length, checkMs: ms(t1), buildMs: ms(t2) - ms(t1), modelBytes: out.files.find((f) => f.path.endsWith("model.ts"))!.content.length };
}

if (process.argv.includes("--campaign-only")) {
  process.stdout.write(JSON.stringify(campaign()));
  process.exit(0);
}

if (process.argv.includes("--bombs-only")) {
  // A quick look at the bombs alone (nothing written): `npx tsx bench/fuzz/run.ts --bombs-only`.
  bombs();
  process.exit(0);
}

console.log(`fuzz: ${INPUTS.toLocaleString("en-US")} inputs, seed ${SEED}, in a process with a ${CAMPAIGN_HEAP_MIB} MiB heap`);
const run = JSON.parse(
  execFileSync(process.execPath, [`--max-old-space-size=${CAMPAIGN_HEAP_MIB}`, "--import", "tsx", import.meta.filename, "--campaign-only", "--inputs", String(INPUTS), "--seed", String(SEED)], {
    encoding: "utf8",
    maxBuffer: 64 << 20,
    stdio: ["ignore", "pipe", "inherit"],
  }),
) as CampaignRun;
const sum = (k: "inputs" | "clean" | "built" | "crashes" | "problems" | "overOneSecond" | "roundTripChecked" | "roundTripFailed") => STREAMS.reduce((a, s) => a + run.byStream[s][k], 0);
const slowest = Math.max(...STREAMS.map((s) => run.byStream[s].slowestMs));
console.log(`  ${sum("crashes")} crashes, ${sum("problems")} malformed diagnostics, ${sum("overOneSecond")} over 1 s (slowest ${slowest.toFixed(0)} ms), peak ${(run.peakKB / 1024).toFixed(0)} MiB`);
console.log("resource bombs (each in a fresh process):");
// What other processes used of the machine around the bombs (/proc/stat): the load average lags by minutes.
const cpuBefore = cpuSnapshot();
const ownBefore = selfAndChildrenCpuSeconds();
const bombResults = bombs();
const load = loadBetween(cpuBefore, cpuSnapshot(), selfAndChildrenCpuSeconds() - ownBefore);
const loaded = load?.loaded ?? true;
console.log("build at the node cap:");
const cap = nodeCapBuild();
console.log(`  ${cap.nodes.toLocaleString("en-US")} nodes: check ${cap.checkMs.toFixed(0)} ms, build ${cap.buildMs.toFixed(0)} ms CPU, peak ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);

writeResult(
  "fuzz",
  {
    seed: SEED,
    inputs: run.inputs,
    crashes: sum("crashes"),
    malformedDiagnostics: sum("problems"),
    overOneSecond: sum("overOneSecond"),
    slowestMs: slowest,
    campaignPeakMiB: Math.round(run.peakKB / 1024),
    campaignHeapCapMiB: CAMPAIGN_HEAP_MIB,
    wallSeconds: run.wallSeconds,
    checkedClean: sum("clean"),
    built: sum("built"),
    fmtRoundTrip: { checked: sum("roundTripChecked"), failed: sum("roundTripFailed"), examples: run.roundTripFailures.slice(0, 5).map((f) => ({ stream: f.stream, index: f.index, what: f.what })) },
    byStream: run.byStream,
    failures: run.failures.slice(0, 20),
    bombsLoad: load,
    bombs: bombResults.map((b) => ({
      name: b.name,
      bytes: b.bytes,
      cpuMs: Math.round(b.measured.cpuMs),
      peakMiB: Math.round(b.measured.peakKB / 1024),
      codes: b.measured.codes,
      cli: b.cli === undefined ? undefined : { cpuMs: Math.round(b.cli.cpuMs), wallMs: Math.round(b.cli.wallMs), peakMiB: Math.round(b.cli.peakKB / 1024) },
    })),
    nodeCapBuild: { ...cap, peakMiB: Math.round(process.resourceUsage().maxRSS / 1024) },
  },
  [
    "# Fuzzing mfgc",
    "",
    `${run.inputs.toLocaleString("en-US")} generated and mutated specs (seed ${SEED}), both forms, through \`compileText\` and — when clean — \`generateSpec\`.`,
    "",
    "| stream | inputs | clean | built | crashes | malformed diagnostics | > 1 s CPU | slowest (ms) | fmt round trip failed / checked |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...STREAMS.map((s) => {
      const x = run.byStream[s];
      return `| ${s} | ${x.inputs} | ${x.clean} | ${x.built} | ${x.crashes} | ${x.problems} | ${x.overOneSecond} | ${x.slowestMs.toFixed(0)} | ${x.roundTripFailed} / ${x.roundTripChecked} |`;
    }),
    "",
    `Peak resident memory of the campaign process (V8 heap capped at ${CAMPAIGN_HEAP_MIB} MiB): ${(run.peakKB / 1024).toFixed(0)} MiB. The fmt round trip is issue 14 item 12 (not this harness's to fix); its failures are counted, not failed on.`,
    "",
    "## Resource bombs (each in a fresh process: CPU of the check, peak memory of the process)",
    "",
    "`compileText` columns: each child first compiles one small spec of each form (so the YAML validator, precompiled in the published CLI, is not charged to the first YAML bomb); peak memory includes the child's ~150–175 MiB of runtime and compiler loaded through tsx. " +
      "`mfgc check` columns: the whole published CLI (`node bin/mfgc.js check FILE`, start-up, code cache and printing included) under GNU time, what a user waits for. " +
      `Other processes during the bombs: ${describeLoad(load)}${loaded ? " — **loaded machine**: CPU figures are indicative, rerun on a quiet machine" : ""}.`,
    "",
    "| bomb | bytes | compileText CPU (ms) | peak (MiB) | `mfgc check` CPU (ms) | `mfgc check` wall (ms) | `mfgc check` peak (MiB) | result |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ...bombResults.map((b) => {
      const cli = b.cli === undefined ? "– | – | –" : `${b.cli.cpuMs.toFixed(0)} | ${b.cli.wallMs.toFixed(0)} | ${(b.cli.peakKB / 1024).toFixed(0)}`;
      return `| ${b.name} | ${b.bytes.toLocaleString("en-US")} | ${b.measured.cpuMs.toFixed(0)} | ${(b.measured.peakKB / 1024).toFixed(0)} | ${cli} | ${b.measured.codes.join(" ") || "clean"} |`;
    }),
    "",
    `## Build at the node cap: ${cap.nodes.toLocaleString("en-US")} nodes, check ${cap.checkMs.toFixed(0)} ms and build ${cap.buildMs.toFixed(0)} ms of CPU (model.ts ${(cap.modelBytes / 1e6).toFixed(1)} MB).`,
  ],
);
process.exitCode = sum("crashes") + sum("problems") === 0 ? 0 : 1;
