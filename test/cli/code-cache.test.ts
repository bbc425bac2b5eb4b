/**
 * The CLI's V8 code cache loader (src/cli/code-cache.ts): the bundle's exports are the same with and
 * without a cache, a cache is written once and then used, a cache never outlives a change of the
 * bundle's content, a folder others can write to is never used, and the bundle's rewritten `import()`
 * reaches ES modules. Whether V8 used the data is V8's own answer (`script.cachedDataRejected`).
 */
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { BUNDLE_HASH_MARK, CACHE_MAX_AGE_MS, IMPORT_FUNCTION, defaultCacheDir, loadCommonJsWithCodeCache } from "../../src/cli/code-cache.js";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const scratch = mkdtempSync(path.join(tmpdir(), "mfgc-code-cache-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let serial = 0;
/** A bundle like the build's: CommonJS, ending with its content mark (any 64 hex digits do here). */
function bundle(body: string, hash: string): string {
  const dir = path.join(scratch, `b${serial++}`);
  mkdirSync(dir);
  const file = path.join(dir, "main.cjs");
  writeFileSync(file, `${body}\n${BUNDLE_HASH_MARK}${hash.padEnd(64, "0")}\n`);
  return file;
}

function cacheDir(): string {
  const dir = path.join(scratch, `cache${serial++}`);
  mkdirSync(dir, { mode: 0o700 });
  return dir;
}

describe("loadCommonJsWithCodeCache", () => {
  test("runs the bundle as a CommonJS module, writes the cache once, then uses it", () => {
    const file = bundle("exports.answer = (function (a, b) { return a * b; })(6, 7); exports.file = __filename; exports.req = typeof require('node:path').join;", "a1");
    const dir = cacheDir();
    const first = loadCommonJsWithCodeCache(file, dir, "check");
    expect(first.exports).toEqual({ answer: 42, file, req: "function" });
    expect(first.cacheUsed).toBe(false);
    first.saveCache();
    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(new RegExp(`^main\\.cjs-a100000000000000-[0-9a-f]{8}-${process.version.replace(/\./g, "\\.")}-${process.arch}-[0-9a-f]{8}-check\\.v8cache$`));
    const second = loadCommonJsWithCodeCache(file, dir, "check");
    expect(second.cacheUsed).toBe(true);
    expect(second.exports).toEqual({ answer: 42, file, req: "function" });
    // A cache per command: another command starts without one.
    expect(loadCommonJsWithCodeCache(file, dir, "summary").cacheUsed).toBe(false);
  });

  test("a bundle with other content (even of the same length) never gets the old cache", () => {
    const dir = cacheDir();
    const a = bundle("exports.v = 'aaaa';", "aa");
    loadCommonJsWithCodeCache(a, dir, "check").saveCache();
    // Same length, other text, other content hash: V8 alone would accept the old data (it checks the length).
    // The new build in the same place (the path is part of the key too).
    writeFileSync(a, `exports.v = 'bbbb';\n${BUNDLE_HASH_MARK}${"bb".padEnd(64, "0")}\n`);
    const loaded = loadCommonJsWithCodeCache(a, dir, "check");
    expect(loaded.cacheUsed).toBe(false);
    expect(loaded.exports.v).toBe("bbbb");
  });

  test("the same bundle installed elsewhere gets its own cache, and its stack traces name its own path", () => {
    // A cache V8 made for another install of the same build made stack traces name that install's path.
    const dir = cacheDir();
    const body = "exports.stack = () => new Error('where').stack;";
    const a = bundle(body, "ee");
    const b = bundle(body, "ee");
    loadCommonJsWithCodeCache(a, dir, "check").saveCache();
    const other = loadCommonJsWithCodeCache(b, dir, "check");
    expect(other.cacheUsed).toBe(false);
    expect((other.exports.stack as () => string)()).toContain(b);
    other.saveCache();
    expect(readdirSync(dir)).toHaveLength(2);
  });

  test("a cache folder others may write to is not used", () => {
    const dir = cacheDir();
    const file = bundle("exports.v = 1;", "cc");
    loadCommonJsWithCodeCache(file, dir, "check").saveCache();
    chmodSync(dir, 0o777);
    expect(loadCommonJsWithCodeCache(file, dir, "check").cacheUsed).toBe(false);
  });

  test("without a folder, or when writing fails, it still runs", () => {
    const file = bundle("exports.v = 2;", "dd");
    const none = loadCommonJsWithCodeCache(file, undefined, "check");
    expect(none.exports.v).toBe(2);
    none.saveCache();
    const blocked = path.join(scratch, "a-file");
    writeFileSync(blocked, "");
    const unwritable = loadCommonJsWithCodeCache(file, path.join(blocked, "sub"), "check");
    expect(() => unwritable.saveCache()).not.toThrow();
  });

  test("old cache files are removed when a new one is written; other files are left alone", () => {
    const dir = cacheDir();
    const longAgo = (Date.now() - CACHE_MAX_AGE_MS - 60_000) / 1000;
    const old = path.join(dir, "main.cjs-0000000000000000-v0.0.0-x64-00000000-check.v8cache");
    const partial = `${old}.1234.tmp`;
    const foreign = path.join(dir, "someone-elses.tmp");
    for (const f of [old, partial, foreign]) {
      writeFileSync(f, "stale");
      utimesSync(f, longAgo, longAgo);
    }
    loadCommonJsWithCodeCache(bundle("exports.v = 3;", "ee"), dir, "check").saveCache();
    expect(existsSync(old)).toBe(false);
    expect(existsSync(partial)).toBe(false);
    expect(existsSync(foreign)).toBe(true);
    expect(readdirSync(dir)).toHaveLength(2);
  });

  test(`the bundle's ${IMPORT_FUNCTION}() imports ES modules relative to the bundle`, async () => {
    const file = bundle(`exports.load = () => ${IMPORT_FUNCTION}("./esm.mjs");`, "ff");
    writeFileSync(path.join(path.dirname(file), "esm.mjs"), "export const x = 'from an ES module';\n");
    const loaded = loadCommonJsWithCodeCache(file, undefined, "check", (url) => import(url));
    expect(await (loaded.exports.load as () => Promise<{ x: string }>)()).toMatchObject({ x: "from an ES module" });
    // Without an import function (the YAML validator's load), an import is refused, not attempted.
    const refusing = loadCommonJsWithCodeCache(file, undefined, "check");
    await expect((refusing.exports.load as () => Promise<unknown>)()).rejects.toThrow(/may not import/);
  });
});

describe("defaultCacheDir", () => {
  test("the platform's per-user cache folder; none when Node's compile cache is disabled", () => {
    // XDG Base Directory spec: $XDG_CACHE_HOME, else ~/.cache; Apple: ~/Library/Caches; Windows: %LOCALAPPDATA%.
    expect(defaultCacheDir({ XDG_CACHE_HOME: "/x/cache" }, "linux")).toBe(path.join("/x/cache", "mfgc"));
    expect(defaultCacheDir({}, "linux")).toMatch(/[\\/]\.cache[\\/]mfgc$/);
    expect(defaultCacheDir({}, "darwin")).toMatch(/[\\/]Library[\\/]Caches[\\/]mfgc$/);
    expect(defaultCacheDir({ LOCALAPPDATA: "C:\\Users\\u\\AppData\\Local" }, "win32")).toBe(path.join("C:\\Users\\u\\AppData\\Local", "mfgc", "Cache"));
    expect(defaultCacheDir({ MFGC_CODE_CACHE_DIR: "/y" }, "linux")).toBe("/y");
    expect(defaultCacheDir({ NODE_DISABLE_COMPILE_CACHE: "1", XDG_CACHE_HOME: "/x" }, "linux")).toBeUndefined();
  });
});

describe("the published CLI", () => {
  test("mfgc check prints the same with and without its code cache, and writes the cache once", () => {
    const dir = path.join(scratch, "cli-cache");
    const run = (extra: NodeJS.ProcessEnv) =>
      execFileSync(process.execPath, [path.join(ROOT, "bin", "mfgc.js"), "check", "--format", "json", "specs/fashion_cnn.mfgnet"], {
        cwd: ROOT,
        env: { ...process.env, MFGC_CODE_CACHE_DIR: dir, ...extra },
        encoding: "utf8",
      });
    const uncached = run({ NODE_DISABLE_COMPILE_CACHE: "1" });
    expect(existsSync(dir)).toBe(false);
    const first = run({});
    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^main\.cjs-[0-9a-f]{16}-[0-9a-f]{8}-v[\d.]+-\w+-[0-9a-f]{8}-check\.v8cache$/);
    const second = run({});
    expect(readdirSync(dir)).toEqual(files);
    // Other Node options (which may be V8 flags, making V8 reject the cache) get a file of their own.
    run({ NODE_OPTIONS: "--max-old-space-size=2048" });
    expect(readdirSync(dir)).toHaveLength(2);
    expect(first).toBe(uncached);
    expect(second).toBe(uncached);
  });
});
