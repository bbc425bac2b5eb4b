/**
 * Mutation testing of the training runtime and mfgc's own layers with StrykerJS (vitest runner): how many
 * deliberately planted faults (mutants) the reference tests catch, per source file. Each group mutates a
 * few files and runs only their test files (bench/mutation/vitest.config.ts); surviving mutants that
 * cannot change behaviour are explained in bench/mutation/equivalent.ts and listed with that reason.
 *
 *   npx tsx bench/mutation/run.ts [group …]      # default: every group; figures merge into the results
 *   MFGC_MUTATION_CONCURRENCY=2                   # Stryker worker processes (default 2)
 *   npx tsx bench/mutation/run.ts --render       # re-apply equivalent.ts to the stored results
 *
 * Results: bench/results/mutation.{json,md}: Stryker's score, (killed + timed out) / (killed + timed out +
 * survived + no coverage), and the same with the explained equivalent mutants left out.
 */
import { existsSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Stryker } from "@stryker-mutator/core";
import type { LogLevel, MutantResult, PartialStrykerOptions } from "@stryker-mutator/api/core";
import { EQUIVALENT } from "./equivalent.js";

const ROOT = path.resolve(fileURLToPath(new URL("../..", import.meta.url)));
const RESULTS = path.join(ROOT, "bench/results");

interface Group {
  readonly name: string;
  readonly mutate: readonly string[];
  readonly tests: readonly string[];
}

const T = "test/runtime/train";
const L = "test/runtime/layers";
const GROUPS: readonly Group[] = [
  { name: "optimizers", mutate: ["src/runtime/train/optimizers.ts", "src/runtime/train/clip.ts"], tests: [`${T}/optimizers.test.ts`] },
  { name: "losses", mutate: ["src/runtime/train/losses.ts", "src/runtime/train/logits.ts"], tests: [`${T}/losses.test.ts`] },
  { name: "metrics", mutate: ["src/runtime/train/metrics.ts"], tests: [`${T}/metrics.test.ts`] },
  { name: "schedule", mutate: ["src/runtime/train/schedule.ts", "src/runtime/train/early-stopping.ts"], tests: [`${T}/schedule.test.ts`] },
  {
    name: "layers",
    mutate: ["src/runtime/layers/*.ts", "!src/runtime/layers/index.ts"],
    tests: ["gru", "multi-head-attention", "normalization", "positional-encoding", "subtract"].map((f) => `${L}/${f}.test.ts`),
  },
];

interface FileScore {
  readonly file: string;
  readonly group: string;
  readonly killed: number;
  readonly timeout: number;
  /** Survivors not explained as equivalent. */
  readonly survived: number;
  readonly noCoverage: number;
  /** Survivors explained as equivalent (bench/mutation/equivalent.ts). */
  readonly equivalent: number;
  readonly errors: number;
  /** Stryker's score in percent (equivalent survivors count as survived), or null when nothing was scored. */
  readonly strykerScore: number | null;
  /** The score with the explained equivalent mutants left out. */
  readonly score: number | null;
}

interface MutantRow {
  readonly file: string;
  readonly line: number;
  readonly mutator: string;
  readonly replacement: string;
  readonly status: string;
  readonly reason?: string;
}

interface Results {
  readonly files: Record<string, FileScore>;
  readonly survivors: MutantRow[];
  readonly equivalent: MutantRow[];
  readonly runs: Record<string, { readonly at: string; readonly seconds: number; readonly loadavg: string }>;
}

/** The reason a surviving mutant is equivalent, or undefined when it is not explained. */
function equivalence(r: MutantResult): string | undefined {
  const file = path.relative(ROOT, r.fileName);
  const line = readFileSync(r.fileName, "utf8").split("\n")[r.location.start.line - 1] ?? "";
  return EQUIVALENT.find((e) => e.file === file && e.mutator === r.mutatorName && e.replacement === r.replacement && line.includes(e.code))?.reason;
}

