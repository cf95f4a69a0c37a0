// Forward implementations of the sliding-window primitives (unfold/im2col, fold/col2im, maxPool and
// its gradient): shape inference and the geometry handed to the backend kernels.

import type { Backend, UnfoldDims } from '../backend/backend.js';
import { allocate } from '../tensor/dtype.js';
import { sizeOf } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import type { RawTensor } from './forward.js';
import type { UnfoldAttrs, WindowAttrs } from './primitives.js';

/** Kernel geometry of `attrs` for n images of c channels. */
export function unfoldDims(n: number, c: number, a: WindowAttrs & { layout?: UnfoldAttrs['layout'] }): UnfoldDims {
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

/** maxPool: [N, C, H, W] -> [N, C, OH, OW]. */
export function maxPoolForward([x]: readonly Tensor[], a: WindowAttrs, be: Backend): RawTensor {
  const [n, c] = x!.shape as [number, number];
  const shape = [n, c, a.outSize[0], a.outSize[1]];
  const data = allocate(x!.dtype, sizeOf(shape));
  be.maxPool(x!.data, unfoldDims(n, c, a), data);
  return { data, shape, dtype: x!.dtype };
}

/** maxPoolGrad: (g [N, C, OH, OW], x [N, C, H, W]) -> [N, C, H, W]. */
export function maxPoolGradForward([g, x]: readonly Tensor[], a: WindowAttrs, be: Backend): RawTensor {
  const [n, c] = x!.shape as [number, number];
  const data = allocate(g!.dtype, x!.size);
  be.maxPoolGrad(g!.data, x!.data, unfoldDims(n, c, a), data);
  return { data, shape: [...x!.shape], dtype: g!.dtype };
}
