import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ones, randn, tensor } from '../../src/tensor/creation.js';
import { Generator } from '../../src/tensor/random.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import {
  BatchNorm1d, Dropout, ELU, Flatten, Identity, LayerNorm, LeakyReLU, Linear, LogSoftmax, PReLU, ReLU, SiLU, Sigmoid, Softmax, Swish, Tanh,
} from '../../src/nn/index.js';
import type { Module } from '../../src/nn/module.js';
import { assertClose, gradcheckModule } from './helpers.js';

const rn = (shape: number[], seed: number): Tensor => randn(shape, { dtype: 'float64', generator: new Generator(seed) });
const sigma = (v: number): number => 1 / (1 + Math.exp(-v));

describe('layers: gradcheck of forward w.r.t. input and parameters (float64)', () => {
  const g = new Generator(7);
  const cases: [string, () => Module, number[]][] = [
    ['Linear', () => new Linear({ inFeatures: 4, outFeatures: 3, generator: g }), [5, 4]],
    ['Linear without bias, 3-D input', () => new Linear({ inFeatures: 4, outFeatures: 2, bias: false, generator: g }), [2, 3, 4]],
    ['Flatten', () => new Flatten(), [2, 3, 2]],
    ['Identity', () => new Identity(), [3, 2]],
    ['Sigmoid', () => new Sigmoid(), [3, 4]],
    ['Tanh', () => new Tanh(), [3, 4]],
    ['ReLU', () => new ReLU(), [3, 4]],
    ['LeakyReLU', () => new LeakyReLU({ negativeSlope: 0.2 }), [3, 4]],
    ['PReLU shared', () => new PReLU(), [3, 4]],
    ['PReLU per channel', () => new PReLU({ numParameters: 4, init: 0.1 }), [3, 4, 2]],
    ['ELU', () => new ELU({ alpha: 1.5 }), [3, 4]],
    ['Swish fixed beta', () => new Swish({ beta: 2 }), [3, 4]],
    ['Swish learnable beta', () => new Swish({ beta: 0.7, learnBeta: true }), [3, 4]],
    ['SiLU', () => new SiLU(), [3, 4]],
    ['Softmax', () => new Softmax({ axis: 1 }), [3, 4]],
    ['LogSoftmax', () => new LogSoftmax(), [3, 4]],
    ['BatchNorm1d train [N,C]', () => new BatchNorm1d({ numFeatures: 3 }), [5, 3]],
    ['BatchNorm1d train [N,C,L]', () => new BatchNorm1d({ numFeatures: 3 }), [2, 3, 4]],
    ['BatchNorm1d eval', () => new BatchNorm1d({ numFeatures: 3 }).eval(), [4, 3]],
    ['LayerNorm', () => new LayerNorm({ normalizedShape: [2, 3] }), [4, 2, 3]],
  ];
  for (const [name, make, shape] of cases) {
    test(name, () => {
      const m = make();
      // Non-default affine parameters so their gradients are not trivially symmetric.
      for (const p of m.parameters()) for (let i = 0; i < p.size; i++) p.data[i] = p.data[i]! + 0.1 * (i + 1);
      gradcheckModule(m, rn(shape, 11));
    });
  }
  test('Dropout (same mask for every evaluation)', () => {
    for (const scaling of ['train', 'test'] as const) {
      const gen = new Generator(3);
      const state = gen.getState();
      const m = new Dropout({ p: 0.3, scaling, generator: gen });
      gradcheckModule(m, rn([4, 5], 2), { before: () => gen.setState(state) });
    }
  });
});

