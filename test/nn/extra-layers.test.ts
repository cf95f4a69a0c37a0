// The modules added for PyTorch users (issue 13): activations (GELU, Softplus, LogSigmoid, Softsign,
// Hardtanh, ReLU6, Hardswish, Mish, SELU), SmoothL1Loss/HuberLoss and Conv2d's paddingMode: each
// equals its op, gradchecks, and refuses bad options with a message naming the module.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Generator, ShapeError, ValueError, conv2d, gelu, hardswish, hardtanh, logSigmoid, mish, nn, pad, randn, relu6, selu, softplus, softsign, type Tensor,
} from '../../src/index.js';
import type { Module } from '../../src/nn/module.js';
import { gradcheckModule } from './helpers.js';

const rn = (shape: number[], seed: number): Tensor => randn(shape, { dtype: 'float64', generator: new Generator(seed) }).mul(2);

describe('activation modules equal their ops and gradcheck', () => {
  const cases: [string, () => Module<[Tensor], Tensor>, (x: Tensor) => Tensor][] = [
    ['GELU', () => new nn.GELU(), (x) => gelu(x)],
    ["GELU approximate 'tanh'", () => new nn.GELU({ approximate: 'tanh' }), (x) => gelu(x, { approximate: 'tanh' })],
    ['Softplus beta 2 threshold 1', () => new nn.Softplus({ beta: 2, threshold: 1 }), (x) => softplus(x, { beta: 2, threshold: 1 })],
    ['LogSigmoid', () => new nn.LogSigmoid(), logSigmoid],
    ['Softsign', () => new nn.Softsign(), softsign],
    ['Hardtanh -2..0.5', () => new nn.Hardtanh({ minVal: -2, maxVal: 0.5 }), (x) => hardtanh(x, { minVal: -2, maxVal: 0.5 })],
    ['ReLU6', () => new nn.ReLU6(), relu6],
    ['Hardswish', () => new nn.Hardswish(), hardswish],
    ['Mish', () => new nn.Mish(), mish],
    ['SELU', () => new nn.SELU(), selu],
  ];
  for (const [name, make, op] of cases) {
    test(name, () => {
      const x = rn([3, 4], 5);
      const m = make();
      assert.deepEqual(Array.from(m.call(x).data), Array.from(op(x).data));
      gradcheckModule(m, x);
    });
  }
  test('repr shows the options', () => {
    assert.match(new nn.GELU({ approximate: 'tanh' }).extraRepr(), /approximate=tanh/);
    assert.match(new nn.Softplus().extraRepr(), /beta=1, threshold=20/);
    assert.match(new nn.Hardtanh().extraRepr(), /minVal=-1, maxVal=1/);
  });
  test('bad options are errors naming the module, never ignored', () => {
    const bad: [() => unknown, RegExp][] = [
      [() => new nn.GELU({ approximate: 'erf' as never }), /GELU: approximate must be 'none' or 'tanh', got 'erf'/],
      [() => new nn.GELU({ approxmate: 'tanh' } as never), /GELU: unknown option 'approxmate'/],
      [() => new nn.Softplus({ beta: 0 }), /Softplus: beta must be positive, got 0/],
      [() => new nn.Softplus({ threshold: NaN }), /Softplus: threshold must be a number/],
      [() => new nn.Hardtanh({ minVal: 1, maxVal: -1 }), /Hardtanh: needs finite minVal <= maxVal, got minVal 1 and maxVal -1/],
      [() => new nn.Hardtanh({ min: 0 } as never), /Hardtanh: unknown option 'min'/],
      [() => new nn.SmoothL1Loss({ beta: -1 }), /SmoothL1Loss: beta must be a finite number >= 0, got -1/],
      [() => new nn.HuberLoss({ delta: 0 }), /HuberLoss: delta must be a finite number > 0, got 0/],
      [() => new nn.HuberLoss({ beta: 1 } as never), /HuberLoss: unknown option 'beta'/],
      [() => new nn.SmoothL1Loss({ reduction: 'avg' as never }), /SmoothL1Loss: reduction must be 'mean', 'sum' or 'none', got 'avg'/],
    ];
    for (const [make, re] of bad) assert.throws(make, (e: unknown) => e instanceof ValueError && re.test(e.message), re.source);
  });
});

