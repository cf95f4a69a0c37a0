// Adam (torch.optim.Adam): momentum on the gradient plus RMSProp's running mean of its square,
// both bias-corrected; optional AMSGrad and coupled or decoupled weight decay (AdamW reuses it).

import { getBackend } from '../backend/registry.js';
import type { TypedArray } from '../tensor/dtype.js';
import type { FloatArray, NumericArray } from './float-array.js';
import { cloneState, copyFloat, zerosLike } from './float-array.js';
import type { ParamsInput } from './optimizer.js';
import { Optimizer } from './optimizer.js';
import { checkBetas, checkNonNegative } from './validate.js';

/** Hyperparameters of Adam and AdamW (one parameter group). */
export interface AdamHyper {
  /** Learning rate (step size) alpha. */
  lr: number;
  /** [beta1, beta2]: decay rates of the first and second moment estimates. */
  betas: readonly [number, number];
  /** Added to the denominator for numerical stability. */
  eps: number;
  /** Weight decay: coupled (g += wd * theta) for Adam, decoupled (theta *= 1 - lr * wd) when `decoupledWeightDecay`. */
  weightDecay: number;
  /** AMSGrad (Reddi et al. 2018): divide by the running maximum of the second moment. */
  amsgrad: boolean;
  /** Apply weight decay as AdamW does (true for `AdamW`). */
  decoupledWeightDecay: boolean;
  /** Maximize the objective instead of minimizing it (the gradient is negated before weight decay is added, as in PyTorch's implementation). */
  maximize: boolean;
}

/** Options of `new Adam(...)`; every field has PyTorch's default. */
export type AdamOptions = Partial<AdamHyper>;

/** Per-parameter state of Adam. */
export interface AdamState {
  step: number;
  /** m: running mean of the gradient. */
  expAvg: FloatArray;
  /** v: running mean of the squared gradient. */
  expAvgSq: FloatArray;
  /** max of v over time (amsgrad only). */
  maxExpAvgSq: FloatArray | null;
}

/** Adam's defaults, as in PyTorch. */
export const ADAM_DEFAULTS: Readonly<AdamHyper> = Object.freeze({
  lr: 1e-3, betas: [0.9, 0.999] as const, eps: 1e-8, weightDecay: 0, amsgrad: false, decoupledWeightDecay: false, maximize: false,
});

/** Throws a ValueError for an invalid Adam/AdamW hyperparameter. */
export function validateAdam(h: AdamHyper, owner = 'Adam'): void {
  checkNonNegative(owner, 'learning rate', h.lr);
  checkNonNegative(owner, 'epsilon value', h.eps);
  checkBetas(owner, h.betas);
  checkNonNegative(owner, 'weightDecay value', h.weightDecay);
}

/** The state of a parameter before its first Adam step. */
export function adamInitState(param: FloatArray, h: Pick<AdamHyper, 'amsgrad'>): AdamState {
  return { step: 0, expAvg: zerosLike(param), expAvgSq: zerosLike(param), maxExpAvgSq: h.amsgrad ? zerosLike(param) : null };
}

/**
 * One Adam update in place (PyTorch's algorithm): t += 1; g = ±grad; decoupled: theta *= 1 - lr * wd,
 * else g += wd * theta; m = b1 * m + (1 - b1) * g; v = b2 * v + (1 - b2) * g^2;
 * (amsgrad: vmax = max(vmax, v), used instead of v);
 * theta -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps).
 */
export function adamStep(param: FloatArray, grad: ArrayLike<number>, state: AdamState, h: AdamHyper): void {
  const { lr, eps, weightDecay: wd, amsgrad, decoupledWeightDecay } = h;
  const [b1, b2] = h.betas;
  const sign = h.maximize ? -1 : 1;
  state.step += 1;
  const t = state.step;
  const stepSize = lr / (1 - b1 ** t);
  const bc2Sqrt = Math.sqrt(1 - b2 ** t);
  const decay = decoupledWeightDecay ? 1 - lr * wd : 1;
  const cwd = decoupledWeightDecay ? 0 : wd;
  if (amsgrad && state.maxExpAvgSq === null) state.maxExpAvgSq = zerosLike(param);
  const m = state.expAvg;
  const v = state.expAvgSq;
  const vmax = amsgrad ? state.maxExpAvgSq! : null;
  const n = param.length;
  for (let i = 0; i < n; i++) {
    // NOTE: PyTorch decays the parameter before reading it for anything else; the coupled
    // penalty reads the undecayed parameter (decay is 1 then).
    const p = param[i]! * decay;
    const g = sign * grad[i]! + cwd * p;
    m[i] = b1 * m[i]! + (1 - b1) * g;
    v[i] = b2 * v[i]! + (1 - b2) * g * g;
    let second = v[i]!;
    if (vmax !== null) {
      if (second > vmax[i]!) vmax[i] = second;
      second = vmax[i]!;
    }
    param[i] = p - (stepSize * m[i]!) / (Math.sqrt(second) / bc2Sqrt + eps);
  }
}

