// Metrics for classification and regression, computed from tensors without recording gradients.

import { ShapeError, ValueError, fmtShape } from '../errors.js';
import { noGrad } from '../autograd/grad-mode.js';
import type { Tensor } from '../tensor/tensor.js';

function labelsOf(op: string, pred: Tensor, target: Tensor): { p: ArrayLike<number>; t: ArrayLike<number> } {
  const p = pred.ndim === target.ndim + 1 ? noGrad(() => pred.argmax(-1)) : pred;
  if (p.size !== target.size) {
    throw new ShapeError(`${op}: predictions ${fmtShape(pred.shape)} do not match targets ${fmtShape(target.shape)}`);
  }
  return { p: p.data, t: target.data };
}

/**
 * Fraction of correct predictions. `pred` holds class scores [N, C] (argmax is taken) or labels
 * [N]; `target` holds labels [N]. For a single-logit binary output [N, 1] pass labels yourself.
 */
export function accuracy(pred: Tensor, target: Tensor): number {
  const { p, t } = labelsOf('accuracy', pred, target);
  if (t.length === 0) return NaN;
  let ok = 0;
  for (let i = 0; i < t.length; i++) if (p[i] === t[i]) ok++;
  return ok / t.length;
}

/** Counts `m[true][predicted]` for `numClasses` classes. */
export function confusionMatrix(pred: Tensor, target: Tensor, numClasses: number): number[][] {
  const { p, t } = labelsOf('confusionMatrix', pred, target);
  const m = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  for (let i = 0; i < t.length; i++) {
    const ti = t[i]!;
    const pi = p[i]!;
    if (!(ti >= 0 && ti < numClasses && pi >= 0 && pi < numClasses && Number.isInteger(ti) && Number.isInteger(pi))) {
      throw new ValueError(`confusionMatrix: label ${ti} or prediction ${pi} at row ${i} is not a class index in [0, ${numClasses})`);
    }
    m[ti]![pi]!++;
  }
  return m;
}

function pairwise(op: string, pred: Tensor, target: Tensor, f: (d: number) => number): number {
  if (pred.size !== target.size) throw new ShapeError(`${op}: predictions ${fmtShape(pred.shape)} do not match targets ${fmtShape(target.shape)}`);
  const p = pred.data;
  const t = target.data;
  let s = 0;
  for (let i = 0; i < p.length; i++) s += f(p[i]! - t[i]!);
  return s / p.length;
}

/** Mean squared error (1/N) sum (y - y_target)^2, as a number. */
export function meanSquaredError(pred: Tensor, target: Tensor): number {
  return pairwise('meanSquaredError', pred, target, (d) => d * d);
}

/** Mean absolute error (1/N) sum |y - y_target|, as a number. */
export function meanAbsoluteError(pred: Tensor, target: Tensor): number {
  return pairwise('meanAbsoluteError', pred, target, Math.abs);
}
