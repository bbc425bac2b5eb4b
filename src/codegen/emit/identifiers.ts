/**
 * Spec names → TypeScript identifiers. Node ids are already identifier stems (the IR builder sanitizes
 * them and reports collisions); here we only keep them clear of reserved words and of the names the
 * generated module itself uses.
 */
import { ts } from "ts-morph";

const RESERVED = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally for function if import in " +
    "instanceof new null return super switch this throw true try typeof var void while with as implements interface let package private " +
    "protected public static yield any boolean constructor declare get module require number set string symbol type from of await async " +
    "undefined NaN Infinity arguments eval globalThis prototype __proto__"
  ).split(" "),
);

/** Names the generated files declare or import; a node named like one gets a suffix. */
const MODULE_NAMES = new Set(["tf", "buildModel", "config", "train", "main", "runTraining", "specHash", "specPath", "model", "inputs", "outputs", "layers"]);

export function tsIdentifier(stem: string, taken: Set<string>): string {
  let base = stem.replace(/[^A-Za-z0-9_$]/g, "_");
  if (base === "" || !ts.isIdentifierStart(base.charCodeAt(0), ts.ScriptTarget.ES2022)) base = `_${base}`;
  if (RESERVED.has(base) || MODULE_NAMES.has(base)) base = `${base}_`;
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}_${i}`;
  taken.add(name);
  return name;
}

/** Text that goes inside a `//` or `/** *\/` comment: no line breaks, no comment terminators. */
export function commentText(s: string): string {
  return s
    .replace(/\*\//g, "*\\/")
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "\uFFFD")
    .replace(/[\r\n\u2028\u2029]+/g, " ");
}
