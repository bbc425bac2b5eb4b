/**
 * Generated code is formatted by Prettier (issue 13), so `prettier --check` passes on the output and a
 * project's own Prettier run leaves it alone. The options are pinned here and written next to the code
 * (`.prettierrc.json` in the output folder), and Prettier's version is pinned exactly in package.json:
 * the same spec gives the same bytes on every machine.
 *
 * Prettier's API is asynchronous; `@prettier/sync` (by Prettier's authors) runs it in a worker thread
 * so code generation stays a synchronous function.
 */
import prettier from "@prettier/sync";

/** The Prettier options generated code is written with (also the output folder's `.prettierrc.json`). */
export const PRETTIER_OPTIONS = {
  printWidth: 120,
  tabWidth: 2,
  useTabs: false,
  semi: true,
  singleQuote: false,
  trailingComma: "all",
  bracketSpacing: true,
  arrowParens: "always",
  endOfLine: "lf",
} as const;

/** The name of the pinned settings file in the output folder. */
export const PRETTIER_CONFIG_FILE = ".prettierrc.json";

/** A generated file's text, formatted as Prettier (with {@link PRETTIER_OPTIONS}) formats it. */
export function formatGeneratedFile(path: string, content: string): string {
  const parser = path.endsWith(".ts") ? "typescript" : path.endsWith(".json") ? "json" : undefined;
  if (parser === undefined) return content;
  return prettier.format(content, { ...PRETTIER_OPTIONS, parser, filepath: path });
}

/** The text of the output folder's `.prettierrc.json`. */
export function prettierConfigText(): string {
  return `${JSON.stringify(PRETTIER_OPTIONS, null, 2)}\n`;
}

/**
 * Whether `text` is a `.prettierrc.json` that mfgc wrote: the pinned settings of this or an earlier
 * mfgc (the same option names, laid out as {@link prettierConfigText} lays them out, values free).
 * `mfgc build` replaces such a file and refuses to overwrite any other (a project's own settings).
 */
export function isMfgcPrettierConfig(text: string): boolean {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return false;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value).sort();
  const ours = Object.keys(PRETTIER_OPTIONS).sort();
  return keys.length === ours.length && keys.every((k, i) => k === ours[i]) && text === `${JSON.stringify(value, null, 2)}\n`;
}
