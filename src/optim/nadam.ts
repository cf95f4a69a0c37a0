// NAdam (torch.optim.NAdam): Adam whose momentum term looks ahead like Nesterov momentum, with
// Dozat's momentum schedule mu_t and the running product of the mu's.

import type { TypedArray } from '../tensor/dtype.js';
import type { FloatArray, NumericArray } from './float-array.js';
import { cloneState, copyFloat, zerosLike } from './float-array.js';
import type { ParamsInput } from './optimizer.js';
import { Optimizer } from './optimizer.js';
import { checkBetas, checkNonNegative } from './validate.js';

/** Hyperparameters of NAdam (one parameter group). */
export interface NAdamHyper {
  /** Learning rate. */
  lr: number;
  /** [beta1, beta2]: decay rates of the first and second moment estimates. */
  betas: readonly [number, number];
  /** Added to the denominator for numerical stability. */
  eps: number;
  /** Weight decay: coupled (g += wd * theta) unless `decoupledWeightDecay` (theta *= 1 - lr * wd). */
  weightDecay: number;
  /** psi in mu_t = beta1 * (1 - 0.5 * 0.96^(t * psi)). */
  momentumDecay: number;
  /** Decoupled weight decay as in AdamW (PyTorch's NAdamW). */
  decoupledWeightDecay: boolean;
  /** Maximize the objective instead of minimizing it (the gradient is negated before weight decay is added, as in PyTorch's implementation). */
  maximize: boolean;
}

/** Options of `new NAdam(...)`; every field has PyTorch's default. */
export type NAdamOptions = Partial<NAdamHyper>;

/** Per-parameter state of NAdam. */
export interface NAdamState {
  step: number;
  /** prod_{s<=t} mu_s (1 before the first step). */
  muProduct: number;
  /** m: running mean of the gradient. */
  expAvg: FloatArray;
  /** v: running mean of the squared gradient. */
  expAvgSq: FloatArray;
}

/** NAdam's defaults, as in PyTorch. */
export const NADAM_DEFAULTS: Readonly<NAdamHyper> = Object.freeze({
  lr: 2e-3, betas: [0.9, 0.999] as const, eps: 1e-8, weightDecay: 0, momentumDecay: 4e-3, decoupledWeightDecay: false, maximize: false,
});

/** Throws a ValueError for an invalid NAdam hyperparameter. */
export function validateNAdam(h: NAdamHyper, owner = 'NAdam'): void {
  checkNonNegative(owner, 'learning rate', h.lr);
  checkNonNegative(owner, 'epsilon value', h.eps);
  checkBetas(owner, h.betas);
  checkNonNegative(owner, 'weightDecay value', h.weightDecay);
  checkNonNegative(owner, 'momentumDecay value', h.momentumDecay);
}

/** The state of a parameter before its first NAdam step. */
export function nadamInitState(param: FloatArray): NAdamState {
  return { step: 0, muProduct: 1, expAvg: zerosLike(param), expAvgSq: zerosLike(param) };
}

/**
 * One NAdam update in place (PyTorch's algorithm): t += 1; g = ±grad (+ weight decay as in Adam/AdamW);
 * mu_t = b1 (1 - 0.5 * 0.96^(t psi)), mu_{t+1} likewise; P_t = P_{t-1} mu_t;
 * m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2; d = sqrt(v / (1 - b2^t)) + eps;
 * theta -= lr (1 - mu_t) / (1 - P_t) * g / d + lr mu_{t+1} / (1 - P_t mu_{t+1}) * m / d.
 */
export function nadamStep(param: FloatArray, grad: ArrayLike<number>, state: NAdamState, h: NAdamHyper): void {
  const { lr, eps, weightDecay: wd, momentumDecay: psi, decoupledWeightDecay } = h;
  const [b1, b2] = h.betas;
  const sign = h.maximize ? -1 : 1;
  state.step += 1;
  const t = state.step;
  const bc2 = 1 - b2 ** t;
  const mu = b1 * (1 - 0.5 * 0.96 ** (t * psi));
  const muNext = b1 * (1 - 0.5 * 0.96 ** ((t + 1) * psi));
  state.muProduct *= mu;
  const muProduct = state.muProduct;
  const cg = (lr * (1 - mu)) / (1 - muProduct);
  const cm = (lr * muNext) / (1 - muProduct * muNext);
  const decay = decoupledWeightDecay ? 1 - lr * wd : 1;
  const cwd = decoupledWeightDecay ? 0 : wd;
  const m = state.expAvg;
  const v = state.expAvgSq;
  const n = param.length;
  for (let i = 0; i < n; i++) {
    const p = param[i]! * decay;
    const g = sign * grad[i]! + cwd * p;
    m[i] = b1 * m[i]! + (1 - b1) * g;
    v[i] = b2 * v[i]! + (1 - b2) * g * g;
    const d = Math.sqrt(v[i]! / bc2) + eps;
    param[i] = p - (cg * g) / d - (cm * m[i]!) / d;
  }
}

/** Arguments of `nadamUpdate`. */
export type NAdamUpdateArgs = { param: NumericArray; grad: NumericArray; state?: NAdamState | undefined } & NAdamOptions;

/** Pure NAdam update: new parameter and state as fresh arrays (same math as `NAdam.step`). */
export function nadamUpdate({ param, grad, state, ...opts }: NAdamUpdateArgs): { param: FloatArray; state: NAdamState } {
  const h: NAdamHyper = { ...NADAM_DEFAULTS, ...opts };
  validateNAdam(h, 'nadamUpdate');
  const p = copyFloat(param);
  const s = state === undefined ? nadamInitState(p) : cloneState(state);
  nadamStep(p, grad as ArrayLike<number>, s, h);
  return { param: p, state: s };
}

/**
 * NAdam (Dozat 2016, "Incorporating Nesterov Momentum into Adam"), as `torch.optim.NAdam` — in
 * the lecture's words "Adam with Nesterov momentum": the step uses the momentum the *next* step
 * will have (mu_{t+1} m_t) plus the current gradient's share ((1 - mu_t) g_t), each bias-corrected
 * by the product of the momentum schedule mu_t = beta1 (1 - 0.5 * 0.96^(t * momentumDecay)).
 */
export class NAdam extends Optimizer<NAdamHyper, NAdamState> {
  constructor(params: ParamsInput<NAdamHyper>, options: NAdamOptions = {}) {
    super('NAdam', params, { ...NADAM_DEFAULTS, ...options });
  }
  protected validateHyper(h: NAdamHyper): void {
    validateNAdam(h);
  }
  protected initState(param: FloatArray): NAdamState {
    return nadamInitState(param);
  }
  protected updateParam(param: FloatArray, grad: TypedArray, state: NAdamState, group: NAdamHyper): void {
    nadamStep(param, grad, state, group);
  }
}