function summarise(group: string, results: readonly MutantResult[]): { files: FileScore[]; survivors: MutantRow[]; equivalent: MutantRow[] } {
  const byFile = new Map<string, MutantResult[]>();
  for (const r of results) {
    const file = path.relative(ROOT, r.fileName);
    byFile.set(file, [...(byFile.get(file) ?? []), r]);
  }
  const lived = (r: MutantResult) => r.status === "Survived" || r.status === "NoCoverage";
  const count = (rs: readonly MutantResult[], ...statuses: string[]) => rs.filter((r) => statuses.includes(r.status)).length;
  const percent = (part: number, whole: number) => (whole === 0 ? null : (100 * part) / whole);
  const files = [...byFile.entries()].map(([file, rs]): FileScore => {
    const killed = count(rs, "Killed");
    const timeout = count(rs, "Timeout");
    const equivalent = rs.filter((r) => lived(r) && equivalence(r) !== undefined).length;
    const survived = rs.filter((r) => r.status === "Survived" && equivalence(r) === undefined).length;
    const noCoverage = rs.filter((r) => r.status === "NoCoverage" && equivalence(r) === undefined).length;
    const detected = killed + timeout;
    return {
      file,
      group,
      killed,
      timeout,
      survived,
      noCoverage,
      equivalent,
      errors: count(rs, "CompileError", "RuntimeError"),
      strykerScore: percent(detected, detected + survived + noCoverage + equivalent),
      score: percent(detected, detected + survived + noCoverage),
    };
  });
  const row = (r: MutantResult): MutantRow => ({
    file: path.relative(ROOT, r.fileName),
    line: r.location.start.line,
    mutator: r.mutatorName,
    replacement: (r.replacement ?? "").replace(/\s+/g, " ").slice(0, 120),
    status: r.status,
    ...(r.statusReason === undefined ? {} : { reason: r.statusReason }),
  });
  const order = (a: MutantRow, b: MutantRow) => a.file.localeCompare(b.file) || a.line - b.line;
  return {
    files,
    survivors: results.filter((r) => lived(r) && equivalence(r) === undefined).map(row).sort(order),
    equivalent: results
      .filter((r) => lived(r) && equivalence(r) !== undefined)
      .map((r) => ({ ...row(r), reason: equivalence(r)! }))
      .sort(order),
  };
}

function readResults(): Results {
  const file = path.join(RESULTS, "mutation.json");
  if (!existsSync(file)) return { files: {}, survivors: [], equivalent: [], runs: {} };
  return JSON.parse(readFileSync(file, "utf8")) as Results;
}

const pct = (v: number | null) => (v === null ? "–" : `${v.toFixed(1)} %`);

function markdown(r: Results): string {
  const files = Object.values(r.files).sort((a, b) => a.file.localeCompare(b.file));
  const lines = [
    "# Mutation testing (StrykerJS, vitest runner)",
    "",
    "Produced by `npx tsx bench/mutation/run.ts` (also `npm run bench mutation`). Stryker's score = (killed + timed out) /",
    "(killed + timed out + survived + no coverage). Surviving mutants explained as equivalent (bench/mutation/equivalent.ts)",
    "are listed below with the reason; the last column leaves them out of the score.",
    "",
    "| file | group | killed | timed out | survived | no coverage | equivalent | Stryker score | score without equivalents |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...files.map((f) => `| \`${f.file}\` | ${f.group} | ${f.killed} | ${f.timeout} | ${f.survived} | ${f.noCoverage} | ${f.equivalent} | ${pct(f.strykerScore)} | ${pct(f.score)} |`),
    "",
    "## Runs",
    "",
    ...Object.entries(r.runs).map(([g, run]) => `- ${g}: ${run.at}, ${run.seconds.toFixed(0)} s, load average ${run.loadavg}`),
    "",
    "## Surviving mutants",
    "",
    ...(r.survivors.length === 0 ? ["None."] : r.survivors.map((s) => `- \`${s.file}:${s.line}\` ${s.mutator} → \`${s.replacement}\` (${s.status})`)),
    "",
    "## Equivalent mutants (survivors explained in bench/mutation/equivalent.ts)",
    "",
    ...(r.equivalent.length === 0 ? ["None."] : r.equivalent.map((s) => `- \`${s.file}:${s.line}\` ${s.mutator} → \`${s.replacement}\`: ${s.reason ?? ""}`)),
    "",
  ];
  return lines.join("\n");
}

