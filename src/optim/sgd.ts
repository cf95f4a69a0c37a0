// Stochastic gradient descent with momentum, dampening, Nesterov momentum and weight decay
// (torch.optim.SGD), plus the lecture's own momentum and Nesterov forms as pure functions so the
// two formulations can be compared step by step.

import { ValueError } from '../errors.js';
import type { TypedArray } from '../tensor/dtype.js';
import type { FloatArray, NumericArray } from './float-array.js';
import { cloneState, copyFloat } from './float-array.js';
import type { ParamsInput } from './optimizer.js';
import { Optimizer } from './optimizer.js';
import { checkNonNegative, checkRange } from './validate.js';

/** Hyperparameters of SGD (one parameter group). */
export interface SGDHyper {
  /** Learning rate eta. */
  lr: number;
  /** Momentum factor mu (the lecture's alpha); 0 turns momentum off. */
  momentum: number;
  /** Dampening tau of the gradient added to the momentum buffer (not applied on the first step). */
  dampening: number;
  /** Use Nesterov momentum (needs momentum > 0 and dampening = 0). */
  nesterov: boolean;
  /** Coupled L2 penalty: the gradient gets `weightDecay * theta` added. */
  weightDecay: number;
  /** Maximize the objective instead of minimizing it (the gradient is negated before weight decay is added, as in PyTorch's implementation). */
  maximize: boolean;
}

/** Options of `new SGD(...)`; every field has PyTorch's default. */
export type SGDOptions = Partial<SGDHyper>;

/** Per-parameter state of SGD: the momentum buffer `v` (null until the first step with momentum). */
export interface SGDState {
  momentumBuffer: FloatArray | null;
}

/** SGD's defaults, as in PyTorch 2 (lr = 1e-3). */
export const SGD_DEFAULTS: Readonly<SGDHyper> = Object.freeze({
  lr: 1e-3, momentum: 0, dampening: 0, nesterov: false, weightDecay: 0, maximize: false,
});

/** Throws a ValueError for an invalid SGD hyperparameter. */
export function validateSGD(h: SGDHyper, owner = 'SGD'): void {
  checkNonNegative(owner, 'learning rate', h.lr);
  checkNonNegative(owner, 'momentum value', h.momentum);
  checkRange(owner, 'dampening value', h.dampening, 0, 1);
  checkNonNegative(owner, 'weightDecay value', h.weightDecay);
  if (h.nesterov && (h.momentum <= 0 || h.dampening !== 0)) {
    throw new ValueError(`${owner}: nesterov momentum requires momentum > 0 and dampening = 0`);
  }
}

/**
 * One SGD update of `param` in place (the kernel behind `SGD` and `sgdUpdate`), PyTorch's
 * formulation: g = ±grad + wd * theta; v = mu * v + (1 - tau) * g (v = g on the first step);
 * g = g + mu * v with Nesterov, else g = v; theta = theta - lr * g.
 */
export function sgdStep(param: FloatArray, grad: ArrayLike<number>, state: SGDState, h: SGDHyper): void {
  const { lr, momentum: mu, dampening, nesterov, weightDecay: wd } = h;
  const sign = h.maximize ? -1 : 1;
  const n = param.length;
  if (mu === 0) {
    for (let i = 0; i < n; i++) param[i] = param[i]! - lr * (sign * grad[i]! + wd * param[i]!);
    return;
  }
  let buf = state.momentumBuffer;
  const first = buf === null;
  if (buf === null) {
    buf = param instanceof Float32Array ? new Float32Array(n) : new Float64Array(n);
    state.momentumBuffer = buf;
  }
  const keep = 1 - dampening;
  for (let i = 0; i < n; i++) {
    const g = sign * grad[i]! + wd * param[i]!;
    // NOTE: like PyTorch, the first step copies the gradient into the buffer without dampening.
    const v = first ? g : mu * buf[i]! + keep * g;
    buf[i] = v;
    param[i] = param[i]! - lr * (nesterov ? g + mu * buf[i]! : buf[i]!);
  }
}

/** Arguments of `sgdUpdate`: the parameter, its gradient, the state so far (none before the first step) and hyperparameters. */
export type SGDUpdateArgs = { param: NumericArray; grad: NumericArray; state?: SGDState | undefined } & SGDOptions;

/**
 * Pure SGD update: returns the new parameter and state as fresh arrays, leaving the inputs
 * untouched (the same math as `SGD.step`). Without `state` it starts from the first step.
 */
export function sgdUpdate({ param, grad, state, ...opts }: SGDUpdateArgs): { param: FloatArray; state: SGDState } {
  const h: SGDHyper = { ...SGD_DEFAULTS, ...opts };
  validateSGD(h, 'sgdUpdate');
  const p = copyFloat(param);
  const s = state === undefined ? { momentumBuffer: null } : cloneState(state);
  sgdStep(p, grad as ArrayLike<number>, s, h);
  return { param: p, state: s };
}

