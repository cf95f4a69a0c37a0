// Adagrad (torch.optim.Adagrad): per-coordinate steps scaled by the root of the sum of all past
// squared gradients, with optional learning-rate decay and weight decay.

import type { TypedArray } from '../tensor/dtype.js';
import type { FloatArray, NumericArray } from './float-array.js';
import { cloneState, copyFloat, fullLike } from './float-array.js';
import type { ParamsInput } from './optimizer.js';
import { Optimizer } from './optimizer.js';
import { checkNonNegative } from './validate.js';

/** Hyperparameters of Adagrad (one parameter group). */
export interface AdagradHyper {
  /** Learning rate eta. */
  lr: number;
  /** Learning-rate decay: step t uses eta / (1 + (t - 1) * lrDecay). */
  lrDecay: number;
  /** Coupled L2 penalty: g += weightDecay * theta. */
  weightDecay: number;
  /** Starting value of the sum of squared gradients. */
  initialAccumulatorValue: number;
  /** Added to the root of the sum for numerical stability. */
  eps: number;
  /** Maximize the objective instead of minimizing it (the gradient is negated before weight decay is added, as in PyTorch's implementation). */
  maximize: boolean;
}

/** Options of `new Adagrad(...)`; every field has PyTorch's default. */
export type AdagradOptions = Partial<AdagradHyper>;

/** Per-parameter state of Adagrad. */
export interface AdagradState {
  step: number;
  /** G: the sum of squared gradients (plus the initial accumulator value). */
  sum: FloatArray;
}

/** Adagrad's defaults, as in PyTorch. */
export const ADAGRAD_DEFAULTS: Readonly<AdagradHyper> = Object.freeze({
  lr: 1e-2, lrDecay: 0, weightDecay: 0, initialAccumulatorValue: 0, eps: 1e-10, maximize: false,
});

/** Throws a ValueError for an invalid Adagrad hyperparameter. */
export function validateAdagrad(h: AdagradHyper, owner = 'Adagrad'): void {
  checkNonNegative(owner, 'learning rate', h.lr);
  checkNonNegative(owner, 'lrDecay value', h.lrDecay);
  checkNonNegative(owner, 'weightDecay value', h.weightDecay);
  checkNonNegative(owner, 'initialAccumulatorValue', h.initialAccumulatorValue);
  checkNonNegative(owner, 'epsilon value', h.eps);
}

/** The state of a parameter before its first Adagrad step. */
export function adagradInitState(param: FloatArray, h: Pick<AdagradHyper, 'initialAccumulatorValue'>): AdagradState {
  return { step: 0, sum: fullLike(param, h.initialAccumulatorValue) };
}

/**
 * One Adagrad update in place (PyTorch's algorithm): t += 1; g = ±grad + wd * theta;
 * clr = lr / (1 + (t - 1) * lrDecay); G += g^2; theta -= clr * g / (sqrt(G) + eps).
 */
export function adagradStep(param: FloatArray, grad: ArrayLike<number>, state: AdagradState, h: AdagradHyper): void {
  const { lr, lrDecay, weightDecay: wd, eps } = h;
  const sign = h.maximize ? -1 : 1;
  state.step += 1;
  const clr = lr / (1 + (state.step - 1) * lrDecay);
  const sum = state.sum;
  const n = param.length;
  for (let i = 0; i < n; i++) {
    const g = sign * grad[i]! + wd * param[i]!;
    sum[i] = sum[i]! + g * g;
    param[i] = param[i]! - (clr * g) / (Math.sqrt(sum[i]!) + eps);
  }
}

/** Arguments of `adagradUpdate`. */
export type AdagradUpdateArgs = { param: NumericArray; grad: NumericArray; state?: AdagradState | undefined } & AdagradOptions;

/** Pure Adagrad update: new parameter and state as fresh arrays (same math as `Adagrad.step`). */
export function adagradUpdate({ param, grad, state, ...opts }: AdagradUpdateArgs): { param: FloatArray; state: AdagradState } {
  const h: AdagradHyper = { ...ADAGRAD_DEFAULTS, ...opts };
  validateAdagrad(h, 'adagradUpdate');
  const p = copyFloat(param);
  const s = state === undefined ? adagradInitState(p, h) : cloneState(state);
  adagradStep(p, grad as ArrayLike<number>, s, h);
  return { param: p, state: s };
}

/**
 * Adagrad (Duchi, Hazan & Singer 2011), as `torch.optim.Adagrad`:
 * G_t = G_{t-1} + g_t^2, theta_t = theta_{t-1} - eta_t * g_t / (sqrt(G_t) + eps),
 * eta_t = eta / (1 + (t - 1) * lrDecay). Rarely-updated coordinates keep large steps; every step
 * shrinks the rest, which is the weakness RMSProp fixes with a running mean instead of a sum.
 * NOTE: PyTorch creates Adagrad's state in the constructor; here it is created on the first step
 * like every other optimizer, with the same values, so trajectories are identical.
 */
export class Adagrad extends Optimizer<AdagradHyper, AdagradState> {
  constructor(params: ParamsInput<AdagradHyper>, options: AdagradOptions = {}) {
    super('Adagrad', params, { ...ADAGRAD_DEFAULTS, ...options });
  }
  protected validateHyper(h: AdagradHyper): void {
    validateAdagrad(h);
  }
  protected initState(param: FloatArray, group: AdagradHyper): AdagradState {
    return adagradInitState(param, group);
  }
  protected updateParam(param: FloatArray, grad: TypedArray, state: AdagradState, group: AdagradHyper): void {
    adagradStep(param, grad, state, group);
  }
}
