/**
 * Optimizers with Keras update rules, written here rather than taken from tfjs because the runtime needs
 * what tfjs does not give uniformly: a learning rate that schedules can change every step, AdamW's
 * decoupled weight decay, Adamax state that can be saved (tfjs' Adamax cannot), and slot variables in
 * one stable order (variable order × slot order) for exact checkpoint/resume.
 */
import * as tf from "@tensorflow/tfjs";
import type { OptimizerConfig } from "../config.js";

type Slots = readonly tf.Tensor[];

/** One update rule: slot initial values and the new weight/slots from the gradient. */
interface UpdateRule {
  readonly slotCount: number;
  init(w: tf.Tensor): tf.Tensor[];
  /** `t` is the 1-based step number. */
  update(w: tf.Tensor, g: tf.Tensor, slots: Slots, lr: number, t: number, decay: boolean): { w: tf.Tensor; slots: tf.Tensor[] };
}

function option(opts: OptimizerConfig["options"], names: readonly string[], fallback: number): number {
  for (const n of names) {
    const v = opts[n];
    if (typeof v === "number") return v;
  }
  return fallback;
}

function flag(opts: OptimizerConfig["options"], names: readonly string[]): boolean {
  return names.some((n) => opts[n] === true);
}

function adamRule(beta1: number, beta2: number, eps: number, weightDecay: number): UpdateRule {
  return {
    slotCount: 2,
    init: (w) => [tf.zerosLike(w), tf.zerosLike(w)],
    update(w, g, [m, v], lr, t, decay) {
      const w0 = decay && weightDecay > 0 ? tf.sub(w, tf.mul(w, lr * weightDecay)) : w;
      const m1 = tf.add(tf.mul(m!, beta1), tf.mul(g, 1 - beta1));
      const v1 = tf.add(tf.mul(v!, beta2), tf.mul(tf.square(g), 1 - beta2));
      const lrT = (lr * Math.sqrt(1 - beta2 ** t)) / (1 - beta1 ** t);
      return { w: tf.sub(w0, tf.mul(lrT, tf.div(m1, tf.add(tf.sqrt(v1), eps)))), slots: [m1, v1] };
    },
  };
}

function ruleFor(cfg: OptimizerConfig): UpdateRule {
  const o = cfg.options;
  const eps = option(o, ["epsilon", "eps"], 1e-7);
  switch (cfg.name) {
    case "sgd":
      return { slotCount: 0, init: () => [], update: (w, g, _s, lr) => ({ w: tf.sub(w, tf.mul(g, lr)), slots: [] }) };
    case "momentum": {
      const mu = option(o, ["momentum"], 0.9);
      const nesterov = flag(o, ["nesterov", "useNesterov", "use_nesterov"]);
      return {
        slotCount: 1,
        init: (w) => [tf.zerosLike(w)],
        update(w, g, [v], lr) {
          const v1 = tf.sub(tf.mul(v!, mu), tf.mul(g, lr));
          const step = nesterov ? tf.sub(tf.mul(v1, mu), tf.mul(g, lr)) : v1;
          return { w: tf.add(w, step), slots: [v1] };
        },
      };
    }
    case "adam":
      return adamRule(option(o, ["beta1", "beta_1"], 0.9), option(o, ["beta2", "beta_2"], 0.999), eps, 0);
    case "adamw":
      return adamRule(option(o, ["beta1", "beta_1"], 0.9), option(o, ["beta2", "beta_2"], 0.999), eps, option(o, ["weightDecay", "weight_decay"], 0.004));
    case "adamax": {
      const beta1 = option(o, ["beta1", "beta_1"], 0.9);
      const beta2 = option(o, ["beta2", "beta_2"], 0.999);
      return {
        slotCount: 2,
        init: (w) => [tf.zerosLike(w), tf.zerosLike(w)],
        update(w, g, [m, u], lr, t) {
          const m1 = tf.add(tf.mul(m!, beta1), tf.mul(g, 1 - beta1));
          const u1 = tf.maximum(tf.mul(u!, beta2), tf.abs(g));
          return { w: tf.sub(w, tf.mul(lr / (1 - beta1 ** t), tf.div(m1, tf.add(u1, eps)))), slots: [m1, u1] };
        },
      };
    }
    case "rmsprop": {
      const rho = option(o, ["rho", "decay"], 0.9);
      const mu = option(o, ["momentum"], 0);
      const centered = flag(o, ["centered"]);
      return {
        slotCount: 3,
        init: (w) => [tf.zerosLike(w), tf.zerosLike(w), tf.zerosLike(w)],
        update(w, g, [ms, mg, mom], lr) {
          const ms1 = tf.add(tf.mul(ms!, rho), tf.mul(tf.square(g), 1 - rho));
          const mg1 = centered ? tf.add(tf.mul(mg!, rho), tf.mul(g, 1 - rho)) : mg!;
          const denom = centered ? tf.sub(ms1, tf.square(mg1)) : ms1;
          const inc = tf.div(tf.mul(g, lr), tf.sqrt(tf.add(denom, eps)));
          const mom1 = mu > 0 ? tf.add(tf.mul(mom!, mu), inc) : mom!;
          return { w: tf.sub(w, mu > 0 ? mom1 : inc), slots: [ms1, mg1, mom1] };
        },
      };
    }
    case "adagrad": {
      const initial = option(o, ["initialAccumulatorValue", "initial_accumulator_value"], 0.1);
      return {
        slotCount: 1,
        init: (w) => [tf.fill(w.shape, initial)],
        update(w, g, [acc], lr) {
          const acc1 = tf.add(acc!, tf.square(g));
          return { w: tf.sub(w, tf.div(tf.mul(g, lr), tf.sqrt(tf.add(acc1, eps)))), slots: [acc1] };
        },
      };
    }
    case "adadelta": {
      const rho = option(o, ["rho"], 0.95);
      return {
        slotCount: 2,
        init: (w) => [tf.zerosLike(w), tf.zerosLike(w)],
        update(w, g, [accG, accD], lr) {
          const accG1 = tf.add(tf.mul(accG!, rho), tf.mul(tf.square(g), 1 - rho));
          const delta = tf.mul(tf.div(tf.sqrt(tf.add(accD!, eps)), tf.sqrt(tf.add(accG1, eps))), g);
          const accD1 = tf.add(tf.mul(accD!, rho), tf.mul(tf.square(delta), 1 - rho));
          return { w: tf.sub(w, tf.mul(delta, lr)), slots: [accG1, accD1] };
        },
      };
    }
  }
}

