/**
 * Issue 14's kill test, small: SIGKILLs of `mfgc build` and `mfgc train` at random moments, then a run
 * to completion. No torn file, no lost run, and the resumed training ends with the uninterrupted run's
 * metrics. The full-size run (200 build kills, 50 train kills) is `npm run bench -- kill`.
 */
import { rmSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { buildKillCampaign, trainKillCampaign } from "./kill/harness.js";

// Inside the repository: a run folder must sit where mfgc is installed (generated code imports it).
const SCRATCH = path.join(import.meta.dirname, "..", "..", ".tmp", `kill-${process.pid}`);
afterAll(() => rmSync(SCRATCH, { recursive: true, force: true }));

describe("SIGKILL at random moments", () => {
  test("mfgc build: 4 kills, no torn file; the final build equals an uninterrupted one", async () => {
    const r = await buildKillCampaign({ dir: path.join(SCRATCH, "build"), specs: ["specs/turbofan_rul.mfgnet"], kills: 4, seed: 14 });
    expect(r.kills).toBe(4);
    expect(r.tornFiles).toEqual([]);
    expect([r.finalBuild, r.finalCheck]).toEqual([0, 0]);
    expect(r.finalMatches).toBe(true);
    expect(r.tempsAfterFinal).toBe(0);
  }, 900_000);

  test("mfgc train: 2 kills, then --resume: no torn file, no lost run, the uninterrupted run's metrics", async () => {
    const r = await trainKillCampaign({ dir: path.join(SCRATCH, "train"), spec: "test/hostile/kill/tiny.mfgnet", kills: 2, killsPerCycle: 2, seed: 14 });
    expect(r.kills).toBe(2);
    expect(r.tornFiles).toEqual([]);
    expect(r.lostRuns).toBe(0);
    expect(r.matchingCycles).toBe(r.cycles);
  }, 900_000);
});
