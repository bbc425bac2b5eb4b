/** Expands the CLI's `<files|dirs>` arguments into spec files, sorted so output order is stable. */
import { readdirSync, statSync, type Dirent, type Stats } from "node:fs";
import { basename, dirname, join } from "node:path";
import { createDiagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import { escapeControls } from "../diagnostics/escape.js";
import { createSpan } from "../diagnostics/span.js";
import { closestMatch, hintsOr } from "../diagnostics/suggest.js";
import { CLI_NOT_FOUND_HINT } from "../runtime/data/data-error.js";
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
    const st = statIfFound(p);
    if (st === undefined) {
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
  const guesses = missing.flatMap((p) => {
    const guess = nearbyPath(p);
    return guess === undefined ? [] : [guess];
  });
  const hint = guesses.length === 0 ? "" : ` (did you mean ${guesses.map((g) => escapeControls(g)).join(", ")}?)`;
  return `mfgc: no such file or directory: ${escapeControls(missing.join(", "))}${hint}\n`;
}

/**
 * A file or folder beside a missing `target` whose name is plausibly a typo of its name
 * (`specs/defect_clasifier.mfgnet` → `specs/defect_classifier.mfgnet`), spelt as the user spelt the
 * folder; undefined when the folder cannot be listed or nothing is close. Looks in one folder only.
 */
export function nearbyPath(target: string, list: ListFolder = listFolder): string | undefined {
  const folder = dirname(target);
  let names: string[];
  try {
    names = list(folder).map((d) => d.name);
  } catch {
    return undefined;
  }
  const guess = closestMatch(basename(target), names.slice(0, MAX_NEIGHBOURS));
  if (guess === undefined) return undefined;
  return folder === "." && !target.startsWith(".") ? guess : join(folder, guess);
}

/** Names compared per missing path at most: a folder of a million files must not stall a usage error. */
const MAX_NEIGHBOURS = 2000;

/** MFG9001 for a path that does not exist, for the machine-readable formats (the text form is {@link missingPathsMessage}). */
export function missingPathDiagnostic(path: string): Diagnostic {
  const guess = nearbyPath(path);
  return createDiagnostic("MFG9001", `no such file or directory: \`${path}\``, createSpan(path, 0, 0), {
    hints: hintsOr(guess === undefined ? [] : [`did you mean \`${guess}\`?`], CLI_NOT_FOUND_HINT),
  });
}

/** MFG9004: `paths` exist but hold no spec file. */
export function noSpecFilesDiagnostic(paths: readonly string[]): Diagnostic {
  return createDiagnostic("MFG9004", `no spec files found under ${paths.map((p) => `\`${p}\``).join(", ")}`, createSpan(paths[0] ?? ".", 0, 0), {
    hints: ["name spec files (.mfgnet, .mfgnet.yaml, .mfgnet.yml) or folders that hold some; a folder is searched with its subfolders"],
  });
}

/**
 * The paths among `paths` that cannot be found, as {@link expandSpecPaths} counts them: commands that
 * take one spec (`train`, `summary`, `graph`, `export`) refuse them with {@link missingPathsMessage}
 * and exit 2, as `check`, `build` and `fmt` do, instead of reporting MFG9001 with exit 1.
 */
export function missingPaths(paths: readonly string[]): string[] {
  return paths.filter((p) => statIfFound(p) === undefined);
}

/** `statSync(p)`, or undefined when it fails for any reason (the CLI reports those paths as missing). */
function statIfFound(p: string): Stats | undefined {
  try {
    return statSync(p);
  } catch {
    return undefined;
  }
}
