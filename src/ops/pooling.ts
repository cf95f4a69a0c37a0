// 2-D pooling (NCHW, PyTorch semantics): max pooling through its own primitive, average pooling as
// unfold + a sum over the window axis, adaptive average pooling as two products with averaging matrices.

import { ValueError } from '../errors.js';
import { tensor } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkFits, imageInput, pair, positions, unfoldAttrs, type IntPair } from './conv-args.js';
import { matmul } from './linalg.js';
import { reshape } from './shape.js';
import { maxPoolPrim, unfoldPrim } from './window-prims.js';

/** Options of `maxPool2d`. */
export interface MaxPool2dOptions {
  kernelSize: IntPair;
  /** Step between windows (default: kernelSize). */
  stride?: IntPair;
  /** Implicit -Infinity padding on both sides (default 0; at most half the kernel). */
  padding?: IntPair;
  dilation?: IntPair;
  /** Round the output size up, so a last partial window is kept when it starts inside the input or left padding (default false). */
  ceilMode?: boolean;
}

/** Options of `avgPool2d`. */
export interface AvgPool2dOptions {
  kernelSize: IntPair;
  stride?: IntPair;
  /** Implicit zero padding on both sides (default 0; at most half the kernel). */
  padding?: IntPair;
  ceilMode?: boolean;
  /** Count padded cells in the divisor (default true, as PyTorch). */
  countIncludePad?: boolean;
  /** Divide every window by this instead of its cell count. */
  divisorOverride?: number;
}

interface Geometry {
  x4: Tensor;
  unbatched: boolean;
  kernel: [number, number];
  stride: [number, number];
  padding: [number, number];
  dilation: [number, number];
  out: [number, number];
}

function geometry(op: string, x: Tensor, o: { kernelSize: IntPair; stride?: IntPair; padding?: IntPair; dilation?: IntPair; ceilMode?: boolean }): Geometry {
  const { x4, unbatched } = imageInput(op, x);
  const kernel = pair(op, 'kernelSize', o.kernelSize, 1);
  const stride = o.stride === undefined ? kernel : pair(op, 'stride', o.stride, 1);
  const padding = pair(op, 'padding', o.padding ?? 0, 0);
  const dilation = pair(op, 'dilation', o.dilation ?? 1, 1);
  if (padding[0] > kernel[0] / 2 || padding[1] > kernel[1] / 2) {
    throw new ValueError(`${op}: padding ${padding[0]}x${padding[1]} must be at most half the kernel ${kernel[0]}x${kernel[1]}`);
  }
  checkFits(op, x, kernel, dilation, [2 * padding[0], 2 * padding[1]]);
  const [h, w] = x4.shape.slice(2) as [number, number];
  const out = [0, 1].map((i) => {
    const size = [h, w][i]!;
    let n = positions(size, kernel[i]!, stride[i]!, 2 * padding[i]!, dilation[i]!, o.ceilMode ?? false);
    // NOTE: with ceilMode the last window must start inside the input or the left padding (PyTorch).
    if (o.ceilMode && (n - 1) * stride[i]! >= size + padding[i]!) n--;
    return n;
  }) as [number, number];
  return { x4, unbatched, kernel, stride, padding, dilation, out };
}

/** Windows of every channel as [N*C, kh*kw, L] (cells outside the input hold `value`). */
function windows(g: Geometry, value: number): Tensor {
  const [n, c, h, w] = g.x4.shape as [number, number, number, number];
  const attrs = unfoldAttrs([h, w], g.kernel, g.stride, g.padding, g.dilation, g.out, 'nkl', value);
  return unfoldPrim(reshape(g.x4, [n * c, 1, h, w]), attrs);
}

function finish(g: Geometry, y: Tensor): Tensor {
  const [n, c] = g.x4.shape as [number, number];
  return reshape(y, g.unbatched ? [c, ...g.out] : [n, c, ...g.out]);
}

/**
 * 2-D max pooling (`torch.nn.functional.max_pool2d`): y[n, c, i, j] = max over the window at
 * (i*s - p, j*s - p) with dilated cells, padding counting as -Infinity.
 *
 * The gradient goes to the first maximum of each window (row-major), as PyTorch; a NaN counts as the
 * maximum and the window's last NaN gets the gradient (PyTorch's `val > max || isnan(val)`). One
 * `maxPool` primitive (not unfold + max) for speed.
 */
