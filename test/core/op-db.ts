// The op database: one entry per function exported from src/ops/index.ts, with sample inputs
// (broadcasting, 0-d, keepdim, negative axes), input domains, tolerances, differentiability and a
// closed form in plain JS. op-db.test.ts checks it is complete and runs gradcheck and forward checks
// on it; test/backend/conformance.ts runs it on every backend.

import * as ops from '../../src/ops/index.js';
import type { Tensor } from '../../src/index.js';
import {
  comb, concatND, expandTo, matmulND, padND, permute as permuteND, reduce, reshape as reshapeND, sliceAxis, sliceND, zip,
  type ND,
} from './nd-ref.js';
import { CONV_OPS } from './op-db-conv.js';
import { ELEMENTWISE_OPS } from './op-db-elementwise.js';
import { EXTRA_OPS, PAD_MODE_SAMPLES } from './op-db-extra.js';
import { inp, sample, type OpEntry, type OpSample } from './op-db-types.js';

export type { OpEntry, OpSample } from './op-db-types.js';

type Axis = number | number[] | undefined;
const AXES: { label: string; axis: Axis; keepdim: boolean }[] = [
  { label: 'all', axis: undefined, keepdim: false },
  { label: 'axis 0', axis: 0, keepdim: false },
  { label: 'axis -1 keepdim', axis: -1, keepdim: true },
  { label: 'axes [0,2]', axis: [0, 2], keepdim: false },
  { label: 'axes [-1,0] keepdim', axis: [-1, 0], keepdim: true },
];

type ReduceFn = (x: Tensor, axis?: Axis, opts?: { keepdim?: boolean }) => Tensor;

function reduction(name: string, op: ReduceFn, c: (v: number[]) => number, domain: 'real' | 'distinct' = 'real'): OpEntry {
  const samples: OpSample[] = AXES.map(({ label, axis, keepdim }) =>
    sample(`[2,3,4] ${label}`, [inp([2, 3, 4], domain)], (x) => op(x, axis, { keepdim }), (x) => reduce(x, axis, keepdim, c)));
  samples.push(sample('0-d', [inp([], domain)], (x) => op(x), (x) => reduce(x, undefined, false, c)));
  samples.push(sample('[5] axis -1', [inp([5], domain)], (x) => op(x, -1), (x) => reduce(x, -1, false, c)));
  return { name, differentiable: true, samples };
}

function argReduction(name: 'argmax' | 'argmin', c: (v: number[]) => number): OpEntry {
  const op = ops[name];
  return {
    name,
    differentiable: false,
    outDtype: 'int32',
    samples: [
      sample('[2,3,4] flat', [inp([2, 3, 4], 'distinct')], (x) => op(x), (x) => reduce(reshapeND(x, [24]), 0, false, c)),
      sample('[2,3,4] axis 1', [inp([2, 3, 4], 'distinct')], (x) => op(x, 1), (x) => reduce(x, 1, false, c)),
      sample('[3,4] axis -1 keepdim', [inp([3, 4], 'distinct')], (x) => op(x, -1, { keepdim: true }), (x) => reduce(x, -1, true, c)),
      // Ties: the first occurrence wins.
      sample('int ties axis 0', [inp([6, 3], 'int')], (x) => op(x, 0), (x) => reduce(x, 0, false, c)),
    ],
  };
}

function varLike(name: 'variance' | 'std', root: boolean): OpEntry {
  const op = ops[name];
  const r = (correction: number) => (v: number[]): number => {
    const s = comb.variance(correction)(v);
    return root ? Math.sqrt(s) : s;
  };
  return {
    name,
    differentiable: true,
    samples: [
      sample('[3,4] all', [inp([3, 4])], (x) => op(x), (x) => reduce(x, undefined, false, r(1))),
      sample('[3,4] axis -1 keepdim', [inp([3, 4])], (x) => op(x, -1, { keepdim: true }), (x) => reduce(x, -1, true, r(1))),
      sample('[3,4] axis 0 correction 0', [inp([3, 4])], (x) => op(x, 0, { correction: 0 }), (x) => reduce(x, 0, false, r(0))),
      sample('[2,3,2] axes [0,2]', [inp([2, 3, 2])], (x) => op(x, [0, 2]), (x) => reduce(x, [0, 2], false, r(1))),
    ],
  };
}

