// Reference im2col/col2im kernels (unfold and fold), the data movement behind convolution and
// pooling: each column row is one (channel, kernel cell) pair, walked over every window position.

import type { TypedArray } from '../../tensor/dtype.js';
import type { UnfoldDims } from '../backend.js';

/** Range [lo, hi) of positions o with 0 <= o * s + off < size (off = kernel offset - padding). */
export function validRange(off: number, s: number, size: number, positions: number): [number, number] {
  const lo = off >= 0 ? 0 : Math.ceil(-off / s);
  const hi = Math.ceil((size - off) / s);
  return [Math.min(positions, lo), Math.max(Math.min(positions, lo), Math.min(positions, hi))];
}

type RowFn = (colRow: number, img: number, iy: number, xoff: number, x0: number, x1: number) => void;

/** Walks every (image, channel, kernel cell, output row) of `d`, giving the valid column range. */
function eachRow(d: UnfoldDims, fn: RowFn, padRow: (colRow: number) => void): void {
  const { n, c, h, w, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow, batchInner } = d;
  const L = oh * ow;
  const K = c * kh * kw;
  const strideN = batchInner ? L : K * L;
  const strideK = batchInner ? n * L : L;
  for (let b = 0; b < n; b++) {
    for (let ch = 0; ch < c; ch++) {
      const img = (b * c + ch) * h * w;
      for (let ki = 0; ki < kh; ki++) {
        for (let kj = 0; kj < kw; kj++) {
          const k = (ch * kh + ki) * kw + kj;
          const base = b * strideN + k * strideK;
          const xoff = kj * dw - pw;
          const [x0, x1] = validRange(xoff, sw, w, ow);
          for (let oy = 0; oy < oh; oy++) {
            const iy = oy * sh - ph + ki * dh;
            const row = base + oy * ow;
            if (iy < 0 || iy >= h) padRow(row);
            else fn(row, img, iy, xoff, x0, x1);
          }
        }
      }
    }
  }
}

/** im2col: out[b, (ch, ki, kj), oy, ox] = x[b, ch, oy*sh - ph + ki*dh, ox*sw - pw + kj*dw], or `value` outside. */
export function unfold(x: TypedArray, d: UnfoldDims, value: number, out: TypedArray): void {
  const { w, sw, ow } = d;
  eachRow(
    d,
    (row, img, iy, xoff, x0, x1) => {
      for (let ox = 0; ox < x0; ox++) out[row + ox] = value;
      const src = img + iy * w + xoff;
      for (let ox = x0; ox < x1; ox++) out[row + ox] = x[src + ox * sw]!;
      for (let ox = x1; ox < ow; ox++) out[row + ox] = value;
    },
    (row) => out.fill(value, row, row + ow),
  );
}

/** col2im: out[b, ch, iy, ix] = sum of the column entries that `unfold` would read from there. */
export function fold(cols: TypedArray, d: UnfoldDims, out: TypedArray): void {
  const { w, sw } = d;
  out.fill(0);
  eachRow(
    d,
    (row, img, iy, xoff, x0, x1) => {
      const dst = img + iy * w + xoff;
      for (let ox = x0; ox < x1; ox++) out[dst + ox * sw]! += cols[row + ox]!;
    },
    () => undefined,
  );
}
