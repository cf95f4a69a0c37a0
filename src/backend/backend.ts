// The backend interface: the few kernels every op is built from. A backend is a connector — ops and
// autograd never look past this interface, so a faster backend (WASM SIMD, GPU) plugs in here alone.

import type { TypedArray } from '../tensor/dtype.js';

/** Elementwise functions of one argument. `sign` and `relu` follow PyTorch at 0 (both give 0). */
export type UnaryOp =
  | 'neg' | 'exp' | 'log' | 'sqrt' | 'abs' | 'sin' | 'cos' | 'tanh' | 'sigmoid' | 'relu' | 'sign' | 'erf';

/** Elementwise functions of two broadcast arguments; comparisons write 0/1 into a bool array. */
export type BinaryOp =
  | 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'maximum' | 'minimum'
  /** ReLU's vector-Jacobian product: 0 where b <= 0, else a (a: the output gradient, b: relu's output; NaN in b passes a, as PyTorch). */
  | 'reluGrad'
  | 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';

/** Reductions along one axis. arg* write int32 indices (first occurrence). */
export type ReduceOp = 'sum' | 'max' | 'min' | 'argmax' | 'argmin';

/** Sizes of a batched matrix product `out[b] = op(A[b]) @ op(B[b])`, op = transpose when flagged. */
export interface MatmulDims {
  batch: number;
  m: number;
  k: number;
  n: number;
  /** A is stored as [batch, k, m] and used transposed. */
  transA: boolean;
  /** B is stored as [batch, n, k] and used transposed. */
  transB: boolean;
}

/**
 * Geometry of an unfold/fold kernel: images [n, c, h, w], windows kh x kw with stride, dilation and
 * leading padding (ph, pw), at oh x ow positions. Columns are [n, c*kh*kw, oh*ow], or with
 * `batchInner` [c*kh*kw, n, oh*ow].
 */
export interface UnfoldDims {
  n: number; c: number; h: number; w: number;
  kh: number; kw: number; sh: number; sw: number; ph: number; pw: number; dh: number; dw: number;
  oh: number; ow: number;
  batchInner: boolean;
}

/** Geometry of a convolution kernel call: the windows (`batchInner` is ignored), o output channels and the groups. */
export interface ConvDims extends UnfoldDims {
  o: number;
  groups: number;
}

/** Hyper-parameters of one fused Adam/AdamW step (see `Backend.adamUpdate`). */
export interface AdamUpdateOptions {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  /** 1-based step count t, for the bias corrections 1 - beta^t. */
  step: number;
  /** Decoupled weight decay (AdamW); 0 for Adam. */
  weightDecay: number;
}

/**
 * A kernel table. Every array is a contiguous row-major typed array; `out` is allocated by the
 * caller with the right dtype and size, and kernels only write into it. Shapes are passed where
 * the kernel needs them. Implementations must match the reference backend (see the conformance
 * suite in `test/backend`): NaN propagates, `max`/`min` return NaN when any input is NaN.
 */
