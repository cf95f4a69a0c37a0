// RMSProp (torch.optim.RMSprop): divide the step by a running root mean square of the gradient;
// optional centring, momentum and weight decay, and the lecture's epsilon-inside-the-root form.

import type { TypedArray } from '../tensor/dtype.js';
import type { FloatArray, NumericArray } from './float-array.js';
import { cloneState, copyFloat, zerosLike } from './float-array.js';
import type { ParamsInput } from './optimizer.js';
import { Optimizer } from './optimizer.js';
import { checkNonNegative, checkRange } from './validate.js';

/** Hyperparameters of RMSprop (one parameter group). */
export interface RMSpropHyper {
  /** Learning rate eta. */
  lr: number;
  /** Smoothing constant of the running mean of grad^2 (the lecture's rho, the forgetting factor). */
  alpha: number;
  /** Added to the denominator for numerical stability. */
  eps: number;
  /** Put eps inside the square root as the lecture writes it, eta / sqrt(v + eps), instead of PyTorch's eta / (sqrt(v) + eps). */
  epsInsideSqrt: boolean;
  /** Momentum factor of the step buffer (0: none). */
  momentum: number;
  /** Centered RMSProp (Graves 2013): normalize by an estimate of the gradient's variance instead of its raw second moment. */
  centered: boolean;
  /** Coupled L2 penalty: g += weightDecay * theta. */
  weightDecay: number;
  /** Maximize the objective instead of minimizing it (the gradient is negated before weight decay is added, as in PyTorch's implementation). */
  maximize: boolean;
}

/** Options of `new RMSprop(...)`; every field has PyTorch's default (epsInsideSqrt: false). */
export type RMSpropOptions = Partial<RMSpropHyper>;

/** Per-parameter state of RMSprop. */
export interface RMSpropState {
  step: number;
  /** v: running mean of grad^2. */
  squareAvg: FloatArray;
  /** Running mean of grad (centered only). */
  gradAvg: FloatArray | null;
  /** Step buffer (momentum > 0 only). */
  momentumBuffer: FloatArray | null;
}

/** RMSprop's defaults, as in PyTorch. */
export const RMSPROP_DEFAULTS: Readonly<RMSpropHyper> = Object.freeze({
  lr: 1e-2, alpha: 0.99, eps: 1e-8, epsInsideSqrt: false, momentum: 0, centered: false, weightDecay: 0, maximize: false,
});

/** Throws a ValueError for an invalid RMSprop hyperparameter. */
export function validateRMSprop(h: RMSpropHyper, owner = 'RMSprop'): void {
  checkNonNegative(owner, 'learning rate', h.lr);
  checkRange(owner, 'alpha value', h.alpha, 0, 1);
  checkNonNegative(owner, 'epsilon value', h.eps);
  checkNonNegative(owner, 'momentum value', h.momentum);
  checkNonNegative(owner, 'weightDecay value', h.weightDecay);
}

/** The state of a parameter before its first RMSprop step. */
export function rmspropInitState(param: FloatArray, h: Pick<RMSpropHyper, 'centered' | 'momentum'>): RMSpropState {
  return {
    step: 0,
    squareAvg: zerosLike(param),
    gradAvg: h.centered ? zerosLike(param) : null,
    momentumBuffer: h.momentum > 0 ? zerosLike(param) : null,
  };
}

/**
 * One RMSprop update in place (PyTorch's algorithm): g = ±grad + wd * theta;
 * v = alpha * v + (1 - alpha) * g^2; centered: m = alpha * m + (1 - alpha) * g, v~ = v - m^2, else v~ = v;
 * d = sqrt(v~) + eps (or sqrt(v~ + eps) with epsInsideSqrt);
 * momentum: b = momentum * b + g / d, theta -= lr * b; otherwise theta -= lr * g / d.
 */
export function rmspropStep(param: FloatArray, grad: ArrayLike<number>, state: RMSpropState, h: RMSpropHyper): void {
  const { lr, alpha, eps, momentum, centered, weightDecay: wd, epsInsideSqrt } = h;
  const sign = h.maximize ? -1 : 1;
  state.step += 1;
  const sq = state.squareAvg;
  if (centered && state.gradAvg === null) state.gradAvg = zerosLike(param);
  if (momentum > 0 && state.momentumBuffer === null) state.momentumBuffer = zerosLike(param);
  const ga = centered ? state.gradAvg! : null;
  const buf = momentum > 0 ? state.momentumBuffer! : null;
  const n = param.length;
  for (let i = 0; i < n; i++) {
    const g = sign * grad[i]! + wd * param[i]!;
    sq[i] = alpha * sq[i]! + (1 - alpha) * g * g;
    let v = sq[i]!;
    if (ga !== null) {
      ga[i] = alpha * ga[i]! + (1 - alpha) * g;
      v -= ga[i]! * ga[i]!;
    }
    const d = epsInsideSqrt ? Math.sqrt(v + eps) : Math.sqrt(v) + eps;
    if (buf !== null) {
      buf[i] = momentum * buf[i]! + g / d;
      param[i] = param[i]! - lr * buf[i]!;
    } else {
      param[i] = param[i]! - (lr * g) / d;
    }
  }
}

/** Arguments of `rmspropUpdate`. */
export type RMSpropUpdateArgs = { param: NumericArray; grad: NumericArray; state?: RMSpropState | undefined } & RMSpropOptions;

/** Pure RMSprop update: new parameter and state as fresh arrays (same math as `RMSprop.step`). */
export function rmspropUpdate({ param, grad, state, ...opts }: RMSpropUpdateArgs): { param: FloatArray; state: RMSpropState } {
  const h: RMSpropHyper = { ...RMSPROP_DEFAULTS, ...opts };
  validateRMSprop(h, 'rmspropUpdate');
  const p = copyFloat(param);
  const s = state === undefined ? rmspropInitState(p, h) : cloneState(state);
  rmspropStep(p, grad as ArrayLike<number>, s, h);
  return { param: p, state: s };
}

/**
 * RMSProp (Hinton, Lecture 6e of "Neural Networks for Machine Learning", 2012), as `torch.optim.RMSprop`.
 *
 * The lecture's form: theta_{i+1} = theta_i - eta / sqrt(v_{i+1} + eps) * grad Q_j(theta_i),
 * v_{i+1} = rho * v_i + (1 - rho) * (grad Q_j(theta_i))^2, with rho = `alpha`.
 * NOTE: PyTorch puts eps outside the root, eta / (sqrt(v_{i+1}) + eps); that is the default here
 * too, and `epsInsideSqrt: true` gives the lecture's formula exactly. The two differ noticeably only
 * while v is about as small as eps (e.g. the first steps with a tiny gradient).
 * `centered` follows Graves 2013 (v - mean(g)^2); `momentum` keeps a buffer b = mu * b + g / d.
 */
export class RMSprop extends Optimizer<RMSpropHyper, RMSpropState> {
  constructor(params: ParamsInput<RMSpropHyper>, options: RMSpropOptions = {}) {
    super('RMSprop', params, { ...RMSPROP_DEFAULTS, ...options });
  }
  protected validateHyper(h: RMSpropHyper): void {
    validateRMSprop(h);
  }
  protected initState(param: FloatArray, group: RMSpropHyper): RMSpropState {
    return rmspropInitState(param, group);
  }
  protected updateParam(param: FloatArray, grad: TypedArray, state: RMSpropState, group: RMSpropHyper): void {
    rmspropStep(param, grad, state, group);
  }
}
