/**
 * What `mfgc explain` writes for one input: `<run>/explanations/<name>/explanation.json` plus PNG images
 * beside it. The report reads the same files, so this module is the contract between the two.
 */

export const EXPLANATIONS_DIR = "explanations";
export const EXPLANATION_FILE = "explanation.json";
export const EXPLANATION_FORMAT = "mfgc-explanation/1";

/** How the model's input is laid out, which decides how attributions are drawn. */
export type InputKind = "image" | "sequence" | "features";

/** Integrated-gradients attribution of one model input for one output value. */
export interface Explanation {
  readonly format: typeof EXPLANATION_FORMAT;
  readonly method: "integrated_gradients";
  /** The input file as given on the command line. */
  readonly input: string;
  readonly inputKind: InputKind;
  /** Without the batch dimension. */
  readonly inputShape: readonly number[];
  readonly output: string;
  /** The explained value: a class's probability (`class`), or one unit of a regression/binary output (`unit`). */
  readonly target: { readonly kind: "class"; readonly index: number; readonly name: string } | { readonly kind: "unit"; readonly index: number; readonly name: string };
  /** The output for the input (probabilities or values), as the model computed it. */
  readonly prediction: readonly number[];
  /** Class names of the output, when it is a classifier. */
  readonly classNames: readonly string[] | null;
  /** Riemann steps (trapezoidal rule) used along the straight path from the baseline. */
  readonly steps: number;
  /**
   * `zeros`: all zeros in the model's input space (a black image; the training mean for z-scored
   * features). `masked-zeros`: for models that mask all-zero time steps, 0.001 × the input (zeros would be
   * padding, a jump the path integral cannot see).
   */
  readonly baseline: "zeros" | "masked-zeros";
  /**
   * Completeness (Sundararajan et al. 2017, axiom 1): Σ attributions = f(x) − f(baseline).
   * `relativeError` = |sum − expected| / max(|expected|, 1e-6).
   */
  readonly completeness: { readonly sum: number; readonly expected: number; readonly relativeError: number; readonly score: number; readonly baselineScore: number };
  /**
   * Attributions for drawing: image → `[h][w]` (summed over channels); sequence → `[time step][feature]`;
   * features → `[feature]`.
   */
  readonly attributions: readonly number[] | readonly (readonly number[])[];
  /** Feature names (CSV header) for sequence and feature inputs, when known. */
  readonly featureNames: readonly string[] | null;
  /** Grad-CAM of the last 2-D convolution for image models (`[h][w]` at the conv's resolution), or null. */
  readonly gradCam: { readonly layer: string; readonly map: readonly (readonly number[])[] } | null;
  /** PNG files written beside this file (plain names). */
  readonly files: readonly string[];
}
