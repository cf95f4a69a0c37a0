// Regression and binary-classification losses as functions of (input, target), each with a
// `reduction`. Class-label losses are in classification-losses.ts; module wrappers in loss-modules.ts.

import { ValueError } from '../errors.js';
import { where } from '../ops/elementwise.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkFloatInput, checkRange, checkReduction, checkTargetLike, reduce, type Reduction } from './loss-utils.js';

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

/**
 * log sigma(x), stable for any x: -log(1 + e^-x) for x >= 0 and x - log(1 + e^x) for x < 0, so no
 * exponential overflows. NOTE: each branch sees only its own half of x (double where), so the gradient
 * 1 - sigma(x) is exact everywhere, including x = 0.
 */
export function logSigmoid(x: Tensor): Tensor {
  const nonneg = x.ge(0);
  const a = where(nonneg, x, 0);
  const b = where(nonneg, 0, x);
  return where(nonneg, a.neg().exp().add(1).log().neg(), b.sub(b.exp().add(1).log()));
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
