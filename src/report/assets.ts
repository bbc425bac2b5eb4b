/**
 * The libraries the report page inlines, read from their installed packages: Chart.js (charts),
 * chartjs-chart-matrix (heat maps; by Chart.js's maintainer) and dagre (layered graph layout). Their
 * browser builds are copied verbatim, only made safe to sit inside a `<script>` element and stripped of
 * source-map comments (the page loads nothing from anywhere).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

/** One inlined library. */
export interface InlineScript {
  readonly name: string;
  readonly version: string;
  readonly license: string;
  readonly code: string;
}

const require = createRequire(import.meta.url);

/** The browser builds: each sits beside its package's CommonJS entry in `dist/`. */
const LIBRARIES: readonly { name: string; file: string }[] = [
  { name: "chart.js", file: "chart.umd.min.js" },
  { name: "chartjs-chart-matrix", file: "chartjs-chart-matrix.min.js" },
  { name: "@dagrejs/dagre", file: "dagre.min.js" },
];

/**
 * Text that can sit inside an HTML `<script>` element: `</script` and `<!--` cannot appear raw
 * (HTML spec, "restrictions for contents of script elements"). In library code they can only occur in
 * strings and regular expressions, where `<\/` and `<\x21` mean the same characters.
 */
export function scriptSafe(code: string): string {
  return code.replace(/<\/(script)/gi, "<\\/$1").replace(/<!--/g, "<\\x21--");
}

function readLibrary(name: string, file: string): InlineScript {
  const dist = path.dirname(require.resolve(name));
  const pkg = JSON.parse(readFileSync(path.join(dist, "..", "package.json"), "utf8")) as { version: string; license?: string };
  const code = readFileSync(path.join(dist, file), "utf8").replace(/^\/\/# sourceMappingURL=.*$/gm, "");
  return { name, version: pkg.version, license: pkg.license ?? "see package", code: scriptSafe(code) };
}

let cached: readonly InlineScript[] | null = null;

/** The libraries in load order (the matrix plug-in needs Chart.js first). */
export function inlineLibraries(): readonly InlineScript[] {
  cached ??= LIBRARIES.map((l) => readLibrary(l.name, l.file));
  return cached;
}
