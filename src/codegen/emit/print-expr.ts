/**
 * Values → TypeScript expressions through the compiler's own factory and printer, never by pasting text:
 * a spec string containing quotes, backticks, `${`, `*\/`, line separators or NUL comes out as a
 * correctly escaped literal (see ../../../shared/SAFETY-NOTES.md).
 */
import { ts } from "ts-morph";

const printer = ts.createPrinter({ newLine: ts.NewLineKind.LineFeed, removeComments: true });
const scratch = ts.createSourceFile("scratch.ts", "", ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);

export function printNode(node: ts.Node): string {
  return printer.printNode(ts.EmitHint.Unspecified, node, scratch);
}

export function numberLiteral(n: number): ts.Expression {
  if (!Number.isFinite(n)) throw new Error(`internal: non-finite number ${n} in generated code`);
  // Negative numbers are a prefix minus on a positive literal; -0 prints as 0.
  const lit = ts.factory.createNumericLiteral(String(Math.abs(n)));
  return n < 0 ? ts.factory.createPrefixUnaryExpression(ts.SyntaxKind.MinusToken, lit) : lit;
}

export function stringLiteral(s: string): ts.StringLiteral {
  return ts.factory.createStringLiteral(s, false);
}

/** Plain JSON-like data (numbers, strings, booleans, null, arrays, records) as a literal expression. */
export function jsonLiteral(v: unknown): ts.Expression {
  if (v === null) return ts.factory.createNull();
  if (typeof v === "number") return numberLiteral(v);
  if (typeof v === "string") return stringLiteral(v);
  if (typeof v === "boolean") return v ? ts.factory.createTrue() : ts.factory.createFalse();
  if (Array.isArray(v)) return ts.factory.createArrayLiteralExpression(v.map(jsonLiteral), false);
  if (typeof v === "object") {
    return ts.factory.createObjectLiteralExpression(
      Object.entries(v as Record<string, unknown>).map(([k, x]) => ts.factory.createPropertyAssignment(propertyName(k), jsonLiteral(x))),
      true,
    );
  }
  throw new Error(`internal: cannot print ${typeof v} as a literal`);
}

/**
 * A property key: bare when it is a plain identifier, else a string literal. `__proto__` is computed
 * (`["__proto__"]`): in an object literal both `__proto__: v` and `"__proto__": v` set the prototype
 * instead of creating the key.
 */
export function propertyName(key: string): ts.PropertyName {
  if (key === "__proto__") return ts.factory.createComputedPropertyName(stringLiteral(key));
  return isIdentifierText(key) ? ts.factory.createIdentifier(key) : stringLiteral(key);
}

/** Whether `s` is a syntactically valid identifier (reserved words are the caller's concern). */
export function isIdentifierText(s: string): boolean {
  if (s.length === 0) return false;
  const chars = [...s];
  return chars.every((ch, i) => {
    const cp = ch.codePointAt(0)!;
    return i === 0 ? ts.isIdentifierStart(cp, ts.ScriptTarget.ES2022) : ts.isIdentifierPart(cp, ts.ScriptTarget.ES2022);
  });
}