const ident = (x: ND): ND => x;

const SHAPE_OPS: OpEntry[] = [
  {
    name: 'reshape',
    differentiable: true,
    samples: [
      sample('[2,3] -> [3,2]', [inp([2, 3])], (x) => ops.reshape(x, [3, 2]), (x) => reshapeND(x, [3, 2])),
      sample('[6] -> [-1,2]', [inp([6])], (x) => ops.reshape(x, [-1, 2]), (x) => reshapeND(x, [3, 2])),
      sample('0-d -> [1,1]', [inp([])], (x) => ops.reshape(x, [1, 1]), (x) => reshapeND(x, [1, 1])),
      sample('[2,3,4] -> [4,-1]', [inp([2, 3, 4])], (x) => ops.reshape(x, [4, -1]), (x) => reshapeND(x, [4, 6])),
    ],
  },
  {
    name: 'flatten',
    differentiable: true,
    samples: [
      sample('[2,3,4] all', [inp([2, 3, 4])], (x) => ops.flatten(x), (x) => reshapeND(x, [24])),
      sample('[2,3,4] from 1', [inp([2, 3, 4])], (x) => ops.flatten(x, { startAxis: 1 }), (x) => reshapeND(x, [2, 12])),
      sample('[2,3,4] 0..-2', [inp([2, 3, 4])], (x) => ops.flatten(x, { endAxis: -2 }), (x) => reshapeND(x, [6, 4])),
      sample('0-d', [inp([])], (x) => ops.flatten(x), (x) => reshapeND(x, [1])),
    ],
  },
  {
    name: 'permute',
    differentiable: true,
    samples: [
      sample('[2,3,4] [2,0,1]', [inp([2, 3, 4])], (x) => ops.permute(x, [2, 0, 1]), (x) => permuteND(x, [2, 0, 1])),
      sample('[2,3,4] [-1,1,0]', [inp([2, 3, 4])], (x) => ops.permute(x, [-1, 1, 0]), (x) => permuteND(x, [2, 1, 0])),
      sample('[2,3] identity', [inp([2, 3])], (x) => ops.permute(x, [0, 1]), ident),
    ],
  },
  {
    name: 'transpose',
    differentiable: true,
    samples: [
      sample('[2,3]', [inp([2, 3])], (x) => ops.transpose(x), (x) => permuteND(x, [1, 0])),
      sample('[2,3,4] (0,2)', [inp([2, 3, 4])], (x) => ops.transpose(x, 0, 2), (x) => permuteND(x, [2, 1, 0])),
      sample('[4] unchanged', [inp([4])], (x) => ops.transpose(x), ident),
    ],
  },
  {
    name: 'squeeze',
    differentiable: true,
    samples: [
      sample('[1,3,1,2] all', [inp([1, 3, 1, 2])], (x) => ops.squeeze(x), (x) => reshapeND(x, [3, 2])),
      sample('[1,3,1,2] axis -2', [inp([1, 3, 1, 2])], (x) => ops.squeeze(x, -2), (x) => reshapeND(x, [1, 3, 2])),
      sample('[1,3,1] axes [0,2]', [inp([1, 3, 1])], (x) => ops.squeeze(x, [0, 2]), (x) => reshapeND(x, [3])),
    ],
  },
  {
    name: 'unsqueeze',
    differentiable: true,
    samples: [
      sample('[2,3] at 0', [inp([2, 3])], (x) => ops.unsqueeze(x, 0), (x) => reshapeND(x, [1, 2, 3])),
      sample('[2,3] at -1', [inp([2, 3])], (x) => ops.unsqueeze(x, -1), (x) => reshapeND(x, [2, 3, 1])),
      sample('[2,3] at 1', [inp([2, 3])], (x) => ops.unsqueeze(x, 1), (x) => reshapeND(x, [2, 1, 3])),
      sample('0-d at 0', [inp([])], (x) => ops.unsqueeze(x, 0), (x) => reshapeND(x, [1])),
    ],
  },
  {
    name: 'expand',
    differentiable: true,
    samples: [
      sample('[3,1] -> [3,4]', [inp([3, 1])], (x) => ops.expand(x, [3, 4]), (x) => expandTo(x, [3, 4])),
      sample('[3] -> [2,3]', [inp([3])], (x) => ops.expand(x, [2, 3]), (x) => expandTo(x, [2, 3])),
      sample('[1,3] -> [2,-1]', [inp([1, 3])], (x) => ops.expand(x, [2, -1]), (x) => expandTo(x, [2, 3])),
      sample('0-d -> [2,2]', [inp([])], (x) => ops.expand(x, [2, 2]), (x) => expandTo(x, [2, 2])),
    ],
  },
  {
    name: 'slice',
    differentiable: true,
    samples: [
      sample('[5,3] axis 0 1:4', [inp([5, 3])], (x) => ops.slice(x, 0, { start: 1, end: 4 }), (x) => sliceAxis(x, 0, 1, 4)),
      sample('[3,6] axis -1 ::2', [inp([3, 6])], (x) => ops.slice(x, -1, { step: 2 }), (x) => sliceAxis(x, 1, undefined, undefined, 2)),
      sample('[7] -3:', [inp([7])], (x) => ops.slice(x, 0, { start: -3 }), (x) => sliceAxis(x, 0, -3)),
      sample('[7] 1:-1:3', [inp([7])], (x) => ops.slice(x, 0, { start: 1, end: -1, step: 3 }), (x) => sliceAxis(x, 0, 1, -1, 3)),
      sample('[4] empty 3:1', [inp([4])], (x) => ops.slice(x, 0, { start: 3, end: 1 }), (x) => sliceAxis(x, 0, 3, 1)),
    ],
  },
  {
    name: 'index',
    differentiable: true,
    samples: [
      sample('[3,4] (1)', [inp([3, 4])], (x) => ops.index(x, 1), (x) => reshapeND(sliceAxis(x, 0, 1, 2), [4])),
      sample("[3,4] (':', -1)", [inp([3, 4])], (x) => ops.index(x, ':', -1), (x) => reshapeND(sliceAxis(x, 1, 3, 4), [3])),
      sample("[3,4,2] ('...', 0)", [inp([3, 4, 2])], (x) => ops.index(x, '...', 0), (x) => reshapeND(sliceAxis(x, 2, 0, 1), [3, 4])),
      sample("[4,5] ('1:3', '::2')", [inp([4, 5])], (x) => ops.index(x, '1:3', '::2'), (x) => sliceAxis(sliceAxis(x, 0, 1, 3), 1, undefined, undefined, 2)),
      sample("[4,5] (':', [1, 5, 2])", [inp([4, 5])], (x) => ops.index(x, ':', [1, 5, 2]), (x) => sliceAxis(x, 1, 1, 5, 2)),
      sample('[4,5] (null, 1, null, [1, 5, 2]) -> [1,1,2]', [inp([4, 5])], (x) => ops.index(x, null, 1, null, [1, 5, 2]),
        (x) => reshapeND(sliceAxis(sliceAxis(x, 0, 1, 2), 1, 1, 5, 2), [1, 1, 2])),
      sample("[3,4] ('...', null) -> [3,4,1]", [inp([3, 4])], (x) => ops.index(x, '...', null), (x) => reshapeND(x, [3, 4, 1])),
      sample('[3,4] (2, 3) -> 0-d', [inp([3, 4])], (x) => ops.index(x, 2, 3), (x) => reshapeND(sliceND(x, [2, 3], [3, 4], [1, 1]), [])),
    ],
  },
  {
    name: 'concat',
    differentiable: true,
    samples: [
      sample('[2,3] + [1,3] axis 0', [inp([2, 3]), inp([1, 3])], (a, b) => ops.concat([a!, b!]), (a, b) => concatND([a!, b!], 0)),
      sample('three along -1', [inp([2, 1]), inp([2, 3]), inp([2, 2])], (a, b, c) => ops.concat([a!, b!, c!], -1), (a, b, c) => concatND([a!, b!, c!], 1)),
      sample('single tensor', [inp([3])], (a) => ops.concat([a]), ident),
    ],
  },
  {
    name: 'stack',
    differentiable: true,
    samples: [
      sample('two [2,3] axis 0', [inp([2, 3]), inp([2, 3])], (a, b) => ops.stack([a!, b!]), (a, b) => concatND([reshapeND(a!, [1, 2, 3]), reshapeND(b!, [1, 2, 3])], 0)),
      sample('three [2] axis -1', [inp([2]), inp([2]), inp([2])], (a, b, c) => ops.stack([a!, b!, c!], -1),
        (a, b, c) => concatND([a!, b!, c!].map((t) => reshapeND(t, [2, 1])), 1)),
      sample('0-d', [inp([]), inp([])], (a, b) => ops.stack([a!, b!]), (a, b) => concatND([reshapeND(a!, [1]), reshapeND(b!, [1])], 0)),
    ],
  },
  {
    name: 'pad',
    differentiable: true,
    samples: [
      sample('[3] (1,2)', [inp([3])], (x) => ops.pad(x, [[1, 2]]), (x) => padND(x, [1], [2], [0], 0)),
      sample('[2,3] ((0,1),(2,0)) value 3', [inp([2, 3])], (x) => ops.pad(x, [[0, 1], [2, 0]], { value: 3 }), (x) => padND(x, [0, 2], [1, 0], [0, 0], 3)),
      sample('[2,3] first axis only', [inp([2, 3])], (x) => ops.pad(x, [[1, 1]]), (x) => padND(x, [1, 0], [1, 0], [0, 0], 0)),
      ...PAD_MODE_SAMPLES,
    ],
  },
  {
    name: 'padPrim',
    differentiable: true,
    samples: [
      sample('[2,3] interior', [inp([2, 3])], (x) => ops.padPrim(x, { lo: [1, 0], hi: [0, 2], interior: [1, 2], value: -1 }), (x) => padND(x, [1, 0], [0, 2], [1, 2], -1)),
    ],
  },
  {
    name: 'slicePrim',
    differentiable: true,
    samples: [
      sample('[5,6] strided both axes', [inp([5, 6])], (x) => ops.slicePrim(x, { begin: [1, 0], end: [5, 5], step: [2, 3] }), (x) => sliceND(x, [1, 0], [5, 5], [2, 3])),
    ],
  },
];

