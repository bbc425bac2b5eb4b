/**
 * Optimizers with Keras 3's update rules (keras/src/optimizers/*.py), written here rather than taken from
 * tfjs because the runtime needs what tfjs does not give uniformly: a learning rate that schedules can
 * change every step, AdamW's decoupled weight decay, Nadam, Adamax state that can be saved (tfjs' Adamax
 * cannot), and slot variables in one stable order (variable order × slot order) for exact checkpoint/resume.
 *
 * Options are read by the names of the spec's option tables (`src/ir/train/optimizer.ts`), which fill in
 * every default; the fallbacks here are the same Keras defaults, for configs written by hand.
 * Reference tests: test/runtime/train/optimizers.test.ts (float64 re-derivations of the same rules) and
 * optimizers-torch.test.ts (PyTorch where its rule is the same).
 */
import * as tf from "@tensorflow/tfjs";
import type { OptimizerConfig } from "../config.js";
import { fusedAdamAvailable, fusedAdamUpdate } from "../kernels/adam-update.js";

type Slots = readonly tf.Tensor[];

/** One update rule: slot initial values (as many as Keras keeps) and the new weight/slots from the gradient. */
interface UpdateRule {
  init(w: tf.Tensor): tf.Tensor[];
  /** `t` is the 1-based step number; `lr` the rate of this step (after any schedule). */
  update(w: tf.Tensor, g: tf.Tensor, slots: Slots, lr: number, t: number): { w: tf.Tensor; slots: tf.Tensor[] };
}

type Options = OptimizerConfig["options"];

function option(opts: Options, name: string, fallback: number): number {
  const v = opts[name];
  return typeof v === "number" ? v : fallback;
}

/** `m·β + g·(1 − β)`: the exponential moving average every adaptive rule keeps. */
function ema(m: tf.Tensor, g: tf.Tensor, beta: number): tf.Tensor {
  return tf.add(tf.mul(m, beta), tf.mul(g, 1 - beta));
}

/**
 * SGD (keras.optimizers.SGD): `v ← μv − lr·g; w ← w + v`, Nesterov `w ← w + μv − lr·g`;
 * plain `w ← w − lr·g` when μ = 0 (Keras keeps no momentum slot then, and ignores `nesterov`).
 */
function sgdRule(mu: number, nesterov: boolean): UpdateRule {
  if (mu === 0) return { init: () => [], update: (w, g, _s, lr) => ({ w: tf.sub(w, tf.mul(g, lr)), slots: [] }) };
  return {
    init: (w) => [tf.zerosLike(w)],
    update(w, g, [v], lr) {
      const v1 = tf.sub(tf.mul(v!, mu), tf.mul(g, lr));
      const step = nesterov ? tf.sub(tf.mul(v1, mu), tf.mul(g, lr)) : v1;
      return { w: tf.add(w, step), slots: [v1] };
    },
  };
}

/**
 * Adam (keras.optimizers.Adam) and AdamW: `m ← β1·m + (1−β1)·g; v ← β2·v + (1−β2)·g²;
 * w ← w − lr·√(1−β2^t)/(1−β1^t) · m/(√v + ε)` (ε outside the bias correction, unlike PyTorch).
 * AdamW first applies Keras's decoupled decay `w ← w − w·wd·lr` (base_optimizer._apply_weight_decay) to
 * every trainable variable, as Keras does unless variables are excluded explicitly.
 */
function adamRule(beta1: number, beta2: number, eps: number, weightDecay: number): UpdateRule {
  return {
    init: (w) => [tf.zerosLike(w), tf.zerosLike(w)],
    update(w, g, [m, v], lr, t) {
      const lrT = (lr * Math.sqrt(1 - beta2 ** t)) / (1 - beta1 ** t);
      if (fusedAdamAvailable()) {
        // The same float32 operations as below in one wasm kernel (the same bits; ~11 kernels fewer per variable).
        const [w1, m1, v1] = fusedAdamUpdate(w, g, m!, v!, { beta1, beta2, epsilon: eps, lrT, decay: weightDecay > 0 ? lr * weightDecay : 0 });
        return { w: w1, slots: [m1, v1] };
      }
      const w0 = weightDecay > 0 ? tf.sub(w, tf.mul(w, lr * weightDecay)) : w;
      const m1 = ema(m!, g, beta1);
      const v1 = ema(v!, tf.square(g), beta2);
      return { w: tf.sub(w0, tf.mul(lrT, tf.div(m1, tf.add(tf.sqrt(v1), eps)))), slots: [m1, v1] };
    },
  };
}

/** Nadam's momentum schedule `u_t = β1·(1 − 0.5·0.96^t)` (keras.optimizers.Nadam, after Dozat 2016). */
function nadamMomentum(beta1: number, t: number): number {
  return beta1 * (1 - 0.5 * 0.96 ** t);
}

/**
 * Nadam (keras.optimizers.Nadam): with `U_t = u_1·…·u_t`,
 * `m̂ = u_{t+1}·m/(1 − U_t·u_{t+1}) + (1 − u_t)·g/(1 − U_t)`, `v̂ = v/(1 − β2^t)`, `w ← w − lr·m̂/(√v̂ + ε)`.
 * Keras keeps `U_t` in a variable; here it is a pure function of `t`, memoised so resuming needs no state.
 */
