/** Any exception the `yaml` library throws becomes a diagnostic, never a crash. */
import { expect, test, vi } from "vitest";

const failure = vi.hoisted(() => ({ next: new Error("unset") as Error }));

vi.mock("yaml", async (importOriginal) => {
  const real = await importOriginal<typeof import("yaml")>();
  class ThrowingParser {
    *parse(): Generator<never> {
      throw failure.next;
    }
  }
  return { ...real, Parser: ThrowingParser };
});

test("a TypeError from the library is MFG1112 with a one-line message", async () => {
  const { parseYaml } = await import("../../../src/parser/yaml/index.js");
  failure.next = new TypeError("simulated failure inside the library\n    at somewhere (file.js:1:1)");
  const r = parseYaml("mfgnet: 1\n", "t.mfgnet.yaml");
  expect(r.spec).toBeUndefined();
  expect(r.diagnostics.map((d) => d.code)).toEqual(["MFG1112"]);
  expect(r.diagnostics[0]!.message).toContain("TypeError: simulated failure inside the library");
  expect(r.diagnostics[0]!.message).not.toContain("\n");
});

test("a stack overflow (RangeError) from the library is the nesting diagnostic MFG1106", async () => {
  const { parseYaml } = await import("../../../src/parser/yaml/index.js");
  failure.next = new RangeError("Maximum call stack size exceeded");
  const r = parseYaml("mfgnet: 1\n", "t.mfgnet.yaml");
  expect(r.diagnostics.map((d) => d.code)).toEqual(["MFG1106"]);
});

test("a ReferenceError (the library's alias-limit error) is MFG1112, not a crash", async () => {
  const { parseYaml } = await import("../../../src/parser/yaml/index.js");
  failure.next = new ReferenceError("Excessive alias count indicates a resource exhaustion attack");
  const r = parseYaml("mfgnet: 1\n", "t.mfgnet.yaml");
  expect(r.diagnostics.map((d) => d.code)).toEqual(["MFG1112"]);
});
