// Values and gradients against PyTorch 1.13 (test/fixtures/torch/reference.json, written by
// scripts/fixtures/torch-reference.py): the NaN rule of the gradients (docs/nan-gradients.md), the
// gradient of every activation at exactly 0 and at its kinks, and the ops added for PyTorch users.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  abs, clamp, elu, erf, gelu, grad, hardswish, hardtanh, leakyRelu, logSigmoid, maxPool2d, avgPool2d, maximum, minimum, mish, nn, pad,
  pow, prelu, relu, relu6, selu, sigmoid, silu, softplus, softsign, tanh, tensor, type Tensor,
} from '../../src/index.js';

type Raw = number | string;
interface Case {
  group: 'nan' | 'kink' | 'ops';
  name: string;
  inputs: { shape: number[]; data: Raw[] }[];
  output: { shape: number[]; data: Raw[] };
  grads: Raw[][];
}

const FIXTURE = JSON.parse(readFileSync(new URL('../fixtures/torch/reference.json', import.meta.url), 'utf8')) as { torch: string; cases: Case[] };
const num = (v: Raw): number => (v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : (v as number));

type Fn = (...xs: Tensor[]) => Tensor;
const conv = (paddingMode: nn.PaddingMode): Fn => (x, w) => {
  const m = new nn.Conv2d({ inChannels: 2, outChannels: 1, kernelSize: 3, padding: [1, 2], paddingMode, bias: false, dtype: 'float64' });
  // the module's forward with w itself as its weight, so grad() sees the weight's gradient too
  Object.assign(m, { weight: w });
  return m.call(x!);
};
// PyTorch's F.pad widths (left, right, top, bottom) are neurite's [[0,0],[0,0],[top,bottom],[left,right]].
const padCases = Object.fromEntries((['reflect', 'replicate', 'circular', 'constant'] as const).flatMap((mode) => [
  [`pad ${mode} (1,2) x (2,1)`, ((x) => pad(x!, [[0, 0], [0, 0], [1, 2], [2, 1]], { mode })) as Fn],
  [`pad ${mode} last axis (3,0)`, ((x) => pad(x!, [[0, 0], [0, 0], [3, 0]], { mode })) as Fn],
]));

