// Forward implementations of the primitives: shape inference plus one backend kernel call each.
// Inputs are already validated by the ops layer; this table is the only caller of the backend.

import type { Backend } from '../backend/backend.js';
import { allocate, isFloat, promoteTypes, resultType, type DType, type TypedArray } from '../tensor/dtype.js';
import { broadcastShapes, sizeOf } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Primitive, PrimitiveAttrs } from './primitives.js';
import { conv2dForward, conv2dInputGradForward, conv2dWeightGradForward } from './conv-forward.js';
import { foldForward, maxPoolForward, maxPoolGradForward, unfoldForward } from './window-forward.js';

/** What a forward returns: storage, shape and dtype of the output. */
export interface RawTensor {
  data: TypedArray;
  shape: number[];
  dtype: DType;
}

type Forward<A> = (inputs: readonly Tensor[], attrs: A, be: Backend) => RawTensor;

function out(shape: number[], dtype: DType): RawTensor {
  return { data: allocate(dtype, sizeOf(shape)), shape, dtype };
}

function unaryFwd(op: Parameters<Backend['unary']>[0]): Forward<PrimitiveAttrs['exp']> {
  return ([x], _a, be) => {
    const dtype = op === 'neg' || op === 'abs' || op === 'relu' || op === 'sign' ? x!.dtype : floatOf(x!.dtype);
    const r = out([...x!.shape], dtype === 'bool' ? 'int32' : dtype);
    be.unary(op, x!.data, r.data);
    return r;
  };
}

function floatOf(d: DType): DType {
  return isFloat(d) ? d : 'float32';
}

function binaryFwd(op: Parameters<Backend['binary']>[0], kind: 'arith' | 'div' | 'compare'): Forward<PrimitiveAttrs['add']> {
  return ([a, b], _attrs, be) => {
    const shape = broadcastShapes(op, a!.shape, b!.shape);
    const common = resultType(a!, b!);
    let dtype: DType = kind === 'compare' ? 'bool' : kind === 'div' ? floatOf(common) : common;
    if (dtype === 'bool') dtype = kind === 'compare' ? 'bool' : 'int32';
    const r = out(shape, dtype);
    be.binary(op, a!.data, a!.shape, b!.data, b!.shape, r.data, shape);
    return r;
  };
}

function reduceFwd(op: 'sum' | 'max' | 'min'): Forward<PrimitiveAttrs['sum']> {
  return ([x], { axes, keepdim }, be) => {
    let data = x!.data;
    let shape = [...x!.shape];
    const dtype = op === 'sum' && x!.dtype === 'bool' ? 'int32' : x!.dtype;
    // Reduce the highest axis first so lower axis numbers stay valid.
    for (const axis of [...axes].sort((p, q) => q - p)) {
      const next = shape.filter((_, i) => i !== axis);
      const o = allocate(dtype, sizeOf(next));
      be.reduce(op, data, shape, axis, o);
      data = o;
      shape = next;
    }
    if (axes.length === 0 && data === x!.data) data = data.slice();
    return { data, shape: keepdim ? x!.shape.map((d, i) => (axes.includes(i) ? 1 : d)) : shape, dtype };
  };
}

function argFwd(op: 'argmax' | 'argmin'): Forward<PrimitiveAttrs['argmax']> {
  return ([x], { axis, keepdim }, be) => {
    const shape = x!.shape.filter((_, i) => i !== axis);
    const r = out(shape, 'int32');
    be.reduce(op, x!.data, x!.shape, axis, r.data);
    if (keepdim) r.shape = x!.shape.map((d, i) => (i === axis ? 1 : d));
    return r;
  };
}