describe('layers: reference values', () => {
  test('Linear computes x W^T + b', () => {
    const lin = new Linear({ inFeatures: 2, outFeatures: 3 });
    lin.weight.data.set([1, 2, 3, 4, 5, 6]);
    lin.bias!.data.set([0.5, -1, 2]);
    assertClose(lin.call(tensor([[1, -1], [2, 0.5]])), [1 - 2 + 0.5, 3 - 4 - 1, 5 - 6 + 2, 2 + 1 + 0.5, 6 + 2 - 1, 10 + 3 + 2]);
    assert.throws(() => lin.call(ones([2, 3])), /linear: input \[2,3\] does not fit weight \[3,2\]/);
    assert.throws(() => new Linear({ inFeatures: 2.5, outFeatures: 1 }), /Linear: inFeatures must be a non-negative integer, got 2.5/);
  });

  test('Linear default init is PyTorch\'s: U(-1/sqrt(in), 1/sqrt(in)) for weight and bias, seeded', () => {
    const a = new Linear({ inFeatures: 400, outFeatures: 100, generator: new Generator(1) });
    const b = new Linear({ inFeatures: 400, outFeatures: 100, generator: new Generator(1) });
    assert.deepEqual(a.weight.data, b.weight.data);
    const bound = 1 / Math.sqrt(400);
    assert.ok(a.weight.data.every((v) => Math.abs(v) <= bound) && a.bias!.data.every((v) => Math.abs(v) <= bound), 'within bound');
    let s2 = 0;
    for (const v of a.weight.data) s2 += v * v;
    const variance = s2 / a.weight.size;
    // Var of U(-b, b) is b^2/3; 40,000 draws give a relative standard error of about 0.45%.
    assert.ok(Math.abs(variance / (bound * bound / 3) - 1) < 0.03, `variance ${variance}`);
  });

  test('activations match their closed forms', () => {
    const xs = [-2, -0.5, 0, 0.5, 3];
    const x = tensor(xs, { dtype: 'float64' });
    assertClose(new Sigmoid().call(x), xs.map(sigma), { atol: 1e-12 });
    assertClose(new Tanh().call(x), xs.map(Math.tanh), { atol: 1e-12 });
    assertClose(new ReLU().call(x), xs.map((v) => Math.max(0, v)));
    assertClose(new LeakyReLU().call(x), xs.map((v) => (v > 0 ? v : 0.01 * v)), { atol: 1e-12 });
    assertClose(new ELU({ alpha: 2 }).call(x), xs.map((v) => (v > 0 ? v : 2 * (Math.exp(v) - 1))), { atol: 1e-12 });
    assertClose(new PReLU().call(x), xs.map((v) => (v > 0 ? v : 0.25 * v)), { atol: 1e-12 });
    assertClose(new SiLU().call(x), xs.map((v) => v * sigma(v)), { atol: 1e-12 });
    assertClose(new Swish().call(x), xs.map((v) => v * sigma(v)), { atol: 1e-12 });
    const e = xs.map(Math.exp);
    const z = e.reduce((a, b) => a + b, 0);
    assertClose(new Softmax().call(x), e.map((v) => v / z), { atol: 1e-12 });
    assertClose(new LogSoftmax().call(x), e.map((v) => Math.log(v / z)), { atol: 1e-12 });
  });

  test('Swish limits from the lecture: beta -> 0 gives x/2, large beta approaches ReLU', () => {
    const xs = [-3, -1, 0.5, 2];
    const x = tensor(xs, { dtype: 'float64' });
    assertClose(new Swish({ beta: 1e-9 }).call(x), xs.map((v) => v / 2), { atol: 1e-8 });
    assertClose(new Swish({ beta: 50 }).call(x), xs.map((v) => Math.max(0, v)), { atol: 1e-10 });
  });

  test('PReLU per channel uses one slope per axis-1 channel and learns it', () => {
    const p = new PReLU({ numParameters: 2 });
    p.weight.data.set([0.1, 0.5]);
    const y = p.call(tensor([[-1, -1], [2, -4]]));
    assertClose(y, [-0.1, -0.5, 2, -2], { atol: 1e-7 });
    y.sum().backward();
    assertClose(p.weight.grad!, [-1, -5]);
    assert.throws(() => p.call(ones([2, 3])), /PReLU: 2 slopes need an input with 2 channels on axis 1, got \[2,3\]/);
  });

  test('Flatten merges all but the batch axis by default', () => {
    assert.deepEqual(new Flatten().call(ones([2, 1, 4, 3])).shape, [2, 12]);
    assert.deepEqual(new Flatten({ startAxis: 0 }).call(ones([2, 3])).shape, [6]);
    assert.deepEqual(new Flatten({ startAxis: 1, endAxis: 2 }).call(ones([2, 3, 4, 5])).shape, [2, 12, 5]);
  });

  test('LayerNorm normalizes each sample over the trailing axes', () => {
    const rows = [[1, 2, 3, 6], [-1, 0, 0, 1]];
    const ln = new LayerNorm({ normalizedShape: 4, eps: 1e-5 });
    ln.weight!.data.set([1, 2, 1, 1]);
    ln.bias!.data.set([0, 0, 1, 0]);
    const want = rows.flatMap((r) => {
      const m = r.reduce((a, b) => a + b) / 4;
      const v = r.reduce((a, b) => a + (b - m) ** 2, 0) / 4;
      return r.map((x, i) => ((x - m) / Math.sqrt(v + 1e-5)) * [1, 2, 1, 1][i]! + [0, 0, 1, 0][i]!);
    });
    assertClose(ln.call(tensor(rows)), want, { atol: 1e-5 });
    assert.throws(() => ln.call(ones([2, 3])), /LayerNorm: input \[2,3\] does not end with normalizedShape \[4\]/);
  });
});