describe('SmoothL1Loss and HuberLoss', () => {
  test('modules equal the functions; beta = 0 is l1Loss; huber = delta * smoothL1 with beta = delta', () => {
    const a = rn([4, 3], 1);
    const b = rn([4, 3], 2);
    assert.equal(new nn.SmoothL1Loss({ beta: 0.5 }).call(a, b).item(), nn.smoothL1Loss(a, b, { beta: 0.5 }).item());
    assert.equal(new nn.HuberLoss({ delta: 2, reduction: 'sum' }).call(a, b).item(), nn.huberLoss(a, b, { delta: 2, reduction: 'sum' }).item());
    assert.equal(nn.smoothL1Loss(a, b, { beta: 0 }).item(), nn.l1Loss(a, b).item());
    const h = nn.huberLoss(a, b, { delta: 1.5 }).item();
    assert.ok(Math.abs(h - 1.5 * nn.smoothL1Loss(a, b, { beta: 1.5 }).item()) < 1e-12);
  });
  test('shape mismatches name the loss', () => {
    assert.throws(() => nn.huberLoss(rn([2, 3], 1), rn([3, 2], 2)), (e: unknown) => e instanceof ShapeError && /huberLoss: input \[2,3\] and target \[3,2\]/.test(e.message));
  });
});

describe("Conv2d's paddingMode", () => {
  const x = rn([2, 2, 5, 6], 3);
  for (const mode of ['reflect', 'replicate', 'circular'] as const) {
    test(`${mode}: pads x in that mode, then convolves without padding (PyTorch's Conv2d)`, () => {
      const m = new nn.Conv2d({ inChannels: 2, outChannels: 3, kernelSize: [3, 2], padding: [1, 2], paddingMode: mode, dtype: 'float64', generator: new Generator(1) });
      const want = conv2d(pad(x, [[0, 0], [0, 0], [1, 1], [2, 2]], { mode }), m.weight, m.bias);
      assert.deepEqual(Array.from(m.call(x).data), Array.from(want.data));
      assert.deepEqual(m.call(x).shape, [2, 3, 5, 9]);
      assert.match(m.extraRepr(), new RegExp(`paddingMode=${mode}`));
      gradcheckModule(m, rn([1, 2, 4, 3], 4));
    });
  }
  test("'same' puts the odd cell at the bottom/right, as PyTorch; the output keeps the input's size", () => {
    const m = new nn.Conv2d({ inChannels: 2, outChannels: 1, kernelSize: [4, 3], padding: 'same', paddingMode: 'replicate', dtype: 'float64' });
    const want = conv2d(pad(x, [[0, 0], [0, 0], [1, 2], [1, 1]], { mode: 'replicate' }), m.weight, m.bias);
    assert.deepEqual(Array.from(m.call(x).data), Array.from(want.data));
    assert.deepEqual(m.call(x).shape, [2, 1, 5, 6]);
  });
  test('bad paddingMode, reflect padding too wide and same with a stride are errors', () => {
    assert.throws(() => new nn.Conv2d({ inChannels: 2, outChannels: 1, kernelSize: 3, paddingMode: 'mirror' as never }),
      (e: unknown) => e instanceof ValueError && /Conv2d: paddingMode must be one of 'zeros', 'reflect', 'replicate', 'circular', got 'mirror'/.test(e.message));
    assert.throws(() => new nn.Conv2d({ inChannels: 2, outChannels: 1, kernelSize: 3, padding: 'same', stride: 2, paddingMode: 'reflect' }),
      (e: unknown) => e instanceof ValueError && /Conv2d: padding 'same' needs stride 1/.test(e.message));
    const wide = new nn.Conv2d({ inChannels: 2, outChannels: 1, kernelSize: 3, padding: 5, paddingMode: 'reflect', dtype: 'float64' });
    assert.throws(() => wide.call(x), (e: unknown) => e instanceof ShapeError && /pad: mode 'reflect' needs widths less than the axis size 5, got width 5 on axis 2/.test(e.message));
  });
});

describe('pad modes: errors', () => {
  const x = rn([2, 3], 1);
  test('bad mode, value with a non-constant mode, widths beyond what the mode allows', () => {
    assert.throws(() => pad(x, [[1, 1]], { mode: 'edge' as never }), /pad: mode must be one of 'constant', 'reflect', 'replicate', 'circular', got 'edge'/);
    assert.throws(() => pad(x, [[1, 1]], { mode: 'reflect', value: 1 }), /pad: mode 'reflect' takes no value \(got value 1\)/);
    assert.throws(() => pad(x, [[0, 0], [0, 3]], { mode: 'reflect' }), /pad: mode 'reflect' needs widths less than the axis size 3, got width 3 on axis 1 of \[2,3\]/);
    assert.throws(() => pad(x, [[0, 0], [4, 0]], { mode: 'circular' }), /pad: mode 'circular' needs widths at most the axis size 3, got width 4/);
    assert.throws(() => pad(x, [[1, 1]], { mode: 'reflect', valu: 0 } as never), /pad: unknown option 'valu'/);
    assert.deepEqual(pad(x, [[0, 0], [3, 3]], { mode: 'circular' }).shape, [2, 9]);
  });
});
