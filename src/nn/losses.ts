// Regression and binary-classification losses as functions of (input, target), each with a
// `reduction`. Class-label losses are in classification-losses.ts; module wrappers in loss-modules.ts.

import { ValueError } from '../errors.js';
import { where } from '../ops/elementwise.js';
import { checkKeys } from '../ops/check-options.js';
import { logSigmoid } from '../ops/extra-activations.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkFloatInput, checkRange, checkReduction, checkTargetLike, reduce, type Reduction } from './loss-utils.js';

/** `logSigmoid` lives with the ops (src/ops/extra-activations.ts); re-exported for `nn.logSigmoid`. */
export { logSigmoid } from '../ops/extra-activations.js';

/** Common option of every loss. */
export interface LossOptions {
  /** 'mean' (default), 'sum' or 'none' (per-element losses). */
  reduction?: Reduction;
}

/**
 * Mean squared error, the lecture's Q = (y_target - y)^2 per element, averaged (default) or summed:
 * mean((input - target)^2). Input and target must have the same shape.
 */
export function mseLoss(input: Tensor, target: Tensor, { reduction = 'mean' }: LossOptions = {}): Tensor {
  checkFloatInput('mseLoss', 'input', input);
  const t = checkTargetLike('mseLoss', input, target);
  return reduce(t.sub(input).square(), checkReduction('mseLoss', reduction));
}

/** Mean absolute error, |input - target| per element (gradient sign(input - target), 0 at a tie). */
export function l1Loss(input: Tensor, target: Tensor, { reduction = 'mean' }: LossOptions = {}): Tensor {
  checkFloatInput('l1Loss', 'input', input);
  const t = checkTargetLike('l1Loss', input, target);
  return reduce(input.sub(t).abs(), checkReduction('l1Loss', reduction));
}

/** Options of `smoothL1Loss`. */
export interface SmoothL1LossOptions extends LossOptions {
  /** Where the loss turns from quadratic to linear (default 1; 0 gives `l1Loss`; must be >= 0). */
  beta?: number;
}

/**
 * Smooth L1 loss (Girshick 2015, `torch.nn.functional.smooth_l1_loss`) of d = input - target:
 * 0.5 d^2 / beta where |d| < beta, |d| - 0.5 beta elsewhere. Its gradient is d / beta inside and
 * sign(d) outside (continuous at |d| = beta; 0 at d = 0). beta = 0 is `l1Loss` (as PyTorch documents;
 * its gradient at d = 0 is then 0, where PyTorch 1.13's beta = 0 kernel gives -1).
 */
export function smoothL1Loss(input: Tensor, target: Tensor, opts: SmoothL1LossOptions = {}): Tensor {
  const { reduction: r, beta } = smoothL1Options('smoothL1Loss', opts);
  checkFloatInput('smoothL1Loss', 'input', input);
  const t = checkTargetLike('smoothL1Loss', input, target);
  const d = input.sub(t);
  if (beta === 0) return reduce(d.abs(), r);
  const a = d.abs();
  return reduce(where(a.lt(beta), d.mul(d).mul(0.5 / beta), a.sub(0.5 * beta)), r);
}

/** Checks the options of `smoothL1Loss` (also for `SmoothL1Loss`'s constructor) and fills the defaults. */
export function smoothL1Options(op: string, opts: SmoothL1LossOptions): { reduction: Reduction; beta: number } {
  checkKeys(op, opts, ['reduction', 'beta']);
  const { reduction = 'mean', beta = 1 } = opts;
  if (!(typeof beta === 'number' && beta >= 0 && beta < Infinity)) throw new ValueError(`${op}: beta must be a finite number >= 0, got ${String(beta)}`);
  return { reduction: checkReduction(op, reduction), beta };
}

/** Options of `huberLoss`. */
export interface HuberLossOptions extends LossOptions {
  /** Where the loss turns from quadratic to linear (default 1; must be > 0). */
  delta?: number;
}

/**
 * Huber loss (Huber 1964, `torch.nn.functional.huber_loss`) of d = input - target: 0.5 d^2 where
 * |d| < delta, delta (|d| - 0.5 delta) elsewhere; = delta * smoothL1Loss with beta = delta. The
 * gradient is d inside and delta sign(d) outside (continuous at |d| = delta; 0 at d = 0).
 */
export function huberLoss(input: Tensor, target: Tensor, opts: HuberLossOptions = {}): Tensor {
  const { reduction: r, delta } = huberOptions('huberLoss', opts);
  checkFloatInput('huberLoss', 'input', input);
  const t = checkTargetLike('huberLoss', input, target);
  const d = input.sub(t);
  const a = d.abs();
  return reduce(where(a.lt(delta), d.mul(d).mul(0.5), a.sub(0.5 * delta).mul(delta)), r);
}

