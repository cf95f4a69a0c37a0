// Convolution and pooling by nested loops over plain numbers, straight from the definitions (the
// closed forms the op database compares conv2d, convTranspose2d, the pools, unfold and fold with).

import { at, fromFn, type ND } from './nd-ref.js';

type P2 = [number, number];

/** Window geometry: kernel, stride, leading padding, dilation. */
export interface Geo {
  k: P2;
  s: P2;
  p: P2;
  d: P2;
}

/** Positions along one axis for a total padding of 2p (or `ceil` rounding). */
export function npos(size: number, k: number, s: number, padTotal: number, d: number): number {
  return Math.floor((size + padTotal - d * (k - 1) - 1) / s) + 1;
}

/** Cross-correlation y[n,o,i,j] = b[o] + sum w[o,c,u,v] x[n, g*Cg + c, i*s - p + u*d, j*s - p + v*d]. */
export function conv2dRef(x: ND, w: ND, b: ND | null, g: Geo, groups: number, out?: P2): ND {
  const [n, cIn, h, wd] = x.shape as [number, number, number, number];
  const [o, cg, kh, kw] = w.shape as [number, number, number, number];
  const oh = out?.[0] ?? npos(h, kh, g.s[0], 2 * g.p[0], g.d[0]);
  const ow = out?.[1] ?? npos(wd, kw, g.s[1], 2 * g.p[1], g.d[1]);
  void cIn;
  return fromFn([n, o, oh, ow], ([b0, oc, i, j]) => {
    const grp = Math.floor(oc! / (o / groups));
    let acc = b ? b.data[oc!]! : 0;
    for (let c = 0; c < cg; c++) {
      for (let u = 0; u < kh; u++) {
        for (let v = 0; v < kw; v++) {
          const y = i! * g.s[0] - g.p[0] + u * g.d[0];
          const xx = j! * g.s[1] - g.p[1] + v * g.d[1];
          if (y < 0 || y >= h || xx < 0 || xx >= wd) continue;
          acc += at(w, [oc!, c, u, v]) * at(x, [b0!, grp * cg + c, y, xx]);
        }
      }
    }
    return acc;
  });
}

/** Transposed convolution by scattering: every x[n, c, i, j] w[c, o, u, v] lands at (i*s - p + u*d, j*s - p + v*d). */
export function convTranspose2dRef(x: ND, w: ND, b: ND | null, g: Geo, groups: number, outPad: P2 = [0, 0]): ND {
  const [n, cIn, h, wd] = x.shape as [number, number, number, number];
  const [, og, kh, kw] = w.shape as [number, number, number, number];
  const o = og * groups;
  const cg = cIn / groups;
  const oh = (h - 1) * g.s[0] - 2 * g.p[0] + g.d[0] * (kh - 1) + outPad[0] + 1;
  const ow = (wd - 1) * g.s[1] - 2 * g.p[1] + g.d[1] * (kw - 1) + outPad[1] + 1;
  const y = fromFn([n, o, oh, ow], ([, oc]) => (b ? b.data[oc!]! : 0));
  for (let b0 = 0; b0 < n; b0++) {
    for (let c = 0; c < cIn; c++) {
      const grp = Math.floor(c / cg);
      for (let i = 0; i < h; i++) {
        for (let j = 0; j < wd; j++) {
          for (let oc = 0; oc < og; oc++) {
            for (let u = 0; u < kh; u++) {
              for (let v = 0; v < kw; v++) {
                const r = i * g.s[0] - g.p[0] + u * g.d[0];
                const q = j * g.s[1] - g.p[1] + v * g.d[1];
                if (r < 0 || r >= oh || q < 0 || q >= ow) continue;
                y.data[((b0 * o + grp * og + oc) * oh + r) * ow + q]! += at(x, [b0, c, i, j]) * at(w, [c, oc, u, v]);
              }
            }
          }
        }
      }
    }
  }
  return y;
}

/** The cells of each window of x [N, C, H, W] (null where the window is outside the input). */
function pool(x: ND, g: Geo, out: P2, f: (cells: (number | null)[], i: number, j: number) => number): ND {
  const [n, c, h, w] = x.shape as [number, number, number, number];
  return fromFn([n, c, out[0], out[1]], ([b0, ch, i, j]) => {
    const cells: (number | null)[] = [];
    for (let u = 0; u < g.k[0]; u++) {
      for (let v = 0; v < g.k[1]; v++) {
        const y = i! * g.s[0] - g.p[0] + u * g.d[0];
        const xx = j! * g.s[1] - g.p[1] + v * g.d[1];
        cells.push(y < 0 || y >= h || xx < 0 || xx >= w ? null : at(x, [b0!, ch!, y, xx]));
      }
    }
    return f(cells, i!, j!);
  });
}