export interface Backend {
  /** Name used by `setBackend` and in messages. */
  readonly name: string;
  unary(op: UnaryOp, x: TypedArray, out: TypedArray): void;
  /** `out = a op b` with NumPy broadcasting of `aShape` and `bShape` to `outShape`. */
  binary(
    op: BinaryOp, a: TypedArray, aShape: readonly number[], b: TypedArray, bShape: readonly number[],
    out: TypedArray, outShape: readonly number[],
  ): void;
  /** `out = cond ? a : b`, all three broadcast to `outShape`. */
  where(
    cond: TypedArray, condShape: readonly number[], a: TypedArray, aShape: readonly number[],
    b: TypedArray, bShape: readonly number[], out: TypedArray, outShape: readonly number[],
  ): void;
  /** Reduces `axis` of `x` (shape `shape`); `out` has the shape with that axis removed. */
  reduce(op: ReduceOp, x: TypedArray, shape: readonly number[], axis: number, out: TypedArray): void;
  matmul(a: TypedArray, b: TypedArray, out: TypedArray, dims: MatmulDims): void;
  /** `out` = `x` with axes reordered: out axis i is input axis `perm[i]`. */
  permute(x: TypedArray, shape: readonly number[], perm: readonly number[], out: TypedArray): void;
  /** Broadcast copy of `x` to `outShape` (same rank; size-1 axes repeat). */
  expand(x: TypedArray, shape: readonly number[], outShape: readonly number[], out: TypedArray): void;
  /** Strided window: out[i] = x[begin + i * step] along every axis. */
  slice(
    x: TypedArray, shape: readonly number[], begin: readonly number[], step: readonly number[],
    out: TypedArray, outShape: readonly number[],
  ): void;
  /** Constant padding: `lo` cells before, `interior` cells between elements, filled with `value`. */
  pad(
    x: TypedArray, shape: readonly number[], lo: readonly number[], interior: readonly number[],
    value: number, out: TypedArray, outShape: readonly number[],
  ): void;
  /** Concatenation along `axis`. */
  concat(
    xs: readonly TypedArray[], shapes: readonly (readonly number[])[], axis: number,
    out: TypedArray, outShape: readonly number[],
  ): void;
  /** im2col: copies every window of the images `x` into the columns `out`; cells outside the image get `value`. */
  unfold(x: TypedArray, dims: UnfoldDims, value: number, out: TypedArray): void;
  /** col2im, the adjoint of `unfold`: sums the columns `cols` back into the images `out` (cells outside are dropped). */
  fold(cols: TypedArray, dims: UnfoldDims, out: TypedArray): void;
  /** Max of each window of each of the n*c planes of `x` into `out` [n, c, oh, ow] (cells outside are skipped; NaN wins). */
  maxPool(x: TypedArray, dims: UnfoldDims, out: TypedArray): void;
  /** Zeroes `out` (shaped like x) and adds each g[n, c, i, j] at the first maximum of window (i, j) of `x`. */
  maxPoolGrad(g: TypedArray, x: TypedArray, dims: UnfoldDims, out: TypedArray): void;
  /**
   * Convolution (cross-correlation): x [n, c, h, w], weight [o, c/groups, kh, kw] and optional bias [o]
   * into `out` [n, o, oh, ow]; out[b, q, i, j] = sum over the c/groups channels of q's group and the
   * window, plus bias[q] (added last, in out's precision).
   */
  conv2d(x: TypedArray, weight: TypedArray, dims: ConvDims, out: TypedArray, bias?: TypedArray | null): void;
  /** Gradient of `conv2d` for x: g [n, o, oh, ow] and the weight into `out` [n, c, h, w] (col2im of w^T g). */
  conv2dInputGrad(g: TypedArray, weight: TypedArray, dims: ConvDims, out: TypedArray): void;
  /** Gradient of `conv2d` for the weight: g [n, o, oh, ow] and x into `out` [o, c/groups, kh, kw] (g im2col(x)^T). */
  conv2dWeightGrad(g: TypedArray, x: TypedArray, dims: ConvDims, out: TypedArray): void;
  /** Converts between dtypes: float to int truncates toward zero, anything to bool is `x != 0`. */
  cast(x: TypedArray, out: TypedArray): void;
  /**
   * Optional fused optimizer kernel: one Adam/AdamW step on float32 arrays, updating `param`, `m`
   * and `v` in place (Kingma & Ba 2015, Algorithm 1; AdamW's decoupled decay first). Backends without
   * it leave it undefined and optimizers use tensor ops.
   */
  adamUpdate?(param: Float32Array, grad: Float32Array, m: Float32Array, v: Float32Array, opts: AdamUpdateOptions): void;
  /**
   * Optional: a zeroed float32 buffer of length `n` for long-lived optimizer state that this backend's
   * kernels use in place (the wasm backend: a view into its memory, freed when garbage collected, so
   * Adam's moments are not copied in and out every step); null when it has none to give.
   */
  stateBuffer?(n: number): Float32Array | null;
}