function nadamRule(beta1: number, beta2: number, eps: number): UpdateRule {
  let memo = { t: 0, product: 1 };
  const productAt = (t: number): number => {
    if (t < memo.t) memo = { t: 0, product: 1 };
    let { product } = memo;
    for (let i = memo.t + 1; i <= t; i++) product *= nadamMomentum(beta1, i);
    memo = { t, product };
    return product;
  };
  return {
    init: (w) => [tf.zerosLike(w), tf.zerosLike(w)],
    update(w, g, [m, v], lr, t) {
      const uT = nadamMomentum(beta1, t);
      const uNext = nadamMomentum(beta1, t + 1);
      const product = productAt(t);
      const m1 = ema(m!, g, beta1);
      const v1 = ema(v!, tf.square(g), beta2);
      const mHat = tf.add(tf.mul(m1, uNext / (1 - product * uNext)), tf.mul(g, (1 - uT) / (1 - product)));
      const vHat = tf.div(v1, 1 - beta2 ** t);
      return { w: tf.sub(w, tf.mul(lr, tf.div(mHat, tf.add(tf.sqrt(vHat), eps)))), slots: [m1, v1] };
    },
  };
}

function ruleFor(cfg: OptimizerConfig): UpdateRule {
  const o = cfg.options;
  const eps = option(o, "epsilon", 1e-7);
  const beta1 = option(o, "beta1", 0.9);
  const beta2 = option(o, "beta2", 0.999);
  switch (cfg.name) {
    case "sgd":
      return sgdRule(option(o, "momentum", 0), o["nesterov"] === true);
    case "momentum":
      return sgdRule(option(o, "momentum", 0.9), o["nesterov"] === true);
    case "adam":
      return adamRule(beta1, beta2, eps, 0);
    case "adamw":
      return adamRule(beta1, beta2, eps, option(o, "weight_decay", 0.004));
    case "nadam":
      return nadamRule(beta1, beta2, eps);
    case "adamax":
      // keras.optimizers.Adamax: u ← max(β2·u, |g|); w ← w − lr/(1−β1^t) · m/(u + ε).
      return {
        init: (w) => [tf.zerosLike(w), tf.zerosLike(w)],
        update(w, g, [m, u], lr, t) {
          const m1 = ema(m!, g, beta1);
          const u1 = tf.maximum(tf.mul(u!, beta2), tf.abs(g));
          return { w: tf.sub(w, tf.mul(lr / (1 - beta1 ** t), tf.div(m1, tf.add(u1, eps)))), slots: [m1, u1] };
        },
      };
    case "rmsprop": {
      // keras.optimizers.RMSprop: s ← ρs + (1−ρ)g²; centered: ḡ ← ρḡ + (1−ρ)g, denominator s − ḡ²;
      // increment lr·g/√(denominator + ε) (ε inside the root, unlike PyTorch); momentum accumulates it.
      const rho = option(o, "rho", 0.9);
      const mu = option(o, "momentum", 0);
      const centered = o["centered"] === true;
      return {
        init: (w) => [tf.zerosLike(w), tf.zerosLike(w), tf.zerosLike(w)],
        update(w, g, [ms, mg, mom], lr) {
          const ms1 = ema(ms!, tf.square(g), rho);
          const mg1 = centered ? ema(mg!, g, rho) : mg!;
          const denom = centered ? tf.sub(ms1, tf.square(mg1)) : ms1;
          const inc = tf.div(tf.mul(g, lr), tf.sqrt(tf.add(denom, eps)));
          const mom1 = mu > 0 ? tf.add(tf.mul(mom!, mu), inc) : mom!;
          return { w: tf.sub(w, mu > 0 ? mom1 : inc), slots: [ms1, mg1, mom1] };
        },
      };
    }
    case "adagrad": {
      // keras.optimizers.Adagrad: a ← a + g² (a starts at `initial_accumulator`); w ← w − lr·g/√(a + ε).
      const initial = option(o, "initial_accumulator", 0.1);
      return {
        init: (w) => [tf.fill(w.shape, initial)],
        update(w, g, [acc], lr) {
          const acc1 = tf.add(acc!, tf.square(g));
          return { w: tf.sub(w, tf.div(tf.mul(g, lr), tf.sqrt(tf.add(acc1, eps)))), slots: [acc1] };
        },
      };
    }
    case "adadelta": {
      // keras.optimizers.Adadelta: E[g²] ← ρE[g²] + (1−ρ)g²; Δ = √(E[Δ²] + ε)/√(E[g²] + ε)·g;
      // E[Δ²] ← ρE[Δ²] + (1−ρ)Δ²; w ← w − lr·Δ.
      const rho = option(o, "rho", 0.95);
      return {
        init: (w) => [tf.zerosLike(w), tf.zerosLike(w)],
        update(w, g, [accG, accD], lr) {
          const accG1 = ema(accG!, tf.square(g), rho);
          const delta = tf.mul(tf.div(tf.sqrt(tf.add(accD!, eps)), tf.sqrt(tf.add(accG1, eps))), g);
          const accD1 = ema(accD!, tf.square(delta), rho);
          return { w: tf.sub(w, tf.mul(delta, lr)), slots: [accG1, accD1] };
        },
      };
    }
  }
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

  /** Slots kept per variable (Adam 2, SGD without momentum 0, …): what {@link setSlots} expects per variable. */
  get slotsPerVariable(): number {
    const slots = this.ensureSlots();
    return slots.length === 0 ? 0 : slots[0]!.length;
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
        const r = this.rule.update(v, grads[i]!, slots[i]!, lr, this.step);
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
