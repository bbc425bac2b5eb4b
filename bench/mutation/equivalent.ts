/**
 * Surviving mutants that cannot change behaviour, each with the reason. A mutant matches an entry by its
 * file, mutator, exact replacement text and a piece of its source line (so entries survive line moves).
 * Listed here rather than as `// Stryker disable` comments, which would hide every mutant of that kind on
 * the line, including ones the tests kill.
 */
export interface EquivalentMutant {
  readonly file: string;
  /** Text the mutated source line contains. */
  readonly code: string;
  readonly mutator: string;
  /** Stryker's replacement, exactly as it reports it. */
  readonly replacement: string;
  readonly reason: string;
}

const TYPED_ARRAY_END = "one index past the end of a typed array: the write is dropped and the read is undefined, which no branch uses";

export const EQUIVALENT: readonly EquivalentMutant[] = [
  // optimizers.ts
  { file: "src/runtime/train/optimizers.ts", code: "weightDecay > 0 ?", mutator: "EqualityOperator", replacement: "weightDecay >= 0", reason: "at weight_decay 0 the decay step is w − w·0·lr = w" },
  { file: "src/runtime/train/optimizers.ts", code: "weightDecay > 0 ?", mutator: "ConditionalExpression", replacement: "true", reason: "at weight_decay 0 the decay step is w − w·0·lr = w" },
  { file: "src/runtime/train/optimizers.ts", code: "if (s !== slot)", mutator: "ConditionalExpression", replacement: "true", reason: "assigning a slot its own value changes nothing" },
  { file: "src/runtime/train/optimizers.ts", code: "if (t < memo.t)", mutator: "ConditionalExpression", replacement: "true", reason: "forgetting the memo only recomputes Nadam's momentum product from step 1: the same value, more slowly" },
  { file: "src/runtime/train/optimizers.ts", code: "if (t < memo.t)", mutator: "EqualityOperator", replacement: "t <= memo.t", reason: "forgetting the memo only recomputes Nadam's momentum product from step 1: the same value, more slowly" },
  { file: "src/runtime/train/optimizers.ts", code: "tf.variable(s, false)", mutator: "BooleanLiteral", replacement: "true", reason: "gradients are taken for an explicit list of the model's variables, so a trainable slot is never differentiated" },
  // logits.ts
  { file: "src/runtime/train/logits.ts", code: 'getClassName: () => "linear"', mutator: "StringLiteral", replacement: '""', reason: "any name tfjs does not fuse makes Dense/Conv call the identity `apply` instead: the same values" },
  { file: "src/runtime/train/logits.ts", code: 'getClassName: () => "linear"', mutator: "ArrowFunction", replacement: "() => undefined", reason: "(the `getClassName` arrow; the `apply` one is killed) a name tfjs does not fuse makes Dense/Conv call the identity `apply` instead: the same values" },
  // schedule.ts
  { file: "src/runtime/train/schedule.ts", code: 'if (schedule.kind !== "reduce_on_plateau") return null', mutator: "ConditionalExpression", replacement: "false", reason: "other schedules have no monitor, so the next line returns null for them anyway" },
  // metrics.ts
  { file: "src/runtime/train/metrics.ts", code: "for (let i = 0; i < n; i++) {", mutator: "EqualityOperator", replacement: "i <= n", reason: TYPED_ARRAY_END },
  { file: "src/runtime/train/metrics.ts", code: "for (let i = 0; i < n; ) {", mutator: "EqualityOperator", replacement: "i <= n", reason: TYPED_ARRAY_END },
  { file: "src/runtime/train/metrics.ts", code: "for (let i = 0; i < n; i++) if (positive[i])", mutator: "EqualityOperator", replacement: "i <= n", reason: "positive[n] is undefined, so the extra iteration adds nothing" },
  { file: "src/runtime/train/metrics.ts", code: "for (let i = 0; i < n; i++) scores[i]", mutator: "EqualityOperator", replacement: "i <= n", reason: TYPED_ARRAY_END },
  { file: "src/runtime/train/metrics.ts", code: "for (let c = 0; c < classes; c++)", mutator: "EqualityOperator", replacement: "c <= classes", reason: "class `classes` never occurs in the truth, so its AUC is NaN and is skipped" },
  { file: "src/runtime/train/metrics.ts", code: "while (j + 1 < n &&", mutator: "EqualityOperator", replacement: "j + 1 <= n", reason: "past the end scores[order[n]] is undefined, never equal to a score" },
  { file: "src/runtime/train/metrics.ts", code: "while (j + 1 < n &&", mutator: "ConditionalExpression", replacement: "true", reason: "(the bound alone) past the end scores[order[n]] is undefined, never equal to a score" },
  { file: "src/runtime/train/metrics.ts", code: "while (j + 1 < n &&", mutator: "ArithmeticOperator", replacement: "j - 1", reason: "a looser bound: past the end scores[order[n]] is undefined, never equal to a score" },
  { file: "src/runtime/train/metrics.ts", code: "if (nPos === 0 || nNeg === 0) return NaN", mutator: "ConditionalExpression", replacement: "false", reason: "without the guard the rank formula is 0/0 for one class, NaN as well" },
  { file: "src/runtime/train/metrics.ts", code: "if (nPos === 0 || nNeg === 0) return NaN", mutator: "LogicalOperator", replacement: "nPos === 0 && nNeg === 0", reason: "without the guard the rank formula is 0/0 for one class, NaN as well" },
  { file: "src/runtime/train/metrics.ts", code: "aucs.length === 0 ? NaN", mutator: "ConditionalExpression", replacement: "false", reason: "the mean of no AUCs is 0/0, NaN as well" },
];
