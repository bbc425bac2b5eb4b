/**
 * Float64 re-derivations of Keras 3's optimizer update rules, element by element, written from the
 * formulas in keras/src/optimizers/{sgd,rmsprop,adagrad,adadelta,adam,adamw,adamax,nadam}.py and
 * base_optimizer.py (`_clip_gradients`, `clip_by_global_norm`, `_clip_by_norm`, `_apply_weight_decay`).
 * Deliberately naive (plain loops over arrays, one function per rule, no shared helpers with the runtime)
 * so it cannot inherit a runtime bug. Slots are kept in the order the runtime stores them.
 */
export interface RefConfig {
  readonly name: "sgd" | "momentum" | "adam" | "adamw" | "nadam" | "adamax" | "rmsprop" | "adagrad" | "adadelta";
  readonly options: Readonly<Record<string, number | boolean>>;
  readonly clipGlobalNorm?: number;
  readonly clipNorm?: number;
  readonly clipValue?: number;
}

/** State of one variable: its weights and its slots (each the variable's size). */
export interface RefVariable {
  w: number[];
  slots: number[][];
}

const num = (o: RefConfig["options"], k: string, d: number): number => (typeof o[k] === "number" ? (o[k] as number) : d);

export function refInit(cfg: RefConfig, weights: readonly (readonly number[])[]): RefVariable[] {
  const zeros = (w: readonly number[]) => w.map(() => 0);
  return weights.map((w) => {
    let slots: number[][];
    switch (cfg.name) {
      case "sgd":
      case "momentum": {
        const mu = num(cfg.options, "momentum", cfg.name === "sgd" ? 0 : 0.9);
        slots = mu === 0 ? [] : [zeros(w)];
        break;
      }
      case "adagrad":
        slots = [w.map(() => num(cfg.options, "initial_accumulator", 0.1))];
        break;
      case "rmsprop":
        slots = [zeros(w), zeros(w), zeros(w)];
        break;
      default:
        slots = [zeros(w), zeros(w)];
    }
    return { w: [...w], slots };
  });
}

/** Keras's gradient clipping (base_optimizer._clip_gradients): clipnorm per tensor, global_clipnorm, clipvalue. */
export function refClip(cfg: RefConfig, grads: readonly (readonly number[])[]): number[][] {
  const l2 = (g: readonly number[]) => Math.sqrt(g.reduce((s, x) => s + x * x, 0));
  if (cfg.clipNorm !== undefined) {
    const c = cfg.clipNorm;
    return grads.map((g) => g.map((x) => (x * c) / Math.max(l2(g), c)));
  }
  if (cfg.clipGlobalNorm !== undefined) {
    const c = cfg.clipGlobalNorm;
    const norm = Math.sqrt(grads.reduce((s, g) => s + l2(g) ** 2, 0));
    const scale = c * Math.min(1 / norm, 1 / c);
    return grads.map((g) => g.map((x) => x * scale));
  }
  if (cfg.clipValue !== undefined) {
    const c = cfg.clipValue;
    return grads.map((g) => g.map((x) => Math.min(c, Math.max(-c, x))));
  }
  return grads.map((g) => [...g]);
}

