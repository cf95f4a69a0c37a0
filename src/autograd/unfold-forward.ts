// Forward implementations of the `unfold` (im2col) and `fold` (col2im) primitives: shape inference
// and the geometry handed to the backend kernels.

import type { Backend, UnfoldDims } from '../backend/backend.js';
import { allocate } from '../tensor/dtype.js';
import { sizeOf } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import type { RawTensor } from './forward.js';
import type { UnfoldAttrs } from './primitives.js';

/** Kernel geometry of `attrs` for n images of c channels. */
export function unfoldDims(n: number, c: number, a: UnfoldAttrs): UnfoldDims {
  return {
    n, c, h: a.imageSize[0], w: a.imageSize[1],
    kh: a.kernel[0], kw: a.kernel[1], sh: a.stride[0], sw: a.stride[1],
    ph: a.padding[0], pw: a.padding[1], dh: a.dilation[0], dw: a.dilation[1],
    oh: a.outSize[0], ow: a.outSize[1], batchInner: a.layout === 'knl',
  };
}

/** Shape of the columns of n images of c channels. */
export function colsShape(n: number, c: number, a: UnfoldAttrs): number[] {
  const k = c * a.kernel[0] * a.kernel[1];
  const l = a.outSize[0] * a.outSize[1];
  return a.layout === 'knl' ? [k, n, l] : [n, k, l];
}

/** unfold: images [N, C, H, W] -> columns (see UnfoldAttrs.layout). */
export function unfoldForward([x]: readonly Tensor[], a: UnfoldAttrs, be: Backend): RawTensor {
  const [n, c] = x!.shape as [number, number];
  const shape = colsShape(n, c, a);
  const data = allocate(x!.dtype, sizeOf(shape));
  be.unfold(x!.data, unfoldDims(n, c, a), a.value, data);
  return { data, shape, dtype: x!.dtype };
}

/** fold: columns -> images [N, C, H, W], summing overlapping windows. */
export function foldForward([cols]: readonly Tensor[], a: UnfoldAttrs, be: Backend): RawTensor {
  const [d0, d1] = cols!.shape as [number, number];
  const [k, n] = a.layout === 'knl' ? [d0, d1] : [d1, d0];
  const c = k / (a.kernel[0] * a.kernel[1]);
  const shape = [n, c, a.imageSize[0], a.imageSize[1]];
  const data = allocate(cols!.dtype, sizeOf(shape));
  be.fold(cols!.data, unfoldDims(n, c, a), data);
  return { data, shape, dtype: cols!.dtype };
}
