/**
 * `class_weight [w0, w1, …]`: Keras's `fit(class_weight=…)` — one weight per class id of the model's
 * single classifier output, multiplying each training sample's loss by its label's weight (for
 * imbalanced data, e.g. rare defect classes). `loss_weights` weights *outputs*, not classes.
 */
import type { DiagnosticBag } from "../../diagnostics/diagnostic.js";
import type { OutputLoss } from "../../runtime/config.js";
import type { Value } from "../build/values.js";
import { describeValue } from "../build/values.js";
import type { ModelOutputInfo } from "./outputs.js";

const CLASSIFIERS: ReadonlySet<string> = new Set(["categorical_crossentropy", "sparse_categorical_crossentropy", "binary_crossentropy"]);

/**
 * The weights by class id, or undefined after reporting. With the model or losses unknown (they failed
 * to check) only the list itself is checked.
 */
export function checkClassWeight(v: Value, outputs: readonly ModelOutputInfo[] | undefined, losses: readonly OutputLoss[] | undefined, bag: DiagnosticBag): number[] | undefined {
  if (v.kind !== "list" || v.items.length === 0 || !v.items.every((i) => i.kind === "number")) {
    bag.report("MFG3402", `\`class_weight\` must be a list of numbers, one per class id, got ${describeValue(v)}`, v.span, { hints: ["e.g. `class_weight [1, 1, 8, 12]` weighs classes 2 and 3 up"] });
    return undefined;
  }
  const weights = v.items.map((i) => (i.kind === "number" ? i.value : NaN));
  const bad = v.items.find((i) => i.kind === "number" && !(i.value >= 0 && Number.isFinite(i.value)));
  if (bad !== undefined) {
    bag.report("MFG3403", `\`class_weight\` entries must be ≥ 0, got ${describeValue(bad)}`, bad.span, { hints: ["use a finite weight ≥ 0: 1 leaves a class as it is, 0 ignores it"] });
    return undefined;
  }
  if (outputs === undefined || losses === undefined) return weights;
  const loss = losses.length === 1 ? losses[0] : undefined;
  if (outputs.length !== 1 || loss === undefined || !CLASSIFIERS.has(loss.loss)) {
    bag.report("MFG3420", "`class_weight` needs a model with one classifier output (a cross-entropy loss)", v.span, {
      hints: ["Keras applies class weights to single-output classifiers only; weight outputs against each other with `loss_weights`, or rows with a CSV `sample_weight` column"],
    });
    return undefined;
  }
  const node = outputs[0]!.node;
  const last = node?.shape[node.shape.length - 1] ?? null;
  const classes = last === null ? null : loss.loss === "binary_crossentropy" && last === 1 ? 2 : last;
  if (loss.loss === "binary_crossentropy" && last !== 1) {
    bag.report("MFG3420", "`class_weight` with `binary_crossentropy` needs a one-unit output (multi-label outputs have no single class per sample)", v.span, {
      hints: ["drop `class_weight` for a multi-label output, or make it a yes/no output: `dense(1, activation: sigmoid)`"],
    });
    return undefined;
  }
  if (classes !== null && classes !== weights.length) {
    bag.report("MFG3421", `\`class_weight\` has ${weights.length} weight${weights.length === 1 ? "" : "s"}, but output \`${outputs[0]!.name}\` has ${classes} classes`, v.span, {
      hints: [`give one weight per class id 0..${classes - 1}`],
    });
    return undefined;
  }
  return weights;
}
