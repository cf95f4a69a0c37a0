// Reference elementwise kernels: unary maps, broadcast binary maps and where, in plain TypeScript.

import type { TypedArray } from '../../tensor/dtype.js';
import { broadcastStrides, sameShape, sizeOf } from '../../tensor/shape.js';
import { assertNever } from '../../tensor/dtype.js';
import { erf } from './erf-kernel.js';
import type { BinaryOp, UnaryOp } from '../backend.js';

type F1 = (x: number) => number;
type F2 = (a: number, b: number) => number;

/** NOTE: sigmoid is split at 0 so exp never overflows: 1/(1+e^-x) for x >= 0, e^x/(1+e^x) below. */
function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

function unaryFn(op: UnaryOp): F1 {
  switch (op) {
    case 'neg': return (x) => -x;
    case 'exp': return Math.exp;
    case 'log': return Math.log;
    case 'sqrt': return Math.sqrt;
    case 'abs': return Math.abs;
    case 'sin': return Math.sin;
    case 'cos': return Math.cos;
    case 'tanh': return Math.tanh;
    case 'sigmoid': return sigmoid;
    case 'erf': return erf;
    case 'relu': return (x) => (x > 0 ? x : x !== x ? x : 0);
    case 'sign': return (x) => (x > 0 ? 1 : x < 0 ? -1 : x !== x ? x : 0);
    default: return assertNever(op);
  }
}

// NOTE: maximum/minimum propagate NaN like PyTorch (Math.max does; a plain `>` would not).
function binaryFn(op: BinaryOp): F2 {
  switch (op) {
    case 'add': return (a, b) => a + b;
    case 'sub': return (a, b) => a - b;
    case 'mul': return (a, b) => a * b;
    case 'div': return (a, b) => a / b;
    case 'pow': return Math.pow;
    case 'maximum': return Math.max;
    case 'minimum': return Math.min;
    // NOTE: PyTorch's threshold_backward mask `y <= 0 ? 0 : g`: a NaN output passes the gradient.
    case 'reluGrad': return (a, b) => (b <= 0 ? 0 : a);
    case 'eq': return (a, b) => (a === b ? 1 : 0);
    case 'ne': return (a, b) => (a !== b ? 1 : 0);
    case 'lt': return (a, b) => (a < b ? 1 : 0);
    case 'le': return (a, b) => (a <= b ? 1 : 0);
    case 'gt': return (a, b) => (a > b ? 1 : 0);
    case 'ge': return (a, b) => (a >= b ? 1 : 0);
    default: return assertNever(op);
  }
}

/** Applies a unary op elementwise. */
export function unary(op: UnaryOp, x: TypedArray, out: TypedArray): void {
  const f = unaryFn(op);
  for (let i = 0; i < x.length; i++) out[i] = f(x[i]!);
}

/** Applies a binary op with broadcasting; integer division follows the output dtype's storage. */
export function binary(
  op: BinaryOp, a: TypedArray, aShape: readonly number[], b: TypedArray, bShape: readonly number[],
  out: TypedArray, outShape: readonly number[],
): void {
  const f = binaryFn(op);
  const n = out.length;
  if (sameShape(aShape, outShape) && sameShape(bShape, outShape)) {
    for (let i = 0; i < n; i++) out[i] = f(a[i]!, b[i]!);
    return;
  }
  if (sizeOf(bShape) === 1 && sameShape(aShape, outShape)) {
    const bv = b[0]!;
    for (let i = 0; i < n; i++) out[i] = f(a[i]!, bv);
    return;
  }
  if (sizeOf(aShape) === 1 && sameShape(bShape, outShape)) {
    const av = a[0]!;
    for (let i = 0; i < n; i++) out[i] = f(av, b[i]!);
    return;
  }
  const sa = broadcastStrides(aShape, outShape);
  const sb = broadcastStrides(bShape, outShape);
  eachBroadcast(outShape, [sa, sb], (p, [oa, ob], inner, [ia, ib]) => {
    for (let j = 0; j < inner; j++) out[p + j] = f(a[oa! + j * ia!]!, b[ob! + j * ib!]!);
  });
}

/** out = cond ? a : b with broadcasting. */
export function where(
  cond: TypedArray, cShape: readonly number[], a: TypedArray, aShape: readonly number[],
  b: TypedArray, bShape: readonly number[], out: TypedArray, outShape: readonly number[],
): void {
  const strides = [cShape, aShape, bShape].map((s) => broadcastStrides(s, outShape));
  eachBroadcast(outShape, strides, (p, [oc, oa, ob], inner, [ic, ia, ib]) => {
    for (let j = 0; j < inner; j++) out[p + j] = cond[oc! + j * ic!] ? a[oa! + j * ia!]! : b[ob! + j * ib!]!;
  });
}

type BRow = (pos: number, offsets: number[], inner: number, innerStrides: number[]) => void;

/** Walks the rows of `outShape`, tracking each operand's offset under its broadcast strides. */
function eachBroadcast(outShape: readonly number[], strides: number[][], row: BRow): void {
  const nd = outShape.length;
  const k = strides.length;
  const offs = new Array<number>(k).fill(0);
  if (nd === 0) {
    row(0, offs, 1, offs.map(() => 0));
    return;
  }
  if (sizeOf(outShape) === 0) return;
  const inner = outShape[nd - 1]!;
  const innerStrides = strides.map((s) => s[nd - 1]!);
  const idx = new Array<number>(nd).fill(0);
  const outer = sizeOf(outShape) / inner;
  for (let o = 0, p = 0; o < outer; o++, p += inner) {
    row(p, offs, inner, innerStrides);
    for (let d = nd - 2; d >= 0; d--) {
      idx[d]!++;
      for (let t = 0; t < k; t++) offs[t]! += strides[t]![d]!;
      if (idx[d]! < outShape[d]!) break;
      for (let t = 0; t < k; t++) offs[t]! -= strides[t]![d]! * outShape[d]!;
      idx[d] = 0;
    }
  }
}
