/** `schedule`: the learning-rate schedule (constant unless given). */
import type { DiagnosticBag } from "../../diagnostics/diagnostic.js";
import type { ScheduleConfig } from "../../runtime/config.js";
import type { Value } from "../build/values.js";
import { describeValue } from "../build/values.js";
import { toCallForm } from "./call-form.js";
import { monitorMode } from "./monitor.js";
import type { OptionDef } from "./read.js";
import { num, opt, readOptions, reportUnknownName } from "./read.js";

type ScheduleKind = ScheduleConfig["kind"];

/**
 * Options of each schedule; defaults follow Keras (ReduceLROnPlateau: factor 0.1, patience 10, min_delta
 * 1e-4, cooldown 0, min_lr 0).
 */
export const SCHEDULES: Readonly<Record<ScheduleKind, readonly OptionDef[]>> = {
  constant: [],
  exponential_decay: [
    opt.int("decay_steps", "Steps over which the rate decays by `decay_rate`.", 1, undefined, { required: true, positional: true }),
    opt.float("decay_rate", "Multiplier per `decay_steps`.", { min: 0, max: 1, exclusiveMin: true }, undefined, { required: true, positional: true }),
    opt.bool("staircase", "Decay in discrete steps instead of continuously.", false),
  ],
  step: [
    opt.int("every_epochs", "Multiply the rate by `factor` every this many epochs.", 1, undefined, { required: true, positional: true }),
    opt.float("factor", "Multiplier applied at each step.", { min: 0, max: 1, exclusiveMin: true }, 0.1, { positional: true }),
  ],
  cosine: [
    opt.int("decay_steps", "Steps of the cosine decay (after warm-up).", 1, undefined, { required: true, positional: true }),
    opt.float("alpha", "Final rate as a fraction of the initial rate.", { min: 0, max: 1 }, 0),
    opt.int("warmup_steps", "Steps of linear warm-up from 0 before the decay.", 0, 0),
  ],
  reduce_on_plateau: [
    opt.string("monitor", "Value to watch, e.g. `val_loss`.", { default: "val_loss", positional: true }),
    opt.float("factor", "Multiplier when the monitored value stops improving.", { min: 0, max: 1, exclusiveMin: true, exclusiveMax: true }, 0.1),
    opt.int("patience", "Epochs without improvement before reducing.", 0, 10),
    opt.float("min_lr", "Lower bound of the rate.", { min: 0 }, 0),
    opt.float("min_delta", "An epoch counts as an improvement only when it beats the best value by more than this.", { min: 0 }, 1e-4),
    opt.int("cooldown", "Epochs after a reduction before waiting starts again.", 0, 0),
    opt.enumOf("mode", "`min`, `max`, or `auto` (from the monitor's name: losses and errors `min`, scores `max`).", ["auto", "min", "max"], "auto"),
  ],
};

const SCHEDULE_NAMES = Object.keys(SCHEDULES) as ScheduleKind[];

export interface CheckedSchedule {
  readonly schedule: ScheduleConfig;
  /** Span of `monitor` for reduce_on_plateau (checked against metrics later). */
  readonly monitorSpan?: Value["span"];
}

export function checkSchedule(value: Value | undefined, bag: DiagnosticBag): CheckedSchedule | undefined {
  if (value === undefined) return { schedule: { kind: "constant" } };
  const form = toCallForm(value);
  if (form === undefined) {
    bag.report("MFG3402", `\`schedule\` must be a schedule such as \`cosine(decay_steps: 1000)\`, got ${describeValue(value)}`, value.span, {
      hints: [`name one of ${SCHEDULE_NAMES.map((n) => `\`${n}\``).join(", ")}, with its options in parentheses, e.g. \`schedule step(every_epochs: 10, factor: 0.5)\``],
    });
    return undefined;
  }
  if (!(SCHEDULE_NAMES as readonly string[]).includes(form.name)) {
    reportUnknownName("schedule", form.name, form.nameSpan, SCHEDULE_NAMES, bag);
    return undefined;
  }
  const kind = form.name as ScheduleKind;
  const r = readOptions(`\`${kind}\``, SCHEDULES[kind], form.args, form.nameSpan, bag);
  if (!r.ok) return undefined;
  const a = r.attrs;
  switch (kind) {
    case "constant":
      return { schedule: { kind } };
    case "exponential_decay":
      return { schedule: { kind, decaySteps: num(a, "decay_steps"), decayRate: num(a, "decay_rate"), staircase: a["staircase"] as boolean } };
    case "step":
      return { schedule: { kind, everyEpochs: num(a, "every_epochs"), factor: num(a, "factor") } };
    case "cosine":
      return { schedule: { kind, decaySteps: num(a, "decay_steps"), alpha: num(a, "alpha"), warmupSteps: num(a, "warmup_steps") } };
    case "reduce_on_plateau": {
      const monitorSpan = r.spans.get("monitor");
      const monitor = a["monitor"] as string;
      return {
        schedule: {
          kind,
          monitor,
          factor: num(a, "factor"),
          patience: num(a, "patience"),
          minLr: num(a, "min_lr"),
          minDelta: num(a, "min_delta"),
          cooldown: num(a, "cooldown"),
          mode: a["mode"] === "auto" ? monitorMode(monitor) : (a["mode"] as "min" | "max"),
        },
        ...(monitorSpan !== undefined ? { monitorSpan } : {}),
      };
    }
  }
}
