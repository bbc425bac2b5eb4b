/** Regenerates `docs/ops.md` from the registry: `npx tsx src/ir/ops/write-docs.ts`. */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { renderOpsReference } from "./docs.js";

const target = fileURLToPath(new URL("../../../docs/ops.md", import.meta.url));
writeFileSync(target, renderOpsReference());
console.log(`wrote ${target}`);
