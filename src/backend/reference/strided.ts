// Strided gather and scatter over N-D index spaces: the one loop behind permute, expand, slice,
// pad and concat in the reference backend.

import type { TypedArray } from '../../tensor/dtype.js';

/** out[contiguous i over `shape`] = src[offset + sum_d idx_d * strides_d]. */
export function gatherStrided(
  src: TypedArray, offset: number, strides: readonly number[], shape: readonly number[], out: TypedArray,
): void {
  walk(shape, strides, offset, (p, s, inner, st) => {
    // NOTE: contiguous rows are block copies (slice and the split of a sequence into steps mostly are).
    if (st === 1 && inner > 16) out.set(src.subarray(s, s + inner), p);
    else for (let j = 0; j < inner; j++) out[p + j] = src[s + j * st]!;
  });
}

/** dst[offset + sum_d idx_d * strides_d] = src[contiguous i over `shape`]. */
export function scatterStrided(
  src: TypedArray, shape: readonly number[], dst: TypedArray, offset: number, strides: readonly number[],
): void {
  walk(shape, strides, offset, (p, s, inner, st) => {
    if (st === 1 && inner > 16) dst.set(src.subarray(p, p + inner), s);
    else for (let j = 0; j < inner; j++) dst[s + j * st] = src[p + j]!;
  });
}

type Row = (contiguousPos: number, stridedPos: number, inner: number, innerStride: number) => void;

function walk(shape: readonly number[], strides: readonly number[], offset: number, row: Row): void {
  const nd = shape.length;
  if (nd === 0) {
    row(0, offset, 1, 0);
    return;
  }
  for (const d of shape) if (d === 0) return;
  const inner = shape[nd - 1]!;
  const st = strides[nd - 1]!;
  const idx = new Array<number>(nd).fill(0);
  let outer = 1;
  for (let d = 0; d < nd - 1; d++) outer *= shape[d]!;
  let s = offset;
  for (let o = 0, p = 0; o < outer; o++, p += inner) {
    row(p, s, inner, st);
    for (let d = nd - 2; d >= 0; d--) {
      idx[d]!++;
      s += strides[d]!;
      if (idx[d]! < shape[d]!) break;
      s -= strides[d]! * shape[d]!;
      idx[d] = 0;
    }
  }
}
