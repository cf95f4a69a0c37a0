// Losses over class scores: cross-entropy from logits, negative log-likelihood, and the hinge losses of
// SVMs. Labels are int32 class indices, validated up front; the one-hot masks are built with ops.

import { ValueError, fmtShape, ShapeError } from '../errors.js';
import { logSoftmax, relu } from '../ops/activations.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkFloatInput, checkLabels, checkRange, checkReduction, classWeight, fmtIndex, oneHot, reduce, type Reduction } from './loss-utils.js';

/** Options of `nllLoss` and `crossEntropy`. */
export interface NLLLossOptions {
  /** Per-class weights, shape [C]; the mean then divides by the sum of the weights of the targets. */
  weight?: Tensor;
  /** Label value whose samples contribute nothing (PyTorch uses -100 by default; here none unless given). */
  ignoreIndex?: number;
  /** 'mean' (default), 'sum' or 'none'. */
  reduction?: Reduction;
}

/** Options of `crossEntropy`. */
export interface CrossEntropyOptions extends NLLLossOptions {
  /** epsilon in [0, 1]: the target becomes (1 - epsilon) onehot + epsilon / C (Szegedy et al. 2016). */
  labelSmoothing?: number;
}

function classAxisOf(op: string, input: Tensor): { axis: number; numClasses: number; labelShape: number[] } {
  if (input.ndim === 0) throw new ShapeError(`${op}: input must have a class axis, got a scalar`);
  const axis = input.ndim === 1 ? 0 : 1;
  return { axis, numClasses: input.shape[axis]!, labelShape: input.shape.filter((_, i) => i !== axis) };
}

/**
 * Weighted -sum_c w_c q_c logp_c per sample for target distributions q (one-hot, smoothed or given),
 * reduced as PyTorch: the mean divides by `denominator` when given (sum of target weights), else by the count.
 */
function weightedNll(logp: Tensor, q: Tensor, w: Tensor | null, axis: number, valid: Tensor | null, reduction: Reduction, denominator: Tensor | null): Tensor {
  let prod = q.mul(logp);
  if (w) prod = prod.mul(w);
  let per = prod.sum(axis).neg();
  if (valid) per = per.mul(valid);
  if (reduction === 'mean' && denominator) return per.sum().div(denominator);
  return reduce(per, reduction);
}

function prepare(op: string, input: Tensor, labels: Tensor, opts: NLLLossOptions): {
  axis: number; numClasses: number; onehot: Tensor; w: Tensor | null; valid: Tensor | null; denominator: Tensor;
} {
  const { axis, numClasses, labelShape } = classAxisOf(op, input);
  if (opts.ignoreIndex !== undefined && !Number.isInteger(opts.ignoreIndex)) {
    throw new ValueError(`${op}: ignoreIndex must be an integer, got ${opts.ignoreIndex}`);
  }
  checkLabels(op, labels, numClasses, labelShape, opts.ignoreIndex);
  const onehot = oneHot(labels, numClasses, axis, input.dtype);
  const w = classWeight(op, opts.weight, numClasses, axis, input.ndim, input);
  const valid = opts.ignoreIndex === undefined ? null : labels.ne(opts.ignoreIndex).to(input.dtype);
  // Sum over samples of w[y_i] (1 without weights) for non-ignored samples: the mean's denominator.
  let targetW = w ? onehot.mul(w).sum(axis) : onehot.sum(axis);
  if (valid) targetW = targetW.mul(valid);
  return { axis, numClasses, onehot, w, valid, denominator: targetW.sum().detach() };
}

/**
 * Negative log-likelihood of class labels given log-probabilities `input` ([C], [N, C] or [N, C, d...]):
 * -w[y] logp[y] per sample; the mean divides by sum_i w[y_i] (PyTorch's weighted mean).
 */
export function nllLoss(input: Tensor, labels: Tensor, opts: NLLLossOptions = {}): Tensor {
  checkFloatInput('nllLoss', 'input', input);
  const reduction = checkReduction('nllLoss', opts.reduction ?? 'mean');
  const { axis, onehot, w, valid, denominator } = prepare('nllLoss', input, labels, opts);
  return weightedNll(input, onehot, w, axis, valid, reduction, denominator);
}

/**
 * Cross-entropy from logits ([C], [N, C] or [N, C, d...], class axis 1) with int32 labels, computed as
 * -sum_c w_c q_c logSoftmax(x)_c with the stable log-softmax; q is the one-hot target, smoothed to
 * (1 - epsilon) onehot + epsilon / C with `labelSmoothing`. The mean divides by sum_i w[y_i] as PyTorch.
 * `target` may instead be class probabilities shaped like the logits (then the mean is over samples).
 */
