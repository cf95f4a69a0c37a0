// The closed set of primitives. Every op is one of these or a composite of them, so gradients
// need one rule per entry here (see grad-rules.ts, typed so that a missing rule fails to compile).

import type { DType } from '../tensor/dtype.js';

type NoAttrs = Record<string, never>;

/** Reduction attributes: the (sorted, non-negative) axes reduced and whether they are kept as size 1. */
export interface ReduceAttrs {
  axes: number[];
  keepdim: boolean;
}

/** Sliding windows over images [N, C, H, W], at outSize[0] x outSize[1] positions. */
export interface WindowAttrs {
  kernel: [number, number];
  stride: [number, number];
  /** Cells of padding before the first row and column (the far side follows from outSize). */
  padding: [number, number];
  dilation: [number, number];
  /** Window positions along H and W. */
  outSize: [number, number];
  /** Size [H, W] of the image (unfold's input, fold's output). */
  imageSize: [number, number];
}

/**
 * Geometry of `unfold` (im2col) and its adjoint `fold` (col2im) over images [N, C, H, W]: for each
 * of the L = outSize[0] * outSize[1] window positions, the C * kh * kw values under the window.
 */
export interface UnfoldAttrs extends WindowAttrs {
  /** Columns as [N, C*kh*kw, L] ('nkl', PyTorch's layout) or [C*kh*kw, N, L] ('knl', one matmul per batch). */
  layout: 'nkl' | 'knl';
  /** Value of cells outside the image (unfold; fold drops them). */
  value: number;
}

/** Geometry of a 2-D convolution: its windows over the input image and the number of groups. */
export interface ConvAttrs extends WindowAttrs {
  groups: number;
}

/** Attributes of each primitive; the keys are the primitive names. */
export interface PrimitiveAttrs {
  neg: NoAttrs; exp: NoAttrs; log: NoAttrs; sqrt: NoAttrs; abs: NoAttrs; sin: NoAttrs; cos: NoAttrs;
  tanh: NoAttrs; sigmoid: NoAttrs; relu: NoAttrs; sign: NoAttrs;
  /**
   * The error function erf(x) = 2/sqrt(pi) int_0^x e^(-t^2) dt.
   * NOTE: a primitive for accuracy: no short composite of the other primitives reaches float64
   * precision (the kernels use a series and a continued fraction, see erf-kernel.ts).
   */
  erf: NoAttrs;
  /**
   * ReLU's vector-Jacobian product (g, y) -> 0 where y <= 0, else g (y: relu's output; NaN passes g).
   * NOTE: a primitive for speed: one pass where g * sign(y) took two kernels and a temporary.
   */
  reluGrad: NoAttrs;
  add: NoAttrs; sub: NoAttrs; mul: NoAttrs; div: NoAttrs; pow: NoAttrs; maximum: NoAttrs; minimum: NoAttrs;
  eq: NoAttrs; ne: NoAttrs; lt: NoAttrs; le: NoAttrs; gt: NoAttrs; ge: NoAttrs;
  where: NoAttrs;
  cast: { dtype: DType };
  sum: ReduceAttrs; max: ReduceAttrs; min: ReduceAttrs;
  argmax: { axis: number; keepdim: boolean };
  argmin: { axis: number; keepdim: boolean };
  /** out = op(a) @ op(b) over matching batch dims [batch, m, k] x [batch, k, n]. */
  matmul: { transA: boolean; transB: boolean };
  reshape: { shape: number[] };
  permute: { perm: number[] };
  /** Broadcast to `shape` (same rank as the input). */
  expand: { shape: number[] };
  /** Strided window [begin, end) with positive step along every axis. */
  slice: { begin: number[]; end: number[]; step: number[] };
  /** Constant padding with `lo`/`hi` cells at the ends and `interior` cells between elements. */
  pad: { lo: number[]; hi: number[]; interior: number[]; value: number };
  concat: { axis: number };
  unfold: UnfoldAttrs;
  fold: UnfoldAttrs;
  /**
   * Max over each window of each channel, [N, C, H, W] -> [N, C, OH, OW].
   * NOTE: a primitive for speed (unfold + max needs five passes over the windows for the gradient).
   */
  maxPool: WindowAttrs;
  /** Gradient of maxPool: (g [N, C, OH, OW], x [N, C, H, W]) -> g added at each window's first maximum of x. */
  maxPoolGrad: WindowAttrs;
  /**
   * Convolution: (x [N, C, H, W], w [O, C/groups, kh, kw][, bias [O] of x's dtype]) -> [N, O, OH, OW].
   * NOTE: primitives for speed (before: unfold + matmul + permute): a backend keeps the C*kh*kw x N*L
   * columns in its own memory instead of handing them back and forth (13 MB per step in the CNN bench).
   * The three are each other's vector-Jacobian products, so every order of derivative stays closed.
   */
  conv2d: ConvAttrs;
  /** Gradient of conv2d for its input: (g [N, O, OH, OW], w) -> [N, C, H, W] (= fold(w^T g)). */
  conv2dInputGrad: ConvAttrs;
  /** Gradient of conv2d for its weight: (g [N, O, OH, OW], x) -> [O, C/groups, kh, kw] (= g unfold(x)^T). */
  conv2dWeightGrad: ConvAttrs;
}

/** Name of a primitive. */
export type Primitive = keyof PrimitiveAttrs;

/** Unary elementwise primitives (each maps to the backend's `unary` kernel). */
export const UNARY = ['neg', 'exp', 'log', 'sqrt', 'abs', 'sin', 'cos', 'tanh', 'sigmoid', 'relu', 'sign', 'erf'] as const;
/** Binary elementwise primitives with broadcasting. */
export const BINARY = ['add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum'] as const;
/** Comparisons (bool output, no gradient). */
export const COMPARE = ['eq', 'ne', 'lt', 'le', 'gt', 'ge'] as const;
