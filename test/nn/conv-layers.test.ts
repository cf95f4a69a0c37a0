// Convolutional layers: gradcheck w.r.t. input and parameters, shapes and state-dict keys, PyTorch's
// default init, BatchNorm2d train/eval with running statistics, Dropout2d channel masks and expectation.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ones, randn, tensor } from '../../src/tensor/creation.js';
import { Generator } from '../../src/tensor/random.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import {
  AdaptiveAvgPool2d, AvgPool2d, BatchNorm2d, Conv2d, ConvTranspose2d, Dropout2d, Flatten, Linear, MaxPool2d, ReLU, Sequential,
} from '../../src/nn/index.js';
import { conv2d } from '../../src/ops/conv.js';
import type { Module } from '../../src/nn/module.js';
import { assertClose, gradcheckModule } from './helpers.js';

const rn = (shape: number[], seed: number): Tensor => randn(shape, { dtype: 'float64', generator: new Generator(seed) });

describe('conv layers: gradcheck of forward w.r.t. input and parameters (float64)', () => {
  const g = new Generator(5);
  const cases: [string, () => Module, number[]][] = [
    ['Conv2d 3x3 padding 1', () => new Conv2d({ inChannels: 2, outChannels: 3, kernelSize: 3, padding: 1, generator: g }), [2, 2, 4, 4]],
    ['Conv2d stride 2, groups 2, no bias', () => new Conv2d({ inChannels: 4, outChannels: 2, kernelSize: [2, 3], stride: 2, groups: 2, bias: false, generator: g }), [1, 4, 5, 5]],
    ["Conv2d padding 'same' dilation 2", () => new Conv2d({ inChannels: 1, outChannels: 2, kernelSize: 2, padding: 'same', dilation: 2, generator: g }), [1, 1, 4, 5]],
    ['ConvTranspose2d stride 2 outputPadding 1', () => new ConvTranspose2d({ inChannels: 2, outChannels: 3, kernelSize: 3, stride: 2, padding: 1, outputPadding: 1, generator: g }), [1, 2, 3, 3]],
    ['ConvTranspose2d groups 2', () => new ConvTranspose2d({ inChannels: 2, outChannels: 4, kernelSize: 2, groups: 2, generator: g }), [2, 2, 2, 3]],
    ['AvgPool2d', () => new AvgPool2d({ kernelSize: 2, stride: 1 }), [1, 2, 3, 4]],
    ['AdaptiveAvgPool2d', () => new AdaptiveAvgPool2d({ outputSize: [2, 3] }), [1, 2, 5, 5]],
    ['BatchNorm2d train', () => new BatchNorm2d({ numFeatures: 3 }), [2, 3, 2, 3]],
    ['BatchNorm2d eval', () => new BatchNorm2d({ numFeatures: 3 }).eval(), [2, 3, 2, 2]],
  ];
  for (const [name, make, shape] of cases) {
    test(name, () => {
      const m = make();
      for (const p of m.parameters()) for (let i = 0; i < p.size; i++) p.data[i] = p.data[i]! + 0.1 * (i % 5);
      gradcheckModule(m, rn(shape, 11));
    });
  }
  test('MaxPool2d (distinct inputs, so no ties)', () => {
    const x = tensor(Array.from(new Generator(2).permutation(48), (v) => v * 0.1), { dtype: 'float64' }).reshape([1, 3, 4, 4]);
    gradcheckModule(new MaxPool2d({ kernelSize: 3, stride: 1, padding: 1 }), x);
  });
  test('Dropout2d (same mask for every evaluation)', () => {
    for (const scaling of ['train', 'test'] as const) {
      const gen = new Generator(3);
      const state = gen.getState();
      const m = new Dropout2d({ p: 0.4, scaling, generator: gen });
      gradcheckModule(m, rn([3, 4, 2, 2], 2), { before: () => gen.setState(state) });
    }
  });
});

