/**
 * Colours of the report and of `mfgc explain`'s images: run colours from the Okabe–Ito palette
 * (distinguishable with colour-vision deficiencies), and d3's perceptual colour maps for heat maps.
 */
import { rgb } from "d3-color";
import { interpolateBlues, interpolateInferno, interpolateRdBu } from "d3-scale-chromatic";

/** Okabe & Ito (2008), "Color Universal Design", without black (used for text). */
const RUN_PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442"] as const;

export function runColor(index: number): string {
  return RUN_PALETTE[index % RUN_PALETTE.length]!;
}

/** A colour with alpha, as CSS. */
export function withAlpha(color: string, alpha: number): string {
  const c = rgb(color);
  return `rgba(${c.r}, ${c.g}, ${c.b}, ${alpha})`;
}

const clamp01 = (t: number): number => (Number.isFinite(t) ? Math.min(1, Math.max(0, t)) : 0);

/** Sequential map for counts and rates in [0, 1] (confusion matrices). */
export function sequentialColor(t: number): string {
  return interpolateBlues(clamp01(t));
}

/** Diverging map for signed attributions in [−1, 1]: blue negative, white zero, red positive. */
export function divergingColor(t: number): string {
  // RdBu runs red → blue over [0, 1]; flip it so positive evidence is red.
  return interpolateRdBu(clamp01(0.5 - t / 2));
}

/** Heat map for magnitudes in [0, 1] (saliency, Grad-CAM), as RGB bytes for PNG images. */
export function heatRgb(t: number): readonly [number, number, number] {
  const c = rgb(interpolateInferno(clamp01(t)));
  return [c.r, c.g, c.b];
}

/** {@link divergingColor} as RGB bytes. */
export function divergingRgb(t: number): readonly [number, number, number] {
  const c = rgb(divergingColor(t));
  return [c.r, c.g, c.b];
}
