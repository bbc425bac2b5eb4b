/**
 * Seeded, time-bounded fuzz of `mfgc fmt` (issue 14, item 12): clean specs from the generator go
 * DSL → DSL → YAML → DSL → YAML, and each output must check clean, build the same graph and training
 * config, keep every comment, and be a fixed point of fmt. A second pass rewrites each YAML output in
 * random flow/block styles (what users write) and checks that fmt brings it back to the same canonical
 * text. The expected values are the original spec's own graph and config: nothing is hard-coded.
 */
import { isCollection, parseDocument, visit } from "yaml";
import { describe, expect, test } from "vitest";
import { formatSpecText } from "../../src/parser/format.js";
import { checkRoundTrip } from "./round-trip.js";
import { rng, SpecGenerator } from "./spec-generator.js";

/** CPU milliseconds the fuzz may spend (CPU, not wall time, so a loaded machine does not shrink it). */
const BUDGET_CPU_MS = 8_000;
/** At least this many specs, however slow the machine: fewer would not test much. */
const MIN_SPECS = 15;
const FIRST_SEED = 20_240_613;

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** The same YAML document with each collection in a random style (comments kept by the library). */
function restyle(yamlText: string, seed: number): string {
  const r = rng(seed);
  const doc = parseDocument(yamlText);
  visit(doc, {
    Map(_, node) {
      if (isCollection(node)) node.flow = r() < 0.3;
    },
    Seq(_, node) {
      if (isCollection(node)) node.flow = r() < 0.5;
    },
  });
  return doc.toString({ lineWidth: 0 });
}

/** The text with its comments and the blank lines around them removed (generated specs hold no `#` in strings). */
function withoutComments(text: string): string {
  return text
    .split("\n")
    .map((l) => l.replace(/\s*#.*$/, ""))
    .filter((l) => l.trim() !== "")
    .join("\n");
}

describe("fmt round trip (fuzz)", () => {
  test("clean specs survive DSL ⇄ YAML: same graph and config, comments kept, idempotent", () => {
    const start = cpuMs();
    const failures: string[] = [];
    let specs = 0;
    let restyled = 0;
    for (let seed = FIRST_SEED; specs < MIN_SPECS || cpuMs() - start < BUDGET_CPU_MS; seed++) {
      const text = new SpecGenerator(seed).spec();
      if (text === undefined) continue;
      specs++;
      const f = checkRoundTrip(text, "dsl");
      if (f !== undefined) {
        failures.push(`seed ${seed}, ${f.step}: ${f.detail}\n--- spec\n${text}--- output\n${f.text}`);
        continue;
      }
      const canonical = formatSpecText(text, "spec.mfgnet", "dsl", "yaml").text!;
      const styled = restyle(canonical, seed);
      const back = formatSpecText(styled, "spec.mfgnet.yaml", "yaml", "yaml").text;
      // The yaml library moves some comments when it restyles, so comments are compared by
      // checkRoundTrip below, and the layout here without them.
      if (back === undefined || withoutComments(back) !== withoutComments(canonical)) failures.push(`seed ${seed}, restyled YAML does not format back to the canonical text\n--- restyled\n${styled}--- formatted\n${back ?? "(refused)"}\n--- canonical\n${canonical}`);
      else restyled++;
      const g = checkRoundTrip(styled, "yaml");
      if (g !== undefined) failures.push(`seed ${seed} (restyled YAML), ${g.step}: ${g.detail}\n--- spec\n${styled}--- output\n${g.text}`);
    }
    expect(failures.slice(0, 3).join("\n\n")).toBe("");
    expect(specs).toBeGreaterThanOrEqual(MIN_SPECS);
    expect(restyled).toBe(specs);
  });
});
