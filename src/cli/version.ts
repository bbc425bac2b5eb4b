import { readFileSync } from "node:fs";

/** mfgc's version, read once from package.json (it goes into generated headers and SARIF). */
export const MFGC_VERSION: string = (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;