describe('BatchNorm1d: train vs eval', () => {
  const rows = [[1, 10, -2], [3, 14, 0], [2, 9, 4], [6, 11, 2]];
  const col = (c: number): number[] => rows.map((r) => r[c]!);
  const mean = (v: number[]): number => v.reduce((a, b) => a + b) / v.length;
  const biasedVar = (v: number[]): number => v.reduce((a, b) => a + (b - mean(v)) ** 2, 0) / v.length;

  test('training normalizes with batch statistics and updates running stats (unbiased variance)', () => {
    const bn = new BatchNorm1d({ numFeatures: 3, dtype: 'float64' });
    const y = bn.call(tensor(rows, { dtype: 'float64' }));
    const want = rows.flatMap((r) => r.map((x, c) => (x - mean(col(c))) / Math.sqrt(biasedVar(col(c)) + 1e-5)));
    assertClose(y, want, { atol: 1e-12 });
    assertClose(bn.runningMean!, [0, 1, 2].map((c) => 0.1 * mean(col(c))), { atol: 1e-12 });
    assertClose(bn.runningVar!, [0, 1, 2].map((c) => 0.9 + 0.1 * biasedVar(col(c)) * 4 / 3), { atol: 1e-12 });
    assert.equal(bn.numBatchesTracked!.item(), 1);
  });

  test('eval normalizes with running statistics and does not update them; outputs differ from training', () => {
    const bn = new BatchNorm1d({ numFeatures: 3, dtype: 'float64' });
    const x = tensor(rows, { dtype: 'float64' });
    const yTrain = bn.call(x);
    bn.eval();
    const rm = [...bn.runningMean!.data];
    const rv = [...bn.runningVar!.data];
    const yEval = bn.call(x);
    assertClose(yEval, rows.flatMap((r) => r.map((v, c) => (v - rm[c]!) / Math.sqrt(rv[c]! + 1e-5))), { atol: 1e-12 });
    assert.deepEqual([...bn.runningMean!.data], rm);
    assert.notDeepEqual([...yEval.data], [...yTrain.data]);
    // Eval accepts a single sample; training refuses it.
    assert.deepEqual(bn.call(tensor([[1, 2, 3]], { dtype: 'float64' })).shape, [1, 3]);
    bn.train();
    assert.throws(() => bn.call(tensor([[1, 2, 3]], { dtype: 'float64' })), /BatchNorm1d: expected more than 1 value per feature when training, got input \[1,3\]/);
  });

  test('[N, C, L] input uses statistics over N and L; momentum null is a cumulative average', () => {
    const bn = new BatchNorm1d({ numFeatures: 2, momentum: null, dtype: 'float64' });
    const a = tensor([[[1, 2], [3, 4]], [[5, 6], [7, 9]]], { dtype: 'float64' });
    bn.call(a);
    bn.call(a.mul(2));
    // Means per channel: c0 over {1,2,5,6} = 3.5, c1 over {3,4,7,9} = 5.75; second batch doubles them.
    assertClose(bn.runningMean!, [(3.5 + 7) / 2, (5.75 + 11.5) / 2], { atol: 1e-12 });
    assert.throws(() => bn.call(ones([2, 3], { dtype: 'float64' })), /BatchNorm1d: expected input \[N, 2\] or \[N, 2, L\], got \[2,3\]/);
  });

  test('trackRunningStats false uses batch statistics in eval too; no buffers', () => {
    const bn = new BatchNorm1d({ numFeatures: 3, trackRunningStats: false, affine: false });
    assert.equal(bn.buffers().length, 0);
    assert.equal(bn.parameters().length, 0);
    const x = tensor(rows);
    assert.deepEqual([...bn.eval().call(x).data], [...bn.train().call(x).data]);
  });
});

