/**
 * Completion in both forms: ops after `->` / in a layer list, an op's parameters (those not given
 * yet), a parameter's allowed values, names in scope, train settings and their values. Expected items
 * come from the op registry and the train checker's tables, which completion must offer exactly.
 */
import { describe, expect, test } from "vitest";
import { OPS, getOp } from "../../src/ir/ops/registry.js";
import { OPTIMIZERS } from "../../src/ir/train/optimizer.js";
import { LOSSES } from "../../src/ir/train/losses.js";
import { TRAIN_SETTINGS } from "../../src/ir/train/settings.js";
import { completionsAt } from "../../src/lsp/completion.js";
import { at } from "./helpers.js";

const labels = (text: string, form: "dsl" | "yaml" = "dsl") => {
  const { a, offset } = at(text, form);
  return completionsAt(a, offset).map((i) => i.label);
};

const MODEL = "model M {\n  input image: f32[28, 28, 1]\n  feat = image -> flatten\n  feat -> dense(2) as probs\n";

describe("DSL completion", () => {
  test("after `->`: every op of the registry, and the file's blocks", () => {
    const got = labels(`block unit(n) {\n  input x\n  y = x -> dense(n)\n  output y\n}\n\n${MODEL}  feat -> |`);
    expect(got).toEqual(expect.arrayContaining([...OPS.map((o) => o.name), "unit"]));
  });

  test("inside an op's parentheses: its parameters not given yet", () => {
    const got = labels(`${MODEL}  feat -> conv2d(32, kernel: 3, |`);
    const want = getOp("conv2d")!.params.map((p) => p.name).filter((n) => n !== "kernel");
    expect(got).toEqual(expect.arrayContaining(want));
    expect(got).not.toContain("kernel");
  });

  test("after `activation:`: the allowed activations", () => {
    const act = getOp("dense")!.params.find((p) => p.name === "activation")!.type;
    expect(labels(`${MODEL}  feat -> dense(4, activation: |`)).toEqual(act.kind === "enum" ? [...act.values] : []);
  });

  test("a statement: `input`, `output` and the tensors defined in the model", () => {
    expect(labels(`${MODEL}  |`)).toEqual(expect.arrayContaining(["input", "output", "image", "feat", "probs"]));
    expect(labels(`${MODEL}  output |`)).toEqual(expect.arrayContaining(["image", "feat", "probs"]));
  });

  test("a train section: settings not given yet, then each setting's values", () => {
    const train = `${MODEL}  output probs\n}\n\ntrain M {\n  loss mse\n  |`;
    expect(labels(train)).toEqual(TRAIN_SETTINGS.map((s) => s.name).filter((n) => n !== "loss"));
    expect(labels(`${MODEL}  output probs\n}\n\ntrain M {\n  optimizer |`)).toEqual(Object.keys(OPTIMIZERS));
    expect(labels(`${MODEL}  output probs\n}\n\ntrain M {\n  loss |`)).toEqual(expect.arrayContaining([...LOSSES, "probs"]));
    expect(labels(`${MODEL}  output probs\n}\n\ntrain M {\n  optimizer adam(|`)).toEqual(OPTIMIZERS.adam.map((o) => o.name));
    expect(labels(`${MODEL}  output probs\n}\n\ntrain M {\n  data { train: synthetic(generator: defects), |`)).toEqual(["validation", "test"]);
  });
});

const YAML_HEAD = "mfgnet: 1\nmodel:\n  name: M\n  inputs:\n    image: { shape: [28, 28, 1], dtype: f32 }\n  layers:\n    - flatten: { as: feat }\n";

describe("YAML completion", () => {
  test("a layer item: every op, written as a key", () => {
    const { a, offset } = at(`${YAML_HEAD}    - |`, "yaml");
    const items = completionsAt(a, offset);
    expect(items.map((i) => i.label)).toEqual(expect.arrayContaining(OPS.map((o) => o.name)));
    expect(items.find((i) => i.label === "conv2d")!.insertText).toBe("conv2d: ");
  });

  test("inside an op's mapping (flow or block): its parameters; after a key: its values", () => {
    expect(labels(`${YAML_HEAD}    - conv2d: { filters: 8, |`, "yaml")).toEqual(expect.arrayContaining(["kernel", "activation", "padding"]));
    expect(labels(`${YAML_HEAD}    - conv2d:\n        filters: 8\n        |`, "yaml")).toEqual(expect.arrayContaining(["kernel", "strides"]));
    expect(labels(`${YAML_HEAD}    - conv2d: { filters: 8, kernel: 3, padding: |`, "yaml")).toEqual(["valid", "same"]);
  });

  test("`from:` and `outputs:` offer the model's tensors", () => {
    expect(labels(`${YAML_HEAD}    - dense: { from: |`, "yaml")).toEqual(expect.arrayContaining(["image", "feat"]));
    expect(labels(`${YAML_HEAD}  outputs: [|`, "yaml")).toEqual(expect.arrayContaining(["image", "feat"]));
  });

  test("train: keys, then values; option names inside a call's mapping", () => {
    const train = `${YAML_HEAD}  outputs: [feat]\ntrain:\n`;
    expect(labels(`${train}  |`, "yaml")).toEqual(TRAIN_SETTINGS.map((s) => s.name));
    expect(labels(`${train}  loss: |`, "yaml")).toEqual(expect.arrayContaining([...LOSSES]));
    expect(labels(`${train}  optimizer: |`, "yaml")).toEqual(Object.keys(OPTIMIZERS));
    expect(labels(`${train}  optimizer: { adam: { |`, "yaml")).toEqual(OPTIMIZERS.adam.map((o) => o.name));
    expect(labels(`${train}  metrics: [accuracy, |`, "yaml")).toEqual(expect.arrayContaining(["f1", "precision"]));
    expect(labels(`${train}  data:\n    |`, "yaml")).toEqual(["train", "validation", "test"]);
  });
});
