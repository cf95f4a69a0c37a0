// Argument checks of the recurrent layers and cells, kept apart from the recurrence so the messages
// (which name the layer and the shapes, as `torch.nn.LSTM` does) are in one place.

import { DTypeError, ShapeError, ValueError, fmtShape } from '../../errors.js';
import { Tensor } from '../../tensor/tensor.js';

/** Checks that `v` is a positive integer option of `layer`. */
export function checkPositiveInt(layer: string, name: string, v: number): void {
  if (!Number.isInteger(v) || v < 1) throw new ValueError(`${layer}: ${name} must be a positive integer, got ${v}`);
}

/** Checks that `x` is a tensor of the parameters' dtype. */
export function checkTensor(layer: string, what: string, x: unknown, dtype: string): asserts x is Tensor {
  if (!(x instanceof Tensor)) throw new ValueError(`${layer}: ${what} must be a Tensor, got ${x === null ? 'null' : typeof x}`);
  if (x.dtype !== dtype) {
    throw new DTypeError(`${layer}: ${what} has dtype ${x.dtype} but the parameters are ${dtype} (convert one with .to('${dtype}') or the module with .double()/.float())`);
  }
}

/** Checks that `t` has exactly `shape`. */
export function checkShape(layer: string, what: string, t: Tensor, shape: readonly number[]): void {
  if (t.ndim !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
    throw new ShapeError(`${layer}: expected ${what} of shape ${fmtShape(shape)}, got ${fmtShape(t.shape)}`);
  }
}

/**
 * Validates `lengths` (one per batch entry, each in [1, steps], any order) and returns them as numbers;
 * `lengths` may be an array or a 1-D tensor.
 */
export function checkLengths(layer: string, lengths: readonly number[] | Tensor, batch: number, steps: number): number[] {
  const arr = lengths instanceof Tensor ? (lengths.ndim === 1 ? Array.from(lengths.data, Number) : null) : Array.isArray(lengths) ? [...lengths] : null;
  if (arr === null) {
    const got = lengths instanceof Tensor ? `a tensor of shape ${fmtShape(lengths.shape)}` : typeof lengths;
    throw new ValueError(`${layer}: lengths must be an array or 1-D tensor of ${batch} sequence lengths, got ${got}`);
  }
  if (arr.length !== batch) throw new ShapeError(`${layer}: lengths has ${arr.length} entries but the batch has ${batch} sequences`);
  arr.forEach((n, b) => {
    if (!Number.isInteger(n) || n < 1 || n > steps) {
      throw new ValueError(`${layer}: lengths[${b}] = ${n} must be an integer in [1, ${steps}] (the input has ${steps} time steps)`);
    }
  });
  return arr;
}
