// Functional differentiation: gradients of a function's output with respect to its inputs, returned
// as values (like `jax.grad` / `torch.autograd.grad`), without touching any tensor's `.grad`.

import { DTypeError } from '../errors.js';
import { isFloat } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';
import { zerosLike } from '../tensor/creation.js';
import { propagate, seedFor, type BackwardOptions } from './engine.js';

/** Options of `grad` and `valueAndGrad`. */
export interface GradOptions extends BackwardOptions {
  /** Cotangent for a non-scalar output (shaped like the output). */
  gradOutput?: Tensor;
}

/**
 * Calls `fn(...inputs)` on fresh leaves that share the inputs' storage and returns the output with
 * d output / d input for each input (zeros where the output does not depend on it).
 */
export function valueAndGrad(
  fn: (...xs: Tensor[]) => Tensor,
  inputs: readonly Tensor[],
  opts: GradOptions = {},
): { value: Tensor; grads: Tensor[] } {
  const leaves = inputs.map((t, i) => {
    if (!isFloat(t.dtype)) throw new DTypeError(`grad: input ${i} is ${t.dtype}; only float inputs can be differentiated`);
    return opts.createGraph && t.requiresGrad ? t : t.detach().requiresGrad_(true);
  });
  const value = fn(...leaves);
  const seed = seedFor('grad', value, opts.gradOutput);
  const found = new Map<Tensor, Tensor>();
  const wanted = new Set(leaves);
  propagate(value, seed, (t, g) => {
    if (!wanted.has(t)) return;
    const prev = found.get(t);
    found.set(t, prev ? prev.add(g) : g);
  }, opts);
  return { value, grads: leaves.map((t) => found.get(t) ?? zerosLike(t)) };
}

/** Gradients of `fn` at `inputs` (see `valueAndGrad`). */
export function grad(fn: (...xs: Tensor[]) => Tensor, inputs: readonly Tensor[], opts: GradOptions = {}): Tensor[] {
  return valueAndGrad(fn, inputs, opts).grads;
}
