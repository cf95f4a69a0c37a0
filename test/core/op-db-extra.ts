// Op database, part 4 (issue 13): the activations PyTorch users reach for (erf, gelu, logSigmoid,
// softsign, hardtanh, relu6, hardswish, mish, selu), pad's modes, and the smooth L1 / Huber losses
// from nn. Closed forms in plain JS; PyTorch's own values are checked in torch-reference.test.ts.

import * as ops from '../../src/ops/index.js';
import { nn, type Tensor } from '../../src/index.js';
import { erf as erfRef } from '../../src/backend/reference/erf-kernel.js';
import { fromFn, map, reduce, comb, zip, type ND } from './nd-ref.js';
import { inp, sample, type OpEntry } from './op-db-types.js';

const SHAPES: number[][] = [[], [5], [2, 3]];
// Explicit values covering every piece of the piecewise activations, away from their kinks.
const PIECES = [-4.5, -2.2, -0.9, -0.3, 0.4, 0.95, 1.7, 2.6, 4.1, 6.5];

function act(name: string, call: (x: Tensor) => Tensor, f: (v: number) => number, extra: Partial<OpEntry> = {}): OpEntry {
  return {
    name,
    differentiable: true,
    samples: [
      ...SHAPES.map((s) => sample(`x${JSON.stringify(s)}`, [inp(s)], call, (x) => map(x, f))),
      sample('every piece', [inp([10], 'real', { values: PIECES })], call, (x) => map(x, f)),
    ],
    ...extra,
  };
}

const softplus1 = (v: number): number => Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));
const SELU_A = 1.6732632423543772;
const SELU_S = 1.0507009873554805;

/** Index into an axis of size n for each pad mode, or null for a constant cell. */
function source(mode: ops.PadMode, i: number, n: number): number | null {
  if (i >= 0 && i < n) return i;
  if (mode === 'constant') return null;
  if (mode === 'replicate') return i < 0 ? 0 : n - 1;
  if (mode === 'circular') return ((i % n) + n) % n;
  return i < 0 ? -i : 2 * (n - 1) - i;
}

function padRef(x: ND, widths: [number, number][], mode: ops.PadMode, value = 0): ND {
  const lo = x.shape.map((_, i) => widths[i]?.[0] ?? 0);
  const shape = x.shape.map((d, i) => d + lo[i]! + (widths[i]?.[1] ?? 0));
  const st = x.shape.map((_, i) => x.shape.slice(i + 1).reduce((a, b) => a * b, 1));
  return fromFn(shape, (idx) => {
    let p = 0;
    for (let a = 0; a < idx.length; a++) {
      const s = source(mode, idx[a]! - lo[a]!, x.shape[a]!);
      if (s === null) return value;
      p += s * st[a]!;
    }
    return x.data[p]!;
  });
}

function padSamples(mode: ops.PadMode): ReturnType<typeof sample>[] {
  const w1: [number, number][] = [[1, 2]];
  const w3: [number, number][] = [[0, 0], [2, 1], [1, 3]];
  const w2: [number, number][] = [[0, 1], [3, 0]];
  return [
    sample(`${mode} [4] (1,2)`, [inp([4])], (x) => ops.pad(x, w1, { mode }), (x) => padRef(x, w1, mode)),
    sample(`${mode} [2,3,4] last two axes`, [inp([2, 3, 4])], (x) => ops.pad(x, w3, { mode }), (x) => padRef(x, w3, mode)),
    sample(`${mode} [2,4] both axes`, [inp([2, 4])], (x) => ops.pad(x, w2, { mode }), (x) => padRef(x, w2, mode)),
  ];
}

