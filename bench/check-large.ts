/**
 * How long `mfgc check` takes on a generated 5,000-layer spec (DSL and YAML), in-process and as a
 * whole CLI run. Figures go to bench/results/check-large.json.
 *
 *   npx tsx bench/check-large.ts
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { compileText } from "../src/pipeline.js";
import { largeDslSpec, largeYamlSpec } from "./large-specs.js";
import { writeResult } from "./results.js";

const LAYERS = 5000;
/** Written-out YAML layers: the YAML token budget (MFG1021, 20,000 tokens) admits 2,625 of these. */
const YAML_LAYERS = 2500;

function timeIt(fn: () => void, reps: number): { medianMs: number; minMs: number } {
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { medianMs: times[Math.floor(times.length / 2)]!, minMs: times[0]! };
}

function main(): void {
  const dsl = largeDslSpec(LAYERS);
  const yaml = largeYamlSpec(YAML_LAYERS);
  for (const [name, text, fmt, layers] of [["dsl", dsl, "dsl", LAYERS], ["yaml", yaml, "yaml", YAML_LAYERS]] as const) {
    const r = compileText(text, `deep.${name}`, fmt);
    const errors = r.diagnostics.filter((d) => d.severity === "error");
    if (errors.length > 0 || r.graph === undefined) throw new Error(`${name} spec did not check clean: ${errors.map((d) => d.message).join("; ")}`);
    if (r.graph.nodes.length !== layers + 1) throw new Error(`${name}: expected ${layers + 1} nodes, got ${r.graph.nodes.length}`);
  }
  compileText(dsl, "warmup.mfgnet", "dsl");
  const inProcDsl = timeIt(() => compileText(dsl, "deep.mfgnet", "dsl"), 7);
  const inProcYaml = timeIt(() => compileText(yaml, "deep.mfgnet.yaml", "yaml"), 7);

  const dir = mkdtempSync(join(tmpdir(), "mfgc-bench-"));
  const dslPath = join(dir, "deep.mfgnet");
  writeFileSync(dslPath, dsl);
  const cli = timeIt(() => execFileSync(process.execPath, ["bin/mfgc.js", "check", dslPath], { stdio: "pipe" }), 3);

  const result = {
    layers: LAYERS,
    yamlLayers: YAML_LAYERS,
    inProcess: { dslMedianMs: round(inProcDsl.medianMs), yamlMedianMs: round(inProcYaml.medianMs) },
    cliProcessMedianMs: round(cli.medianMs),
  };
  writeResult("check-large", result, [
    `# mfgc check on a ${LAYERS}-layer spec`,
    "",
    "| what | median |",
    "| --- | --- |",
    `| parse + check + shape inference, DSL (in process) | ${result.inProcess.dslMedianMs} ms |`,
    `| parse + schema + check + shape inference, YAML, ${YAML_LAYERS.toLocaleString("en-US")} layers (in process) | ${result.inProcess.yamlMedianMs} ms |`,
    `| whole \`mfgc check\` process (node start-up, tsx, DSL) | ${result.cliProcessMedianMs} ms |`,
    "",
    "Reproduce: `npx tsx bench/check-large.ts`",
  ]);
  console.log(JSON.stringify(result, null, 2));
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}

main();