/** Weight decay (AdamW) applies to kernels and embeddings, not to biases or normalization parameters. */
export function isDecayed(variableName: string): boolean {
  return /(kernel|embeddings)(_\d+)?$/.test(variableName);
}

/** An optimizer over a fixed, ordered list of variables. */
export class TrainOptimizer {
  private readonly rule: UpdateRule;
  private slots: tf.Variable[][] | null = null;
  /** Number of updates applied so far (Adam's t). */
  step = 0;

  constructor(
    readonly config: OptimizerConfig,
    private readonly variables: readonly tf.Variable[],
  ) {
    this.rule = ruleFor(config);
  }

  get slotsPerVariable(): number {
    return this.rule.slotCount;
  }

  private ensureSlots(): tf.Variable[][] {
    if (this.slots === null) {
      this.slots = this.variables.map((v) => tf.tidy(() => this.rule.init(v)).map((s) => {
        const variable = tf.variable(s, false);
        s.dispose();
        return variable;
      }));
    }
    return this.slots;
  }

  /** Applies one update with learning rate `lr`; `grads[i]` belongs to `variables[i]`. Does not dispose grads. */
  apply(grads: readonly tf.Tensor[], lr: number): void {
    const slots = this.ensureSlots();
    this.step++;
    this.variables.forEach((v, i) => {
      tf.tidy(() => {
        const r = this.rule.update(v, grads[i]!, slots[i]!, lr, this.step, isDecayed(v.name));
        v.assign(r.w);
        r.slots.forEach((s, k) => {
          const slot = slots[i]![k]!;
          // A rule may pass a slot through unchanged (e.g. RMSprop without momentum).
          if (s !== slot) slot.assign(s);
        });
      });
    });
  }

  /** Slot values in stable order (variable by variable, slot by slot). */
  getSlots(): tf.Tensor[] {
    return this.ensureSlots().flat();
  }

  /** Restores slots saved by {@link getSlots} (copies the values; the caller keeps ownership of `values`). */
  setSlots(values: readonly tf.Tensor[], step: number): void {
    const slots = this.ensureSlots();
    const flat = slots.flat();
    if (flat.length !== values.length) throw new Error(`optimizer state has ${values.length} slots, expected ${flat.length}`);
    flat.forEach((s, i) => s.assign(values[i]!));
    this.step = step;
  }

  dispose(): void {
    this.slots?.flat().forEach((s) => s.dispose());
    this.slots = null;
  }
}
