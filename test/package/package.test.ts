/**
 * mfgc as its users get it: `npm pack`, the tarball installed (with its dependencies, from the
 * registry) into fresh projects outside this repository, and every step a user takes there run as a
 * process — the way a CI job or a terminal runs them.
 *
 * Two projects: an ES-module project that already has @tensorflow/tfjs and type-checks with TypeScript
 * 7 (nodenext and bundler resolution), and an `npm init -y` CommonJS project on TypeScript 5.9
 * (node16 resolution) that gets TensorFlow.js only through mfgc's peer dependency.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const VERSION = (JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string }).version;
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
const TIMEOUT = 600_000;
/** The tsx the repository itself uses (package.json devDependencies). */
const TSX = `tsx@${(JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { devDependencies: Record<string, string> }).devDependencies["tsx"]}`;

let scratch: string;
let tarball: string;

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command as a user's shell would; the environment has no color and no mfgc-specific variables. */
function run(cwd: string, cmd: string, args: readonly string[]): Run {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", npm_config_update_notifier: "false", npm_config_fund: "false", npm_config_audit: "false" };
  for (const k of Object.keys(env)) if (k.startsWith("MFGC_") || k === "NODE_OPTIONS" || k.startsWith("VITEST")) delete env[k];
  const r = spawnSync(cmd, args, { cwd, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Like {@link run}, failing the test with the command's output when it does not exit 0. */
function ok(cwd: string, cmd: string, args: readonly string[]): Run {
  const r = run(cwd, cmd, args);
  if (r.code !== 0) throw new Error(`\`${cmd} ${args.join(" ")}\` in ${cwd} exited ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`);
  return r;
}

const npx = (cwd: string, ...args: string[]) => ok(cwd, NPM, ["exec", "--no", "--", ...args]);

/** A spec whose data is a CSV file next to it: proves data paths resolve from wherever the code runs. */
const CSV_SPEC = `model Readings {
  input x: f32[3]
  x -> dense(8, activation: relu) -> dense(1) as y
  output y
}

train Readings {
  data { train: csv("data/readings.csv", features: [a, b, c], labels: { y: target }) }
  optimizer adam(lr: 1e-2)
  loss mse
  epochs 1   batch 8   seed 1
}
`;

function readingsCsv(): string {
  const rows = ["a,b,c,target"];
  for (let i = 0; i < 64; i++) rows.push(`${(i % 7) / 7},${(i % 5) / 5},${(i % 3) / 3},${((i % 7) + (i % 5)) / 12}`);
  return `${rows.join("\n")}\n`;
}

beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), "mfgc-package-"));
  // dist/ is current (test/global-setup.ts); --ignore-scripts keeps `prepare` from rebuilding it while
  // other test files read it.
  const packed = JSON.parse(ok(ROOT, NPM, ["pack", "--json", "--ignore-scripts", "--pack-destination", scratch]).stdout) as { filename: string; files: { path: string }[] }[];
  tarball = path.join(scratch, packed[0]!.filename);
}, TIMEOUT);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

test("the tarball ships the compiled package and nothing of the repository's tests or sources", () => {
  const listing = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" }).split("\n").filter(Boolean);
  expect(listing).toContain("package/bin/mfgc.js");
  expect(listing).toContain("package/dist/cli/main.cjs");
  expect(listing).toContain("package/dist/runtime/index.js");
  expect(listing).toContain("package/dist/cjs/runtime.cjs");
  expect(listing).toContain("package/dist/types/index.d.ts");
  expect(listing).toContain("package/schema/mfgnet.schema.json");
  expect(listing.filter((f) => f.startsWith("package/test/") || f.startsWith("package/bench/") || f.startsWith("package/generated/"))).toEqual([]);
  // Only the layer sources that generated models copy (and their README); no other TypeScript source.
  expect(listing.filter((f) => f.startsWith("package/src/") && !/^package\/src\/runtime\/layers\/([\w-]+\.ts|README\.md)$/.test(f))).toEqual([]);
});

interface ProjectKind {
  readonly name: string;
  readonly type: "module" | "commonjs";
  /** What the project installs before mfgc (a user's existing dependencies). */
  readonly before: readonly string[];
  readonly typescript: string;
  /** Extra tsconfig variants the generated code must type-check under. */
  readonly tsconfigs: Readonly<Record<string, Record<string, unknown>>>;
}

