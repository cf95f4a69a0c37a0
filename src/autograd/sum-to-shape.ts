// The one place where a broadcast gradient is summed back to its input's shape.

import type { Tensor } from '../tensor/tensor.js';
import { sameShape } from '../tensor/shape.js';

/**
 * Sums `g` (shaped like a broadcast result) down to `shape`: over the leading axes the input lacked,
 * and over the axes where the input had size 1. Written with ops, so it is itself differentiable.
 */
export function sumToShape(g: Tensor, shape: readonly number[]): Tensor {
  if (sameShape(g.shape, shape)) return g;
  const lead = g.shape.length - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < g.shape.length; i++) {
    if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) axes.push(i);
  }
  return g.sum(axes).reshape(shape);
}