/** One forward per primitive; `tsc` fails if one is missing. */
export const FORWARD: { [P in Primitive]: Forward<PrimitiveAttrs[P]> } = {
  neg: unaryFwd('neg'), exp: unaryFwd('exp'), log: unaryFwd('log'), sqrt: unaryFwd('sqrt'),
  abs: unaryFwd('abs'), sin: unaryFwd('sin'), cos: unaryFwd('cos'), tanh: unaryFwd('tanh'),
  sigmoid: unaryFwd('sigmoid'), relu: unaryFwd('relu'), sign: unaryFwd('sign'), erf: unaryFwd('erf'),
  add: binaryFwd('add', 'arith'), sub: binaryFwd('sub', 'arith'), mul: binaryFwd('mul', 'arith'),
  div: binaryFwd('div', 'div'), pow: binaryFwd('pow', 'arith'),
  maximum: binaryFwd('maximum', 'arith'), minimum: binaryFwd('minimum', 'arith'),
  reluGrad: binaryFwd('reluGrad', 'arith'),
  eq: binaryFwd('eq', 'compare'), ne: binaryFwd('ne', 'compare'), lt: binaryFwd('lt', 'compare'),
  le: binaryFwd('le', 'compare'), gt: binaryFwd('gt', 'compare'), ge: binaryFwd('ge', 'compare'),
  where: ([c, a, b], _attrs, be) => {
    const shape = broadcastShapes('where', broadcastShapes('where', c!.shape, a!.shape), b!.shape);
    const r = out(shape, resultType(a!, b!));
    be.where(c!.data, c!.shape, a!.data, a!.shape, b!.data, b!.shape, r.data, shape);
    return r;
  },
  cast: ([x], { dtype }, be) => {
    const r = out([...x!.shape], dtype);
    be.cast(x!.data, r.data);
    return r;
  },
  sum: reduceFwd('sum'), max: reduceFwd('max'), min: reduceFwd('min'),
  argmax: argFwd('argmax'), argmin: argFwd('argmin'),
  matmul: ([a, b], { transA, transB }, be) => {
    const [batch, r0, c0] = a!.shape as [number, number, number];
    const [, r1, c1] = b!.shape as [number, number, number];
    const m = transA ? c0 : r0;
    const k = transA ? r0 : c0;
    const n = transB ? r1 : c1;
    const r = out([batch, m, n], promoteTypes(a!.dtype, b!.dtype));
    be.matmul(a!.data, b!.data, r.data, { batch, m, k, n, transA, transB });
    return r;
  },
  reshape: ([x], { shape }) => ({ data: x!.data, shape: [...shape], dtype: x!.dtype }),
  permute: ([x], { perm }, be) => {
    const r = out(perm.map((p) => x!.shape[p]!), x!.dtype);
    be.permute(x!.data, x!.shape, perm, r.data);
    return r;
  },
  expand: ([x], { shape }, be) => {
    const r = out([...shape], x!.dtype);
    be.expand(x!.data, x!.shape, shape, r.data);
    return r;
  },
  slice: ([x], { begin, end, step }, be) => {
    const shape = begin.map((b, i) => Math.max(0, Math.ceil((end[i]! - b) / step[i]!)));
    const r = out(shape, x!.dtype);
    be.slice(x!.data, x!.shape, begin, step, r.data, shape);
    return r;
  },
  pad: ([x], { lo, hi, interior, value }, be) => {
    const shape = x!.shape.map((d, i) => lo[i]! + hi[i]! + d + Math.max(0, d - 1) * interior[i]!);
    const r = out(shape, x!.dtype);
    be.pad(x!.data, x!.shape, lo, interior, value, r.data, shape);
    return r;
  },
  concat: (xs, { axis }, be) => {
    const shape = [...xs[0]!.shape];
    shape[axis] = xs.reduce((s, t) => s + t.shape[axis]!, 0);
    const dtype = xs.map((t) => t.dtype).reduce(promoteTypes);
    const parts = xs.map((t) => (t.dtype === dtype ? t.data : castData(t.data, dtype, be)));
    const r = out(shape, dtype);
    be.concat(parts, xs.map((t) => t.shape), axis, r.data, shape);
    return r;
  },
  unfold: unfoldForward,
  fold: foldForward,
  maxPool: maxPoolForward,
  maxPoolGrad: maxPoolGradForward,
  conv2d: conv2dForward,
  conv2dInputGrad: conv2dInputGradForward,
  conv2dWeightGrad: conv2dWeightGradForward,
};

function castData(data: TypedArray, dtype: DType, be: Backend): TypedArray {
  const o = allocate(dtype, data.length);
  be.cast(data, o);
  return o;
}