/** Checks the options of `huberLoss` (also for `HuberLoss`'s constructor) and fills the defaults. */
export function huberOptions(op: string, opts: HuberLossOptions): { reduction: Reduction; delta: number } {
  checkKeys(op, opts, ['reduction', 'delta']);
  const { reduction = 'mean', delta = 1 } = opts;
  if (!(typeof delta === 'number' && delta > 0 && delta < Infinity)) throw new ValueError(`${op}: delta must be a finite number > 0, got ${String(delta)}`);
  return { reduction: checkReduction(op, reduction), delta };
}

/** log(p) with log(0) = -100 and values clamped to >= -100, as PyTorch's BCELoss (finite gradients). */
function clampedLog(p: Tensor): Tensor {
  const pos = p.gt(0);
  // NOTE: log of where(p > 0, p, 1), so the unused branch gives log(1) = 0 and no 0 * inf = NaN gradient.
  return where(pos, where(pos, p, 1).log().clamp({ min: -100 }), -100);
}

/** Options of `bceLoss`. */
export interface BCELossOptions extends LossOptions {
  /** Per-element rescaling weight (broadcast to the input). */
  weight?: Tensor;
}

/**
 * Binary cross-entropy between probabilities p = input in [0, 1] and targets z in [0, 1]:
 * -w [z log p + (1 - z) log(1 - p)], with each log clamped to >= -100 as PyTorch. Prefer
 * `bceWithLogitsLoss` on logits: it is stable where the sigmoid saturates.
 */
export function bceLoss(input: Tensor, target: Tensor, { weight, reduction = 'mean' }: BCELossOptions = {}): Tensor {
  checkFloatInput('bceLoss', 'input', input);
  const z = checkTargetLike('bceLoss', input, target);
  checkRange('bceLoss', 'input (probabilities)', input, 0, 1);
  checkRange('bceLoss', 'target', z, 0, 1);
  let loss = z.mul(clampedLog(input)).add(z.neg().add(1).mul(clampedLog(input.neg().add(1)))).neg();
  if (weight !== undefined) loss = loss.mul(weight);
  return reduce(loss, checkReduction('bceLoss', reduction));
}

/** Options of `bceWithLogitsLoss`. */
export interface BCEWithLogitsOptions extends BCELossOptions {
  /** Weight of the positive class (broadcast along the last axis), e.g. negatives/positives for imbalance. */
  posWeight?: Tensor;
}

/**
 * Binary cross-entropy on logits x with targets z: -w [pw z log sigma(x) + (1 - z) log(1 - sigma(x))],
 * computed as (1 - z) x - (pw z + 1 - z) log sigma(x) with a stable log sigma; without posWeight this is
 * max(x, 0) - x z + log(1 + e^-|x|). Exact (no overflow, no NaN) even for |x| = 1000.
 */
export function bceWithLogitsLoss(input: Tensor, target: Tensor, { weight, posWeight, reduction = 'mean' }: BCEWithLogitsOptions = {}): Tensor {
  checkFloatInput('bceWithLogitsLoss', 'input', input);
  const z = checkTargetLike('bceWithLogitsLoss', input, target);
  checkRange('bceWithLogitsLoss', 'target', z, 0, 1);
  const ls = logSigmoid(input);
  const oneMinusZ = z.neg().add(1);
  const coef = posWeight === undefined ? 1 : z.mul(posWeight.to(input.dtype)).add(oneMinusZ);
  let loss = oneMinusZ.mul(input).sub(ls.mul(coef));
  if (weight !== undefined) loss = loss.mul(weight);
  return reduce(loss, checkReduction('bceWithLogitsLoss', reduction));
}

/** Options of `klDiv`. */
export interface KLDivOptions {
  /** 'mean' (default, over all elements, as PyTorch), 'batchmean' (sum / batch size: the true KL per sample), 'sum' or 'none'. */
  reduction?: Reduction | 'batchmean';
  /** The target is given as log-probabilities (default false). */
  logTarget?: boolean;
}

/**
 * Kullback-Leibler divergence KL(target || q) with `input` = log q: pointwise
 * target (log target - input), where 0 log 0 = 0 (or e^t (t - input) with `logTarget`).
 * Use reduction 'batchmean' for the mathematical KL averaged over the batch.
 */
export function klDiv(input: Tensor, target: Tensor, { reduction = 'mean', logTarget = false }: KLDivOptions = {}): Tensor {
  checkFloatInput('klDiv', 'input', input);
  const t = checkTargetLike('klDiv', input, target);
  let loss: Tensor;
  if (logTarget) {
    loss = t.exp().mul(t.sub(input));
  } else {
    const pos = t.gt(0);
    loss = where(pos, t.mul(where(pos, t, 1).log()), 0).sub(t.mul(input));
  }
  if (reduction === 'batchmean') {
    if (input.ndim === 0) throw new ValueError("klDiv: reduction 'batchmean' needs an input with a batch axis");
    return loss.sum().div(input.shape[0]!);
  }
  return reduce(loss, checkReduction('klDiv', reduction));
}
