// Weight initializers (torch.nn.init in camelCase). Each writes into the tensor's storage in place,
// without recording a graph, and returns the tensor, so `init.xavierUniform(layer.weight)` just works.

import { DTypeError, ShapeError, ValueError, fmtShape } from '../errors.js';
import { isFloat } from '../tensor/dtype.js';
import { defaultGenerator, type Generator } from '../tensor/random.js';
import type { Tensor } from '../tensor/tensor.js';

/** Nonlinearities `calculateGain` knows. */
export type Nonlinearity = 'linear' | 'conv1d' | 'conv2d' | 'conv3d' | 'sigmoid' | 'tanh' | 'relu' | 'leakyRelu' | 'selu';

/** Which fan the Kaiming initializers preserve: the forward pass (`fanIn`) or the backward pass (`fanOut`). */
export type FanMode = 'fanIn' | 'fanOut';

/** The random source of an initializer (default: the global generator seeded by `manualSeed`). */
export interface InitRandomOptions {
  generator?: Generator;
}

function checkFloat(op: string, t: Tensor): void {
  if (!isFloat(t.dtype)) throw new DTypeError(`init.${op}: needs a float tensor, got ${t.dtype}`);
}

/**
 * The recommended gain for a nonlinearity (as `torch.nn.init.calculate_gain`): 1 for linear, conv and
 * sigmoid; 5/3 for tanh; sqrt(2) for relu; sqrt(2 / (1 + a^2)) for leakyRelu with negative slope
 * `param` (default 0.01); 3/4 for selu.
 */
export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  switch (nonlinearity) {
    case 'linear': case 'conv1d': case 'conv2d': case 'conv3d': case 'sigmoid':
      return 1;
    case 'tanh':
      return 5 / 3;
    case 'relu':
      return Math.SQRT2;
    case 'leakyRelu': {
      const a = param ?? 0.01;
      if (!Number.isFinite(a)) throw new ValueError(`calculateGain: negative slope must be a finite number, got ${a}`);
      return Math.sqrt(2 / (1 + a * a));
    }
    case 'selu':
      return 3 / 4;
    default:
      throw new ValueError(`calculateGain: unknown nonlinearity '${String(nonlinearity)}'`);
  }
}

/**
 * fanIn and fanOut of a weight: for [out, in, ...kernel], fanIn = in * prod(kernel) and
 * fanOut = out * prod(kernel) (PyTorch's convention; a Linear weight is [out, in]).
 */
export function calculateFans(t: Tensor, op = 'calculateFans'): { fanIn: number; fanOut: number } {
  if (t.ndim < 2) {
    throw new ShapeError(`init.${op}: fan in and fan out need a tensor with at least 2 dimensions, got ${fmtShape(t.shape)}`);
  }
  const receptive = t.shape.slice(2).reduce((a, b) => a * b, 1);
  return { fanIn: t.shape[1]! * receptive, fanOut: t.shape[0]! * receptive };
}

/** Fills `t` with `value`, e.g. the lecture's deliberately bad "all weights = 100". Returns `t`. */
export function constant(t: Tensor, value: number): Tensor {
  t.data.fill(value);
  return t;
}

/** Fills `t` with 0. */
export function zeros(t: Tensor): Tensor { return constant(t, 0); }

/** Fills `t` with 1. */
export function ones(t: Tensor): Tensor { return constant(t, 1); }

/** Fills `t` with samples of U(a, b) (default U(0, 1)). */
export function uniform(t: Tensor, { a = 0, b = 1, generator = defaultGenerator }: { a?: number; b?: number } & InitRandomOptions = {}): Tensor {
  checkFloat('uniform', t);
  if (!(a <= b)) throw new ValueError(`init.uniform: need a <= b, got a=${a} b=${b}`);
  const d = t.data;
  for (let i = 0; i < d.length; i++) d[i] = a + (b - a) * generator.nextDouble();
  return t;
}

/** Fills `t` with samples of N(mean, std^2) (default N(0, 1)). */
export function normal(t: Tensor, { mean = 0, std = 1, generator = defaultGenerator }: { mean?: number; std?: number } & InitRandomOptions = {}): Tensor {
  checkFloat('normal', t);
  if (!(std >= 0)) throw new ValueError(`init.normal: std must be >= 0, got ${std}`);
  const d = t.data;
  for (let i = 0; i < d.length; i += 2) {
    const [z0, z1] = generator.nextNormalPair();
    d[i] = mean + std * z0;
    if (i + 1 < d.length) d[i + 1] = mean + std * z1;
  }
  return t;
}

/** Options of the Xavier (Glorot) initializers. */
export interface XavierOptions extends InitRandomOptions {
  /** Scale factor (default 1; see `calculateGain`). */
  gain?: number;
}

/**
 * Xavier/Glorot uniform (Glorot & Bengio 2010): U(-bound, bound) with
 * bound = gain * sqrt(6 / (fanIn + fanOut)), so Var = gain^2 * 2 / (fanIn + fanOut).
 */
export function xavierUniform(t: Tensor, { gain = 1, generator }: XavierOptions = {}): Tensor {
  checkFloat('xavierUniform', t);
  const { fanIn, fanOut } = calculateFans(t, 'xavierUniform');
  const bound = gain * Math.sqrt(6 / (fanIn + fanOut));
  return uniform(t, { a: -bound, b: bound, generator });
}