const mt = (x: ND): ND => permuteND(x, [0, 2, 1]);

const LINALG_OPS: OpEntry[] = [
  {
    name: 'matmul',
    differentiable: true,
    samples: [
      sample('[3] . [3]', [inp([3]), inp([3])], (a, b) => ops.matmul(a!, b!), (a, b) => matmulND(a!, b!)),
      sample('[2,3] @ [3]', [inp([2, 3]), inp([3])], (a, b) => ops.matmul(a!, b!), (a, b) => matmulND(a!, b!)),
      sample('[3] @ [3,4]', [inp([3]), inp([3, 4])], (a, b) => ops.matmul(a!, b!), (a, b) => matmulND(a!, b!)),
      sample('[5,3] @ [3,6]', [inp([5, 3]), inp([3, 6])], (a, b) => ops.matmul(a!, b!), (a, b) => matmulND(a!, b!)),
      sample('[2,2,3] @ [3,4]', [inp([2, 2, 3]), inp([3, 4])], (a, b) => ops.matmul(a!, b!), (a, b) => matmulND(a!, b!)),
      sample('[2,1,2,3] @ [3,3,2] (batch broadcast)', [inp([2, 1, 2, 3]), inp([3, 3, 2])], (a, b) => ops.matmul(a!, b!), (a, b) => matmulND(a!, b!)),
      sample('[3] @ [2,3,2]', [inp([3]), inp([2, 3, 2])], (a, b) => ops.matmul(a!, b!), (a, b) => matmulND(a!, b!)),
    ],
  },
  {
    name: 'matmulPrim',
    differentiable: true,
    samples: [
      sample('plain', [inp([2, 3, 4]), inp([2, 4, 5])], (a, b) => ops.matmulPrim(a!, b!, { transA: false, transB: false }), (a, b) => matmulND(a!, b!)),
      sample('transA', [inp([2, 4, 3]), inp([2, 4, 5])], (a, b) => ops.matmulPrim(a!, b!, { transA: true, transB: false }), (a, b) => matmulND(mt(a!), b!)),
      sample('transB', [inp([2, 3, 4]), inp([2, 5, 4])], (a, b) => ops.matmulPrim(a!, b!, { transA: false, transB: true }), (a, b) => matmulND(a!, mt(b!))),
      sample('transA transB', [inp([1, 4, 5]), inp([1, 6, 4])], (a, b) => ops.matmulPrim(a!, b!, { transA: true, transB: true }), (a, b) => matmulND(mt(a!), mt(b!))),
    ],
  },
  {
    name: 'linear',
    differentiable: true,
    samples: [
      sample('[4,3] W[2,3] b[2]', [inp([4, 3]), inp([2, 3]), inp([2])], (x, w, b) => ops.linear(x!, w!, b!),
        (x, w, b) => zip([matmulND(x!, permuteND(w!, [1, 0])), b!], (p, q) => p + q)),
      sample('[3] W[2,3] no bias', [inp([3]), inp([2, 3])], (x, w) => ops.linear(x!, w!), (x, w) => matmulND(x!, permuteND(w!, [1, 0]))),
      sample('[2,2,3] W[5,3] b[5]', [inp([2, 2, 3]), inp([5, 3]), inp([5])], (x, w, b) => ops.linear(x!, w!, b!),
        (x, w, b) => zip([matmulND(x!, permuteND(w!, [1, 0])), b!], (p, q) => p + q)),
    ],
  },
];