/** One Keras update of every variable with learning rate `lr` at 1-based step `t`; mutates `vars`. */
export function refStep(cfg: RefConfig, vars: RefVariable[], rawGrads: readonly (readonly number[])[], lr: number, t: number): void {
  const o = cfg.options;
  const grads = refClip(cfg, rawGrads);
  const eps = num(o, "epsilon", 1e-7);
  const b1 = num(o, "beta1", 0.9);
  const b2 = num(o, "beta2", 0.999);
  vars.forEach((v, vi) => {
    const g = grads[vi]!;
    const s = v.slots;
    for (let i = 0; i < v.w.length; i++) {
      const gi = g[i]!;
      switch (cfg.name) {
        case "sgd":
        case "momentum": {
          // sgd.py: m = m*momentum - lr*g; nesterov: w += m*momentum - lr*g; else w += m. No slot when momentum = 0.
          const mu = num(o, "momentum", cfg.name === "sgd" ? 0 : 0.9);
          if (mu === 0) {
            v.w[i] = v.w[i]! - lr * gi;
          } else {
            s[0]![i] = s[0]![i]! * mu - lr * gi;
            v.w[i] = v.w[i]! + (o["nesterov"] === true ? s[0]![i]! * mu - lr * gi : s[0]![i]!);
          }
          break;
        }
        case "rmsprop": {
          // rmsprop.py: velocity = rho*velocity + (1-rho)*g²; centered: avg_g = rho*avg_g + (1-rho)*g,
          // denominator = velocity - avg_g² + eps (else velocity + eps); increment = lr*g/sqrt(denominator);
          // momentum > 0: mom = momentum*mom + increment, w -= mom; else w -= increment.
          const rho = num(o, "rho", 0.9);
          const mu = num(o, "momentum", 0);
          s[0]![i] = rho * s[0]![i]! + (1 - rho) * gi * gi;
          let denominator = s[0]![i]! + eps;
          if (o["centered"] === true) {
            s[1]![i] = rho * s[1]![i]! + (1 - rho) * gi;
            denominator = s[0]![i]! - s[1]![i]! ** 2 + eps;
          }
          const increment = (lr * gi) / Math.sqrt(denominator);
          if (mu > 0) {
            s[2]![i] = mu * s[2]![i]! + increment;
            v.w[i] = v.w[i]! - s[2]![i]!;
          } else {
            v.w[i] = v.w[i]! - increment;
          }
          break;
        }
        case "adagrad":
          // adagrad.py: accumulator += g²; w -= lr*g/sqrt(accumulator + eps).
          s[0]![i] = s[0]![i]! + gi * gi;
          v.w[i] = v.w[i]! - (lr * gi) / Math.sqrt(s[0]![i]! + eps);
          break;
        case "adadelta": {
          // adadelta.py: acc_g = rho*acc_g + (1-rho)*g²; delta = -sqrt(acc_d + eps)*g/sqrt(acc_g + eps);
          // acc_d = rho*acc_d + (1-rho)*delta²; w += lr*delta.
          const rho = num(o, "rho", 0.95);
          s[0]![i] = rho * s[0]![i]! + (1 - rho) * gi * gi;
          const delta = (-Math.sqrt(s[1]![i]! + eps) * gi) / Math.sqrt(s[0]![i]! + eps);
          s[1]![i] = rho * s[1]![i]! + (1 - rho) * delta * delta;
          v.w[i] = v.w[i]! + lr * delta;
          break;
        }
        case "adam":
        case "adamw": {
          // base_optimizer._apply_weight_decay (AdamW, every variable): w = w - w*wd*lr, before the update.
          if (cfg.name === "adamw") v.w[i] = v.w[i]! - v.w[i]! * num(o, "weight_decay", 0.004) * lr;
          // adam.py: alpha = lr*sqrt(1-b2^t)/(1-b1^t); m += (g-m)*(1-b1); v += (g²-v)*(1-b2); w -= m*alpha/(sqrt(v)+eps).
          const alpha = (lr * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t);
          s[0]![i] = s[0]![i]! + (gi - s[0]![i]!) * (1 - b1);
          s[1]![i] = s[1]![i]! + (gi * gi - s[1]![i]!) * (1 - b2);
          v.w[i] = v.w[i]! - (s[0]![i]! * alpha) / (Math.sqrt(s[1]![i]!) + eps);
          break;
        }
        case "adamax":
          // adamax.py: m += (g-m)*(1-b1); u = max(b2*u, |g|); w -= lr*m/((1-b1^t)*(u+eps)).
          s[0]![i] = s[0]![i]! + (gi - s[0]![i]!) * (1 - b1);
          s[1]![i] = Math.max(b2 * s[1]![i]!, Math.abs(gi));
          v.w[i] = v.w[i]! - (lr * s[0]![i]!) / ((1 - b1 ** t) * (s[1]![i]! + eps));
          break;
        case "nadam": {
          // nadam.py: u_t = b1*(1 - 0.5*0.96^t); u_{t+1} likewise; u_product (a variable starting at 1) is
          // multiplied by u_t before each step; m_hat = u_{t+1}*m/(1 - u_product*u_{t+1}) + (1-u_t)*g/(1 - u_product);
          // v_hat = v/(1 - b2^t); w -= lr*m_hat/(sqrt(v_hat) + eps).
          const u = (k: number) => b1 * (1 - 0.5 * 0.96 ** k);
          let product = 1;
          for (let k = 1; k <= t; k++) product *= u(k);
          s[0]![i] = s[0]![i]! + (gi - s[0]![i]!) * (1 - b1);
          s[1]![i] = s[1]![i]! + (gi * gi - s[1]![i]!) * (1 - b2);
          const mHat = (u(t + 1) * s[0]![i]!) / (1 - product * u(t + 1)) + ((1 - u(t)) * gi) / (1 - product);
          const vHat = s[1]![i]! / (1 - b2 ** t);
          v.w[i] = v.w[i]! - (lr * mHat) / (Math.sqrt(vHat) + eps);
          break;
        }
      }
    }
  });
}
