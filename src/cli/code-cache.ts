/**
 * Runs a CommonJS bundle through V8's code cache, so that a process that starts `mfgc` again skips
 * compiling the code the last run compiled. bin/mfgc.js loads the CLI (dist/cli/main.cjs) this way, and
 * the CLI loads the YAML schema's precompiled validator (dist/yaml-validator.cjs, ~1.3 MB) this way. Node ≥ 22.1 has this built in (`module.enableCompileCache`)
 * but only for modules it loads itself, and only with the code compiled before they ran; Node 20 has
 * nothing. Here the bundle is compiled as a `vm.Script` and, after the command has run, its cache is
 * taken with `script.createCachedData()`, which holds every function that run compiled (V8's lazily
 * compiled functions included), not just the top level.
 *
 * The cache is a file per bundle content hash, bundle path, Node/V8 version, architecture, Node options and command, in a folder
 * of the user's own (see {@link defaultCacheDir}). V8 rejects data from another V8 version or other
 * flags (`script.cachedDataRejected`); the loader then compiles as usual and writes a fresh cache.
 * V8 checks only the source's length, not its content, so the bundle's content hash (written into
 * the bundle by the build, {@link BUNDLE_HASH_MARK}) is part of the file name. Every failure to read
 * or write the cache is silent: it only costs speed.
 *
 * Files older than a week are removed when a new cache is written (a new build, Node version or
 * command), so the folder does not fill up with caches of builds long gone.
 *
 * Only the bundle's own dynamic `import()` calls cannot run inside a `vm.Script` on Node 20 (they
 * need `--experimental-vm-modules`); the build rewrites them to a function this loader passes in, which
 * resolves the specifier and hands the URL to the caller's `import()`.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import vm from "node:vm";

/** The comment the build appends to a bundle: `//# mfgcBundleHash=<sha256 hex of the text before it>`. */
export const BUNDLE_HASH_MARK = "//# mfgcBundleHash=";

/** The name, inside a cached bundle, of the function its rewritten `import()` calls go through. */
export const IMPORT_FUNCTION = "__mfgcImport";

/**
 * Cache files written longer ago than this are removed whenever a new one is written (those of other
 * builds and Node versions; one still in use is simply written again by its next run).
 */
export const CACHE_MAX_AGE_MS = 7 * 24 * 3600 * 1000;

const CACHE_SUFFIX = ".v8cache";

/** FNV-1a (32 bits) as 8 hex digits: the keyed strings are short, and node:crypto is slow to load. */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, "0");
}

/**
 * A short hash of the options Node was started with (command line and `NODE_OPTIONS`), which may hold
 * V8 flags: V8 rejects a cache made under other flags, and two flag sets taking turns on one file
 * would rewrite it on every run.
 */
function optionsKey(): string {
  return fnv1a(`${process.execArgv.join(" ")}\0${process.env.NODE_OPTIONS ?? ""}`);
}

/** Removes cache files (and abandoned partial writes) written longer than {@link CACHE_MAX_AGE_MS} ago. */
function removeStaleCaches(dir: string, now: number): void {
  for (const name of readdirSync(dir)) {
    // Only this loader's files: caches, and partial writes (`<cache>.<pid>.tmp`) a killed run left.
    if (!name.endsWith(CACHE_SUFFIX) && !(name.includes(`${CACHE_SUFFIX}.`) && name.endsWith(".tmp"))) continue;
    const file = path.join(dir, name);
    try {
      if (now - statSync(file).mtimeMs > CACHE_MAX_AGE_MS) rmSync(file, { force: true });
    } catch {
      // Removed by another process meanwhile.
    }
  }
}

/** What {@link loadCommonJsWithCodeCache} gives back. */
export interface CachedModule {
  /** The bundle's `module.exports` (an object of functions, or the validator function itself). */
  readonly exports: Record<string, unknown>;
  /** Whether V8 used a cache file for this load. */
  readonly cacheUsed: boolean;
  /**
   * Writes the cache when there was none or V8 rejected it; call it after the work, so the cache holds
   * the functions the work compiled. Never throws.
   */
  saveCache(): void;
}

