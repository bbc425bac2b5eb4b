/**
 * The report as one self-contained HTML file: styles, the embedded view (JSON), the inlined libraries
 * and the page script. A Content-Security-Policy forbids every fetch (scripts, styles, images, fonts,
 * connections from anywhere but the file itself), so the page provably works offline.
 */
import { inlineLibraries, scriptSafe } from "./assets.js";
import { CLIENT_SCRIPT } from "./client-script.js";
import type { ReportView } from "./view-types.js";

/** Inline scripts and styles only; images only as data: URLs; nothing else from anywhere. */
export const CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:";

const STYLE = `
:root { color-scheme: light; --ink: #1d1d1f; --muted: #6b6b70; --line: #dcdce0; --panel: #f7f7f9; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fff; }
#app { max-width: 1280px; margin: 0 auto; padding: 16px 24px 48px; }
h1 { font-size: 22px; margin: 8px 0 2px; } h2 { font-size: 18px; margin: 20px 0 8px; } h3 { font-size: 15px; margin: 18px 0 8px; } h4 { font-size: 13px; margin: 10px 0 4px; color: var(--muted); }
.generator, .status { color: var(--muted); }
ul.runs { list-style: none; padding: 0; margin: 8px 0; } ul.runs li { margin: 2px 0; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px; margin-right: 8px; vertical-align: -1px; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(380px, 1fr)); gap: 12px; }
figure.chart { margin: 0; padding: 8px 10px 10px; border: 1px solid var(--line); border-radius: 6px; background: #fff; }
figure.chart figcaption { font-weight: 600; margin-bottom: 6px; }
.chart-box { position: relative; width: 100%; }
article.run { border-top: 4px solid var(--line); margin-top: 28px; padding-top: 4px; }
section { margin-bottom: 8px; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0; padding: 10px 12px; background: var(--panel); border-radius: 6px; }
dl.facts dt { color: var(--muted); } dl.facts dd { margin: 0; overflow-wrap: anywhere; }
ul.notes { margin: 4px 0; padding-left: 20px; }
.table { overflow-x: auto; } table { border-collapse: collapse; font-size: 13px; margin-bottom: 8px; }
th, td { border-bottom: 1px solid var(--line); padding: 3px 10px; text-align: left; white-space: nowrap; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
pre { background: var(--panel); padding: 10px 12px; border-radius: 6px; overflow-x: auto; font-size: 12px; }
.graph-wrap { overflow: auto; border: 1px solid var(--line); border-radius: 6px; padding: 8px; background: #fff; max-height: 900px; }
svg.graph .node rect { fill: #eef4fb; stroke: #0072B2; stroke-width: 1.2; }
svg.graph .node.input rect { fill: #e9f6ef; stroke: #009E73; } svg.graph .node.output rect { fill: #fdf0e6; stroke: #D55E00; }
svg.graph .node.frozen rect { fill: #eeeeee; stroke: #888888; stroke-dasharray: 4 3; }
svg.graph text { font: 12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; fill: var(--ink); } svg.graph text.detail { fill: var(--muted); }
svg.graph path.edge { fill: none; stroke: #555; stroke-width: 1.2; }
.images { display: flex; flex-wrap: wrap; gap: 12px; } figure.image { margin: 0; } figure.image img { display: block; image-rendering: pixelated; width: 224px; border: 1px solid var(--line); }
figure.image figcaption { color: var(--muted); font-size: 12px; margin-top: 2px; }
`;

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON that can sit inside a `<script type="application/json">` element (no `<` at all). */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/** The whole page. */
export function renderHtml(view: ReportView): string {
  const libs = inlineLibraries()
    .map((l) => `<script>/* ${l.name} ${l.version} (${l.license}), inlined by mfgc */\n${l.code}\n</script>`)
    .join("\n");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${escapeHtml(view.generator)}">
<title>${escapeHtml(view.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<noscript>This report draws its charts with JavaScript (inlined in this file; nothing is downloaded).</noscript>
<div id="app"></div>
<script type="application/json" id="mfgc-data">${jsonForScript(view)}</script>
${libs}
<script>${scriptSafe(CLIENT_SCRIPT)}</script>
</body>
</html>
`;
}
