/**
 * The sources of mfgc's own layers (src/runtime/layers) that a generated model needs, copied next to
 * it so `model.ts` depends on nothing but `@tensorflow/tfjs` and can be deployed on its own.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "../package-root.js";

export interface LayerSourceFile {
  /** File name inside src/runtime/layers (e.g. `gru.ts`). */
  readonly name: string;
  readonly text: string;
}

let cache: { byClass: Map<string, string>; files: Map<string, string> } | undefined;

function index(): { byClass: Map<string, string>; files: Map<string, string> } {
  if (cache) return cache;
  const byClass = new Map<string, string>();
  const files = new Map<string, string>();
  // The TypeScript sources ship with the package (package.json `files`), also when mfgc runs from dist/.
  const dir = join(packageRoot(), "src", "runtime", "layers");
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith(".ts") || name === "index.ts") continue;
    const text = readFileSync(join(dir, name), "utf8");
    files.set(name, text);
    for (const m of text.matchAll(/^export class (\w+)/gm)) byClass.set(m[1]!, name);
  }
  cache = { byClass, files };
  return cache;
}

/** Relative imports of a layer file (`./foo.js` → `foo.ts`). */
function localImports(text: string): string[] {
  return [...text.matchAll(/from\s+"\.\/([\w-]+)\.js"/g)].map((m) => `${m[1]}.ts`);
}

/** The files (with their relative imports, transitively) that define `classes`, sorted by name. */
export function layerSourcesFor(classes: readonly string[]): { files: LayerSourceFile[]; moduleOf: Map<string, string> } {
  const { byClass, files } = index();
  const needed = new Set<string>();
  const moduleOf = new Map<string, string>();
  const add = (name: string) => {
    if (needed.has(name)) return;
    const text = files.get(name);
    if (text === undefined) throw new Error(`internal: runtime layer file \`${name}\` not found`);
    needed.add(name);
    localImports(text).forEach(add);
  };
  for (const cls of classes) {
    const file = byClass.get(cls);
    if (file === undefined) throw new Error(`internal: no runtime layer defines \`${cls}\``);
    moduleOf.set(cls, `./layers/${file.replace(/\.ts$/, ".js")}`);
    add(file);
  }
  return { files: [...needed].sort().map((name) => ({ name, text: files.get(name)! })), moduleOf };
}