/** Arguments of `adamUpdate`. */
export type AdamUpdateArgs = { param: NumericArray; grad: NumericArray; state?: AdamState | undefined } & AdamOptions;

/** Pure Adam update (AdamW with `decoupledWeightDecay: true`): new parameter and state as fresh arrays. */
export function adamUpdate({ param, grad, state, ...opts }: AdamUpdateArgs): { param: FloatArray; state: AdamState } {
  const h: AdamHyper = { ...ADAM_DEFAULTS, ...opts };
  validateAdam(h, 'adamUpdate');
  const p = copyFloat(param);
  const s = state === undefined ? adamInitState(p, h) : cloneState(state);
  adamStep(p, grad as ArrayLike<number>, s, h);
  return { param: p, state: s };
}

/**
 * Adam (Kingma & Ba 2015), as `torch.optim.Adam` — in the lecture's words "essentially RMSProp
 * with momentum": m_t = b1 m_{t-1} + (1 - b1) g_t (momentum), v_t = b2 v_{t-1} + (1 - b2) g_t^2
 * (RMSProp's running mean), both divided by (1 - b^t) to remove the bias of starting at zero:
 * theta_t = theta_{t-1} - lr * m^_t / (sqrt(v^_t) + eps).
 * `weightDecay` is the coupled L2 penalty (g += wd * theta); for decoupled decay use `AdamW`.
 * `amsgrad` (Reddi et al. 2018) uses max_{s<=t} v_s in the denominator. With
 * `decoupledWeightDecay: true` this is AdamW (and names itself so in messages).
 */
export class Adam extends Optimizer<AdamHyper, AdamState> {
  constructor(params: ParamsInput<AdamHyper>, options: AdamOptions = {}) {
    const h = { ...ADAM_DEFAULTS, ...options };
    super(h.decoupledWeightDecay ? 'AdamW' : 'Adam', params, h);
  }
  protected validateHyper(h: AdamHyper): void {
    validateAdam(h, this.name);
  }
  protected initState(param: FloatArray, group: AdamHyper): AdamState {
    return adamInitState(param, group);
  }
  protected updateParam(param: FloatArray, grad: TypedArray, state: AdamState, group: AdamHyper): void {
    if (!fusedAdam(param, grad, state, group)) adamStep(param, grad, state, group);
  }
}

/** Moment buffers that already live in a backend's memory (see `Backend.stateBuffer`). */
const backendState = new WeakSet<FloatArray>();

/**
 * Runs the step in the backend's fused float32 kernel when it has one and the step is plain Adam or
 * AdamW (no amsgrad, maximize or coupled decay); returns false when `adamStep` must do it.
 * NOTE: the kernel rounds every intermediate to float32 (like PyTorch's float32 Adam), where
 * `adamStep` computes in float64 and rounds once; results agree to float32 tolerance.
 */
function fusedAdam(param: FloatArray, grad: TypedArray, state: AdamState, h: AdamHyper): boolean {
  const backend = getBackend();
  const kernel = backend.adamUpdate;
  if (!kernel || h.amsgrad || h.maximize || (h.weightDecay !== 0 && !h.decoupledWeightDecay)) return false;
  if (!(param instanceof Float32Array && grad instanceof Float32Array)) return false;
  if (!(state.expAvg instanceof Float32Array && state.expAvgSq instanceof Float32Array)) return false;
  // Move the moments into the backend's own memory once, so its kernel updates them in place.
  if (backend.stateBuffer && !backendState.has(state.expAvg)) {
    const m = backend.stateBuffer(param.length);
    const v = m && backend.stateBuffer(param.length);
    if (m && v) {
      m.set(state.expAvg);
      v.set(state.expAvgSq);
      state.expAvg = m;
      state.expAvgSq = v;
      backendState.add(m);
    }
  }
  const { expAvg, expAvgSq } = state;
  state.step += 1;
  kernel(param, grad, expAvg, expAvgSq, {
    lr: h.lr, beta1: h.betas[0], beta2: h.betas[1], eps: h.eps, step: state.step,
    weightDecay: h.decoupledWeightDecay ? h.weightDecay : 0,
  });
  return true;
}
