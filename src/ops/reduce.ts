// Reductions with `axis` and `keepdim`: sum, mean, max, min, argmax, argmin, var, std, logsumexp.

import { ValueError } from '../errors.js';
import { run } from '../autograd/engine.js';
import { isFloat } from '../tensor/dtype.js';
import { normAxes, normAxis, sizeOf } from '../tensor/shape.js';
import type { Axis, ReduceOptions, Tensor } from '../tensor/tensor.js';
import { cast, where } from './elementwise.js';

/** Options of `variance` and `std`. */
export interface VarOptions extends ReduceOptions {
  /** Subtracted from the count in the denominator: 1 = unbiased (default, as PyTorch), 0 = population. */
  correction?: number;
}

function reduceWith(p: 'sum' | 'max' | 'min', x: Tensor, axis: Axis, opts: ReduceOptions = {}): Tensor {
  const axes = normAxes(p, axis, x.ndim, x.shape);
  if (p !== 'sum') {
    for (const a of axes) {
      if (x.shape[a] === 0) throw new ValueError(`${p}: cannot reduce the empty axis ${a} of a tensor of shape [${x.shape.join(',')}]`);
    }
  }
  return run(p, [x], { axes, keepdim: opts.keepdim ?? false });
}

/** Sum over `axis` (all axes when omitted). */
export function sum(x: Tensor, axis?: Axis, opts?: ReduceOptions): Tensor {
  return reduceWith('sum', x, axis, opts);
}

/** Mean over `axis`; integer tensors give float32. */
export function mean(x: Tensor, axis?: Axis, opts?: ReduceOptions): Tensor {
  const xf = isFloat(x.dtype) ? x : cast(x, 'float32');
  const n = countOf(x, axis, 'mean');
  return reduceWith('sum', xf, axis, opts).div(n);
}

/** Maximum over `axis`; the gradient is split evenly among tied maxima. */
export function max(x: Tensor, axis?: Axis, opts?: ReduceOptions): Tensor {
  return reduceWith('max', x, axis, opts);
}

/** Minimum over `axis`; the gradient is split evenly among tied minima. */
export function min(x: Tensor, axis?: Axis, opts?: ReduceOptions): Tensor {
  return reduceWith('min', x, axis, opts);
}

function argReduce(p: 'argmax' | 'argmin', x: Tensor, axis: number | undefined, opts: ReduceOptions = {}): Tensor {
  if (axis === undefined) {
    if (x.size === 0) throw new ValueError(`${p}: cannot take ${p} of an empty tensor`);
    return run(p, [x.reshape([x.size])], { axis: 0, keepdim: false });
  }
  const a = normAxis(p, axis, x.ndim, x.shape);
  if (x.shape[a] === 0) throw new ValueError(`${p}: cannot reduce the empty axis ${a}`);
  return run(p, [x], { axis: a, keepdim: opts.keepdim ?? false });
}

/** Index of the largest value along `axis` (of the flattened tensor when omitted), as int32. */
export function argmax(x: Tensor, axis?: number, opts?: ReduceOptions): Tensor {
  return argReduce('argmax', x, axis, opts);
}

/** Index of the smallest value along `axis` (of the flattened tensor when omitted), as int32. */
export function argmin(x: Tensor, axis?: number, opts?: ReduceOptions): Tensor {
  return argReduce('argmin', x, axis, opts);
}

function countOf(x: Tensor, axis: Axis, op: string): number {
  return sizeOf(normAxes(op, axis, x.ndim, x.shape).map((a) => x.shape[a]!));
}

/** Variance `sum((x - mean)^2) / (N - correction)` over `axis`. */
export function variance(x: Tensor, axis?: Axis, opts: VarOptions = {}): Tensor {
  const correction = opts.correction ?? 1;
  const n = countOf(x, axis, 'var');
  const d = x.sub(mean(x, axis, { keepdim: true }));
  return reduceWith('sum', d.mul(d), axis, opts).div(Math.max(n - correction, 0));
}

/** Standard deviation, the square root of `variance`. */
export function std(x: Tensor, axis?: Axis, opts: VarOptions = {}): Tensor {
  return variance(x, axis, opts).sqrt();
}

/**
 * log(sum(exp(x))) over `axis`, computed as m + log(sum(exp(x - m))) with m = max(x) so large
 * inputs do not overflow. Its gradient is softmax(x).
 */
export function logsumexp(x: Tensor, axis?: Axis, opts: ReduceOptions = {}): Tensor {
  const xf = isFloat(x.dtype) ? x : cast(x, 'float32');
  const m0 = max(xf, axis, { keepdim: true }).detach();
  // NOTE: when the max is +-Infinity, shifting by it would give NaN; shift by 0 there instead.
  const m = where(m0.abs().eq(Infinity), 0, m0);
  const s = sum(xf.sub(m).exp(), axis, { keepdim: true }).log().add(m);
  return opts.keepdim ? s : s.reshape(reduceShape(x.shape, normAxes('logsumexp', axis, x.ndim, x.shape)));
}

function reduceShape(shape: readonly number[], axes: number[]): number[] {
  return shape.filter((_, i) => !axes.includes(i));
}