/** Xavier/Glorot normal (Glorot & Bengio 2010): N(0, std^2) with std = gain * sqrt(2 / (fanIn + fanOut)). */
export function xavierNormal(t: Tensor, { gain = 1, generator }: XavierOptions = {}): Tensor {
  checkFloat('xavierNormal', t);
  const { fanIn, fanOut } = calculateFans(t, 'xavierNormal');
  return normal(t, { mean: 0, std: gain * Math.sqrt(2 / (fanIn + fanOut)), generator });
}

/** Options of the Kaiming (He) initializers. */
export interface KaimingOptions extends InitRandomOptions {
  /** Negative slope of the leaky ReLU that follows (default 0; ignored for other nonlinearities). */
  a?: number;
  /** Preserve the variance of the forward pass (`fanIn`, default) or of the backward pass (`fanOut`). */
  mode?: FanMode;
  /** Nonlinearity whose gain is used (default 'leakyRelu', with slope `a`, as PyTorch). */
  nonlinearity?: Nonlinearity;
}

function kaimingStd(op: string, t: Tensor, { a = 0, mode = 'fanIn', nonlinearity = 'leakyRelu' }: KaimingOptions): number {
  checkFloat(op, t);
  if (mode !== 'fanIn' && mode !== 'fanOut') throw new ValueError(`init.${op}: mode must be 'fanIn' or 'fanOut', got '${String(mode)}'`);
  const fans = calculateFans(t, op);
  const fan = mode === 'fanIn' ? fans.fanIn : fans.fanOut;
  if (fan === 0) throw new ShapeError(`init.${op}: cannot initialize a tensor of shape ${fmtShape(t.shape)} with zero fan`);
  return calculateGain(nonlinearity, a) / Math.sqrt(fan);
}

/**
 * Kaiming/He uniform (He et al. 2015): U(-bound, bound) with bound = gain * sqrt(3 / fan), so
 * Var = gain^2 / fan (gain = sqrt(2) for ReLU).
 */
export function kaimingUniform(t: Tensor, opts: KaimingOptions = {}): Tensor {
  const bound = Math.sqrt(3) * kaimingStd('kaimingUniform', t, opts);
  return uniform(t, { a: -bound, b: bound, generator: opts.generator });
}

/** Kaiming/He normal (He et al. 2015): N(0, std^2) with std = gain / sqrt(fan). */
export function kaimingNormal(t: Tensor, opts: KaimingOptions = {}): Tensor {
  return normal(t, { mean: 0, std: kaimingStd('kaimingNormal', t, opts), generator: opts.generator });
}

/**
 * (Semi-)orthogonal initialization (Saxe et al. 2014): `t` viewed as [rows, cols] (rows = shape[0])
 * gets orthonormal rows (rows <= cols) or columns (rows > cols), times `gain`. Built from the QR
 * decomposition of a Gaussian matrix with the signs of R's diagonal folded in, so Q is Haar-uniform.
 */
export function orthogonal(t: Tensor, { gain = 1, generator = defaultGenerator }: XavierOptions = {}): Tensor {
  checkFloat('orthogonal', t);
  if (t.ndim < 2) throw new ShapeError(`init.orthogonal: needs a tensor with at least 2 dimensions, got ${fmtShape(t.shape)}`);
  const rows = t.shape[0]!;
  const cols = t.size / rows;
  if (t.size === 0) return t;
  // Work on the tall orientation m x n (m >= n): QR of a Gaussian m x n gives n orthonormal columns.
  const m = Math.max(rows, cols);
  const n = Math.min(rows, cols);
  const a: Float64Array[] = [];
  for (let j = 0; j < n; j++) {
    const col = new Float64Array(m);
    for (let i = 0; i < m; i += 2) {
      const [z0, z1] = generator.nextNormalPair();
      col[i] = z0;
      if (i + 1 < m) col[i + 1] = z1;
    }
    a.push(col);
  }
  // Modified Gram-Schmidt, twice (re-orthogonalization) for accuracy; r_jj > 0 by construction,
  // which is the sign convention that makes Q Haar-distributed.
  for (let j = 0; j < n; j++) {
    const q = a[j]!;
    for (let pass = 0; pass < 2; pass++) {
      for (let k = 0; k < j; k++) {
        const p = a[k]!;
        let dot = 0;
        for (let i = 0; i < m; i++) dot += p[i]! * q[i]!;
        for (let i = 0; i < m; i++) q[i] = q[i]! - dot * p[i]!;
      }
    }
    let norm = 0;
    for (let i = 0; i < m; i++) norm += q[i]! * q[i]!;
    norm = Math.sqrt(norm);
    if (norm === 0) throw new ValueError('init.orthogonal: degenerate random matrix (retry with another generator state)');
    for (let i = 0; i < m; i++) q[i] = q[i]! / norm;
  }
  const d = t.data;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      // rows >= cols: the matrix is Q (m = rows); otherwise it is Q^T (row r is column r of Q).
      d[r * cols + c] = gain * (rows >= cols ? a[c]![r]! : a[r]![c]!);
    }
  }
  return t;
}
