/**
 * Class labels written as text in a CSV column (`ok`, `scratch`, `dent`): each distinct value is a class,
 * numbered in sorted order (code-unit order, so the numbering never depends on the locale) and named by
 * its text. Validation and test sources use the training split's numbering; a value it never saw is an
 * error (MFG4705), never a silent new class.
 */
import { excerpt, excerptList } from "../../diagnostics/escape.js";
import { dataError } from "./data-error.js";
import type { LabelLocator } from "./labels.js";

/** Class ids for a label column, and the class names when the column held text. */
export interface ClassLabels {
  readonly ids: Float64Array;
  readonly names: readonly string[] | null;
}

/**
 * Numbers stay class ids (names: null). A column with any text gets one class per distinct value,
 * numbered by `known` (the training split's names) when given, else in sorted order.
 */
export function classLabelsOf(cells: readonly (number | string)[], known: readonly string[] | null, locate: LabelLocator): ClassLabels {
  if (cells.every((c) => typeof c === "number")) return { ids: Float64Array.from(cells as number[]), names: null };
  const text = cells.map((c) => String(c));
  const names = known ?? [...new Set(text)].sort();
  const id = new Map(names.map((n, i) => [n, i] as const));
  const ids = new Float64Array(text.length);
  text.forEach((t, i) => {
    const k = id.get(t);
    if (k === undefined) {
      const at = locate(i);
      throw dataError("MFG4705", at.file, `class \`${excerpt(t)}\` at ${at.where} is not one of the training data's classes (${excerptList(names)})`, at.offset, [
        `use one of the training data's class names, or add samples of \`${excerpt(t)}\` to the training data`,
      ]);
    }
    ids[i] = k;
  });
  return { ids, names };
}
