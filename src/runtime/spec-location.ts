/**
 * How generated training code finds its spec's directory, against which the spec's relative data paths
 * resolve. Generated code may run where `mfgc build` wrote it (`tsx generated/x/train.ts`, `mfgc train`)
 * or after the user compiled it elsewhere (`tsc --outDir dist`, then `node dist/generated/x/train.js`),
 * so a fixed path relative to the module is not enough.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

declare global {
  /**
   * Node gives every ES module `import.meta.url`. @types/node and TypeScript's DOM library declare it
   * too (identically); declaring it here lets generated code type-check in a project that has neither.
   */
  interface ImportMeta {
    url: string;
  }
}

/** A module's location as generated code knows it: `import.meta.url` (ES modules) or `__filename` (CommonJS). */
export function modulePath(moduleLocation: string): string {
  return moduleLocation.startsWith("file:") ? fileURLToPath(moduleLocation) : moduleLocation;
}

/**
 * The spec's directory, tried in this order:
 * 1. `fromModule` resolved against the module's directory, when the spec file is there (the module
 *    runs where it was generated);
 * 2. the nearest ancestor of the module's directory that holds `specPath` (the module was compiled to
 *    another folder of the same project);
 * 3. `fromModule` resolved against the module's directory regardless (the spec was not deployed:
 *    absolute data paths still work, relative ones fail with the path they were looked for at).
 *
 * @param moduleLocation the generated module's `import.meta.url` or `__filename`
 * @param fromModule the spec's directory relative to the folder `mfgc build` wrote the module to, `/`-separated
 * @param specPath the spec file relative to the directory `mfgc build` ran in (normally the project root), `/`-separated
 * @returns an absolute directory path
 */
export function locateSpecDir(moduleLocation: string, fromModule: string, specPath: string): string {
  const moduleDir = path.dirname(modulePath(moduleLocation));
  const generatedBeside = path.resolve(moduleDir, fromModule);
  const specFile = path.basename(specPath);
  if (existsSync(path.join(generatedBeside, specFile))) return generatedBeside;
  for (let dir = moduleDir; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, specPath))) return path.dirname(path.join(dir, specPath));
    if (path.dirname(dir) === dir) break;
  }
  return generatedBeside;
}