/** The neurite call of each fixture case, by group and name. */
const CALLS: Record<Case['group'], Record<string, Fn>> = {
  nan: {
    relu: (x) => relu(x!),
    'clamp -1..1': (x) => clamp(x!, { min: -1, max: 1 }),
    'clamp min 0': (x) => clamp(x!, { min: 0 }),
    'clamp max 0': (x) => clamp(x!, { max: 0 }),
    maximum: (a, b) => maximum(a!, b!),
    minimum: (a, b) => minimum(a!, b!),
    abs: (x) => abs(x!),
    'maxPool2d 2x2': (x) => maxPool2d(x!, { kernelSize: 2 }),
    'maxPool2d 3x3 stride 1 pad 1': (x) => maxPool2d(x!, { kernelSize: 3, stride: 1, padding: 1 }),
    'avgPool2d 2x2': (x) => avgPool2d(x!, { kernelSize: 2 }),
    hardtanh: (x) => hardtanh(x!),
    relu6: (x) => relu6(x!),
  },
  kink: {
    relu: (x) => relu(x!),
    leakyRelu: (x) => leakyRelu(x!),
    'leakyRelu 0.2': (x) => leakyRelu(x!, 0.2),
    elu: (x) => elu(x!),
    'elu 0.5': (x) => elu(x!, 0.5),
    prelu: (x, w) => prelu(x!, w!),
    selu: (x) => selu(x!),
    softplus: (x) => softplus(x!),
    'softplus beta 2 threshold 1': (x) => softplus(x!, { beta: 2, threshold: 1 }),
    sigmoid: (x) => sigmoid(x!),
    tanh: (x) => tanh(x!),
    silu: (x) => silu(x!),
    gelu: (x) => gelu(x!),
    'gelu tanh': (x) => gelu(x!, { approximate: 'tanh' }),
    mish: (x) => mish(x!),
    softsign: (x) => softsign(x!),
    logSigmoid: (x) => logSigmoid(x!),
    hardtanh: (x) => hardtanh(x!),
    'hardtanh -2..0.5': (x) => hardtanh(x!, { minVal: -2, maxVal: 0.5 }),
    relu6: (x) => relu6(x!),
    hardswish: (x) => hardswish(x!),
    abs: (x) => abs(x!),
    'clamp -1..1': (x) => clamp(x!, { min: -1, max: 1 }),
    'maximum tie': (a, b) => maximum(a!, b!),
    'minimum tie': (a, b) => minimum(a!, b!),
    'pow 0^0': (a, b) => pow(a!, b!),
    'pow x^0': (x) => pow(x!, 0),
    smoothL1Loss: (a, b) => nn.smoothL1Loss(a!, b!, { reduction: 'none' }),
    'huberLoss delta 2': (a, b) => nn.huberLoss(a!, b!, { reduction: 'none', delta: 2 }),
  },
  ops: {
    erf: (x) => erf(x!),
    gelu: (x) => gelu(x!),
    'gelu tanh': (x) => gelu(x!, { approximate: 'tanh' }),
    logSigmoid: (x) => logSigmoid(x!),
    softsign: (x) => softsign(x!),
    hardtanh: (x) => hardtanh(x!),
    'hardtanh -2..0.5': (x) => hardtanh(x!, { minVal: -2, maxVal: 0.5 }),
    relu6: (x) => relu6(x!),
    hardswish: (x) => hardswish(x!),
    mish: (x) => mish(x!),
    selu: (x) => selu(x!),
    softplus: (x) => softplus(x!),
    'softplus beta 2 threshold 1': (x) => softplus(x!, { beta: 2, threshold: 1 }),
    'softplus beta 0.5 threshold 3': (x) => softplus(x!, { beta: 0.5, threshold: 3 }),
    ...Object.fromEntries((['mean', 'sum', 'none'] as const).flatMap((reduction) => [
      [`smoothL1Loss ${reduction}`, ((a, b) => nn.smoothL1Loss(a!, b!, { reduction })) as Fn],
      [`huberLoss ${reduction}`, ((a, b) => nn.huberLoss(a!, b!, { reduction })) as Fn],
    ])),
    'smoothL1Loss beta 0.5': (a, b) => nn.smoothL1Loss(a!, b!, { beta: 0.5 }),
    'smoothL1Loss beta 3': (a, b) => nn.smoothL1Loss(a!, b!, { beta: 3, reduction: 'sum' }),
    'huberLoss delta 0.5': (a, b) => nn.huberLoss(a!, b!, { delta: 0.5 }),
    'huberLoss delta 3': (a, b) => nn.huberLoss(a!, b!, { delta: 3, reduction: 'sum' }),
    ...padCases,
    'pad circular 3x4 by (3,4)': (x) => pad(x!, [[0, 0], [0, 0], [3, 3], [4, 4]], { mode: 'circular' }),
    'Conv2d paddingMode zeros': conv('zeros'),
    'Conv2d paddingMode reflect': conv('reflect'),
    'Conv2d paddingMode replicate': conv('replicate'),
    'Conv2d paddingMode circular': conv('circular'),
  },
};

function close(what: string, got: ArrayLike<number>, want: Raw[]): void {
  assert.equal(got.length, want.length, `${what}: length`);
  for (let i = 0; i < want.length; i++) {
    const w = num(want[i]!);
    const g = got[i]!;
    const ok = Number.isNaN(w) ? Number.isNaN(g) : g === w || Math.abs(g - w) <= 1e-12 + 1e-10 * Math.abs(w);
    assert.ok(ok, `${what}: element ${i} is ${g}, PyTorch ${w}`);
  }
}

/** Runs one case in float64: output, and the gradient of sum(v * output) with v = 1 + 0.25 (i % 4). */
function check(c: Case, fn: Fn): void {
  const xs = c.inputs.map((t) => tensor(t.data.map(num), { dtype: 'float64' }).reshape(t.shape));
  const out = fn(...xs);
  assert.deepEqual([...out.shape], c.output.shape, `${c.name}: output shape`);
  close(`${c.name}: output`, out.data, c.output.data);
  const v = tensor(Array.from({ length: out.size }, (_, i) => 1 + 0.25 * (i % 4)), { dtype: 'float64' }).reshape(out.shape);
  const gs = grad((...ts: Tensor[]) => fn(...ts).mul(v).sum(), xs);
  gs.forEach((g, k) => close(`${c.name}: gradient of input ${k}`, g!.data, c.grads[k]!));
}

describe(`against PyTorch ${FIXTURE.torch} (committed fixtures)`, () => {
  test('every fixture case has a neurite call and every call a fixture case', () => {
    for (const group of ['nan', 'kink', 'ops'] as const) {
      const names = FIXTURE.cases.filter((c) => c.group === group).map((c) => c.name).sort();
      assert.deepEqual(Object.keys(CALLS[group]).sort(), names, group);
    }
  });
  for (const [group, title] of [['nan', 'the NaN rule of gradients'], ['kink', 'gradients at exactly 0 and at kinks'], ['ops', 'the ops added for PyTorch users']] as const) {
    describe(title, () => {
      for (const c of FIXTURE.cases.filter((k) => k.group === group)) {
        test(c.name, () => check(c, CALLS[group][c.name]!));
      }
    });
  }
});