/** Max over each window (padding never wins). */
export function maxPoolRef(x: ND, g: Geo, out: P2): ND {
  return pool(x, g, out, (cells) => Math.max(...cells.filter((v): v is number => v !== null)));
}

/** Mean of each window; the divisor counts padding cells (clipped to input + padding) or only input cells. */
export function avgPoolRef(x: ND, g: Geo, out: P2, includePad: boolean, divisor?: number): ND {
  const [, , h, w] = x.shape as [number, number, number, number];
  return pool(x, g, out, (cells, i, j) => {
    const sum = cells.reduce<number>((a, v) => a + (v ?? 0), 0);
    if (divisor !== undefined) return sum / divisor;
    if (!includePad) return sum / cells.filter((v) => v !== null).length;
    const rows = Math.min(i * g.s[0] - g.p[0] + g.k[0], h + g.p[0]) - (i * g.s[0] - g.p[0]);
    const cols = Math.min(j * g.s[1] - g.p[1] + g.k[1], w + g.p[1]) - (j * g.s[1] - g.p[1]);
    return sum / (rows * cols);
  });
}

/** Adaptive average pooling: cell (i, j) averages rows floor(iH/OH)..ceil((i+1)H/OH)-1 and likewise columns. */
export function adaptiveAvgRef(x: ND, out: P2): ND {
  const [n, c, h, w] = x.shape as [number, number, number, number];
  return fromFn([n, c, out[0], out[1]], ([b0, ch, i, j]) => {
    const r0 = Math.floor((i! * h) / out[0]);
    const r1 = Math.ceil(((i! + 1) * h) / out[0]);
    const c0 = Math.floor((j! * w) / out[1]);
    const c1 = Math.ceil(((j! + 1) * w) / out[1]);
    let s = 0;
    for (let r = r0; r < r1; r++) for (let q = c0; q < c1; q++) s += at(x, [b0!, ch!, r, q]);
    return s / ((r1 - r0) * (c1 - c0));
  });
}

/** im2col: [N, C*kh*kw, L] with 0 outside the input. */
export function unfoldRef(x: ND, g: Geo): ND {
  const [n, c, h, w] = x.shape as [number, number, number, number];
  const oh = npos(h, g.k[0], g.s[0], 2 * g.p[0], g.d[0]);
  const ow = npos(w, g.k[1], g.s[1], 2 * g.p[1], g.d[1]);
  const kk = g.k[0] * g.k[1];
  return fromFn([n, c * kk, oh * ow], ([b0, row, l]) => {
    const ch = Math.floor(row! / kk);
    const u = Math.floor((row! % kk) / g.k[1]);
    const v = row! % g.k[1];
    const y = Math.floor(l! / ow) * g.s[0] - g.p[0] + u * g.d[0];
    const xx = (l! % ow) * g.s[1] - g.p[1] + v * g.d[1];
    return y < 0 || y >= h || xx < 0 || xx >= w ? 0 : at(x, [b0!, ch, y, xx]);
  });
}

/** col2im: sums the columns [N, C*kh*kw, L] into images [N, C, H, W]. */
export function foldRef(cols: ND, g: Geo, size: P2): ND {
  const [n, k, l] = cols.shape as [number, number, number];
  const kk = g.k[0] * g.k[1];
  const c = k / kk;
  const ow = npos(size[1], g.k[1], g.s[1], 2 * g.p[1], g.d[1]);
  const y = fromFn([n, c, size[0], size[1]], () => 0);
  for (let b0 = 0; b0 < n; b0++) {
    for (let row = 0; row < k; row++) {
      for (let p = 0; p < l; p++) {
        const ch = Math.floor(row / kk);
        const u = Math.floor((row % kk) / g.k[1]);
        const v = row % g.k[1];
        const r = Math.floor(p / ow) * g.s[0] - g.p[0] + u * g.d[0];
        const q = (p % ow) * g.s[1] - g.p[1] + v * g.d[1];
        if (r < 0 || r >= size[0] || q < 0 || q >= size[1]) continue;
        y.data[((b0 * c + ch) * size[0] + r) * size[1] + q]! += at(cols, [b0, row, p]);
      }
    }
  }
  return y;
}

/** Adds a leading axis of size 1 (unbatched samples) or removes it. */
export function batch1(x: ND): ND {
  return { shape: [1, ...x.shape], data: x.data };
}

/** Drops a leading axis of size 1. */
export function unbatch(x: ND): ND {
  return { shape: x.shape.slice(1), data: x.data };
}
