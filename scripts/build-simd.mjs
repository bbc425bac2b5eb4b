// Compiles mfgc's SIMD kernels (src/runtime/kernels/simd/kernels.wat) with wabt into
// src/runtime/kernels/simd/kernels-wasm.ts, the module's bytes as base64. The output is committed, so
// neither building mfgc nor installing it needs wabt; test/runtime/kernels/simd.test.ts recompiles the
// source and fails when the committed bytes differ.
//
//   node scripts/build-simd.mjs          write kernels-wasm.ts
//   node scripts/build-simd.mjs --check  exit 1 when kernels-wasm.ts is out of date
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { compileKernels, renderModule } from "./simd-module.mjs";

const dir = fileURLToPath(new URL("../src/runtime/kernels/simd/", import.meta.url));
const source = readFileSync(`${dir}kernels.wat`, "utf8");
const text = renderModule(await compileKernels(source));
const target = `${dir}kernels-wasm.ts`;
if (process.argv.includes("--check")) {
  const current = readFileSync(target, "utf8");
  if (current !== text) {
    console.error(`${target} is out of date: run \`node scripts/build-simd.mjs\``);
    process.exit(1);
  }
} else {
  writeFileSync(target, text);
  console.log(`wrote ${target}`);
}
