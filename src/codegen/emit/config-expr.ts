/** Lowered layer configs → TypeScript expressions (`tf.layers.conv2d({ … })`, `new MfgGRU({ … })`). */
import { ts } from "ts-morph";
import type { ConfigValue, LayerSpec } from "../lower/types.js";
import { numberLiteral, propertyName, stringLiteral } from "./print-expr.js";

const f = ts.factory;

function tfMember(...path: string[]): ts.Expression {
  let e: ts.Expression = f.createIdentifier("tf");
  for (const p of path) e = f.createPropertyAccessExpression(e, p);
  return e;
}

export function configValueExpr(v: ConfigValue): ts.Expression {
  if (v === null) return f.createNull();
  if (typeof v === "number") return numberLiteral(v);
  if (typeof v === "string") return stringLiteral(v);
  if (typeof v === "boolean") return v ? f.createTrue() : f.createFalse();
  if (Array.isArray(v)) return f.createArrayLiteralExpression((v as readonly ConfigValue[]).map(configValueExpr), false);
  const o = v as Exclude<ConfigValue, readonly ConfigValue[] | number | string | boolean | null>;
  if (o.kind === "initializer") {
    const args = Object.entries(o.args);
    return f.createCallExpression(tfMember("initializers", o.name), undefined, args.length === 0 ? [] : [objectExpr(Object.fromEntries(args), false)]);
  }
  return layerExpr(o.layer);
}

export function objectExpr(config: Readonly<Record<string, ConfigValue>>, multiLine: boolean): ts.ObjectLiteralExpression {
  return f.createObjectLiteralExpression(
    Object.entries(config).map(([k, v]) => f.createPropertyAssignment(propertyName(k), configValueExpr(v))),
    multiLine,
  );
}

/** `tf.layers.<factory>({...})` or `new <CustomClass>({...})`. */
export function layerExpr(spec: LayerSpec, extra: Readonly<Record<string, ConfigValue>> = {}): ts.Expression {
  const config = objectExpr({ ...extra, ...spec.config }, true);
  if (spec.customClass !== undefined) return f.createNewExpression(f.createIdentifier(spec.customClass), undefined, [config]);
  return f.createCallExpression(tfMember("layers", spec.factory), undefined, [config]);
}
