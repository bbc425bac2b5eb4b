/**
 * Image augmentation as Keras's preprocessing layers do it: random flips, translations, rotations,
 * zooms and contrast changes, applied only while training (identity at inference and in the export),
 * drawn from the run's seeded generator so a run is reproducible and resumable.
 */
import type { OpDef, ParamDef } from "./types.js";
import type { AttrValue } from "../types.js";
import { checkAllFloat, checkArity } from "./checks.js";
import { checkSpatialRank } from "./spatial.js";
import { numelOr1 } from "./shape-utils.js";

const NO_PARAMS = { trainable: 0, nonTrainable: 0 } as const;

const FILL_MODE: ParamDef = {
  name: "fill_mode",
  type: { kind: "enum", values: ["reflect", "wrap", "constant", "nearest"] },
  default: "reflect",
  doc: "How points outside the image are filled: `reflect` (d c b a | a b c d | d c b a), `wrap`, `constant` (`fill_value`), `nearest` (the edge pixel).",
};
const INTERPOLATION: ParamDef = { name: "interpolation", type: { kind: "enum", values: ["nearest", "bilinear"] }, default: "bilinear", doc: "How pixels between grid points are read." };
const FILL_VALUE: ParamDef = { name: "fill_value", type: { kind: "float" }, default: 0, doc: "Value outside the image with `fill_mode: constant`." };

function factor(name: string, doc: string, opts: { required?: boolean; positional?: boolean; min?: number; max?: number } = {}): ParamDef {
  return {
    name,
    type: { kind: "range", ...(opts.min === undefined ? {} : { min: opts.min }), ...(opts.max === undefined ? {} : { max: opts.max }) },
    ...(opts.required === true ? { required: true } : {}),
    ...(opts.positional === true ? { positional: true } : {}),
    doc,
  };
}

function make(name: string, keras: string, doc: string, params: readonly ParamDef[], flopsPerElement: number, check?: OpDef["check"]): OpDef {
  return {
    name,
    category: "preprocessing",
    doc: `${doc} Only while training; inference passes images through unchanged.`,
    inputs: { min: 1, max: 1 },
    inputDoc: "one `f32` tensor (height, width, channels)",
    keras,
    params,
    ...(check === undefined ? {} : { check }),
    infer(ctx) {
      if (!checkArity(ctx, 1, 1) || !checkAllFloat(ctx)) return undefined;
      const input = ctx.inputs[0]!;
      if (!checkSpatialRank(ctx, input, 2)) return undefined;
      return { shape: input.shape, dtype: "f32" };
    },
    paramCount: () => NO_PARAMS,
    flops: (_attrs, _inputs, output) => flopsPerElement * numelOr1(output),
  };
}

export const RANDOM_FLIP = make(
  "random_flip",
  "keras.layers.RandomFlip",
  "Flips each image left-right and/or top-bottom with probability ½ (with `horizontal_and_vertical` one draw flips both, as Keras 3).",
  [{ name: "mode", type: { kind: "enum", values: ["horizontal", "vertical", "horizontal_and_vertical"] }, default: "horizontal_and_vertical", positional: true, doc: "Which flip: `horizontal` is left-right, `vertical` top-bottom." }],
  1,
);

export const RANDOM_TRANSLATION = make(
  "random_translation",
  "keras.layers.RandomTranslation",
  "Shifts each image by a uniform fraction of its height and width.",
  [
    factor("height_factor", "Vertical shift as a fraction of the height: f means [−f, f], or [lower, upper]; negative moves up.", { required: true, positional: true, min: -1, max: 1 }),
    factor("width_factor", "Horizontal shift as a fraction of the width: f means [−f, f], or [lower, upper]; negative moves left.", { required: true, positional: true, min: -1, max: 1 }),
    FILL_MODE,
    INTERPOLATION,
    FILL_VALUE,
  ],
  8,
);

export const RANDOM_ROTATION = make(
  "random_rotation",
  "keras.layers.RandomRotation",
  "Rotates each image about its centre by a uniform fraction of a full turn.",
  [factor("factor", "Rotation as a fraction of 2π: f means [−f, f], or [lower, upper]; positive turns counter-clockwise.", { required: true, positional: true, min: -1, max: 1 }), FILL_MODE, INTERPOLATION, FILL_VALUE],
  8,
);

export const RANDOM_ZOOM = make(
  "random_zoom",
  "keras.layers.RandomZoom",
  "Zooms each image about its centre by 1 + a uniform factor (positive zooms out, negative in).",
  [
    factor("height_factor", "Vertical zoom: f means [−f, f], or [lower, upper], as fractions (−0.2: 20 % larger).", { required: true, positional: true, min: -1, max: 1 }),
    factor("width_factor", "Horizontal zoom, like `height_factor`; when not given, the vertical zoom is used (the aspect ratio is kept).", { min: -1, max: 1 }),
    FILL_MODE,
    INTERPOLATION,
    FILL_VALUE,
  ],
  8,
);

/** A value range attr as [low, high] (a bare number is not a range). */
function isOrderedPair(v: AttrValue | undefined): boolean {
  return Array.isArray(v) && v.length === 2 && typeof v[0] === "number" && typeof v[1] === "number" && v[0] < v[1];
}

export const RANDOM_CONTRAST = make(
  "random_contrast",
  "keras.layers.RandomContrast",
  "Scales each image's deviation from its per-channel mean by a uniform factor in [1 − lower, 1 + upper], then clips to `value_range` (Keras 3).",
  [
    factor("factor", "Contrast change: f means [1 − f, 1 + f], or [lower, upper] means [1 − lower, 1 + upper].", { required: true, positional: true, min: 0, max: 1 }),
    { name: "value_range", type: { kind: "range" }, default: [0, 255], doc: "[low, high] of the pixel values; outputs are clipped to it. Use [0, 1] after `rescaling(1/255)`." },
  ],
  4,
  (ctx) => {
    if (!isOrderedPair(ctx.attrs["value_range"])) {
      ctx.error("MFG3235", "`random_contrast` needs `value_range` as [low, high] with low < high", {
        span: ctx.paramSpan("value_range"),
        hints: ["e.g. `value_range: [0, 1]` for pixels scaled by `rescaling(1/255)`"],
      });
    }
  },
);