describe('Dropout', () => {
  test('expected training output equals the eval output, p in {0.1, 0.5, 0.9}, both scalings', () => {
    const n = 100;
    const draws = 2000;
    const xs = Array.from({ length: n }, (_, i) => 1 + i / n);
    const x = tensor(xs, { dtype: 'float64' });
    for (const scaling of ['train', 'test'] as const) {
      for (const p of [0.1, 0.5, 0.9]) {
        const d = new Dropout({ p, scaling, generator: new Generator(Math.round(p * 10)) });
        const sum = new Float64Array(n);
        for (let k = 0; k < draws; k++) {
          const y = d.call(x).data;
          for (let i = 0; i < n; i++) sum[i] = sum[i]! + y[i]!;
        }
        const yEval = d.eval().call(x).data;
        d.train();
        // Per element, y_train = x m s with m ~ Bernoulli(1 - p), s = 1/(1-p) ('train') or 1 ('test'):
        // its standard deviation is |x| s sqrt(p (1 - p)); the mean of `draws` samples has sd / sqrt(draws).
        const s = scaling === 'train' ? 1 / (1 - p) : 1;
        let total = 0;
        let totalEval = 0;
        for (let i = 0; i < n; i++) {
          const sd = (xs[i]! * s * Math.sqrt(p * (1 - p))) / Math.sqrt(draws);
          const z = Math.abs(sum[i]! / draws - yEval[i]!) / sd;
          assert.ok(z < 5, `${scaling} p=${p} element ${i}: ${sum[i]! / draws} vs eval ${yEval[i]} (${z.toFixed(1)} sd)`);
          total += sum[i]! / draws;
          totalEval += yEval[i]!;
        }
        // Over all elements the mean is far tighter: within 1.5% (several standard errors at p = 0.9).
        assert.ok(Math.abs(total / totalEval - 1) < 0.015, `${scaling} p=${p}: mean ratio ${total / totalEval}`);
      }
    }
  });

  test('documented behaviour: inverted scaling in training, (1 - p) at test time for the lecture form', () => {
    const x = ones([1000], { dtype: 'float64' });
    const inv = new Dropout({ p: 0.75, generator: new Generator(1) });
    const yi = inv.call(x).data;
    assert.ok(yi.every((v) => v === 0 || v === 4), 'kept values are scaled by 1/(1-p) = 4, never by 1/p');
    assert.deepEqual([...inv.eval().call(x).data], [...x.data]);
    const lec = new Dropout({ p: 0.75, scaling: 'test', generator: new Generator(1) });
    assert.ok(lec.call(x).data.every((v) => v === 0 || v === 1), 'lecture form trains unscaled');
    assert.ok(lec.eval().call(x).data.every((v) => v === 0.25), 'and multiplies by 1 - p in eval');
    assert.deepEqual([...new Dropout({ p: 1 }).call(x).data], new Array(1000).fill(0));
    assert.deepEqual([...new Dropout({ p: 0 }).call(x).data], [...x.data]);
    // Same generator seed, same masks.
    assert.deepEqual(new Dropout({ generator: new Generator(9) }).call(x).data, new Dropout({ generator: new Generator(9) }).call(x).data);
  });

  test('rejects bad options', () => {
    assert.throws(() => new Dropout({ p: 1.5 }), /Dropout: p must be a probability in \[0, 1\], got 1.5/);
    assert.throws(() => new Dropout({ p: Number.NaN }), /Dropout: p must be a probability/);
    assert.throws(() => new Dropout({ scaling: 'both' as 'train' }), /Dropout: scaling must be 'train' or 'test', got 'both'/);
  });
});
