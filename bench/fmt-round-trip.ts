/**
 * The long run of the fmt round-trip fuzz (issue 14, item 12): many seeded clean specs through
 * DSL → DSL → YAML → DSL → YAML, each output checked clean, with the same graph and training config,
 * the same comments, and unchanged by formatting it again. Records how many specs were generated and
 * how many failed in bench/results/fmt-round-trip.json. The test suite runs a few seconds of the same
 * (test/fmt/round-trip-fuzz.test.ts).
 *
 *   npm run bench -- fmt-round-trip          (MFGC_FMT_SPECS=N sets the count; default 2,000)
 */
import { checkRoundTrip } from "../test/fmt/round-trip.js";
import { SpecGenerator } from "../test/fmt/spec-generator.js";
import { writeResult } from "./results.js";

const TARGET = Number(process.env.MFGC_FMT_SPECS ?? 2000);
const FIRST_SEED = 1;

let specs = 0;
let failures = 0;
let attempts = 0;
const examples: string[] = [];
const started = Date.now();
for (let seed = FIRST_SEED; specs < TARGET; seed++) {
  attempts++;
  const text = new SpecGenerator(seed).spec();
  if (text === undefined) continue;
  specs++;
  const f = checkRoundTrip(text, "dsl");
  if (f !== undefined) {
    failures++;
    if (examples.length < 5) examples.push(`seed ${seed}, ${f.step}: ${f.detail}`);
  }
}
const seconds = (Date.now() - started) / 1000;
console.log(`${specs} clean specs (${attempts} seeds), ${failures} round-trip failures, ${seconds.toFixed(0)} s`);
for (const e of examples) console.log(`  ${e}`);
writeResult(
  "fmt-round-trip",
  { specs, seeds: attempts, failures, seconds, examples },
  [
    "# fmt round trip (long run)",
    "",
    `${specs} generated clean specs (seeds ${FIRST_SEED}–${FIRST_SEED + attempts - 1}) through DSL → DSL → YAML → DSL → YAML:`,
    `**${failures} failures** (output not clean, graph or training config changed, a comment lost, or not idempotent).`,
  ],
);
process.exitCode = failures === 0 ? 0 : 1;
