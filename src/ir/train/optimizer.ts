/** `optimizer` and `clip`: Keras optimizer names and hyper-parameters, every default filled in. */
import type { DiagnosticBag } from "../../diagnostics/diagnostic.js";
import type { Span } from "../../diagnostics/span.js";
import { NO_SPAN } from "../../diagnostics/span.js";
import type { OptimizerConfig, OptimizerName } from "../../runtime/config.js";
import type { Value } from "../build/values.js";
import { describeValue } from "../build/values.js";
import { toCallForm, toNamedArgs } from "./call-form.js";
import type { OptionDef } from "./read.js";
import { numOrNull, opt, readOptions, reportUnknownName } from "./read.js";

const LR = (dflt: number): OptionDef => opt.float("lr", "Learning rate.", { min: 0, exclusiveMin: true }, dflt, { positional: true });
const BETA1 = opt.float("beta1", "Decay of the first-moment estimate.", { min: 0, max: 1, exclusiveMax: true }, 0.9);
const BETA2 = opt.float("beta2", "Decay of the second-moment estimate.", { min: 0, max: 1, exclusiveMax: true }, 0.999);
const EPSILON = opt.float("epsilon", "Small constant for numerical stability.", { min: 0, exclusiveMin: true }, 1e-7);

/** Every optimizer with its options and Keras's defaults (keras.optimizers.*, Keras 3). */
export const OPTIMIZERS: Readonly<Record<OptimizerName, readonly OptionDef[]>> = {
  sgd: [
    LR(0.01),
    opt.float("momentum", "Momentum (0: plain SGD).", { min: 0 }, 0),
    opt.bool("nesterov", "Use Nesterov momentum.", false),
  ],
  momentum: [
    LR(0.01),
    opt.float("momentum", "Momentum.", { min: 0 }, 0.9),
    opt.bool("nesterov", "Use Nesterov momentum.", false),
  ],
  adam: [LR(0.001), BETA1, BETA2, EPSILON],
  adamw: [LR(0.001), opt.float("weight_decay", "Decoupled weight decay, applied to every trainable variable as Keras does: `w ← w − w·weight_decay·lr` each step.", { min: 0 }, 0.004), BETA1, BETA2, EPSILON],
  nadam: [LR(0.001), BETA1, BETA2, EPSILON],
  rmsprop: [
    LR(0.001),
    opt.float("rho", "Decay of the squared-gradient average.", { min: 0, max: 1, exclusiveMax: true }, 0.9),
    opt.float("momentum", "Momentum.", { min: 0 }, 0),
    EPSILON,
    opt.bool("centered", "Normalize by the gradient's estimated variance.", false),
  ],
  adagrad: [LR(0.001), opt.float("initial_accumulator", "Starting value of the accumulators.", { min: 0 }, 0.1), EPSILON],
  adadelta: [LR(0.001), opt.float("rho", "Decay rate.", { min: 0, max: 1, exclusiveMax: true }, 0.95), EPSILON],
  adamax: [LR(0.001), BETA1, BETA2, EPSILON],
};

export const OPTIMIZER_NAMES = Object.keys(OPTIMIZERS) as OptimizerName[];

export interface Clipping {
  readonly clipGlobalNorm: number | null;
  readonly clipNorm: number | null;
  readonly clipValue: number | null;
}

export const NO_CLIPPING: Clipping = { clipGlobalNorm: null, clipNorm: null, clipValue: null };

/** The optimizer setting (undefined value: the default, adam). */
export function checkOptimizer(value: Value | undefined, clip: Clipping, bag: DiagnosticBag): OptimizerConfig | undefined {
  if (value === undefined) return build("adam", readOptions("`adam`", OPTIMIZERS.adam, [], NO_SPAN, bag).attrs, clip);
  const form = toCallForm(value);
  if (form === undefined) {
    const hint =
      value.kind === "number"
        ? `the learning rate is an option of the optimizer: write \`optimizer adam(lr: ${value.value})\``
        : `name one of ${OPTIMIZER_NAMES.map((n) => `\`${n}\``).join(", ")}, with options in parentheses, e.g. \`optimizer sgd(lr: 0.01, momentum: 0.9)\``;
    bag.report("MFG3402", `\`optimizer\` must be an optimizer such as \`adam(lr: 1e-3)\`, got ${describeValue(value)}`, value.span, { hints: [hint] });
    return undefined;
  }
  if (!(OPTIMIZER_NAMES as readonly string[]).includes(form.name)) {
    reportUnknownName("optimizer", form.name, form.nameSpan, OPTIMIZER_NAMES, bag);
    return undefined;
  }
  const name = form.name as OptimizerName;
  const r = readOptions(`\`${name}\``, OPTIMIZERS[name], form.args, form.nameSpan, bag);
  return r.ok ? build(name, r.attrs, clip) : undefined;
}

function build(name: OptimizerName, attrs: Readonly<Record<string, unknown>>, clip: Clipping): OptimizerConfig {
  const options: Record<string, number | boolean> = {};
  for (const [k, v] of Object.entries(attrs)) if (k !== "lr" && (typeof v === "number" || typeof v === "boolean")) options[k] = v;
  return { name, learningRate: attrs["lr"] as number, options, ...clip };
}

/** Options of the `clip` setting (Keras's `global_clipnorm`, `clipnorm`, `clipvalue`); at most one is given. */
export const CLIP_OPTIONS: readonly OptionDef[] = [
  opt.float("global_norm", "Scale all gradients together so their global L2 norm is at most this.", { min: 0, exclusiveMin: true }),
  opt.float("norm", "Scale each gradient tensor so its L2 norm is at most this.", { min: 0, exclusiveMin: true }),
  opt.float("value", "Clip each gradient element to [-value, value].", { min: 0, exclusiveMin: true }),
];

/** The `clip` setting: at most one of global_norm, norm, value. */
export function checkClip(value: Value | undefined, bag: DiagnosticBag): Clipping | undefined {
  if (value === undefined) return NO_CLIPPING;
  const args = toNamedArgs(value);
  if (args === undefined) {
    const hint =
      value.kind === "number"
        ? `name the clipping mode: \`clip { global_norm: ${value.value} }\`, \`clip { norm: ${value.value} }\` or \`clip { value: ${value.value} }\``
        : "give one mode in braces: `clip { global_norm: 1.0 }`, `clip { norm: 1.0 }` or `clip { value: 0.5 }`";
    bag.report("MFG3402", `\`clip\` must be an option group such as \`{ global_norm: 1.0 }\`, got ${describeValue(value)}`, value.span, { hints: [hint] });
    return undefined;
  }
  const r = readOptions("`clip`", CLIP_OPTIONS, args, value.span, bag);
  const given = [...r.spans.entries()];
  if (given.length > 1) {
    const [, second] = given[1]!;
    bag.report("MFG3312", `gradient clipping takes one mode, got ${given.map(([k]) => `\`${k}\``).join(" and ")}`, second, {
      related: [{ message: "first mode given here", span: given[0]![1] as Span }],
      hints: [`keep one: \`clip { ${given[0]![0]}: … }\``],
    });
    return undefined;
  }
  if (!r.ok) return undefined;
  return { clipGlobalNorm: numOrNull(r.attrs, "global_norm"), clipNorm: numOrNull(r.attrs, "norm"), clipValue: numOrNull(r.attrs, "value") };
}
