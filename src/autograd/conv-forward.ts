// Forward implementations of the convolution primitives (conv2d and its two gradients): output shapes
// and the geometry handed to the backend's convolution kernels.

import type { Backend, ConvDims } from '../backend/backend.js';
import { allocate } from '../tensor/dtype.js';
import { sizeOf } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import type { RawTensor } from './forward.js';
import type { ConvAttrs } from './primitives.js';
import { unfoldDims } from './window-forward.js';

function convDims(n: number, c: number, o: number, a: ConvAttrs): ConvDims {
  return { ...unfoldDims(n, c, { ...a, layout: 'knl' }), o, groups: a.groups };
}

/** conv2d: (x [N, C, H, W], w [O, C/G, kh, kw][, b [O]]) -> [N, O, OH, OW]. */
export function conv2dForward([x, w, b]: readonly Tensor[], a: ConvAttrs, be: Backend): RawTensor {
  const [n, c] = x!.shape as [number, number];
  const o = w!.shape[0]!;
  const shape = [n, o, a.outSize[0], a.outSize[1]];
  const data = allocate(x!.dtype, sizeOf(shape));
  be.conv2d(x!.data, w!.data, convDims(n, c, o, a), data, b?.data ?? null);
  return { data, shape, dtype: x!.dtype };
}

/** conv2dInputGrad: (g [N, O, OH, OW], w [O, C/G, kh, kw]) -> [N, C, H, W]. */
export function conv2dInputGradForward([g, w]: readonly Tensor[], a: ConvAttrs, be: Backend): RawTensor {
  const [n, o] = g!.shape as [number, number];
  const c = w!.shape[1]! * a.groups;
  const shape = [n, c, a.imageSize[0], a.imageSize[1]];
  const data = allocate(g!.dtype, sizeOf(shape));
  be.conv2dInputGrad(g!.data, w!.data, convDims(n, c, o, a), data);
  return { data, shape, dtype: g!.dtype };
}

/** conv2dWeightGrad: (g [N, O, OH, OW], x [N, C, H, W]) -> [O, C/G, kh, kw]. */
export function conv2dWeightGradForward([g, x]: readonly Tensor[], a: ConvAttrs, be: Backend): RawTensor {
  const [n, o] = g!.shape as [number, number];
  const c = x!.shape[1]!;
  const shape = [o, c / a.groups, a.kernel[0], a.kernel[1]];
  const data = allocate(g!.dtype, sizeOf(shape));
  be.conv2dWeightGrad(g!.data, x!.data, convDims(n, c, o, a), data);
  return { data, shape, dtype: g!.dtype };
}
