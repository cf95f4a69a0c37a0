import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { zeros } from '../../src/tensor/creation.js';
import { Generator } from '../../src/tensor/random.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { init } from '../../src/nn/index.js';

function stats(t: Tensor): { mean: number; variance: number } {
  let s = 0;
  for (const v of t.data) s += v;
  const mean = s / t.size;
  let s2 = 0;
  for (const v of t.data) s2 += (v - mean) ** 2;
  return { mean, variance: s2 / t.size };
}

// With n = 60,000 samples the sample variance has a relative standard error of sqrt((kurtosis - 1) / n):
// 0.37% for a uniform (kurtosis 1.8) and 0.58% for a normal (kurtosis 3); 4% is about 7 standard errors.
const REL = 0.04;

describe('initializers', () => {
  const g = (): Generator => new Generator(42);

  test('constant / zeros / ones, including the lecture\'s bad "all weights = 100"', () => {
    const t = zeros([3, 4]);
    assert.equal(init.constant(t, 100), t);
    assert.ok(t.data.every((v) => v === 100), 'all 100');
    assert.ok(init.zeros(t).data.every((v) => v === 0), 'zeros');
    assert.ok(init.ones(t).data.every((v) => v === 1), 'ones');
  });

  test('uniform and normal have the requested moments and are seeded', () => {
    const u = init.uniform(zeros([300, 200], { dtype: 'float64' }), { a: -2, b: 4, generator: g() });
    const su = stats(u);
    assert.ok(u.data.every((v) => v >= -2 && v < 4), 'in range');
    assert.ok(Math.abs(su.mean - 1) < 0.03 && Math.abs(su.variance / 3 - 1) < REL, JSON.stringify(su));
    const n = init.normal(zeros([300, 200], { dtype: 'float64' }), { mean: 1, std: 0.5, generator: g() });
    const sn = stats(n);
    assert.ok(Math.abs(sn.mean - 1) < 0.01 && Math.abs(sn.variance / 0.25 - 1) < REL, JSON.stringify(sn));
    const n2 = init.normal(zeros([300, 200], { dtype: 'float64' }), { mean: 1, std: 0.5, generator: g() });
    assert.deepEqual(n.data, n2.data);
  });

  test('xavier (Glorot): Var = gain^2 * 2 / (fanIn + fanOut)', () => {
    const shape = [200, 300];
    const want = 2 / 500;
    const u = stats(init.xavierUniform(zeros(shape, { dtype: 'float64' }), { generator: g() }));
    assert.ok(Math.abs(u.variance / want - 1) < REL, `uniform ${u.variance} vs ${want}`);
    const n = stats(init.xavierNormal(zeros(shape, { dtype: 'float64' }), { gain: 2, generator: g() }));
    assert.ok(Math.abs(n.variance / (4 * want) - 1) < REL, `normal ${n.variance} vs ${4 * want}`);
    // Conv-shaped weight [out, in, k]: fanIn = in * k, fanOut = out * k.
    assert.deepEqual(init.calculateFans(zeros([8, 4, 3])), { fanIn: 12, fanOut: 24 });
  });

  test('kaiming (He): Var = gain^2 / fan, for both modes', () => {
    const shape = [150, 400];
    const u = stats(init.kaimingUniform(zeros(shape, { dtype: 'float64' }), { nonlinearity: 'relu', generator: g() }));
    assert.ok(Math.abs(u.variance / (2 / 400) - 1) < REL, `uniform fanIn ${u.variance}`);
    const n = stats(init.kaimingNormal(zeros(shape, { dtype: 'float64' }), { mode: 'fanOut', nonlinearity: 'relu', generator: g() }));
    assert.ok(Math.abs(n.variance / (2 / 150) - 1) < REL, `normal fanOut ${n.variance}`);
    // Default: leaky ReLU with a = 0 is the ReLU gain; a = sqrt(5) (Linear's default) gives bound 1/sqrt(fanIn).
    const t = init.kaimingUniform(zeros([10, 25]), { a: Math.sqrt(5), generator: g() });
    assert.ok(t.data.every((v) => Math.abs(v) <= 1 / 5 + 1e-7), 'bound 1/sqrt(25)');
  });

  test('orthogonal gives orthonormal rows or columns (Q^T Q = I), times gain', () => {
    for (const [rows, cols] of [[8, 5], [5, 8], [6, 6]] as const) {
      const t = init.orthogonal(zeros([rows, cols], { dtype: 'float64' }), { gain: 2, generator: g() });
      const k = Math.min(rows, cols);
      for (let a = 0; a < k; a++) {
        for (let b = 0; b < k; b++) {
          let dot = 0;
          // Columns when tall (Q^T Q), rows when wide (Q Q^T).
          if (rows >= cols) for (let r = 0; r < rows; r++) dot += t.data[r * cols + a]! * t.data[r * cols + b]!;
          else for (let c = 0; c < cols; c++) dot += t.data[a * cols + c]! * t.data[b * cols + c]!;
          assert.ok(Math.abs(dot - (a === b ? 4 : 0)) < 1e-10, `[${rows},${cols}] (${a},${b}) = ${dot}`);
        }
      }
    }
    // Higher-rank tensors are viewed as [shape[0], rest].
    const c = init.orthogonal(zeros([4, 2, 3], { dtype: 'float64' }), { generator: g() });
    let n0 = 0;
    for (let i = 0; i < 6; i++) n0 += c.data[i]! ** 2;
    assert.ok(Math.abs(n0 - 1) < 1e-10, `row norm ${n0}`);
  });

  test('calculateGain matches PyTorch', () => {
    assert.equal(init.calculateGain('linear'), 1);
    assert.equal(init.calculateGain('sigmoid'), 1);
    assert.equal(init.calculateGain('tanh'), 5 / 3);
    assert.equal(init.calculateGain('relu'), Math.SQRT2);
    assert.equal(init.calculateGain('leakyRelu'), Math.sqrt(2 / (1 + 0.01 ** 2)));
    assert.equal(init.calculateGain('leakyRelu', 0.2), Math.sqrt(2 / 1.04));
    assert.equal(init.calculateGain('selu'), 0.75);
    assert.throws(() => init.calculateGain('gelu' as 'relu'), /calculateGain: unknown nonlinearity 'gelu'/);
  });

  test('bad inputs', () => {
    assert.throws(() => init.xavierUniform(zeros([5])), /init.xavierUniform: fan in and fan out need a tensor with at least 2 dimensions, got \[5\]/);
    assert.throws(() => init.normal(zeros([2, 2], { dtype: 'int32' })), /init.normal: needs a float tensor, got int32/);
    assert.throws(() => init.uniform(zeros([2]), { a: 1, b: 0 }), /init.uniform: need a <= b, got a=1 b=0/);
    assert.throws(() => init.kaimingNormal(zeros([2, 2]), { mode: 'fan_in' as 'fanIn' }), /mode must be 'fanIn' or 'fanOut', got 'fan_in'/);
    assert.throws(() => init.orthogonal(zeros([3])), /init.orthogonal: needs a tensor with at least 2 dimensions/);
  });
});
