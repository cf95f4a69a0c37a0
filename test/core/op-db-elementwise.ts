// Op database, part 1: elementwise ops and activations (unary, binary with broadcasting and Python
// scalars, comparisons, where, clamp, cast), each with its closed form in plain JS.

import * as ops from '../../src/ops/index.js';
import type { Tensor, TensorLike } from '../../src/index.js';
import { fn, map, reduce, scalar, zip, comb, type ND } from './nd-ref.js';
import { inp, sample, type Domain, type OpEntry, type OpSample } from './op-db-types.js';
import { SOFTPLUS_THRESHOLD_SAMPLES } from './op-db-extra.js';

const UNARY_SHAPES: number[][] = [[], [5], [2, 3], [2, 1, 3]];

function unary(name: string, op: (x: Tensor) => Tensor, f: (v: number) => number, domain: Domain = 'real'): OpEntry {
  return {
    name,
    differentiable: true,
    samples: UNARY_SHAPES.map((s) => sample(`x${JSON.stringify(s)}`, [inp(s, domain)], op, (x) => map(x, f))),
  };
}

type Bin = (a: TensorLike, b: TensorLike) => Tensor;

/** Broadcasting and scalar samples shared by every binary op. */
function binarySamples(op: Bin, f: (a: number, b: number) => number, da: Domain, db: Domain): OpSample[] {
  const z = (a: ND, b: ND): ND => zip([a, b], f);
  const pairs: [number[], number[]][] = [[[2, 3], [2, 3]], [[2, 3], [3]], [[2, 1], [1, 3]], [[], [2, 3]], [[4, 1, 2], [3, 1]], [[], []]];
  const out = pairs.map(([sa, sb]) => sample(`${JSON.stringify(sa)} op ${JSON.stringify(sb)}`, [inp(sa, da), inp(sb, db)], (a, b) => op(a, b), z));
  const sb = db === 'positive' ? 1.5 : 0.7;
  const sa = da === 'positive' ? 1.5 : -0.7;
  out.push(sample(`[2,3] op ${sb}`, [inp([2, 3], da)], (a) => op(a, sb), (a) => zip([a], (x) => f(x, sb))));
  out.push(sample(`${sa} op [3]`, [inp([3], db)], (b) => op(sa, b), (b) => zip([b], (x) => f(sa, x))));
  return out;
}

function binary(name: string, op: Bin, f: (a: number, b: number) => number, da: Domain = 'real', db: Domain = 'real'): OpEntry {
  return { name, differentiable: true, samples: binarySamples(op, f, da, db) };
}

function compare(name: string, op: Bin, f: (a: number, b: number) => boolean): OpEntry {
  const g = (a: number, b: number): number => (f(a, b) ? 1 : 0);
  const samples: OpSample[] = binarySamples(op, g, 'real', 'real').map((s) => ({ ...s, outDtype: 'bool' }));
  // Integer inputs tie on purpose, so eq/le/ge see equal elements.
  samples.push(sample('int [3,4] op int [4]', [inp([3, 4], 'int'), inp([4], 'int')], (a, b) => op(a, b), (a, b) => zip([a, b], g), { outDtype: 'bool' }));
  samples.push(sample('float [2,3] op same', [inp([2, 3])], (a) => op(a, a), (a) => zip([a, a], g), { outDtype: 'bool' }));
  return { name, differentiable: false, samples };
}

const clampRef = (lo?: number, hi?: number) => (x: ND): ND =>
  map(x, (v) => Math.min(hi ?? Infinity, Math.max(lo ?? -Infinity, v)));

const softplusRef = (beta: number) => (x: ND): ND => map(x, (v) => Math.log1p(Math.exp(beta * v)) / beta);
const swishRef = (beta: number) => (v: number): number => v * fn.sigmoid(beta * v);

function softmaxRef(x: ND, axis: number, log: boolean): ND {
  const lse = reduce(x, axis, true, comb.logsumexp);
  return zip([x, lse], (v, l) => (log ? v - l : Math.exp(v - l)));
}

