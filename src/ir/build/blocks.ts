/**
 * Block declarations: structural checks done once per declaration (not once per application), and
 * binding a block's parameters at an application.
 */
import type { DiagnosticBag } from "../../diagnostics/diagnostic.js";
import type { Span } from "../../diagnostics/span.js";
import type { BlockDecl, InputDecl } from "../../parser/ast.js";
import { bindArgs } from "./bind-args.js";
import type { Env } from "./evaluate.js";
import { evaluate } from "./evaluate.js";
import type { OpLookup } from "./op-lookup.js";
import type { Value, ValueArg } from "./values.js";

/** A block that passed its structural checks. */
export interface CheckedBlock {
  readonly decl: BlockDecl;
  readonly inputs: readonly InputDecl[];
  /** The one name the block's `output` declares. */
  readonly output: { readonly name: string; readonly span: Span };
}

/**
 * Checks every block declaration. Returns the usable blocks by name; a block with structural errors is
 * left out of the map but its name is in `known` so applying it is not reported again as unknown.
 */
export function checkBlocks(
  blocks: readonly BlockDecl[],
  ops: OpLookup,
  bag: DiagnosticBag,
): { usable: Map<string, CheckedBlock>; known: Set<string> } {
  const usable = new Map<string, CheckedBlock>();
  const known = new Set<string>();
  const firstSpan = new Map<string, Span>();
  for (const decl of blocks) {
    const name = decl.name.name;
    const first = firstSpan.get(name);
    if (first !== undefined) {
      bag.report("MFG3007", `block \`${name}\` is already defined`, decl.name.span, {
        related: [{ message: `block \`${name}\` is first defined here`, span: first }],
        hints: ["rename one of the blocks, or delete the second definition"],
      });
      continue;
    }
    firstSpan.set(name, decl.name.span);
    if (ops.get(name) !== undefined) {
      bag.report("MFG3022", `block \`${name}\` has the name of a built-in op`, decl.name.span, {
        hints: [`rename the block, e.g. \`${name}_block\``],
      });
      continue;
    }
    known.add(name);
    let ok = true;
    const paramSpans = new Map<string, Span>();
    for (const p of decl.params) {
      const prev = paramSpans.get(p.name.name);
      if (prev !== undefined) {
        bag.report("MFG3007", `parameter \`${p.name.name}\` is already declared`, p.name.span, {
          related: [{ message: "first declared here", span: prev }],
          hints: ["rename one of the parameters"],
        });
        ok = false;
      } else paramSpans.set(p.name.name, p.name.span);
    }
    const inputs: InputDecl[] = [];
    const outputs: { name: string; span: Span }[] = [];
    for (const stmt of decl.body) {
      if (stmt.kind === "input") {
        inputs.push(stmt);
        if (stmt.dtype !== undefined || stmt.shape !== undefined) {
          bag.report("MFG3023", `block input \`${stmt.name.name}\` takes its dtype and shape from the tensor it is applied to`, (stmt.dtype ?? stmt.name).span, {
            hints: [`write \`input ${stmt.name.name}\``],
          });
          ok = false;
        }
      } else if (stmt.kind === "output") {
        for (const n of stmt.names) outputs.push({ name: n.name, span: n.span });
      }
    }
    if (outputs.length !== 1) {
      const where = outputs[1]?.span ?? decl.name.span;
      bag.report(
        "MFG3018",
        outputs.length === 0 ? `block \`${name}\` declares no output` : `block \`${name}\` declares ${outputs.length} outputs; a block has exactly one`,
        where,
        {
          hints: [
            outputs.length === 0
              ? "add `output <name>` naming the block's result"
              : `keep one \`output\`; to return them all, join them first, e.g. \`(${outputs.slice(0, 2).map((o) => o.name).join(", ")}${outputs.length > 2 ? ", …" : ""}) -> concat as joined\` and \`output joined\`, or write one block per output`,
          ],
        },
      );
      ok = false;
    }
    if (ok) usable.set(name, { decl, inputs, output: outputs[0]! });
  }
  return { usable, known };
}

/**
 * Binds the arguments of one application to the block's parameters; defaults are evaluated in order, so a
 * default may use earlier parameters (`ff = d * 4`). A parameter whose value failed is bound to
 * undefined: uses of it are skipped silently instead of cascading.
 */
export function bindBlockParams(block: CheckedBlock, args: readonly ValueArg[], calleeSpan: Span, bag: DiagnosticBag): Env {
  const decl = block.decl;
  const binding = bindArgs(
    `block \`${decl.name.name}\``,
    decl.params.map((p) => ({ name: p.name.name, positional: true, required: p.default === undefined })),
    args,
    calleeSpan,
    bag,
  );
  const env = new Map<string, Value | undefined>();
  for (const p of decl.params) {
    const arg = binding.bound.get(p.name.name);
    if (arg !== undefined) env.set(p.name.name, arg.value);
    else if (p.default !== undefined) env.set(p.name.name, evaluate(p.default, env, bag));
    else env.set(p.name.name, undefined);
  }
  return env;
}
