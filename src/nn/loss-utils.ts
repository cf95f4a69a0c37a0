// Shared checks of the loss functions: reductions, matching shapes, and class labels (dtype, shape,
// integer values, range), so every loss reports bad input the same way, naming itself and the value.

import { DTypeError, ShapeError, ValueError, fmtShape } from '../errors.js';
import { isFloat } from '../tensor/dtype.js';
import { arange } from '../tensor/creation.js';
import { Tensor } from '../tensor/tensor.js';

/** How a loss combines its per-element values: their mean (default), their sum, or none (kept). */
export type Reduction = 'mean' | 'sum' | 'none';

/** Throws unless `r` is a known reduction. */
export function checkReduction(op: string, r: unknown): Reduction {
  if (r !== 'mean' && r !== 'sum' && r !== 'none') throw new ValueError(`${op}: reduction must be 'mean', 'sum' or 'none', got '${String(r)}'`);
  return r;
}

/** Applies `reduction` to per-element losses. */
export function reduce(loss: Tensor, reduction: Reduction): Tensor {
  return reduction === 'none' ? loss : reduction === 'sum' ? loss.sum() : loss.mean();
}

/** The multi-index of flat position `flat` in `shape`, formatted `[i,j]`. */
export function fmtIndex(flat: number, shape: readonly number[]): string {
  const idx: number[] = [];
  let r = flat;
  for (let a = shape.length - 1; a >= 0; a--) {
    const d = shape[a]!;
    idx.unshift(d === 0 ? 0 : r % d);
    r = d === 0 ? 0 : Math.floor(r / d);
  }
  return `[${idx.join(',')}]`;
}

/** Throws unless `x` is a float tensor. */
export function checkFloatInput(op: string, name: string, x: unknown): Tensor {
  if (!(x instanceof Tensor)) throw new ValueError(`${op}: ${name} must be a Tensor, got ${x === null ? 'null' : typeof x}`);
  if (!isFloat(x.dtype)) throw new DTypeError(`${op}: ${name} must be a float tensor, got ${x.dtype}`);
  return x;
}

/** Checks that `target` is a tensor shaped like `input` and returns it cast to input's dtype. */
export function checkTargetLike(op: string, input: Tensor, target: unknown): Tensor {
  if (!(target instanceof Tensor)) throw new ValueError(`${op}: target must be a Tensor, got ${target === null ? 'null' : typeof target}`);
  if (target.shape.length !== input.shape.length || target.shape.some((d, i) => d !== input.shape[i])) {
    throw new ShapeError(`${op}: input ${fmtShape(input.shape)} and target ${fmtShape(target.shape)} must have the same shape`);
  }
  return target.dtype === input.dtype ? target : target.to(input.dtype);
}

/** Throws a ValueError naming the first element of `t` outside [lo, hi] (and how many there are). */
export function checkRange(op: string, name: string, t: Tensor, lo: number, hi: number): void {
  const d = t.data;
  let first = -1;
  let count = 0;
  for (let i = 0; i < d.length; i++) {
    const v = d[i]!;
    if (!(v >= lo && v <= hi)) {
      if (first < 0) first = i;
      count++;
    }
  }
  if (first >= 0) {
    throw new ValueError(
      `${op}: ${name} must be in [${lo}, ${hi}], got ${d[first]} at index ${fmtIndex(first, t.shape)}` +
        (count > 1 ? ` (and ${count - 1} more)` : ''),
    );
  }
}

/**
 * Validates class labels: an int32 tensor of `shape` with values in [0, numClasses) or equal to
 * `ignoreIndex`. Float labels are refused (naming a non-integer value if there is one).
 */
export function checkLabels(op: string, labels: unknown, numClasses: number, shape: readonly number[], ignoreIndex?: number): Tensor {
  if (!(labels instanceof Tensor)) throw new ValueError(`${op}: labels must be an int32 Tensor, got ${labels === null ? 'null' : typeof labels}`);
  const d = labels.data;
  if (labels.dtype !== 'int32') {
    for (let i = 0; i < d.length; i++) {
      if (!Number.isInteger(d[i])) {
        throw new ValueError(`${op}: label ${d[i]} at index ${fmtIndex(i, labels.shape)} is not an integer class index`);
      }
    }
    throw new DTypeError(`${op}: labels must be int32 class indices, got ${labels.dtype} (convert with labels.int())`);
  }
  if (labels.shape.length !== shape.length || labels.shape.some((s, i) => s !== shape[i])) {
    throw new ShapeError(`${op}: labels of shape ${fmtShape(labels.shape)} do not fit the input (expected labels of shape ${fmtShape(shape)})`);
  }
  let first = -1;
  let count = 0;
  for (let i = 0; i < d.length; i++) {
    const v = d[i]!;
    if (v !== ignoreIndex && (v < 0 || v >= numClasses)) {
      if (first < 0) first = i;
      count++;
    }
  }
  if (first >= 0) {
    throw new ValueError(
      `${op}: label ${d[first]} at index ${fmtIndex(first, labels.shape)} is out of range for ${numClasses} classes ` +
        `(expected 0..${numClasses - 1}${ignoreIndex !== undefined ? ` or ignoreIndex ${ignoreIndex}` : ''})` +
        (count > 1 ? `; ${count - 1} more labels are out of range` : ''),
    );
  }
  return labels;
}

/**
 * One-hot encoding of `labels` as a float tensor of `dtype` with the class axis inserted at `axis`,
 * built as arange(C) == labels so it is a plain op (no gradient is needed through labels).
 */
export function oneHot(labels: Tensor, numClasses: number, axis: number, dtype: Tensor['dtype']): Tensor {
  const shape = new Array<number>(labels.ndim + 1).fill(1);
  shape[axis] = numClasses;
  return arange(numClasses).reshape(shape).eq(labels.unsqueeze(axis)).to(dtype);
}

/** A [C] class-weight tensor reshaped to broadcast along `axis` of an input of rank `ndim`. */
export function classWeight(op: string, weight: Tensor | undefined, numClasses: number, axis: number, ndim: number, like: Tensor): Tensor | null {
  if (weight === undefined) return null;
  if (!(weight instanceof Tensor) || weight.ndim !== 1 || weight.shape[0] !== numClasses) {
    throw new ShapeError(`${op}: weight must be a tensor of shape [${numClasses}] (one per class), got ${weight instanceof Tensor ? fmtShape(weight.shape) : typeof weight}`);
  }
  const shape = new Array<number>(ndim).fill(1);
  shape[axis] = numClasses;
  return weight.to(like.dtype).reshape(shape);
}
