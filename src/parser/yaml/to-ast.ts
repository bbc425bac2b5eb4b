/**
 * The composed YAML document → the shared AST (src/parser/ast.ts), with the spans of the YAML nodes.
 * Runs after schema validation but stays defensive: on a document with schema errors it converts what
 * has the expected shape and skips the rest, so a partial spec still comes back.
 */
import { isMap, isScalar, isSeq, type Node, type YAMLSeq } from "yaml";
import { createSpan } from "../../diagnostics/span.js";
import type { BlockDecl, BlockParam, Expr, GraphStmt, Identifier, InputDecl, ListExpr, ModelDecl, ObjectExpr, OutputDecl, Setting, Spec, TrainDecl } from "../ast.js";
import { checkedName, deref, entries, entry, keyIdentifier, scalarIdentifier, spanOf, type ConvertContext, type Entry } from "./convert-context.js";
import { argValue, convertLayers } from "./to-ast-layers.js";
import { scalarToExpr } from "./scalars.js";

export function convertDocument(ctx: ConvertContext): Spec {
  const root = deref(ctx, ctx.doc.contents);
  const blocksEntry = entry(ctx, root, "blocks");
  const blocks = entries(ctx, blocksEntry?.value ?? null).map((b) => convertBlock(ctx, b));
  const modelEntry = entry(ctx, root, "model");
  const model = modelEntry === undefined ? undefined : convertModel(ctx, modelEntry);
  const trainEntry = entry(ctx, root, "train");
  const train = trainEntry === undefined || model === undefined ? undefined : convertTrain(ctx, trainEntry, model.name);
  return {
    kind: "spec",
    file: ctx.file,
    blocks,
    models: model === undefined ? [] : [model],
    trains: train === undefined ? [] : [train],
    span: createSpan(ctx.file, 0, ctx.text.length),
  };
}

function convertModel(ctx: ConvertContext, e: Entry): ModelDecl | undefined {
  const nameNode = entry(ctx, e.value, "name")?.value ?? null;
  const name = checkedName(ctx, scalarIdentifier(ctx, nameNode)) ?? { kind: "ident", name: "", span: spanOf(ctx, e.key) };
  const inputs = entries(ctx, entry(ctx, e.value, "inputs")?.value ?? null).map((i) => modelInput(ctx, i));
  const body: GraphStmt[] = [
    ...inputs,
    ...convertLayers(ctx, entry(ctx, e.value, "layers")?.value ?? null, inputs[0]?.name),
    ...outputs(ctx, entry(ctx, e.value, "outputs")),
  ];
  return { kind: "model", name, body, span: e.span };
}

/** `image: { shape: [28, 28, 1], dtype: f32 }`; a `"?"` dimension becomes the identifier `?`. */
function modelInput(ctx: ConvertContext, e: Entry): InputDecl {
  const dtype = scalarIdentifier(ctx, entry(ctx, e.value, "dtype")?.value ?? null);
  const shapeNode = entry(ctx, e.value, "shape")?.value ?? null;
  const shape: Expr[] = [];
  if (isSeq(shapeNode)) {
    for (const raw of (shapeNode as YAMLSeq).items) {
      const n = deref(ctx, raw);
      if (!isScalar(n)) continue;
      if (n.value === "?") shape.push({ kind: "ident", name: "?", span: spanOf(ctx, n) });
      else {
        const dim = scalarToExpr(ctx, n);
        if (dim !== undefined) shape.push(dim);
      }
    }
  }
  return {
    kind: "input",
    name: checkedName(ctx, keyIdentifier(ctx, e))!,
    ...(dtype !== undefined ? { dtype } : {}),
    ...(isSeq(shapeNode) ? { shape } : {}),
    span: e.span,
  };
}

function outputs(ctx: ConvertContext, e: Entry | undefined): OutputDecl[] {
  if (e === undefined) return [];
  const names = nameList(ctx, e.value);
  return names.length === 0 ? [] : [{ kind: "output", names, span: spanOf(ctx, e.value) }];
}

function nameList(ctx: ConvertContext, node: Node | null): Identifier[] {
  if (!isSeq(node)) return [];
  return (node as YAMLSeq).items.map((n) => checkedName(ctx, scalarIdentifier(ctx, deref(ctx, n)))).filter((i): i is Identifier => i !== undefined);
}

function convertBlock(ctx: ConvertContext, e: Entry): BlockDecl {
  const params: BlockParam[] = entries(ctx, entry(ctx, e.value, "params")?.value ?? null).map((p) => {
    const value = p.value === null ? undefined : argValue(ctx, p.value);
    return { kind: "param", name: checkedName(ctx, keyIdentifier(ctx, p))!, ...(value !== undefined ? { default: value } : {}), span: p.span };
  });
  const inputs: InputDecl[] = nameList(ctx, entry(ctx, e.value, "inputs")?.value ?? null).map((name) => ({ kind: "input", name, span: name.span }));
  const body: GraphStmt[] = [
    ...inputs,
    ...convertLayers(ctx, entry(ctx, e.value, "layers")?.value ?? null, inputs[0]?.name),
    ...outputs(ctx, entry(ctx, e.value, "outputs")),
  ];
  return { kind: "block", name: checkedName(ctx, keyIdentifier(ctx, e))!, params, body, span: e.span };
}

/** Train values keep their shape (maps → objects, lists → lists); the train checker reads one-entry maps as calls. */
function convertTrain(ctx: ConvertContext, e: Entry, modelName: Identifier): TrainDecl {
  const settings: Setting[] = entries(ctx, e.value).map((s) => {
    const value = trainValue(ctx, s.value);
    return { kind: "setting", key: keyIdentifier(ctx, s), ...(value !== undefined ? { value } : {}), span: s.span };
  });
  return { kind: "train", model: { kind: "ident", name: modelName.name, span: spanOf(ctx, e.key) }, settings, span: e.span };
}

export function trainValue(ctx: ConvertContext, node: Node | null): Expr | undefined {
  if (isScalar(node)) return scalarToExpr(ctx, node);
  const span = spanOf(ctx, node);
  if (isSeq(node)) {
    const items = (node as YAMLSeq).items.map((n) => trainValue(ctx, deref(ctx, n))).filter((x): x is Expr => x !== undefined);
    return { kind: "list", items, span } satisfies ListExpr;
  }
  if (isMap(node)) {
    const objectEntries = entries(ctx, node).flatMap((x) => {
      const value = trainValue(ctx, x.value);
      return value === undefined ? [] : [{ kind: "entry" as const, key: keyIdentifier(ctx, x), value, span: x.span }];
    });
    return { kind: "object", entries: objectEntries, span } satisfies ObjectExpr;
  }
  return undefined;
}