describe('conv layers: shapes, state dicts and init', () => {
  test('Conv2d: weight [out, in/groups, kh, kw], bias [out], output size formula', () => {
    const c = new Conv2d({ inChannels: 4, outChannels: 6, kernelSize: [3, 5], stride: [2, 1], padding: [1, 2], groups: 2 });
    assert.deepEqual(Object.keys(c.stateDict()), ['weight', 'bias']);
    assert.deepEqual(c.weight.shape, [6, 2, 3, 5]);
    assert.deepEqual(c.bias!.shape, [6]);
    // H: floor((9 + 2 - 3) / 2) + 1 = 5; W: floor((7 + 4 - 5) / 1) + 1 = 7
    assert.deepEqual(c.call(ones([2, 4, 9, 7])).shape, [2, 6, 5, 7]);
    assert.deepEqual(c.call(ones([4, 9, 7])).shape, [6, 5, 7], 'unbatched input');
    assert.equal(new Conv2d({ inChannels: 1, outChannels: 1, kernelSize: 1, bias: false }).bias, null);
  });

  test('ConvTranspose2d: weight [in, out/groups, kh, kw], output (H-1)s - 2p + d(k-1) + outputPadding + 1', () => {
    const c = new ConvTranspose2d({ inChannels: 4, outChannels: 6, kernelSize: 3, stride: 2, padding: 1, outputPadding: 1, groups: 2 });
    assert.deepEqual(c.weight.shape, [4, 3, 3, 3]);
    assert.deepEqual(c.call(ones([1, 4, 5, 6])).shape, [1, 6, 10, 12]);
  });

  test("default init is PyTorch's: U(+-1/sqrt(fanIn)) for weight and bias, fanIn = in/groups * kh * kw, seeded", () => {
    const make = (): Conv2d => new Conv2d({ inChannels: 32, outChannels: 64, kernelSize: 5, generator: new Generator(1) });
    const a = make();
    assert.deepEqual(a.weight.data, make().weight.data);
    const bound = 1 / Math.sqrt(32 * 25);
    assert.ok(a.weight.data.every((v) => Math.abs(v) <= bound) && a.bias!.data.every((v) => Math.abs(v) <= bound));
    let s2 = 0;
    for (const v of a.weight.data) s2 += v * v;
    // Var of U(-b, b) is b^2/3; 51,200 draws give a relative standard error of about 0.4%.
    assert.ok(Math.abs(s2 / a.weight.size / (bound * bound / 3) - 1) < 0.03);
    const t = new ConvTranspose2d({ inChannels: 8, outChannels: 6, kernelSize: 3, groups: 2, generator: new Generator(2) });
    const tb = 1 / Math.sqrt(3 * 9); // fanIn from weight.shape[1] = out/groups, as PyTorch
    assert.ok(t.weight.data.every((v) => Math.abs(v) <= tb) && t.weight.data.some((v) => Math.abs(v) > 1 / Math.sqrt(8 * 9)));
  });

  test('bad layer arguments throw named errors', () => {
    assert.throws(() => new Conv2d({ inChannels: 3, outChannels: 4, kernelSize: 3, groups: 2 }), /Conv2d: groups 2 must divide inChannels 3 and outChannels 4/);
    assert.throws(() => new Conv2d({ inChannels: 0, outChannels: 4, kernelSize: 3 }), /Conv2d: inChannels must be a positive integer, got 0/);
    assert.throws(() => new ConvTranspose2d({ inChannels: 2, outChannels: 2, kernelSize: [3, 0] }), /ConvTranspose2d: kernelSize/);
    assert.throws(() => new Conv2d({ inChannels: 3, outChannels: 4, kernelSize: 3 }).call(ones([1, 2, 5, 5])), /conv2d: input \[1,2,5,5\] has 2 channels/);
    assert.throws(() => new BatchNorm2d({ numFeatures: 3 }).call(ones([2, 3, 4])), /BatchNorm2d: expected input \[N, 3, H, W\], got \[2,3,4\]/);
    assert.throws(() => new BatchNorm2d({ numFeatures: 0 }), /BatchNorm2d: numFeatures/);
    assert.throws(() => new BatchNorm2d({ numFeatures: 2 }).call(ones([1, 2, 1, 1])), /BatchNorm2d: expected more than 1 value per channel/);
    assert.throws(() => new Dropout2d({ p: 1.5 }), /Dropout2d: p must be a probability/);
    assert.throws(() => new Dropout2d().call(ones([2, 3])), /Dropout2d: expected input \[N, C, H, W\] or \[C, H, W\], got \[2,3\]/);
  });

  test('pooling layers have no state and follow their ops', () => {
    const x = rn([2, 3, 6, 6], 4);
    assert.deepEqual(Object.keys(new MaxPool2d({ kernelSize: 2 }).stateDict()), []);
    assert.deepEqual(new MaxPool2d({ kernelSize: 2 }).call(x).shape, [2, 3, 3, 3]);
    assert.deepEqual(new AvgPool2d({ kernelSize: 3, stride: 2, padding: 1 }).call(x).shape, [2, 3, 3, 3]);
    assert.deepEqual(new AdaptiveAvgPool2d({ outputSize: 1 }).call(x).shape, [2, 3, 1, 1]);
  });
});

