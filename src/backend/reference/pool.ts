// Reference max-pooling kernels: the max of every window and the routing of its gradient to the
// window's first maximum (PyTorch's choice among ties; a NaN counts as the maximum and, as in
// PyTorch's `val > max || isnan(val)`, the window's last NaN wins).

import type { TypedArray } from '../../tensor/dtype.js';
import type { UnfoldDims } from '../backend.js';

/** Calls `fn(outIndex, argmaxIndex or -1)` for every window of every plane, with the plane's offset. */
function eachWindow(x: TypedArray, d: UnfoldDims, fn: (o: number, best: number) => void): void {
  const { n, c, h, w, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow } = d;
  for (let plane = 0; plane < n * c; plane++) {
    const base = plane * h * w;
    for (let i = 0; i < oh; i++) {
      for (let j = 0; j < ow; j++) {
        let best = -1;
        let bv = -Infinity;
        for (let u = 0; u < kh; u++) {
          const y = i * sh - ph + u * dh;
          if (y < 0 || y >= h) continue;
          for (let v = 0; v < kw; v++) {
            const xx = j * sw - pw + v * dw;
            if (xx < 0 || xx >= w) continue;
            const p = base + y * w + xx;
            const val = x[p]!;
            if (best < 0 || val > bv || val !== val) {
              best = p;
              bv = val;
            }
          }
        }
        fn((plane * oh + i) * ow + j, best);
      }
    }
  }
}

/** out[plane, i, j] = max of window (i, j); -Infinity for a window with no input cell. */
export function maxPool(x: TypedArray, d: UnfoldDims, out: TypedArray): void {
  eachWindow(x, d, (o, best) => (out[o] = best < 0 ? -Infinity : x[best]!));
}

/** out = 0, then out[argmax of window (i, j)] += g[plane, i, j]. */
export function maxPoolGrad(g: TypedArray, x: TypedArray, d: UnfoldDims, out: TypedArray): void {
  out.fill(0);
  eachWindow(x, d, (o, best) => {
    if (best >= 0) out[best]! += g[o]!;
  });
}
