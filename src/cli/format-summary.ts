/** Keras-style text table for `mfgc summary`. */
import type { GraphSummary } from "../ir/summary.js";

export function formatShape(shape: readonly (number | null)[]): string {
  const dims = shape.map((d) => (d === null ? "None" : String(d)));
  return `(${dims.join(", ")}${dims.length === 1 ? "," : ""})`;
}

export function formatCount(n: number): string {
  return n.toLocaleString("en-US");
}

/** 364.54 KB, 1.20 MB … (binary units, like Keras). */
export function formatBytes(bytes: number): string {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${v} B` : `${v.toFixed(2)} ${units[i]}`;
}

/** 1.23 MFLOPs, 4.56 GFLOPs … (decimal units). */
export function formatFlops(flops: number): string {
  const units = ["FLOPs", "KFLOPs", "MFLOPs", "GFLOPs", "TFLOPs"];
  let v = flops;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return i === 0 ? `${v} FLOPs` : `${v.toFixed(2)} ${units[i]}`;
}

export function formatSummary(s: GraphSummary, specPath: string): string {
  // Keras shows "Connected to" only for functional (non-sequential) graphs.
  const linear = s.rows.every((r, i) => (i === 0 ? r.inputs.length === 0 : r.inputs.length === 1 && r.inputs[0] === s.rows[i - 1]!.id));
  const header = ["Layer (type)", "Output shape", "Param #", ...(linear ? [] : ["Connected to"])];
  const body = s.rows.map((r) => [
    `${r.id} (${r.op}${r.frozen === true ? ", frozen" : ""})`,
    formatShape(r.outputShape),
    formatCount(r.params),
    ...(linear ? [] : [r.inputs.join(", ")]),
  ]);
  // A fold, not Math.max(...rows): a model can have more rows than a call can take arguments.
  const widths = header.map((h, c) => body.reduce((w, row) => Math.max(w, row[c]!.length), h.length));
  const fmtRow = (row: readonly string[]) =>
    row
      .map((cell, c) => (c === 2 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
      .join("   ")
      .trimEnd();
  const width = widths.reduce((a, b) => a + b, 0) + 3 * (widths.length - 1);
  const thin = "─".repeat(width);
  const thick = "━".repeat(width);
  const lines = [
    `Model: "${s.name}"  (${specPath})`,
    thick,
    fmtRow(header),
    thick,
    ...body.map(fmtRow),
    thin,
    `Total params: ${formatCount(s.totalParams)} (${formatBytes(s.paramBytes)})`,
    `Trainable params: ${formatCount(s.trainableParams)}`,
    `Non-trainable params: ${formatCount(s.nonTrainableParams)}`,
    // Under 1,000 the scaled form is the count again ("38 (38 FLOPs)"): shown once.
    `FLOPs per sample (forward): ${formatCount(s.flopsPerSample)}${s.flopsPerSample < 1000 ? "" : ` (${formatFlops(s.flopsPerSample)})`}`,
    `Activation memory per sample: ${formatBytes(s.activationBytesPerSample)}`,
  ];
  return lines.join("\n") + "\n";
}
