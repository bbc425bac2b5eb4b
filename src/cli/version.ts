import { readFileSync } from "node:fs";
import path from "node:path";
import { packageRoot } from "../package-root.js";

/** mfgc's version, read once from package.json (it goes into generated headers and SARIF). */
export const MFGC_VERSION: string = (JSON.parse(readFileSync(path.join(packageRoot(), "package.json"), "utf8")) as { version: string }).version;
