// The `unfold` (im2col) and `fold` (col2im) primitives, unchecked, for the conv and pooling ops and
// the gradient rules. Not re-exported from the ops barrel: users call `unfold`/`fold` in unfold.ts.

import { run } from '../autograd/engine.js';
import type { UnfoldAttrs } from '../autograd/primitives.js';
import type { Tensor } from '../tensor/tensor.js';

/** The unfold primitive: images [N, C, H, W] -> columns laid out as `attrs.layout` says. */
export function unfoldPrim(x: Tensor, attrs: UnfoldAttrs): Tensor {
  return run('unfold', [x], attrs);
}

/** The fold primitive: columns -> images [N, C, H, W], overlapping windows summed. */
export function foldPrim(cols: Tensor, attrs: UnfoldAttrs): Tensor {
  return run('fold', [cols], attrs);
}
