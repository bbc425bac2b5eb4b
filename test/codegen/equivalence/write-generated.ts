/**
 * Writes generated code into a scratch folder inside the repository (`.tmp/`, git-ignored) — bare imports
 * such as `@tensorflow/tfjs` only resolve under the repo — and imports or type-checks it from there.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { generateSpec, type GenerateResult } from "../../../src/codegen/generate.js";
import type { CompiledSpec } from "../../../src/pipeline.js";
import type { IRGraph } from "../../../src/ir/types.js";

export const ROOT = join(import.meta.dirname, "..", "..", "..");

/** A fresh scratch folder under `<repo>/.tmp/`; `remove()` deletes it. */
export function scratchRoot(prefix: string): { dir: string; remove: () => void } {
  mkdirSync(join(ROOT, ".tmp"), { recursive: true });
  const dir = mkdtempSync(join(ROOT, ".tmp", `${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface WrittenSpec {
  /** Absolute path of the spec's generated folder. */
  readonly folder: string;
  readonly result: GenerateResult;
}

/**
 * Generates `compiled` into `<root>/<folder>/` exactly as `mfgc build` would, with the spec path given
 * relative to the working directory. `runtimeModule` overrides `mfgc/runtime`.
 */
export function writeGenerated(
  compiled: CompiledSpec & { graph: IRGraph },
  root: string,
  folder: string,
  opts: { specPath?: string; runtimeModule?: string } = {},
): WrittenSpec {
  const outRoot = relative(process.cwd(), root).split("\\").join("/");
  const result = generateSpec({
    graph: compiled.graph,
    train: compiled.train,
    source: compiled.source!,
    specPath: opts.specPath ?? compiled.path,
    specHash: compiled.hash,
    mfgcVersion: "0.0.0-test",
    folder,
    outRoot,
    optimizeLevel: 1,
    ...(opts.runtimeModule !== undefined ? { runtimeModule: opts.runtimeModule } : {}),
  });
  for (const f of result.files) {
    const target = join(root, f.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, f.content);
  }
  return { folder: join(root, folder), result };
}

/** Dynamically imports a generated module (vitest compiles the TypeScript). */
export async function importGenerated<T>(file: string): Promise<T> {
  return (await import(/* @vite-ignore */ pathToFileURL(file).href)) as T;
}

/** Type-checks every `.ts` under `root` with the settings of generated/tsconfig.json; returns tsc's output ("" when clean). */
export function typeCheck(root: string): string {
  const tsconfig = {
    compilerOptions: {
      strict: true,
      noUncheckedIndexedAccess: true,
      target: "ES2022",
      module: "NodeNext",
      moduleResolution: "NodeNext",
      lib: ["ES2022"],
      types: ["node"],
      skipLibCheck: true,
      noEmit: true,
      allowImportingTsExtensions: true,
    },
    include: ["**/*.ts"],
  };
  writeFileSync(join(root, "tsconfig.json"), JSON.stringify(tsconfig, null, 2));
  try {
    execFileSync(join(ROOT, "node_modules", ".bin", "tsc"), ["-p", join(root, "tsconfig.json")], { cwd: ROOT, stdio: "pipe" });
    return "";
  } catch (e) {
    const err = e as { stdout?: Buffer; stderr?: Buffer };
    return `${String(err.stdout ?? "")}${String(err.stderr ?? "")}` || String(e);
  }
}