/** Elementwise entries. */
export const ELEMENTWISE_OPS: OpEntry[] = [
  binary('add', ops.add, (a, b) => a + b),
  binary('sub', ops.sub, (a, b) => a - b),
  binary('mul', ops.mul, (a, b) => a * b),
  binary('div', ops.div, (a, b) => a / b),
  {
    name: 'pow',
    differentiable: true,
    samples: [
      ...binarySamples(ops.pow, Math.pow, 'positive', 'real'),
      sample('real^2', [inp([2, 3])], (x) => ops.pow(x, 2), (x) => map(x, (v) => v ** 2)),
      sample('real^3', [inp([4])], (x) => ops.pow(x, 3), (x) => map(x, (v) => v ** 3)),
      sample('2^x', [inp([2, 2])], (x) => ops.pow(2, x), (x) => map(x, (v) => 2 ** v)),
    ],
  },
  binary('maximum', ops.maximum, Math.max),
  binary('minimum', ops.minimum, Math.min),
  compare('eq', ops.eq, (a, b) => a === b),
  compare('ne', ops.ne, (a, b) => a !== b),
  compare('lt', ops.lt, (a, b) => a < b),
  compare('le', ops.le, (a, b) => a <= b),
  compare('gt', ops.gt, (a, b) => a > b),
  compare('ge', ops.ge, (a, b) => a >= b),
  unary('neg', ops.neg, (v) => -v),
  unary('exp', ops.exp, Math.exp),
  unary('log', ops.log, Math.log, 'positive'),
  unary('sqrt', ops.sqrt, Math.sqrt, 'positive'),
  unary('abs', ops.abs, Math.abs),
  unary('sin', ops.sin, Math.sin),
  unary('cos', ops.cos, Math.cos),
  { ...unary('sign', ops.sign, fn.sign), differentiable: false },
  unary('square', ops.square, (v) => v * v),
  unary('clone', ops.clone, (v) => v),
  unary('sigmoid', ops.sigmoid, fn.sigmoid),
  unary('tanh', ops.tanh, Math.tanh),
  unary('relu', ops.relu, fn.relu),
  unary('silu', ops.silu, swishRef(1)),
  {
    name: 'where',
    differentiable: true,
    samples: [
      sample('bool[2,3] ? [2,3] : [2,3]', [inp([2, 3], 'bool'), inp([2, 3]), inp([2, 3])], (c, a, b) => ops.where(c!, a!, b!), (c, a, b) => zip([c!, a!, b!], (p, q, r) => (p ? q : r))),
      sample('bool[3] ? [2,1] : [2,3] (broadcast)', [inp([3], 'bool'), inp([2, 1]), inp([2, 3])], (c, a, b) => ops.where(c!, a!, b!), (c, a, b) => zip([c!, a!, b!], (p, q, r) => (p ? q : r))),
      sample('bool[2,3] ? [2,3] : 0', [inp([2, 3], 'bool'), inp([2, 3])], (c, a) => ops.where(c!, a!, 0), (c, a) => zip([c!, a!], (p, q) => (p ? q : 0))),
      sample('int cond [4] ? 1.5 : [4]', [inp([4], 'int'), inp([4])], (c, b) => ops.where(c!, 1.5, b!), (c, b) => zip([c!, b!], (p, r) => (p !== 0 ? 1.5 : r))),
    ],
  },
  {
    name: 'clamp',
    differentiable: true,
    samples: [
      sample('[-0.5, 0.5]', [inp([3, 4])], (x) => ops.clamp(x, { min: -0.5, max: 0.5 }), clampRef(-0.5, 0.5)),
      sample('min 0', [inp([6])], (x) => ops.clamp(x, { min: 0 }), clampRef(0)),
      sample('max 0.3 0-d', [inp([])], (x) => ops.clamp(x, { max: 0.3 }), clampRef(undefined, 0.3)),
      sample('int [-1, 2]', [inp([8], 'int')], (x) => ops.clamp(x, { min: -1, max: 2 }), clampRef(-1, 2), { grad: false, outDtype: 'int32' }),
    ],
  },
  {
    name: 'cast',
    differentiable: true,
    samples: [
      sample('to float64', [inp([2, 3])], (x) => ops.cast(x, 'float64'), (x) => x, { outDtype: 'float64' }),
      sample('to int32 (truncates)', [inp([2, 3])], (x) => ops.cast(x, 'int32'), (x) => map(x, Math.trunc), { grad: false, outDtype: 'int32' }),
      sample('to bool', [inp([5], 'int')], (x) => ops.cast(x, 'bool'), (x) => map(x, (v) => (v !== 0 ? 1 : 0)), { grad: false, outDtype: 'bool' }),
      sample('int to float32', [inp([5], 'int')], (x) => ops.cast(x, 'float32'), (x) => x, { grad: false, outDtype: 'float32' }),
      sample('bool to int32', [inp([5], 'bool')], (x) => ops.cast(x, 'int32'), (x) => x, { grad: false, outDtype: 'int32' }),
    ],
  },
  {
    name: 'scalarLike',
    differentiable: false,
    samples: [
      sample('2.5 like float', [inp([2])], (x) => ops.scalarLike(2.5, x), () => scalar(2.5)),
      sample('3 like int32', [inp([2], 'int')], (x) => ops.scalarLike(3, x), () => scalar(3), { outDtype: 'int32' }),
      sample('0.5 like int32', [inp([2], 'int')], (x) => ops.scalarLike(0.5, x), () => scalar(0.5), { outDtype: 'float32' }),
    ],
  },
  {
    name: 'noGradAdd',
    differentiable: false,
    samples: [sample('[2,3] + [3]', [inp([2, 3]), inp([3])], (a, b) => ops.noGradAdd(a!, b!), (a, b) => zip([a!, b!], (p, q) => p + q))],
  },
  {
    name: 'leakyRelu',
    differentiable: true,
    samples: [
      sample('default slope', [inp([2, 4])], (x) => ops.leakyRelu(x), (x) => map(x, (v) => (v > 0 ? v : 0.01 * v))),
      sample('slope 0.2, 0-d', [inp([])], (x) => ops.leakyRelu(x, 0.2), (x) => map(x, (v) => (v > 0 ? v : 0.2 * v))),
    ],
  },
  {
    name: 'elu',
    differentiable: true,
    samples: [
      sample('alpha 1', [inp([2, 4])], (x) => ops.elu(x), (x) => map(x, (v) => (v > 0 ? v : Math.expm1(v)))),
      sample('alpha 0.5', [inp([5])], (x) => ops.elu(x, 0.5), (x) => map(x, (v) => (v > 0 ? v : 0.5 * Math.expm1(v)))),
    ],
  },
  {
    name: 'prelu',
    differentiable: true,
    samples: [
      sample('per channel [2,3,2] w[3]', [inp([2, 3, 2]), inp([3], 'positive')], (x, w) => ops.prelu(x!, w!),
        (x, w) => zip([x!, { shape: [3, 1], data: w!.data }], (v, a) => (v > 0 ? v : a * v))),
      sample('shared [4] w[1]', [inp([4]), inp([1], 'positive')], (x, w) => ops.prelu(x!, w!),
        (x, w) => map(x!, (v) => (v > 0 ? v : w!.data[0]! * v))),
    ],
  },
  {
    name: 'softplus',
    differentiable: true,
    samples: [
      sample('beta 1', [inp([2, 3])], (x) => ops.softplus(x), softplusRef(1)),
      sample('beta 2, 0-d', [inp([])], (x) => ops.softplus(x, { beta: 2 }), softplusRef(2)),
      ...SOFTPLUS_THRESHOLD_SAMPLES,
    ],
  },
  {
    name: 'swish',
    differentiable: true,
    samples: [
      sample('beta 1', [inp([2, 3])], (x) => ops.swish(x), (x) => map(x, swishRef(1))),
      sample('beta 0.5', [inp([4])], (x) => ops.swish(x, 0.5), (x) => map(x, swishRef(0.5))),
      sample('learnable beta tensor', [inp([2, 3]), inp([], 'positive')], (x, b) => ops.swish(x!, b!),
        (x, b) => map(x!, swishRef(b!.data[0]!))),
    ],
  },
  {
    name: 'softmax',
    differentiable: true,
    samples: [
      sample('[2,4] axis -1', [inp([2, 4])], (x) => ops.softmax(x), (x) => softmaxRef(x, -1, false)),
      sample('[3,2] axis 0', [inp([3, 2])], (x) => ops.softmax(x, 0), (x) => softmaxRef(x, 0, false)),
      sample('[2,3,2] axis 1', [inp([2, 3, 2])], (x) => ops.softmax(x, 1), (x) => softmaxRef(x, 1, false)),
    ],
  },
  {
    name: 'logSoftmax',
    differentiable: true,
    samples: [
      sample('[2,4] axis -1', [inp([2, 4])], (x) => ops.logSoftmax(x), (x) => softmaxRef(x, -1, true)),
      sample('[2,3,2] axis -2', [inp([2, 3, 2])], (x) => ops.logSoftmax(x, -2), (x) => softmaxRef(x, 1, true)),
      sample('large logits', [inp([3], 'real', { values: [1000, 1001, 999] })], (x) => ops.logSoftmax(x), (x) => softmaxRef(x, 0, true),
        { tol: { rtol: 1e-4, atol: 1e-4 } }),
    ],
  },
];