describe('BatchNorm2d', () => {
  test('training normalizes each channel over N, H, W and updates the running statistics (unbiased variance)', () => {
    const bn = new BatchNorm2d({ numFeatures: 2, momentum: 0.1 }).double();
    assert.deepEqual(Object.keys(bn.stateDict()), ['weight', 'bias', 'runningMean', 'runningVar', 'numBatchesTracked']);
    const x = rn([3, 2, 2, 2], 1).mul(3).add(1);
    const y = bn.call(x);
    const stats = (t: Tensor, c: number): { mean: number; v: number; n: number } => {
      const vals: number[] = [];
      for (let n = 0; n < 3; n++) for (let i = 0; i < 4; i++) vals.push(t.data[(n * 2 + c) * 4 + i]!);
      const mean = vals.reduce((a, b) => a + b, 0) / vals.length;
      return { mean, v: vals.reduce((a, b) => a + (b - mean) ** 2, 0) / vals.length, n: vals.length };
    };
    for (const c of [0, 1]) {
      const s = stats(y, c);
      assert.ok(Math.abs(s.mean) < 1e-12 && Math.abs(s.v - 1) < 1e-4, `channel ${c}: mean ${s.mean}, var ${s.v}`);
      const xs = stats(x, c);
      assertClose([bn.runningMean!.data[c]!], [0.1 * xs.mean], { atol: 1e-12 });
      assertClose([bn.runningVar!.data[c]!], [0.9 + 0.1 * xs.v * (xs.n / (xs.n - 1))], { atol: 1e-12 });
    }
    assert.equal(bn.numBatchesTracked!.data[0], 1);
  });

  test('eval uses the running statistics, affine parameters per channel', () => {
    const bn = new BatchNorm2d({ numFeatures: 2 }).double().eval();
    bn.runningMean!.data.set([1, -2]);
    bn.runningVar!.data.set([4, 0.25]);
    bn.weight!.data.set([2, 3]);
    bn.bias!.data.set([0.5, -1]);
    const x = tensor([[[[3]], [[-1]]]], { dtype: 'float64' });
    const eps = 1e-5;
    assertClose(bn.call(x), [((3 - 1) / Math.sqrt(4 + eps)) * 2 + 0.5, ((-1 + 2) / Math.sqrt(0.25 + eps)) * 3 - 1], { atol: 1e-12 });
  });
});

describe('Dropout2d', () => {
  test('zeroes whole channels, scales the kept ones by 1/(1-p), and is the identity in eval', () => {
    const m = new Dropout2d({ p: 0.5, generator: new Generator(9) });
    const x = ones([8, 16, 3, 3]);
    const y = m.call(x);
    let dropped = 0;
    for (let ch = 0; ch < 8 * 16; ch++) {
      const vals = Array.from(y.data.slice(ch * 9, ch * 9 + 9));
      assert.ok(vals.every((v) => v === vals[0]) && (vals[0] === 0 || vals[0] === 2), `channel ${ch}: ${vals.join(',')}`);
      if (vals[0] === 0) dropped++;
    }
    // 128 Bernoulli(0.5) channels: 64 +- 5.7 expected.
    assert.ok(dropped > 40 && dropped < 88, `dropped ${dropped}`);
    assert.equal(m.eval().call(x), x);
    const t = new Dropout2d({ p: 0.25, scaling: 'test', generator: new Generator(1) });
    assertClose(t.eval().call(x), new Array<number>(x.size).fill(0.75));
    assert.ok(t.train().call(x).data.every((v) => v === 0 || v === 1), "scaling 'test' keeps values unscaled while training");
  });

  test('expectation in training equals the eval output for both scalings', () => {
    for (const scaling of ['train', 'test'] as const) {
      const m = new Dropout2d({ p: 0.3, scaling, generator: new Generator(4) });
      const x = ones([1, 400, 1, 1]);
      let total = 0;
      const draws = 50;
      for (let i = 0; i < draws; i++) total += m.call(x).sum().item();
      const train = total / draws / 400;
      const evalMean = m.eval().call(x).mean().item();
      m.train();
      // 20,000 channel draws: the relative standard error of the kept fraction is about 0.5%.
      assert.ok(Math.abs(train / evalMean - 1) < 0.025, `${scaling}: ${train} vs ${evalMean}`);
    }
  });
});

describe('a small CNN in a Sequential', () => {
  test('conv-relu-pool-flatten-linear runs forward and backward with gradients on every parameter', () => {
    const g = new Generator(1);
    const net = new Sequential(
      new Conv2d({ inChannels: 1, outChannels: 4, kernelSize: 3, padding: 1, generator: g }), new BatchNorm2d({ numFeatures: 4 }), new ReLU(),
      new MaxPool2d({ kernelSize: 2 }), new Dropout2d({ p: 0.1, generator: g }), new Flatten(), new Linear({ inFeatures: 4 * 4 * 4, outFeatures: 3, generator: g }),
    );
    const y = net.call(randn([5, 1, 8, 8], { generator: g }));
    assert.deepEqual(y.shape, [5, 3]);
    y.square().sum().backward();
    for (const [name, p] of net.namedParameters()) assert.ok(p.grad && p.grad.data.some((v) => v !== 0), `${name} has a gradient`);
    // conv2d against the functional op with the layer's own parameters
    const c = net.at(0) as Conv2d;
    const x = randn([2, 1, 5, 5], { generator: g });
    assert.deepEqual(c.call(x).data, conv2d(x, c.weight, c.bias, { padding: 1 }).data);
  });
});
