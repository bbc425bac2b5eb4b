/** `mfgc ops [name]`: the op reference generated from the registry (same text as docs/ops.md). */
import { renderOpsReference } from "../../ir/ops/docs.js";
import { getOp, OP_NAMES } from "../../ir/ops/registry.js";
import { escapeLines } from "../../diagnostics/escape.js";
import { didYouMean } from "../../diagnostics/suggest.js";
import { EXIT_OK, EXIT_USAGE, type CliIO } from "../io.js";

export function runOps(name: string | undefined, io: CliIO): number {
  if (name === undefined) {
    io.stdout(renderOpsReference());
    return EXIT_OK;
  }
  if (!getOp(name)) {
    io.stderr(escapeLines(`mfgc: unknown op \`${name}\`${didYouMean(name, OP_NAMES).map((h) => `; ${h}`).join("")}`) + "\n");
    return EXIT_USAGE;
  }
  // The reference is sectioned by `## name`; print the one section asked for.
  const sections = renderOpsReference().split(/\n(?=## )/);
  const section = sections.find((s) => s.startsWith(`## ${name}\n`) || s.startsWith(`## \`${name}\``));
  io.stdout((section ?? `## ${name}\n`).trimEnd() + "\n");
  return EXIT_OK;
}
