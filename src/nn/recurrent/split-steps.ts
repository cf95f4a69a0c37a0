// Splits a [T, ...] sequence into its T steps so that the backward pass stays O(T log T): the gradient
// of each `slice` is a zero-padded copy of its whole input, so T direct slices would cost O(T^2).

import { reshape, slice } from '../../ops/shape.js';
import type { Tensor } from '../../tensor/tensor.js';

/**
 * The T time steps of `x` [T, ...rest], each as a tensor [...rest]. Halves recursively (a binary tree
 * of slices), so each level of the tree pads at most 2 T elements' worth of gradient back.
 *
 * NOTE: why not `index(x, t)` for every t: backward would build T zero-padded [T, ...rest] gradients and
 * add them up, which made the LSTM benchmark (T = 50) spend over half of its step in those pads and sums.
 */
export function splitSteps(x: Tensor): Tensor[] {
  const rest = x.shape.slice(1);
  const out: Tensor[] = [];
  const walk = (part: Tensor): void => {
    const n = part.shape[0]!;
    if (n === 1) {
      out.push(reshape(part, rest));
      return;
    }
    const mid = Math.ceil(n / 2);
    walk(slice(part, 0, { start: 0, end: mid }));
    walk(slice(part, 0, { start: mid, end: n }));
  };
  walk(x);
  return out;
}