const REDUCE_OPS: OpEntry[] = [
  {
    ...reduction('sum', ops.sum, comb.sum),
    samples: [
      ...reduction('sum', ops.sum, comb.sum).samples,
      sample('empty [0,3] axis 0', [inp([0, 3])], (x) => ops.sum(x, 0), (x) => reduce(x, 0, false, comb.sum)),
      sample('int [3,4] axis 1', [inp([3, 4], 'int')], (x) => ops.sum(x, 1), (x) => reduce(x, 1, false, comb.sum), { grad: false, outDtype: 'int32' }),
    ],
  },
  {
    ...reduction('mean', ops.mean, comb.mean),
    samples: [
      ...reduction('mean', ops.mean, comb.mean).samples,
      sample('int [3,4] axis 1', [inp([3, 4], 'int')], (x) => ops.mean(x, 1), (x) => reduce(x, 1, false, comb.mean), { grad: false, outDtype: 'float32' }),
    ],
  },
  reduction('max', ops.max, comb.max, 'distinct'),
  reduction('min', ops.min, comb.min, 'distinct'),
  argReduction('argmax', comb.argmax),
  argReduction('argmin', comb.argmin),
  varLike('variance', false),
  varLike('std', true),
  {
    ...reduction('logsumexp', ops.logsumexp, comb.logsumexp),
    samples: [
      ...reduction('logsumexp', ops.logsumexp, comb.logsumexp).samples,
      sample('large values', [inp([3], 'real', { values: [500, 502, 499] })], (x) => ops.logsumexp(x), (x) => reduce(x, 0, false, comb.logsumexp)),
    ],
  },
];

/** Every op, by export name. */
export const OP_DB: readonly OpEntry[] = [...ELEMENTWISE_OPS, ...REDUCE_OPS, ...SHAPE_OPS, ...LINALG_OPS, ...CONV_OPS, ...EXTRA_OPS];

/** Entries of functions exported from nn rather than src/ops (losses): the completeness test accepts them. */
export const NN_ENTRIES: readonly string[] = ['smoothL1Loss', 'huberLoss'];

/** Looks up an entry by name. */
export function opEntry(name: string): OpEntry | undefined {
  return OP_DB.find((e) => e.name === name);
}

/** Float32 forward tolerance of a sample. */
export function forwardTol(e: OpEntry, s: OpSample): { rtol: number; atol: number } {
  return s.tol ?? e.tol ?? { rtol: 1e-5, atol: 1e-6 };
}

/** True when gradcheck applies to this sample. */
export function isDifferentiable(e: OpEntry, s: OpSample): boolean {
  return e.differentiable && s.grad !== false;
}
