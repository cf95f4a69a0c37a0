// Creating tensors: from nested arrays or typed arrays, constant fills, ranges, identity and random.

import { ShapeError, ValueError, fmtShape } from '../errors.js';
import { allocate, checkDType, dtypeOfArray, type DType, type TypedArray } from './dtype.js';
import { defaultGenerator, type Generator } from './random.js';
import { checkShape, sizeOf } from './shape.js';
import { Tensor } from './tensor.js';

/** Common options of creation functions. */
export interface CreateOptions {
  /** Element type (default float32; typed arrays keep theirs). */
  dtype?: DType;
  /** Make the new leaf require gradients. */
  requiresGrad?: boolean;
}

/** Options of random creation functions. */
export interface RandomOptions extends CreateOptions {
  /** Generator to draw from (default: the global one seeded by `manualSeed`). */
  generator?: Generator;
}

/** Nested arrays of numbers or booleans, as `tensor()` takes them. */
export type NestedInput = number | boolean | readonly NestedInput[];

function finish(t: Tensor, opts: CreateOptions): Tensor {
  if (opts.requiresGrad) t.requiresGrad = true;
  return t;
}

function inferShape(data: NestedInput): number[] {
  const shape: number[] = [];
  let v: NestedInput = data;
  while (Array.isArray(v)) {
    shape.push(v.length);
    if (v.length === 0) break;
    v = v[0] as NestedInput;
  }
  return shape;
}

/**
 * Creates a tensor from nested arrays, a typed array (with `shape`, default 1-D), or a number.
 * Nested arrays must be rectangular; values must be numbers or booleans.
 */
export function tensor(data: NestedInput | TypedArray, opts: CreateOptions & { shape?: readonly number[] } = {}): Tensor {
  if (ArrayBuffer.isView(data)) {
    const own = dtypeOfArray(data);
    const dtype = opts.dtype === undefined ? own : checkDType('tensor', opts.dtype);
    const shape = opts.shape ? checkShape('tensor', opts.shape) : [data.length];
    if (sizeOf(shape) !== data.length) {
      throw new ShapeError(`tensor: shape ${fmtShape(shape)} needs ${sizeOf(shape)} elements, the array has ${data.length}`);
    }
    const copy = allocate(dtype, data.length);
    if (dtype === 'bool') for (let i = 0; i < data.length; i++) copy[i] = data[i] ? 1 : 0;
    else copy.set(data);
    return finish(new Tensor(copy, shape, dtype), opts);
  }
  const shape = inferShape(data);
  let dtype: DType = opts.dtype === undefined ? 'float32' : checkDType('tensor', opts.dtype);
  const flat: number[] = [];
  let sawBool = false;
  const walk = (v: NestedInput, depth: number, path: number[]): void => {
    if (depth === shape.length) {
      if (typeof v === 'boolean') {
        sawBool = true;
        flat.push(v ? 1 : 0);
      } else if (typeof v === 'number') flat.push(v);
      else if (Array.isArray(v)) {
        throw new ShapeError(`tensor: ragged nested array at [${path.join(',')}]: expected a number, got an array of ${v.length} elements`);
      } else throw new ValueError(`tensor: element at [${path.join(',')}] is ${typeof v}, expected a number or a boolean`);
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[depth]) {
      throw new ShapeError(
        `tensor: ragged nested array at [${path.join(',')}]: expected ${shape[depth]} elements, got ${Array.isArray(v) ? v.length : 'a scalar'}`,
      );
    }
    (v as readonly NestedInput[]).forEach((x, i) => walk(x, depth + 1, [...path, i]));
  };
  walk(data, 0, []);
  if (sawBool && opts.dtype === undefined) dtype = 'bool';
  return finish(Tensor.fromRaw(dtype, shape, flat), opts);
}

function filled(op: string, shape: readonly number[], value: number, opts: CreateOptions): Tensor {
  const s = checkShape(op, shape);
  const dtype = checkDType(op, opts.dtype ?? 'float32');
  const d = allocate(dtype, sizeOf(s));
  d.fill(value);
  return finish(new Tensor(d, s, dtype), opts);
}

/** A tensor filled with `value`. */
export function full(shape: readonly number[], value: number, opts: CreateOptions = {}): Tensor { return filled('full', shape, value, opts); }
/** A tensor of zeros. */
export function zeros(shape: readonly number[], opts: CreateOptions = {}): Tensor { return filled('zeros', shape, 0, opts); }
/** A tensor of ones. */
export function ones(shape: readonly number[], opts: CreateOptions = {}): Tensor { return filled('ones', shape, 1, opts); }