async function runGroup(g: Group): Promise<void> {
  console.log(`\n── mutation: ${g.name} (${g.mutate.join(", ")})`);
  process.env.MFGC_MUTATION_TESTS = g.tests.join(",");
  const started = Date.now();
  const options: PartialStrykerOptions = {
    mutate: [...g.mutate],
    testRunner: "vitest",
    plugins: ["@stryker-mutator/vitest-runner"],
    vitest: { configFile: "bench/mutation/vitest.config.ts", related: false },
    coverageAnalysis: "perTest",
    concurrency: Number(process.env.MFGC_MUTATION_CONCURRENCY ?? 2),
    reporters: ["progress"],
    tempDirName: ".tmp/stryker",
    timeoutMS: 60_000,
    logLevel: "warn" as LogLevel,
    cleanTempDir: "always",
    // Stryker rewrites the sandbox's tsconfig through the TypeScript 5 API, which TypeScript 7 no longer
    // has; vitest does not read tsconfig.json, so point Stryker at a file that does not exist to skip it.
    tsconfigFile: "bench/mutation/no-tsconfig.json",
  };
  const results = await new Stryker(options).runMutationTest();
  const s = summarise(g.name, results);
  const previous = readResults();
  const mutated = new Set(s.files.map((f) => f.file));
  const keep = <T extends { file: string }>(rows: readonly T[]) => rows.filter((x) => !mutated.has(x.file));
  const files = Object.fromEntries(Object.entries(previous.files).filter(([f]) => !mutated.has(f)));
  for (const f of s.files) files[f.file] = f;
  const merged: Results = {
    files,
    survivors: [...keep(previous.survivors), ...s.survivors],
    equivalent: [...keep(previous.equivalent), ...s.equivalent],
    runs: { ...previous.runs, [g.name]: { at: new Date().toISOString(), seconds: (Date.now() - started) / 1000, loadavg: readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ") } },
  };
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(path.join(RESULTS, "mutation.json"), JSON.stringify(merged, null, 2) + "\n");
  writeFileSync(path.join(RESULTS, "mutation.md"), markdown(merged));
  for (const f of s.files) console.log(`${f.file}: ${pct(f.strykerScore)} (${pct(f.score)} without equivalents; ${f.killed + f.timeout} killed, ${f.survived} survived, ${f.noCoverage} no coverage, ${f.equivalent} equivalent)`);
}

/**
 * `--render`: re-applies bench/mutation/equivalent.ts to the stored survivors (whose source lines must be
 * unchanged since the run) and rewrites the results, without running Stryker.
 */
function render(): void {
  const r = readResults();
  const explained = (m: MutantRow) => {
    const line = readFileSync(path.join(ROOT, m.file), "utf8").split("\n")[m.line - 1] ?? "";
    return EQUIVALENT.find((e) => e.file === m.file && e.mutator === m.mutator && e.replacement === m.replacement && line.includes(e.code))?.reason;
  };
  const moved = r.survivors.filter((m) => explained(m) !== undefined).map((m) => ({ ...m, reason: explained(m)! }));
  const files = { ...r.files };
  for (const m of moved) {
    const f = files[m.file]!;
    const detected = f.killed + f.timeout;
    const survived = f.survived - (m.status === "Survived" ? 1 : 0);
    const noCoverage = f.noCoverage - (m.status === "NoCoverage" ? 1 : 0);
    files[m.file] = { ...f, survived, noCoverage, equivalent: f.equivalent + 1, score: (100 * detected) / (detected + survived + noCoverage) };
  }
  const merged: Results = { ...r, files, survivors: r.survivors.filter((m) => explained(m) === undefined), equivalent: [...r.equivalent, ...moved] };
  writeFileSync(path.join(RESULTS, "mutation.json"), JSON.stringify(merged, null, 2) + "\n");
  writeFileSync(path.join(RESULTS, "mutation.md"), markdown(merged));
}

const wanted = process.argv.slice(2);
if (wanted.includes("--render")) {
  render();
  process.exit(0);
}
const unknown = wanted.filter((w) => !GROUPS.some((g) => g.name === w));
if (unknown.length > 0) {
  console.error(`unknown group(s) ${unknown.join(", ")}; groups: ${GROUPS.map((g) => g.name).join(", ")}`);
  process.exit(2);
}
process.chdir(ROOT);
for (const g of GROUPS) if (wanted.length === 0 || wanted.includes(g.name)) await runGroup(g);