/**
 * The folder for mfgc's code caches: `$XDG_CACHE_HOME/mfgc` (or `~/.cache/mfgc`) on Linux and other
 * Unixes, `~/Library/Caches/mfgc` on macOS, `%LOCALAPPDATA%\mfgc\Cache` on Windows; `undefined` (no
 * caching) when `NODE_DISABLE_COMPILE_CACHE` is set, as for Node's own compile cache.
 */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string | undefined {
  if (env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  if (env.MFGC_CODE_CACHE_DIR) return env.MFGC_CODE_CACHE_DIR;
  const home = homedir();
  if (platform === "win32") return path.join(env.LOCALAPPDATA ?? path.join(home, "AppData", "Local"), "mfgc", "Cache");
  if (platform === "darwin") return path.join(home, "Library", "Caches", "mfgc");
  return path.join(env.XDG_CACHE_HOME || path.join(home, ".cache"), "mfgc");
}

/**
 * Whether `dir` may hold code this process runs: a folder owned by this user that no one else can
 * write to (V8 does not verify a cache's checksum in release builds, so a cache file is code). On
 * Windows, where POSIX modes mean nothing, the per-user `LOCALAPPDATA` folder is trusted as it is.
 */
function trustedDir(dir: string): boolean {
  try {
    const st = statSync(dir);
    if (!st.isDirectory()) return false;
    if (process.platform === "win32" || process.getuid === undefined) return true;
    return st.uid === process.getuid() && (st.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

/** Imports the ES module at a `file:` URL: `(url) => import(url)`, written by the caller. */
export type ImportModule = (url: string) => Promise<unknown>;

const noImports: ImportModule = (url) => Promise.reject(new Error(`internal: this bundle may not import ${url}`));

/**
 * Compiles and runs the CommonJS bundle `file` (ASCII text) as Node would `require` it, with V8's
 * code cache from `cacheDir`, and returns its exports. The bundle's rewritten dynamic imports resolve
 * against the bundle's URL and are loaded by `importModule`, which the caller writes as
 * `(url) => import(url)` in a module of its own: this module is also bundled into code that a
 * `vm.Script` runs, where `import()` is not allowed. `command` names the cache file (a cache is best
 * for the command that made it).
 *
 * @throws whatever the bundle's top level throws (a bug in mfgc, not a cache problem)
 */
export function loadCommonJsWithCodeCache(file: string, cacheDir: string | undefined, command: string, importModule: ImportModule = noImports): CachedModule {
  // The build makes the bundle pure ASCII (and checks it), so Latin-1 reads it exactly, and faster.
  const source = readFileSync(file, "latin1");
  const mark = source.lastIndexOf(BUNDLE_HASH_MARK);
  const hash = mark < 0 ? undefined : source.slice(mark + BUNDLE_HASH_MARK.length, mark + BUNDLE_HASH_MARK.length + 64);
  const safeCommand = /^[a-z]{1,20}$/.test(command) ? command : "other";
  // The bundle's own path is part of the key: a cache V8 made for the same bundle installed elsewhere
  // (another project, a package test's temporary install) made stack traces name that other path.
  const cacheFile =
    cacheDir === undefined || hash === undefined ? undefined : path.join(cacheDir, `${path.basename(file)}-${hash.slice(0, 16)}-${fnv1a(path.resolve(file))}-${process.version}-${process.arch}-${optionsKey()}-${safeCommand}${CACHE_SUFFIX}`);
  let cachedData: Buffer | undefined;
  if (cacheFile !== undefined && trustedDir(cacheDir!)) {
    try {
      cachedData = readFileSync(cacheFile);
    } catch {
      cachedData = undefined;
    }
  }
  const url = pathToFileURL(file);
  // The same wrapper Node gives a CommonJS module, plus the import function.
  const wrapper = `(function (exports, require, module, __filename, __dirname, ${IMPORT_FUNCTION}) {${source}\n})`;
  const script = new vm.Script(wrapper, { filename: file, cachedData });
  const cacheUsed = cachedData !== undefined && !script.cachedDataRejected;
  const mod = { exports: {} as Record<string, unknown> };
  const importRelative = (specifier: string): Promise<unknown> => importModule(new URL(specifier, url).href);
  (script.runInThisContext() as (...args: unknown[]) => void).call(mod.exports, mod.exports, createRequire(file), mod, file, path.dirname(file), importRelative);
  return {
    exports: mod.exports,
    cacheUsed,
    saveCache() {
      if (cacheUsed || cacheFile === undefined) return;
      try {
        mkdirSync(cacheDir!, { recursive: true, mode: 0o700 });
        if (!trustedDir(cacheDir!)) return;
        // Written whole and renamed, so a concurrent run never reads half a cache.
        const partial = `${cacheFile}.${process.pid}.tmp`;
        writeFileSync(partial, script.createCachedData(), { mode: 0o600 });
        renameSync(partial, cacheFile);
        removeStaleCaches(cacheDir!, Date.now());
      } catch {
        // No cache: the next run compiles again.
      }
    },
  };
}
