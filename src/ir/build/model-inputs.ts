/** Checks a model's `input` declaration: a known dtype and a shape of positive ints or `?`. */
import type { DiagnosticBag } from "../../diagnostics/diagnostic.js";
import { didYouMean } from "../../diagnostics/suggest.js";
import type { InputDecl } from "../../parser/ast.js";
import type { DType, Dim } from "../types.js";
import { EMPTY_ENV, evaluate } from "./evaluate.js";
import { unsafeInteger } from "./op-params.js";
import { describeValue, type Value } from "./values.js";

export const DTYPES: readonly DType[] = ["f32", "i32", "bool"];

/** The dtype and shape of a model input, or undefined after reporting what is wrong. */
export function checkModelInput(decl: InputDecl, bag: DiagnosticBag): { dtype: DType; shape: Dim[] } | undefined {
  if (decl.dtype === undefined || decl.shape === undefined) {
    bag.report("MFG3010", `model input \`${decl.name.name}\` needs a dtype and a shape`, decl.name.span, {
      hints: [`write e.g. \`input ${decl.name.name}: f32[28, 28, 1]\` (dimensions without the batch)`],
    });
    return undefined;
  }
  let ok = true;
  const dtypeName = decl.dtype.name;
  if (!(DTYPES as readonly string[]).includes(dtypeName)) {
    const suggestion = didYouMean(dtypeName, DTYPES);
    bag.report("MFG3011", `unknown dtype \`${dtypeName}\``, decl.dtype.span, {
      hints: suggestion.length > 0 ? suggestion : [`dtypes are ${DTYPES.map((d) => `\`${d}\``).join(", ")}`],
    });
    ok = false;
  }
  const shape: Dim[] = [];
  for (const dimExpr of decl.shape) {
    if ((dimExpr.kind === "ident" && dimExpr.name === "?") || (dimExpr.kind === "string" && dimExpr.value === "?")) {
      shape.push(null);
      continue;
    }
    const v = evaluate(dimExpr, EMPTY_ENV, bag);
    if (v === undefined) {
      ok = false;
      continue;
    }
    if (v.kind === "number" && Number.isInteger(v.value) && !Number.isSafeInteger(v.value)) {
      unsafeInteger("a dimension", v, bag);
      ok = false;
      continue;
    }
    if (v.kind !== "number" || !Number.isInteger(v.value) || v.value < 1) {
      bag.report("MFG3012", `a dimension must be a positive integer or \`?\`, got ${describeValue(v)}`, dimExpr.span, {
        hints: [dimensionHint(v)],
      });
      ok = false;
      continue;
    }
    shape.push(v.value);
  }
  return ok ? { dtype: dtypeName as DType, shape } : undefined;
}

/** What to write instead of a dimension that is not a positive integer. */
function dimensionHint(v: Value): string {
  if (v.kind === "number" && v.value === 0) return "the batch dimension is implicit; leave it out";
  if (v.kind === "number" && v.value > 0) return `a dimension counts elements: write a whole number such as \`${Math.max(1, Math.round(v.value))}\``;
  return "write the size as a positive integer such as `28`, or `?` for a size known only at run time";
}
