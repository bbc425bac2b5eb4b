/**
 * The vitest configuration Stryker runs (bench/mutation/run.ts): only the test files of the group being
 * mutated, named in MFGC_MUTATION_TESTS (comma-separated), so each mutant is judged by its reference tests
 * rather than by the whole suite.
 */
import { defineConfig } from "vitest/config";

const tests = (process.env.MFGC_MUTATION_TESTS ?? "").split(",").filter((t) => t !== "");

export default defineConfig({
  test: {
    include: tests.length > 0 ? tests : ["test/runtime/train/optimizers.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    maxWorkers: 1,
  },
});
