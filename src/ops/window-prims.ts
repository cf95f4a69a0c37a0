// The sliding-window primitives, unchecked, for the conv and pooling ops and the gradient rules:
// unfold (im2col), fold (col2im), maxPool and its gradient, conv2d and its gradients. Not re-exported
// from the ops barrel.

import { run } from '../autograd/engine.js';
import type { ConvAttrs, UnfoldAttrs, WindowAttrs } from '../autograd/primitives.js';
import { arange } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { where } from './elementwise.js';

/** The unfold primitive: images [N, C, H, W] -> columns laid out as `attrs.layout` says. */
export function unfoldPrim(x: Tensor, attrs: UnfoldAttrs): Tensor {
  return run('unfold', [x], attrs);
}

/** The fold primitive: columns -> images [N, C, H, W], overlapping windows summed. */
export function foldPrim(cols: Tensor, attrs: UnfoldAttrs): Tensor {
  return run('fold', [cols], attrs);
}

/** The maxPool primitive: [N, C, H, W] -> [N, C, OH, OW]. */
export function maxPoolPrim(x: Tensor, attrs: WindowAttrs): Tensor {
  return run('maxPool', [x], attrs);
}

/** The maxPoolGrad primitive: g [N, C, OH, OW] routed to the first maximum of each window of x. */
export function maxPoolGradPrim(g: Tensor, x: Tensor, attrs: WindowAttrs): Tensor {
  return run('maxPoolGrad', [g, x], attrs);
}

/**
 * The conv2d primitive: x [N, C, H, W], w [O, C/groups, kh, kw] and an optional bias [O] of x's dtype
 * (added in the backend's kernel, saving a pass over the output) -> [N, O, OH, OW].
 */
export function conv2dPrim(x: Tensor, w: Tensor, attrs: ConvAttrs, bias?: Tensor | null): Tensor {
  return run('conv2d', bias ? [x, w, bias] : [x, w], attrs);
}

/** conv2d's gradient for its input: g [N, O, OH, OW], w -> [N, C, H, W]. */
export function conv2dInputGradPrim(g: Tensor, w: Tensor, attrs: ConvAttrs): Tensor {
  return run('conv2dInputGrad', [g, w], attrs);
}

/** conv2d's gradient for its weight: g [N, O, OH, OW], x -> [O, C/groups, kh, kw]. */
export function conv2dWeightGradPrim(g: Tensor, x: Tensor, attrs: ConvAttrs): Tensor {
  return run('conv2dWeightGrad', [g, x], attrs);
}

/**
 * gg [N, C, H, W] read at the first maximum of each window of x: the adjoint of maxPoolGrad in g
 * (its double-backward). Built from unfold, argmax and where; only second derivatives use it.
 */
export function maxPoolSelect(gg: Tensor, x: Tensor, attrs: WindowAttrs): Tensor {
  const [n, c, h, w] = x.shape as [number, number, number, number];
  const kk = attrs.kernel[0] * attrs.kernel[1];
  const ua: UnfoldAttrs = { ...attrs, layout: 'nkl', value: -Infinity };
  const first = unfoldPrim(x.reshape([n * c, 1, h, w]), ua).argmax(1, { keepdim: true });
  const onehot = first.eq(arange(kk, undefined, { dtype: 'int32' }).reshape([1, kk, 1]));
  const gu = unfoldPrim(gg.reshape([n * c, 1, h, w]), { ...ua, value: 0 });
  return where(onehot, gu, 0).sum(1).reshape([n, c, ...attrs.outSize]);
}