function lossSamples(name: string, call: (a: Tensor, b: Tensor, o: object) => Tensor, f: (d: number, k: number) => number, k: number, key: string): ReturnType<typeof sample>[] {
  const per = (a: ND, b: ND, kk: number): ND => zip([a, b], (p, q) => f(p - q, kk));
  return [
    sample(`mean [2,3]`, [inp([2, 3]), inp([2, 3])], (a, b) => call(a!, b!, {}), (a, b) => reduce(per(a!, b!, 1), undefined, false, comb.mean)),
    sample(`sum ${key} ${k} [4]`, [inp([4]), inp([4])], (a, b) => call(a!, b!, { reduction: 'sum', [key]: k }), (a, b) => reduce(per(a!, b!, k), undefined, false, comb.sum)),
    sample(`none ${key} 0.5 [2,2]`, [inp([2, 2]), inp([2, 2])], (a, b) => call(a!, b!, { reduction: 'none', [key]: 0.5 }), (a, b) => per(a!, b!, 0.5)),
    sample(`${name} both pieces`, [inp([6], 'real', { values: [0.3, -1.2, 2.5, 0.05, -0.7, 1.9] }), inp([6], 'real', { values: [0.1, 0.4, -0.5, 0.2, -0.2, 0.2] })],
      (a, b) => call(a!, b!, { reduction: 'none' }), (a, b) => per(a!, b!, 1)),
  ];
}

/** Entries of the ops added for PyTorch users. */
export const EXTRA_OPS: OpEntry[] = [
  act('erf', ops.erf, erfRef),
  {
    name: 'gelu',
    differentiable: true,
    samples: [
      ...act('gelu', ops.gelu, (v) => 0.5 * v * (1 + erfRef(v / Math.SQRT2))).samples,
      ...act('gelu', (x) => ops.gelu(x, { approximate: 'tanh' }), (v) => 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3))))
        .samples.map((s) => ({ ...s, label: `tanh ${s.label}` })),
    ],
  },
  act('logSigmoid', ops.logSigmoid, (v) => -softplus1(-v)),
  act('softsign', ops.softsign, (v) => v / (1 + Math.abs(v))),
  act('hardtanh', ops.hardtanh, (v) => Math.min(1, Math.max(-1, v))),
  act('relu6', ops.relu6, (v) => Math.min(6, Math.max(0, v))),
  act('hardswish', ops.hardswish, (v) => (v * Math.min(6, Math.max(0, v + 3))) / 6),
  act('mish', ops.mish, (v) => v * Math.tanh(softplus1(v))),
  act('selu', ops.selu, (v) => SELU_S * (v > 0 ? v : SELU_A * Math.expm1(v))),
  {
    name: 'smoothL1Loss',
    differentiable: true,
    samples: lossSamples('smoothL1Loss', (a, b, o) => nn.smoothL1Loss(a, b, o), (d, beta) => (Math.abs(d) < beta ? (0.5 * d * d) / beta : Math.abs(d) - 0.5 * beta), 2, 'beta'),
  },
  {
    name: 'huberLoss',
    differentiable: true,
    samples: lossSamples('huberLoss', (a, b, o) => nn.huberLoss(a, b, o), (d, delta) => (Math.abs(d) < delta ? 0.5 * d * d : delta * (Math.abs(d) - 0.5 * delta)), 2, 'delta'),
  },
];

/** pad's modes (added to the existing `pad` entry). */
export const PAD_MODE_SAMPLES = (['reflect', 'replicate', 'circular', 'constant'] as const).flatMap(padSamples);

/** softplus with PyTorch's threshold (added to the existing `softplus` entry). */
export const SOFTPLUS_THRESHOLD_SAMPLES = [
  sample('beta 2 threshold 1 (both sides)', [inp([10], 'real', { values: PIECES })], (x) => ops.softplus(x, { beta: 2, threshold: 1 }),
    (x) => map(x, (v) => (2 * v > 1 ? v : Math.log1p(Math.exp(2 * v)) / 2))),
  sample('threshold Infinity', [inp([2, 3])], (x) => ops.softplus(x, { threshold: Infinity }), (x) => map(x, (v) => Math.log1p(Math.exp(v)))),
];

