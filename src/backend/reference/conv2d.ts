// The reference convolution kernels: im2col into columns [C*kh*kw, N*L] (layout 'knl'), one matmul per
// group, and a swap of the first two axes between the product's [O, N, L] and the images' [N, O, L].

import type { ConvDims, MatmulDims } from '../backend.js';
import type { TypedArray } from '../../tensor/dtype.js';
import { fold, unfold } from './conv.js';
import { matmul } from './matmul.js';
import { permute } from './permute-runs.js';

/** A zeroed array of the same type as `like`. */
function alloc(like: TypedArray, n: number): TypedArray {
  return new (like.constructor as new (n: number) => TypedArray)(n);
}

/** Copies x [a, b, l] into out [b, a, l] (the backend's permute; long rows go by `set`). */
export function swap01(x: TypedArray, a: number, b: number, l: number, out: TypedArray): void {
  permute(x, [a, b, l], [1, 0, 2], out);
}

/** Sizes shared by the three kernels: K = c*kh*kw column rows, NL = n*oh*ow columns. */
export function convSizes(d: ConvDims): { k: number; l: number; nl: number; kg: number; og: number } {
  const k = d.c * d.kh * d.kw;
  const l = d.oh * d.ow;
  return { k, l, nl: d.n * l, kg: k / d.groups, og: d.o / d.groups };
}

const colsDims = (d: ConvDims): ConvDims => ({ ...d, batchInner: true });

/** conv2d: out [n, o, l] = swap(w [g, o/g, k/g] @ cols [g, k/g, n*l]) (+ bias [o] on every channel). */
export function conv2d(x: TypedArray, weight: TypedArray, d: ConvDims, out: TypedArray, bias?: TypedArray | null): void {
  const { k, l, nl, kg, og } = convSizes(d);
  const cols = alloc(x, k * nl);
  unfold(x, colsDims(d), 0, cols);
  const prod = alloc(out, d.o * nl);
  const mm: MatmulDims = { batch: d.groups, m: og, k: kg, n: nl, transA: false, transB: false };
  matmul(weight, cols, prod, mm);
  swap01(prod, d.o, d.n, l, out);
  if (bias) addBiasRows(out, bias, d.n, d.o, l);
}

/** out [n, o, l] += bias [o] on every channel. */
function addBiasRows(out: TypedArray, bias: TypedArray, n: number, o: number, l: number): void {
  for (let b = 0; b < n; b++) {
    for (let q = 0; q < o; q++) {
      const v = bias[q]!;
      const start = (b * o + q) * l;
      for (let i = start; i < start + l; i++) out[i] = out[i]! + v;
    }
  }
}

/** conv2dInputGrad: out [n, c, h, w] = fold(w^T [g, k/g, o/g] @ swap(g) [g, o/g, n*l]). */
export function conv2dInputGrad(g: TypedArray, weight: TypedArray, d: ConvDims, out: TypedArray): void {
  const { k, l, nl, kg, og } = convSizes(d);
  const gs = alloc(g, d.o * nl);
  swap01(g, d.n, d.o, l, gs);
  const cols = alloc(out, k * nl);
  matmul(weight, gs, cols, { batch: d.groups, m: kg, k: og, n: nl, transA: true, transB: false });
  fold(cols, colsDims(d), out);
}

/** conv2dWeightGrad: out [g, o/g, k/g] = swap(g) [g, o/g, n*l] @ cols^T [g, n*l, k/g]. */
export function conv2dWeightGrad(g: TypedArray, x: TypedArray, d: ConvDims, out: TypedArray): void {
  const { k, l, nl, kg, og } = convSizes(d);
  const gs = alloc(g, d.o * nl);
  swap01(g, d.n, d.o, l, gs);
  const cols = alloc(x, k * nl);
  unfold(x, colsDims(d), 0, cols);
  matmul(gs, cols, out, { batch: d.groups, m: og, k: nl, n: kg, transA: false, transB: true });
}
