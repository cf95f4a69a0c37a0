// Primitives that only gradient rules create (not user-facing ops, so not in the ops barrel): ReLU's
// vector-Jacobian product.

import { run } from '../autograd/engine.js';
import type { Tensor } from '../tensor/tensor.js';

/** ReLU's gradient primitive: g where y > 0, else 0 (y: relu's output). */
export function reluGradPrim(g: Tensor, y: Tensor): Tensor {
  return run('reluGrad', [g, y], {});
}
