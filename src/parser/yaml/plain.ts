/**
 * The composed YAML document → a plain JSON value for ajv, plus the {@link PathIndex} that maps every
 * value back to its node. Our own walk (rather than `doc.toJS()`) lets us resolve aliases under a node
 * budget, re-check depth through aliases, refuse merge keys and non-scalar keys, and refuse `.inf`/`.nan`,
 * each with a precise span.
 */
import { isAlias, isMap, isScalar, isSeq, type Document, type Node, type Scalar } from "yaml";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { createDiagnostic } from "../../diagnostics/diagnostic.js";
import { MAX_NESTING_DEPTH } from "../parse-result.js";
import { MAX_ALIAS_EXPANSION_NODES } from "./limits.js";
import { NESTING_HINT } from "./cst-scan.js";
import { childPointer, nodeSpan, type IndexedNode, type PathIndex } from "./path-index.js";

/** A JSON value as ajv sees it. */
export type Plain = null | boolean | number | string | Plain[] | { [key: string]: Plain };

export interface PlainDocument {
  readonly value: Plain;
  readonly index: PathIndex;
  readonly diagnostics: readonly Diagnostic[];
}

export function toPlain(doc: Document.Parsed, file: string): PlainDocument {
  const index = new Map<string, IndexedNode>();
  const diagnostics: Diagnostic[] = [];
  let expanded = 0;
  let budgetReported = false;

  /** `viaAlias` is the alias occurrence whose expansion we are inside, if any. */
  const walk = (node: Node | null, pointer: string, depth: number, viaAlias: Node | undefined, key?: Scalar): Plain => {
    if (node === null) return null;
    if (isAlias(node)) {
      const target = node.resolve(doc);
      if (target === undefined) return null; // the composer already reported the dangling alias
      return walk(target, pointer, depth, viaAlias ?? node, key);
    }
    if (viaAlias !== undefined && ++expanded > MAX_ALIAS_EXPANSION_NODES) {
      if (!budgetReported) {
        budgetReported = true;
        diagnostics.push(
          createDiagnostic("MFG1105", `YAML aliases expand to more than ${MAX_ALIAS_EXPANSION_NODES} nodes`, nodeSpan(viaAlias, file)!, {
            hints: ["write the repeated parts out, or use a block with parameters for repeated layers"],
          }),
        );
      }
      return null;
    }
    if (depth > MAX_NESTING_DEPTH) {
      diagnostics.push(createDiagnostic("MFG1106", `the YAML nests deeper than ${MAX_NESTING_DEPTH} levels (through aliases)`, nodeSpan(node, file)!, { hints: [NESTING_HINT] }));
      return null;
    }
    index.set(pointer, key === undefined ? { node } : { node, key });

    if (isScalar(node)) return scalarValue(node);
    if (isSeq(node)) {
      return node.items.map((item, i) => walk(item as Node | null, childPointer(pointer, i), depth + 1, viaAlias));
    }
    if (isMap(node)) {
      const out: { [key: string]: Plain } = {};
      for (const pair of node.items) {
        const keyNode = pair.key as Node | null;
        const name = keyName(keyNode);
        if (name === undefined) {
          diagnostics.push(
            createDiagnostic("MFG1113", "mapping keys must be plain names", nodeSpan(keyNode, file) ?? nodeSpan(node, file)!, { hints: ["write the key as a plain name such as `filters`"] }),
          );
          continue;
        }
        if (name === "<<" && isScalar(keyNode) && keyNode.type === "PLAIN") {
          diagnostics.push(createDiagnostic("MFG1104", "merge keys (`<<`) are not allowed", nodeSpan(keyNode, file)!, { hints: ["write the keys out"] }));
          continue;
        }
        // defineProperty: a key named `__proto__` must stay an ordinary own property.
        Object.defineProperty(out, name, {
          value: walk(pair.value as Node | null, childPointer(pointer, name), depth + 1, viaAlias, keyNode as Scalar),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    }
    return null;
  };

  const scalarValue = (node: Scalar): Plain => {
    const v = node.value;
    if (typeof v === "number") {
      if (!Number.isFinite(v)) {
        diagnostics.push(
          createDiagnostic("MFG1114", `\`${node.source ?? String(v)}\` is not a finite number`, nodeSpan(node, file)!, { hints: ["use a finite number, or quote the text if you meant a string"] }),
        );
        return null;
      }
      return v;
    }
    if (typeof v === "string" || typeof v === "boolean" || v === null) return v;
    return String(v);
  };

  const value = walk(doc.contents as Node | null, "", 1, undefined);
  return { value, index, diagnostics };
}

/** A key's name: plain, quoted or numeric scalars (`1:` is the key "1"); undefined for collections and null keys. */
function keyName(key: Node | null): string | undefined {
  if (!isScalar(key)) return undefined;
  const v = key.value;
  if (v === null || v === undefined || typeof v === "object") return undefined;
  return String(v);
}