export function maxPool2d(x: Tensor, opts: MaxPool2dOptions): Tensor {
  const g = geometry('maxPool2d', x, opts);
  const [h, w] = g.x4.shape.slice(2) as [number, number];
  const y = maxPoolPrim(g.x4, { kernel: g.kernel, stride: g.stride, padding: g.padding, dilation: g.dilation, outSize: g.out, imageSize: [h, w] });
  return g.unbatched ? reshape(y, y.shape.slice(1)) : y;
}

/**
 * 2-D average pooling (`torch.nn.functional.avg_pool2d`): the mean of each window. With
 * `countIncludePad` (default) padded cells count in the divisor; otherwise only the input's cells.
 */
export function avgPool2d(x: Tensor, opts: AvgPool2dOptions): Tensor {
  const op = 'avgPool2d';
  const g = geometry(op, x, opts);
  const { divisorOverride, countIncludePad = true } = opts;
  if (divisorOverride !== undefined && !(Number.isFinite(divisorOverride) && divisorOverride !== 0)) {
    throw new ValueError(`${op}: divisorOverride must be a non-zero number, got ${divisorOverride}`);
  }
  const sums = windows(g, 0).sum(1);
  if (divisorOverride !== undefined) return finish(g, sums.div(divisorOverride));
  const [h, w] = g.x4.shape.slice(2) as [number, number];
  const counts = [0, 1].map((i) => windowCounts([h, w][i]!, g.kernel[i]!, g.stride[i]!, g.padding[i]!, g.out[i]!, countIncludePad));
  const inv: number[] = [];
  for (const a of counts[0]!) for (const b of counts[1]!) inv.push(1 / (a * b));
  if (inv.every((v) => v === inv[0])) return finish(g, sums.mul(inv[0]!));
  return finish(g, sums.mul(tensor(inv, { dtype: sums.dtype })));
}

/** Cells of each window along one axis (PyTorch's divisor: the window clipped to input + padding, or to the input). */
function windowCounts(size: number, k: number, s: number, p: number, positions: number, includePad: boolean): number[] {
  return Array.from({ length: positions }, (_, i) => {
    const start = i * s - p;
    const end = Math.min(start + k, size + p);
    return includePad ? end - start : Math.min(end, size) - Math.max(start, 0);
  });
}

/** Averaging matrix [out, size]: row i averages cells floor(i*size/out) .. ceil((i+1)*size/out) - 1. */
function adaptiveMatrix(size: number, out: number): number[] {
  const m = new Array<number>(out * size).fill(0);
  for (let i = 0; i < out; i++) {
    const start = Math.floor((i * size) / out);
    const end = Math.ceil(((i + 1) * size) / out);
    for (let j = start; j < end; j++) m[i * size + j] = 1 / (end - start);
  }
  return m;
}

/**
 * Adaptive 2-D average pooling (`torch.nn.functional.adaptive_avg_pool2d`): output [N, C, OH, OW]
 * whatever the input size; cell (i, j) averages rows floor(i H / OH) .. ceil((i+1) H / OH) - 1 and
 * the same columns of W. A size of null keeps the input's. The windows are separable, so this is
 * A_h x A_w^T with two averaging matrices.
 */
export function adaptiveAvgPool2d(x: Tensor, outputSize: number | readonly [number | null, number | null]): Tensor {
  const op = 'adaptiveAvgPool2d';
  const { x4, unbatched } = imageInput(op, x);
  const [n, c, h, w] = x4.shape as [number, number, number, number];
  const req = typeof outputSize === 'number' ? [outputSize, outputSize] : [outputSize[0] ?? h, outputSize[1] ?? w];
  const [oh, ow] = pair(op, 'outputSize', req as [number, number], 1);
  if (h < 1 || w < 1) throw new ValueError(`${op}: input ${JSON.stringify(x.shape)} has an empty spatial axis`);
  let y = x4;
  if (ow !== w) {
    const aw = tensor(adaptiveMatrix(w, ow), { dtype: x.dtype }).reshape([ow, w]);
    y = reshape(matmul(reshape(y, [n * c * h, w]), aw.T), [n * c, h, ow]);
  } else {
    y = reshape(y, [n * c, h, w]);
  }
  if (oh !== h) y = matmul(tensor(adaptiveMatrix(h, oh), { dtype: x.dtype }).reshape([oh, h]), y);
  return reshape(y, unbatched ? [c, oh, ow] : [n, c, oh, ow]);
}