const KINDS: readonly ProjectKind[] = [
  {
    name: "ES-module project with its own @tensorflow/tfjs, TypeScript 7",
    type: "module",
    before: ["@tensorflow/tfjs@^4.22.0"],
    typescript: "typescript@^7.0.2",
    tsconfigs: { "tsconfig.bundler.json": { module: "esnext", moduleResolution: "bundler" } },
  },
  {
    name: "CommonJS project (npm init -y), TypeScript 5.9",
    type: "commonjs",
    before: [],
    typescript: "typescript@~5.9.3",
    tsconfigs: { "tsconfig.node16.json": { module: "node16", moduleResolution: "node16" } },
  },
];

describe.each(KINDS)("$name", (kind) => {
  let project: string;
  let outside: string;

  beforeAll(() => {
    project = mkdtempSync(path.join(scratch, `${kind.type}-`));
    // A folder under no package.json at all (the system temp dir has none above it).
    outside = mkdtempSync(path.join(tmpdir(), "mfgc-outside-"));
    expect(existsSync(path.join(path.dirname(outside), "package.json"))).toBe(false);
    ok(project, NPM, ["init", "-y"]);
    if (kind.type === "module") ok(project, NPM, ["pkg", "set", "type=module"]);
    if (kind.before.length > 0) ok(project, NPM, ["install", "--no-audit", "--no-fund", "--prefer-offline", ...kind.before]);
    // tsx: the README's way to run a generated train.ts without compiling it.
    ok(project, NPM, ["install", "-D", "--no-audit", "--no-fund", "--prefer-offline", tarball, kind.typescript, TSX]);
  }, TIMEOUT);

  afterAll(() => rmSync(outside, { recursive: true, force: true }));

  test("one copy of TensorFlow.js, shared by the project and mfgc", () => {
    const cores = JSON.parse(ok(project, NPM, ["query", "#@tensorflow/tfjs-core"]).stdout) as { location: string }[];
    expect(cores.map((c) => c.location)).toEqual(["node_modules/@tensorflow/tfjs-core"]);
    const tfjs = JSON.parse(ok(project, NPM, ["query", "#@tensorflow/tfjs"]).stdout) as { location: string }[];
    expect(tfjs.map((c) => c.location)).toEqual(["node_modules/@tensorflow/tfjs"]);
  });

  test("init, check, build, build --check, and the project's own tsc on generated/", () => {
    expect(npx(project, "mfgc", "--version").stdout.trim()).toBe(VERSION);
    const init = npx(project, "mfgc", "init").stdout;
    for (const f of ["specs/defect_classifier.mfgnet", "tsconfig.json", ".gitignore", ".github/workflows/mfgc.yml"]) {
      expect(init).toContain(`created ${f}`);
      expect(existsSync(path.join(project, f)), f).toBe(true);
    }
    const pkg = JSON.parse(readFileSync(path.join(project, "package.json"), "utf8")) as { scripts: Record<string, string> };
    expect(pkg.scripts["mfgc:build"]).toBe("mfgc build specs");
    // A second init changes nothing.
    expect(npx(project, "mfgc", "init").stdout).not.toMatch(/created|updated/);

    writeFileSync(path.join(project, "specs", "readings.mfgnet"), CSV_SPEC);
    execFileSync("mkdir", ["-p", path.join(project, "specs", "data")]);
    writeFileSync(path.join(project, "specs", "data", "readings.csv"), readingsCsv());

    expect(npx(project, "mfgc", "check", "specs").stdout).toContain("checked 2 specs: no errors");
    ok(project, NPM, ["run", "mfgc:build"]);
    const train = readFileSync(path.join(project, "generated", "defect_classifier", "train.ts"), "utf8");
    expect(train).toContain('from "mfgc/runtime"');
    expect(train).toContain(kind.type === "module" ? "import.meta.url" : "__filename");
    expect(train).not.toContain(kind.type === "module" ? "__filename" : "import.meta");
    expect(npx(project, "mfgc", "build", "specs", "--check").stdout).toContain("generated/ is up to date");

    npx(project, "tsc", "--noEmit", "-p", "tsconfig.json");
    const base = JSON.parse(readFileSync(path.join(project, "tsconfig.json"), "utf8")) as { compilerOptions: Record<string, unknown>; include: string[] };
    for (const [file, options] of Object.entries(kind.tsconfigs)) {
      writeFileSync(path.join(project, file), JSON.stringify({ ...base, compilerOptions: { ...base.compilerOptions, ...options } }, null, 2));
      npx(project, "tsc", "--noEmit", "-p", file);
    }
  }, TIMEOUT);

  test("mfgc train with the run folder inside the project and outside any package", () => {
    const inside = npx(project, "mfgc", "train", "specs/defect_classifier.mfgnet", "--epochs", "1", "--limit", "256");
    expect(inside.stdout).toMatch(/trained 1 epoch/);
    expect(inside.stdout + inside.stderr).not.toMatch(/already registered|internal error/);
    expect(existsSync(path.join(project, "runs", "DefectClassifier", "model", "model.json"))).toBe(true);

    const away = path.join(outside, "run");
    const there = npx(project, "mfgc", "train", "specs/readings.mfgnet", "--epochs", "1", "--limit", "256", "--out", away);
    expect(there.stdout).toMatch(/trained 1 epoch/);
    expect(readFileSync(path.join(away, "metrics.jsonl"), "utf8").trim().split("\n")).toHaveLength(1);
  }, TIMEOUT);

  test("the generated train.ts runs with tsx, data-parallel on two workers", () => {
    // Worker threads load the TypeScript training module too; in a CommonJS project they need tsx's
    // require hooks as well as its import hooks.
    const out = path.join("runs", "tsx-two-workers");
    const r = npx(project, "tsx", path.join("generated", "defect_classifier", "train.ts"), "--epochs", "1", "--limit", "64", "--workers", "2", "--out", out);
    expect(r.stdout).toContain("workers: 2 (data-parallel");
    expect(r.stdout).toMatch(/trained 1 epoch/);
    expect(r.stderr).toBe("");
    expect(existsSync(path.join(project, out, "model", "model.json"))).toBe(true);
  }, TIMEOUT);

  test("the generated code compiled with the project's tsc runs with plain node", () => {
    npx(project, "tsc", "-p", "tsconfig.json");
    for (const spec of ["defect_classifier", "readings"]) {
      const entry = path.join("dist", "generated", spec, "train.js");
      expect(existsSync(path.join(project, entry)), entry).toBe(true);
      const out = path.join("runs", `plain-${spec}`);
      const r = ok(project, process.execPath, [entry, "--epochs", "1", "--limit", "64", "--out", out]);
      expect(r.stdout).toMatch(/trained 1 epoch/);
      expect(existsSync(path.join(project, out, "model", "model.json"))).toBe(true);
    }
  }, TIMEOUT);

  test("mfgc export, then loading the model exactly as mfgc says", () => {
    const r = npx(project, "mfgc", "export", "specs/defect_classifier.mfgnet", "--weights", "runs/DefectClassifier/model", "-o", "exported");
    const lines = r.stdout.split("\n");
    const start = lines.findIndex((l) => l.startsWith("load it"));
    expect(start).toBeGreaterThan(-1);
    const snippet = lines.slice(start + 1).filter((l) => l.startsWith("  ")).map((l) => l.slice(2));
    expect(snippet.join("\n")).toContain("loadLayersModel");
    // The snippet verbatim in an ES module of the user's project (.mjs: ESM in either kind of package).
    writeFileSync(path.join(project, "load-export.mjs"), [...snippet, 'const y = model.predict(tf.zeros([2, 64, 64, 1]));', "console.log(JSON.stringify(y.shape));", ""].join("\n"));
    expect(ok(project, process.execPath, ["load-export.mjs"]).stdout.trim()).toBe("[2,4]");
  }, TIMEOUT);

  test("the compiler API and the runtime load from the package by name", () => {
    const api = [
      'import { check, build, summary, version } from "mfgc";',
      'import { locateSpecDir } from "mfgc/runtime";',
      'const c = check(["specs"]);',
      "const b = await build([\"specs\"]);",
      'const s = summary("specs/defect_classifier.mfgnet");',
      "console.log(JSON.stringify({ ok: c.ok, specs: c.specs.length, files: b.files.length, params: s.summary?.totalParams, version, fn: typeof locateSpecDir }));",
      "",
    ].join("\n");
    writeFileSync(path.join(project, "api.mjs"), api);
    const out = JSON.parse(ok(project, process.execPath, ["api.mjs"]).stdout) as Record<string, unknown>;
    // conv 16·(9+1)=160, conv 32·(9·16+1)=4,640, conv 64·(9·32+1)=18,496, dense 4·(64+1)=260 — Keras's
    // counts for the example.
    expect(out).toEqual({ ok: true, specs: 2, files: 6, params: 160 + 4640 + 18496 + 260, version: VERSION, fn: "function" });
    if (kind.type === "commonjs") {
      writeFileSync(path.join(project, "runtime.cjs"), 'const r = require("mfgc/runtime");\nconsole.log(typeof r.runTraining, typeof r.fileHandler);\n');
      expect(ok(project, process.execPath, ["runtime.cjs"]).stdout.trim()).toBe("function function");
    }
  });

  test("nothing was written outside the project and the chosen run folder", () => {
    expect(readdirSync(outside)).toEqual(["run"]);
  });
});
