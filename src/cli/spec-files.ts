/** Expands the CLI's `<files|dirs>` arguments into spec files, sorted so output order is stable. */
import { readdirSync, statSync, type Dirent } from "node:fs";
import { join } from "node:path";
import { createDiagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import { escapeControls } from "../diagnostics/escape.js";
import { createSpan } from "../diagnostics/span.js";
import { specFormatOf } from "../pipeline.js";

export interface ExpandedPaths {
  readonly files: string[];
  /** Paths that don't exist (reported by the caller as usage errors). */
  readonly missing: string[];
  /**
   * Folders under the given paths that could not be listed (no permission, a kernel folder that
   * refuses listing), with the system's error code; their specs are skipped and the caller warns (MFG9005).
   */
  readonly unreadable: readonly { readonly path: string; readonly code: string }[];
}

/** Lists a folder (node:fs's `readdirSync` with file types); replaceable in tests. */
export type ListFolder = (dir: string) => Dirent[];

const listFolder: ListFolder = (dir) => readdirSync(dir, { withFileTypes: true });

export function expandSpecPaths(paths: readonly string[], list: ListFolder = listFolder): ExpandedPaths {
  const files = new Set<string>();
  const missing: string[] = [];
  const unreadable: { path: string; code: string }[] = [];
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      missing.push(p);
      continue;
    }
    if (st.isDirectory()) for (const f of walk(p, list, unreadable)) files.add(f);
    else files.add(p);
  }
  return { files: [...files].sort(), missing, unreadable };
}

function* walk(dir: string, list: ListFolder, unreadable: { path: string; code: string }[]): Generator<string> {
  let entries: Dirent[];
  try {
    entries = list(dir);
  } catch (e) {
    unreadable.push({ path: dir, code: (e as NodeJS.ErrnoException).code ?? "unknown error" });
    return;
  }
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full, list, unreadable);
    else if (entry.isFile() && specFormatOf(entry.name) !== undefined) yield full;
  }
}

/**
 * MFG9005 for each folder that could not be listed. A warning where skipping only means fewer specs
 * were looked at (`check`, `fmt`); an error for `build`, which would otherwise take the specs it could
 * not see for deleted ones and remove their generated code.
 */
export function unreadableFolderDiagnostics(unreadable: ExpandedPaths["unreadable"], severity: "warning" | "error"): Diagnostic[] {
  return unreadable.map((u) =>
    createDiagnostic("MFG9005", `cannot list the folder \`${u.path}\` (${u.code}); specs inside it were ${severity === "error" ? "not looked at" : "skipped"}`, createSpan(u.path, 0, 0), {
      severity,
      hints: ["give mfgc read access to the folder, or name the spec files or folders to check instead of a folder above it"],
    }),
  );
}

/**
 * The usage error for paths on the command line that do not exist (the caller exits with
 * EXIT_USAGE). One line: the paths are escaped whole, line breaks included, as a path may hold any
 * character a file system allows.
 */
export function missingPathsMessage(missing: readonly string[]): string {
  return `mfgc: no such file or directory: ${escapeControls(missing.join(", "))}\n`;
}

/**
 * The paths among `paths` that cannot be found, as {@link expandSpecPaths} counts them: commands that
 * take one spec (`train`, `summary`, `graph`, `export`) refuse them with {@link missingPathsMessage}
 * and exit 2, as `check`, `build` and `fmt` do, instead of reporting MFG9001 with exit 1.
 */
export function missingPaths(paths: readonly string[]): string[] {
  return paths.filter((p) => {
    try {
      statSync(p);
      return false;
    } catch {
      return true;
    }
  });
}