/**
 * Stochastic gradient descent (Robbins & Monro 1951), with momentum (Polyak 1964) and Nesterov
 * momentum (Nesterov 1983; Sutskever et al. 2013), exactly as `torch.optim.SGD`.
 *
 * The lecture's forms, and how they map to this implementation:
 * - Gradient descent: theta_{i+1} = theta_i - eta * grad Q(theta_i). Full-batch GD is SGD fed the
 *   whole dataset each step; SGD uses one sample (or mini-batch) j: grad Q_j(theta_i).
 * - Momentum: dTheta_{i+1} = alpha * dTheta_i + eta * grad Q_j(theta_i), theta_{i+1} = theta_i - dTheta_{i+1}.
 *   PyTorch keeps v = mu * v + g and takes theta -= lr * v; with a constant lr, mu = alpha and
 *   dampening 0 the two are the same trajectory with dTheta_i = lr * v_i (`lectureMomentumStep`).
 * - Nesterov: dTheta_{i+1} = alpha * dTheta_i + eta * grad Q_j(theta_i - alpha * dTheta_i), theta_{i+1} = theta_i - dTheta_{i+1}.
 *   PyTorch (after Sutskever et al. 2013) takes v = mu * v + g(p), p -= lr * (g(p) + mu * v),
 *   where g is evaluated at the parameter it stores. That parameter is the lecture's look-ahead
 *   point: p_i = theta_i - alpha * dTheta_i and v_i = dTheta_i / lr (constant lr, dampening 0,
 *   dTheta_0 = 0), so both formulations visit the same points; see `lectureNesterovStep`.
 *
 * Weight decay is coupled (an L2 penalty wd/2 * |theta|^2 added to the loss: g += wd * theta).
 * Parameters without a gradient are skipped.
 */
export class SGD extends Optimizer<SGDHyper, SGDState> {
  constructor(params: ParamsInput<SGDHyper>, options: SGDOptions = {}) {
    super('SGD', params, { ...SGD_DEFAULTS, ...options });
  }
  protected validateHyper(h: SGDHyper): void {
    validateSGD(h);
  }
  protected initState(): SGDState {
    return { momentumBuffer: null };
  }
  protected updateParam(param: FloatArray, grad: TypedArray, state: SGDState, group: SGDHyper): void {
    sgdStep(param, grad, state, group);
  }
}

/** Arguments of the lecture's momentum step: theta_i, dTheta_i, grad Q_j(theta_i), eta and alpha. */
export interface LectureMomentumArgs {
  theta: NumericArray;
  /** dTheta_i (zeros before the first step). */
  delta: NumericArray;
  /** grad Q_j(theta_i). */
  grad: NumericArray;
  eta: number;
  alpha: number;
}

/**
 * The lecture's SGD with momentum, literally (pure, float64):
 * dTheta_{i+1} = alpha * dTheta_i + eta * grad Q_j(theta_i); theta_{i+1} = theta_i - dTheta_{i+1}.
 * Equals `SGD({ lr: eta, momentum: alpha })` with dTheta = eta * momentumBuffer.
 */
export function lectureMomentumStep({ theta, delta, grad, eta, alpha }: LectureMomentumArgs): { theta: Float64Array; delta: Float64Array } {
  const n = theta.length;
  const t = new Float64Array(n);
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    d[i] = alpha * (delta[i] as number) + eta * (grad[i] as number);
    t[i] = (theta[i] as number) - d[i]!;
  }
  return { theta: t, delta: d };
}

/** Arguments of the lecture's Nesterov step: the gradient is a function, evaluated at the look-ahead point. */
export interface LectureNesterovArgs {
  theta: NumericArray;
  /** dTheta_i (zeros before the first step). */
  delta: NumericArray;
  /** theta -> grad Q_j(theta). */
  gradFn: (theta: Float64Array) => ArrayLike<number>;
  eta: number;
  alpha: number;
}

/**
 * The lecture's SGD with Nesterov momentum, literally (pure, float64):
 * dTheta_{i+1} = alpha * dTheta_i + eta * grad Q_j(theta_i - alpha * dTheta_i); theta_{i+1} = theta_i - dTheta_{i+1}.
 * Relation to `SGD({ lr: eta, momentum: alpha, nesterov: true })` started from the same theta_0:
 * after i steps SGD's parameter is theta_i - alpha * dTheta_i and its buffer is dTheta_i / eta.
 */
export function lectureNesterovStep({ theta, delta, gradFn, eta, alpha }: LectureNesterovArgs): { theta: Float64Array; delta: Float64Array } {
  const n = theta.length;
  const look = new Float64Array(n);
  for (let i = 0; i < n; i++) look[i] = (theta[i] as number) - alpha * (delta[i] as number);
  const g = gradFn(look);
  if (g.length !== n) throw new ValueError(`lectureNesterovStep: gradFn returned ${g.length} values for ${n} parameters`);
  return lectureMomentumStep({ theta, delta, grad: g as Float64Array, eta, alpha });
}