export function crossEntropy(input: Tensor, target: Tensor, opts: CrossEntropyOptions = {}): Tensor {
  checkFloatInput('crossEntropy', 'input', input);
  const reduction = checkReduction('crossEntropy', opts.reduction ?? 'mean');
  const eps = opts.labelSmoothing ?? 0;
  if (!(eps >= 0 && eps <= 1)) throw new ValueError(`crossEntropy: labelSmoothing must be in [0, 1], got ${eps}`);
  const { axis, numClasses } = classAxisOf('crossEntropy', input);
  const logp = logSoftmax(input, axis);
  const isProbTarget = target.dtype !== 'int32' && target.ndim === input.ndim && target.shape.every((d, i) => d === input.shape[i]);
  if (isProbTarget) {
    if (opts.ignoreIndex !== undefined) throw new ValueError('crossEntropy: ignoreIndex needs class labels, not probability targets');
    checkRange('crossEntropy', 'probability target', target, 0, 1);
    let q = target.to(input.dtype);
    if (eps > 0) q = q.mul(1 - eps).add(eps / numClasses);
    const w = classWeight('crossEntropy', opts.weight, numClasses, axis, input.ndim, input);
    return weightedNll(logp, q, w, axis, null, reduction, null);
  }
  const { onehot, w, valid, denominator } = prepare('crossEntropy', input, target, opts);
  const q = eps > 0 ? onehot.mul(1 - eps).add(eps / numClasses) : onehot;
  return weightedNll(logp, q, w, axis, valid, reduction, denominator);
}

/** Options of `hingeLoss`. */
export interface HingeLossOptions {
  /** The margin (default 1). */
  margin?: number;
  /** 1 (default) for the hinge, 2 for the squared hinge. */
  p?: 1 | 2;
  /** Multi-class only: per-class weights [C], applied as w[y_i] to sample i (as MultiMarginLoss). */
  weight?: Tensor;
  /**
   * Multi-class form: 'westonWatkins' (default, = torch.nn.MultiMarginLoss): sum over j != y of
   * max(0, margin - x_y + x_j)^p, divided by C; 'crammerSinger': max over j != y of the same (no division).
   */
  multiClass?: 'westonWatkins' | 'crammerSinger';
  /** 'mean' (default), 'sum' or 'none'. */
  reduction?: Reduction;
}

/**
 * The SVM hinge loss.
 * - Binary: `labels` shaped like `input` with values -1 or 1: max(0, margin - y f(x))^p.
 * - Multi-class: `input` [N, C] (or [C]) scores and int32 labels [N] (or []): see `multiClass`.
 */
export function hingeLoss(input: Tensor, labels: Tensor, opts: HingeLossOptions = {}): Tensor {
  checkFloatInput('hingeLoss', 'input', input);
  const { margin = 1, p = 1, multiClass = 'westonWatkins' } = opts;
  const reduction = checkReduction('hingeLoss', opts.reduction ?? 'mean');
  if (p !== 1 && p !== 2) throw new ValueError(`hingeLoss: p must be 1 or 2, got ${String(p)}`);
  if (!Number.isFinite(margin)) throw new ValueError(`hingeLoss: margin must be finite, got ${margin}`);
  const binary = labels.ndim === input.ndim && labels.shape.every((d, i) => d === input.shape[i]);
  if (binary) {
    const d = labels.data;
    for (let i = 0; i < d.length; i++) {
      if (d[i] !== 1 && d[i] !== -1) {
        throw new ValueError(
          `hingeLoss: binary labels must be -1 or 1, got ${d[i]} at index ${fmtIndex(i, labels.shape)} (map 0/1 labels with 2 * y - 1)`,
        );
      }
    }
    if (opts.weight !== undefined) throw new ValueError('hingeLoss: weight (per class) applies to multi-class labels only');
    const h = relu(labels.to(input.dtype).mul(input).neg().add(margin));
    return reduce(p === 2 ? h.square() : h, reduction);
  }
  if (input.ndim > 2) throw new ShapeError(`hingeLoss: multi-class scores must be [N, C] or [C], got ${fmtShape(input.shape)}`);
  if (multiClass !== 'westonWatkins' && multiClass !== 'crammerSinger') {
    throw new ValueError(`hingeLoss: multiClass must be 'westonWatkins' or 'crammerSinger', got '${String(multiClass)}'`);
  }
  const { axis, numClasses, onehot, w } = prepare('hingeLoss', input, labels, { weight: opts.weight });
  const scoreOfY = input.mul(onehot).sum(axis, { keepdim: true });
  let h = relu(input.sub(scoreOfY).add(margin)).mul(onehot.neg().add(1));
  if (p === 2) h = h.square();
  let per = multiClass === 'westonWatkins' ? h.sum(axis).div(numClasses) : h.max(axis);
  if (w) per = per.mul(onehot.mul(w).sum(axis));
  return reduce(per, reduction);
}
