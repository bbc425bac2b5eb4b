/** Regenerates `docs/train.md` from the train checker's tables: `npx tsx src/ir/train/write-docs.ts`. */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { renderTrainDocs } from "./docs.js";

const target = fileURLToPath(new URL("../../../docs/train.md", import.meta.url));
writeFileSync(target, renderTrainDocs());
console.log(`wrote ${target}`);
