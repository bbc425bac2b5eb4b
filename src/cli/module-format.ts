/**
 * Which module system generated `.ts` files are compiled for, decided as TypeScript (`module`
 * node16/nodenext) and Node decide it: by the `"type"` field of the nearest package.json above the
 * file — `"module"` means ES modules; `"commonjs"`, no field, or no package.json at all means CommonJS.
 * Source: https://nodejs.org/api/packages.html#type and TypeScript's "Modules — Reference" (node16).
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { ModuleFormat } from "../codegen/emit/emit-train.js";

export type ModuleFormatOption = ModuleFormat | "auto";

/** The format for files written under `dir` (which need not exist yet). */
export function detectModuleFormat(dir: string): ModuleFormat {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    const pkg = path.join(d, "package.json");
    if (existsSync(pkg)) {
      try {
        const type = (JSON.parse(readFileSync(pkg, "utf8")) as { type?: unknown }).type;
        return type === "module" ? "esm" : "commonjs";
      } catch {
        // Node refuses to load modules under an unreadable package.json; CommonJS is its default.
        return "commonjs";
      }
    }
    if (path.dirname(d) === d) return "commonjs";
  }
}

/** `auto` → {@link detectModuleFormat}; an explicit choice is kept. */
export function resolveModuleFormat(option: ModuleFormatOption, outDir: string): ModuleFormat {
  return option === "auto" ? detectModuleFormat(outDir) : option;
}
