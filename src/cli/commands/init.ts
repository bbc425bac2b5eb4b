/**
 * `mfgc init [dir] [--yaml]`: sets up a project to use mfgc — an example spec, package scripts for
 * check/build/train, a tsconfig for the generated code, `runs/` in .gitignore, and a GitHub Actions
 * workflow. It never overwrites a file: existing files are left as they are and reported, and the two
 * it extends (package.json, .gitignore) only gain what they lack.
 */
import { existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { escapeControls } from "../../diagnostics/escape.js";
import { EXIT_ERRORS, EXIT_OK, type CliIO } from "../io.js";
import { EXAMPLE_DSL, exampleYaml, generatedTsconfig, githubWorkflow } from "../init/templates.js";
import { writeFileAtomic } from "../write-files.js";

export interface InitOptions {
  /** Write the example spec in the YAML form. */
  readonly yaml: boolean;
}

const SPECS_DIR = "specs";
const SPEC_NAME = "defect_classifier";

/** One thing init did or left alone, for the report it prints. */
interface Step {
  readonly file: string;
  readonly action: "created" | "updated" | "kept";
  readonly detail?: string;
}

function toPosix(p: string): string {
  return p.split(path.sep).join("/");
}

/** Creates `file` with `text` unless something is there already. */
function createIfMissing(root: string, file: string, text: string): Step {
  const full = path.join(root, file);
  if (existsSync(full)) return { file, action: "kept", detail: "exists, left as it is" };
  writeFileAtomic(full, text);
  return { file, action: "created" };
}

interface PackageJson {
  name?: string;
  private?: boolean;
  scripts?: Record<string, string>;
  [key: string]: unknown;
}

/** Adds the mfgc scripts that package.json lacks (a script of the same name is never replaced). */
function addScripts(root: string, specFile: string): Step {
  const file = "package.json";
  const full = path.join(root, file);
  const scripts: Record<string, string> = {
    "mfgc:check": `mfgc check ${SPECS_DIR}`,
    "mfgc:build": `mfgc build ${SPECS_DIR}`,
    "mfgc:train": `mfgc train ${specFile}`,
  };
  if (!existsSync(full)) {
    const pkg: PackageJson = { name: packageName(root), private: true, scripts };
    writeFileAtomic(full, `${JSON.stringify(pkg, null, 2)}\n`);
    return { file, action: "created", detail: `scripts ${Object.keys(scripts).join(", ")}` };
  }
  const text = readFileSync(full, "utf8");
  let pkg: PackageJson;
  try {
    pkg = JSON.parse(text) as PackageJson;
  } catch {
    return { file, action: "kept", detail: "not valid JSON, so no scripts were added" };
  }
  const existing = pkg.scripts ?? {};
  const added = Object.keys(scripts).filter((k) => !Object.hasOwn(existing, k));
  if (added.length === 0) return { file, action: "kept", detail: "already has the mfgc scripts" };
  pkg.scripts = { ...existing, ...Object.fromEntries(added.map((k) => [k, scripts[k]!])) };
  // Keep the file's own indentation (npm writes two spaces; some projects use tabs or four).
  const indent = /^(\s+)"/m.exec(text)?.[1] ?? "  ";
  writeFileAtomic(full, `${JSON.stringify(pkg, null, indent)}\n`);
  return { file, action: "updated", detail: `added scripts ${added.join(", ")}` };
}

/** npm's rules for a package name, applied to the folder's name (lower case, no spaces). */
function packageName(root: string): string {
  const base = path.basename(path.resolve(root)).toLowerCase().replace(/[^a-z0-9._-]+/g, "-").replace(/^[._-]+/, "");
  return base || "mfgc-project";
}

/** A tsconfig for generated/: `tsconfig.json`, or `tsconfig.mfgc.json` beside a project's own tsconfig.json. */
function tsconfigStep(root: string): Step {
  const text = generatedTsconfig();
  const main = path.join(root, "tsconfig.json");
  if (!existsSync(main) || readFileSync(main, "utf8") === text) return createIfMissing(root, "tsconfig.json", text);
  return createIfMissing(root, "tsconfig.mfgc.json", text);
}

/** What git should not track in an mfgc project: each entry, the spellings that already cover it, and why. */
const IGNORED = [
  { entry: "runs/", covered: ["runs", "runs/", "/runs", "/runs/"], comment: "mfgc training runs (checkpoints, metrics, models)" },
  { entry: "mfgc.sarif", covered: ["mfgc.sarif", "/mfgc.sarif", "*.sarif"], comment: "diagnostics the CI workflow uploads (mfgc check --format sarif)" },
] as const;

/** Makes sure `runs/` (training run folders) and the CI workflow's `mfgc.sarif` are ignored by git. */
function gitignoreStep(root: string): Step {
  const file = ".gitignore";
  const full = path.join(root, file);
  const block = (entries: readonly (typeof IGNORED)[number][]) => entries.map((e) => `# ${e.comment}\n${e.entry}\n`).join("");
  if (!existsSync(full)) {
    writeFileAtomic(full, `node_modules/\ndist/\n${block(IGNORED)}`);
    return { file, action: "created" };
  }
  const text = readFileSync(full, "utf8");
  const lines = new Set(text.split(/\r?\n/).map((l) => l.trim()));
  const missing = IGNORED.filter((e) => !e.covered.some((c) => lines.has(c)));
  if (missing.length === 0) return { file, action: "kept", detail: `already ignores ${IGNORED.map((e) => e.entry).join(" and ")}` };
  writeFileAtomic(full, `${text}${text === "" || text.endsWith("\n") ? "" : "\n"}${block(missing)}`);
  return { file, action: "updated", detail: `added ${missing.map((e) => e.entry).join(" and ")}` };
}

/** `word` as one POSIX shell word: as is when plain, else single-quoted (control characters escaped for the terminal). */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${escapeControls(word.replace(/'/g, "'\\''"))}'`;
}

/**
 * Where package.json installs mfgc from, when that is a file outside the project (`npm install -D
 * /path/to/mfgc-0.1.0.tgz` records `file:../…`): a fresh clone — CI's `npm ci` in the workflow init
 * writes — has no such file, and the install fails. `spec` is the dependency as written, `file` the
 * absolute path it names. Null when mfgc comes from a registry, a git URL, a path inside the project,
 * or package.json does not name it (or cannot be read).
 */
function dependencyOutsideProject(root: string): { spec: string; file: string } | null {
  let pkg: { dependencies?: Record<string, unknown>; devDependencies?: Record<string, unknown> };
  try {
    pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as typeof pkg;
  } catch {
    return null;
  }
  const spec = pkg.devDependencies?.["mfgc"] ?? pkg.dependencies?.["mfgc"];
  if (typeof spec !== "string" || !spec.startsWith("file:")) return null;
  const file = path.resolve(root, spec.slice("file:".length));
  const inside = path.relative(root, file);
  return inside.startsWith("..") || path.isAbsolute(inside) ? { spec, file } : null;
}

/**
 * @param dir the project folder (created when missing)
 * @returns exit code: 0, or 1 when `dir` exists but is not a directory
 */
export function runInit(dir: string, opts: InitOptions, io: CliIO): number {
  const root = path.resolve(dir);
  if (existsSync(root) && !statSync(root).isDirectory()) {
    io.stderr(`mfgc: \`${dir}\` exists and is not a directory\n`);
    return EXIT_ERRORS;
  }
  mkdirSync(root, { recursive: true });
  const specFile = `${SPECS_DIR}/${SPEC_NAME}${opts.yaml ? ".mfgnet.yaml" : ".mfgnet"}`;
  // The two forms of the example would generate into the same folder: keep whichever is there.
  const otherForm = `${SPECS_DIR}/${SPEC_NAME}${opts.yaml ? ".mfgnet" : ".mfgnet.yaml"}`;
  const specStep: Step = existsSync(path.join(root, otherForm))
    ? { file: specFile, action: "kept", detail: `not written: ${otherForm} is the example already` }
    : createIfMissing(root, specFile, opts.yaml ? exampleYaml("../node_modules/mfgc/schema/mfgnet.schema.json") : EXAMPLE_DSL);
  const steps: Step[] = [
    specStep,
    addScripts(root, specStep.detail?.startsWith("not written") ? otherForm : specFile),
    tsconfigStep(root),
    gitignoreStep(root),
    createIfMissing(root, ".github/workflows/mfgc.yml", githubWorkflow(SPECS_DIR)),
  ];
  const where = toPosix(path.relative(process.cwd(), root)) || ".";
  io.stdout(`mfgc init ${where}\n`);
  for (const s of steps) io.stdout(`  ${s.action.padEnd(7)} ${s.file}${s.detail ? ` (${s.detail})` : ""}\n`);
  const run = where === "." ? "" : `cd ${where} && `;
  const outside = dependencyOutsideProject(root);
  if (outside !== null) {
    io.stdout(
      [
        "",
        `note: package.json installs mfgc from \`${escapeControls(outside.spec)}\`, outside the project, so \`npm ci\` in a fresh`,
        "  clone (the CI workflow) will not find it. Keep the tarball in the repository and commit it:",
        `  ${run}mkdir -p vendor && cp ${shellWord(outside.file)} vendor/ && npm install -D ${shellWord(`./vendor/${path.basename(outside.file)}`)}`,
        "",
      ].join("\n"),
    );
  }
  io.stdout(
    [
      "",
      "next:",
      `  ${run}npm run mfgc:check      # check the specs`,
      `  ${run}npm run mfgc:build      # generate TypeScript into generated/ (commit it)`,
      `  ${run}npm run mfgc:train      # train the example; the run goes to runs/DefectClassifier`,
      `  ${run}npm run mfgc:train -- --resume   # continue that run later (\`-- --overwrite\` starts it over)`,
      "",
    ].join("\n"),
  );
  return EXIT_OK;
}