/** Values start, start+step, ... < end (like `torch.arange`); integer arguments give int32 unless dtype says otherwise. */
export function arange(start: number, end?: number, opts: CreateOptions & { step?: number } = {}): Tensor {
  const [s, e] = end === undefined ? [0, start] : [start, end];
  const step = opts.step ?? 1;
  if (step === 0 || !Number.isFinite(step)) throw new ValueError(`arange: step must be a finite non-zero number, got ${step}`);
  const n = Math.max(0, Math.ceil((e - s) / step));
  const allInt = [s, e, step].every(Number.isInteger);
  const dtype = checkDType('arange', opts.dtype ?? (allInt ? 'int32' : 'float32'));
  const d = allocate(dtype, n);
  for (let i = 0; i < n; i++) d[i] = s + i * step;
  return finish(new Tensor(d, [n], dtype), opts);
}

/** `steps` evenly spaced values from start to end inclusive. */
export function linspace(start: number, end: number, steps: number, opts: CreateOptions = {}): Tensor {
  if (!Number.isInteger(steps) || steps < 0) throw new ValueError(`linspace: steps must be a non-negative integer, got ${steps}`);
  const dtype = checkDType('linspace', opts.dtype ?? 'float32');
  const d = allocate(dtype, steps);
  for (let i = 0; i < steps; i++) d[i] = steps === 1 ? start : start + ((end - start) * i) / (steps - 1);
  return finish(new Tensor(d, [steps], dtype), opts);
}

/** Identity matrix of n rows (and m columns, default n). */
export function eye(n: number, m = n, opts: CreateOptions = {}): Tensor {
  const t = filled('eye', [n, m], 0, opts);
  for (let i = 0; i < Math.min(n, m); i++) t.data[i * m + i] = 1;
  return t;
}

function random(op: string, shape: readonly number[], opts: RandomOptions, fill: (g: Generator, d: TypedArray) => void): Tensor {
  const s = checkShape(op, shape);
  const dtype = checkDType(op, opts.dtype ?? 'float32');
  const d = allocate(dtype, sizeOf(s));
  fill(opts.generator ?? defaultGenerator, d);
  return finish(new Tensor(d, s, dtype), opts);
}

/** Uniform samples in [0, 1). */
export function rand(shape: readonly number[], opts: RandomOptions = {}): Tensor {
  return random('rand', shape, opts, (g, d) => {
    for (let i = 0; i < d.length; i++) d[i] = g.nextDouble();
  });
}

/** Standard normal samples (Box-Muller, pairs). */
export function randn(shape: readonly number[], opts: RandomOptions = {}): Tensor {
  return random('randn', shape, opts, (g, d) => {
    for (let i = 0; i < d.length; i += 2) {
      const [a, b] = g.nextNormalPair();
      d[i] = a;
      if (i + 1 < d.length) d[i + 1] = b;
    }
  });
}

/** Uniform integers in [low, high) as int32 (or `dtype`). */
export function randint(low: number, high: number, shape: readonly number[], opts: RandomOptions = {}): Tensor {
  if (!Number.isInteger(low) || !Number.isInteger(high) || high <= low) {
    throw new ValueError(`randint: need integers low < high, got low=${low} high=${high}`);
  }
  return random('randint', shape, { dtype: 'int32', ...opts }, (g, d) => {
    for (let i = 0; i < d.length; i++) d[i] = g.nextInt(low, high);
  });
}

const like = (t: Tensor, opts: CreateOptions): CreateOptions => ({ dtype: t.dtype, ...opts });
/** Zeros shaped like `t` (same dtype unless given). */
export function zerosLike(t: Tensor, opts: CreateOptions = {}): Tensor { return zeros(t.shape, like(t, opts)); }
/** Ones shaped like `t`. */
export function onesLike(t: Tensor, opts: CreateOptions = {}): Tensor { return ones(t.shape, like(t, opts)); }
/** `value` shaped like `t`. */
export function fullLike(t: Tensor, value: number, opts: CreateOptions = {}): Tensor { return full(t.shape, value, like(t, opts)); }
/** Uniform [0, 1) shaped like `t`. */
export function randLike(t: Tensor, opts: RandomOptions = {}): Tensor { return rand(t.shape, like(t, opts)); }
/** Standard normal shaped like `t`. */
export function randnLike(t: Tensor, opts: RandomOptions = {}): Tensor { return randn(t.shape, like(t, opts)); }
/** Integers in [low, high) shaped like `t`. */
export function randintLike(t: Tensor, low: number, high: number, opts: RandomOptions = {}): Tensor {
  return randint(low, high, t.shape, { dtype: 'int32', ...opts });
}
