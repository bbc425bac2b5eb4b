/**
 * Seeded fuzz of `mfgc fmt` (issue 14, item 12): clean specs from the generator go
 * DSL → DSL → YAML → DSL → YAML, and each output must check clean, build the same graph and training
 * config, keep every comment, and be a fixed point of fmt. A second pass rewrites each YAML output in
 * random flow/block styles (what users write) and checks that fmt brings it back to the same canonical
 * text. The expected values are the original spec's own graph and config: nothing is hard-coded.
 */
import { isCollection, isNode, parseDocument, visit, type Document } from "yaml";
import { describe, expect, test } from "vitest";
import { formatSpecText } from "../../src/parser/format.js";
import { checkRoundTrip } from "./round-trip.js";
import { rng, SpecGenerator } from "./spec-generator.js";

/**
 * How many generated specs are tried: a fixed count (not a time budget), so that every run, on any
 * machine, tests the same specs — a failure is reproducible from its seed and cannot come and go with
 * the machine's speed. About 7 s of CPU on the 2-core CI machine.
 */
const SPECS = 60;
const FIRST_SEED = 20_240_613;

/**
 * The same YAML document with each collection in a random style. Comments are kept by the library,
 * which moves some of them (a comment after `key:` may land on its own line before the value, where
 * it then documents the value's first item); `withComments: false` drops them instead. No seed: the
 * styles are left as they are.
 */
function restyle(yamlText: string, seed: number | undefined, withComments = true): string {
  const doc = parseDocument(yamlText);
  if (seed !== undefined) restyleCollections(doc, seed);
  if (!withComments) dropComments(doc);
  return doc.toString({ lineWidth: 0 });
}

function restyleCollections(doc: Document, seed: number): void {
  const r = rng(seed);
  visit(doc, {
    Map(_, node) {
      if (isCollection(node)) node.flow = r() < 0.3;
    },
    Seq(_, node) {
      if (isCollection(node)) node.flow = r() < 0.5;
    },
  });
}

function dropComments(doc: Document): void {
  doc.commentBefore = null;
  doc.comment = null;
  visit(doc, (_, node) => {
    if (isNode(node)) {
      node.commentBefore = null;
      node.comment = null;
    }
  });
}

describe("fmt round trip (fuzz)", () => {
  test("clean specs survive DSL ⇄ YAML: same graph and config, comments kept, idempotent", () => {
    const failures: string[] = [];
    let specs = 0;
    let restyled = 0;
    for (let seed = FIRST_SEED; specs < SPECS; seed++) {
      const text = new SpecGenerator(seed).spec();
      if (text === undefined) continue;
      specs++;
      const f = checkRoundTrip(text, "dsl");
      if (f !== undefined) {
        failures.push(`seed ${seed}, ${f.step}: ${f.detail}\n--- spec\n${text}--- output\n${f.text}`);
        continue;
      }
      const canonical = formatSpecText(text, "spec.mfgnet", "dsl", "yaml").text!;
      // The yaml library moves some comments when it restyles, and a moved comment may rightly change
      // the layout (a leading comment puts its list in block style). So the layout is compared on the
      // restyled text without comments, and the restyled text with comments goes through checkRoundTrip.
      const bare = restyle(canonical, seed, false);
      const back = formatSpecText(bare, "spec.mfgnet.yaml", "yaml", "yaml").text;
      const canonicalBare = formatSpecText(restyle(canonical, undefined, false), "spec.mfgnet.yaml", "yaml", "yaml").text;
      if (back === undefined || back !== canonicalBare) failures.push(`seed ${seed}, restyled YAML does not format back to the canonical text\n--- restyled\n${bare}--- formatted\n${back ?? "(refused)"}\n--- canonical\n${canonical}`);
      else restyled++;
      const styled = restyle(canonical, seed);
      const g = checkRoundTrip(styled, "yaml");
      if (g !== undefined) failures.push(`seed ${seed} (restyled YAML), ${g.step}: ${g.detail}\n--- spec\n${styled}--- output\n${g.text}`);
    }
    expect(failures.slice(0, 3).join("\n\n")).toBe("");
    expect(restyled).toBe(specs);
  });
});
