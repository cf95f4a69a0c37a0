// Regression tests of issue 13: five differences from PyTorch 1.13 found by an independent
// comparison (ELU's gradient at 0, pow's base gradient at 0^0, index(null), softplus's threshold, and
// the NaN rule of gradients), each with values computed by hand (PyTorch's agree, see torch-reference).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ValueError, abs, clamp, elu, grad, maxPool2d, maximum, minimum, pow, relu, softplus, tensor, withBackend, getBackend, referenceBackend,
  type Backend, type Tensor,
} from '../../src/index.js';

const f64 = (v: number[]): Tensor => tensor(v, { dtype: 'float64' });
const g1 = (f: (x: Tensor) => Tensor, x: Tensor): number[] => Array.from(grad((t) => f(t).sum(), [x])[0]!.data);
/** The reference backend and the default one (wasm where it runs), so kernels and composites are both covered. */
const BACKENDS: Backend[] = [...new Set([referenceBackend, getBackend()])];

test('elu: the gradient at exactly 0 is alpha (PyTorch), not alpha/2 from minimum(x, 0) splitting a tie', () => {
  assert.deepEqual(g1((x) => elu(x), f64([0, -0])), [1, 1]);
  assert.deepEqual(g1((x) => elu(x, 0.5), f64([0])), [0.5]);
  assert.deepEqual(g1((x) => elu(x, 2), tensor([0])), [2]);
  // the smooth parts are unchanged: 1 above 0, alpha e^x below
  const [gPos, gNeg] = g1((x) => elu(x, 0.5), f64([0.3, -1]));
  assert.equal(gPos, 1);
  assert.ok(Math.abs(gNeg! - 0.5 * Math.exp(-1)) < 1e-15);
});

test('pow: d/da a^b at a = 0, b = 0 is 0 (PyTorch), not 0 * inf = NaN; also for a plain-number exponent 0', () => {
  const [ga, gb] = grad((a, b) => pow(a, b).sum(), [f64([0, 0, 2]), f64([0, 2, 0])]);
  assert.deepEqual(Array.from(ga!.data), [0, 0, 0]);
  assert.deepEqual(Array.from(gb!.data), [0, 0, Math.log(2)]);
  assert.deepEqual(g1((x) => pow(x, 0), f64([0, 3])), [0, 0]);
  assert.deepEqual(g1((x) => x.pow(0), tensor([0])), [0]);
});

test('index: null inserts a new axis of size 1 (NumPy None / PyTorch None) instead of keeping the axis', () => {
  const x = tensor([[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual(x.index(null).shape, [1, 2, 3]);
  assert.deepEqual(x.index(':', null).shape, [2, 1, 3]);
  assert.deepEqual(x.index('...', null).shape, [2, 3, 1]);
  const y = x.index(null, 1, null, '0:3:2');
  assert.deepEqual(y.shape, [1, 1, 2]);
  assert.deepEqual(Array.from(y.data), [4, 6]);
  assert.deepEqual(x.index(null, null, '...', 0).shape, [1, 1, 2]);
  // null consumes no axis, so it never counts towards "too many indices"
  assert.deepEqual(x.index(0, null, 1).shape, [1]);
  assert.throws(() => x.index(0, 0, 0, null), /index: too many indices \(3\) for a tensor of shape \[2,3\]/);
});

test('softplus: threshold is honoured (x itself where beta x > threshold, PyTorch default 20), never dropped', () => {
  const x = f64([0.5, 0.6, 30]);
  const y = softplus(x, { beta: 2, threshold: 1 });
  assert.ok(Math.abs(y.data[0]! - Math.log1p(Math.E) / 2) < 1e-15, 'beta x = threshold stays on the smooth side');
  assert.equal(y.data[1], 0.6);
  assert.equal(y.data[2], 30);
  const [g] = grad((t) => softplus(t, { beta: 2, threshold: 1 }).sum(), [x]);
  assert.ok(Math.abs(g!.data[0]! - 1 / (1 + Math.exp(-1))) < 1e-15);
  assert.deepEqual(Array.from(g!.data).slice(1), [1, 1]);
  // the default threshold 20: linear (exactly x) above beta x = 20
  assert.equal(softplus(f64([25])).data[0], 25);
  assert.throws(() => softplus(x, { beta: 1, treshold: 5 } as never), (e: unknown) => e instanceof ValueError && /softplus: unknown option 'treshold'/.test(e.message));
});

test('NaN rule: relu passes the gradient at NaN (PyTorch threshold_backward), clamp gives 0 (its mask min <= x <= max)', () => {
  for (const b of BACKENDS) {
    withBackend(b, () => {
      for (const dtype of ['float32', 'float64'] as const) {
        const x = tensor([NaN, 1, -1, 0], { dtype });
        assert.deepEqual(g1(relu, x), [1, 1, 0, 0], `relu on ${b.name} ${dtype}`);
        assert.deepEqual(g1((t) => clamp(t, { min: -0.5, max: 0.5 }), x), [0, 0, 0, 1], `clamp on ${b.name} ${dtype}`);
        assert.deepEqual(g1((t) => clamp(t, { min: 0 }), x), [0, 1, 0, 1], `clamp min on ${b.name} ${dtype}`);
        assert.ok(Number.isNaN(clamp(x, { min: 0, max: 1 }).data[0]!), 'clamp keeps NaN');
      }
    });
  }
});

test('NaN rule: maximum/minimum pass the gradient to both sides at a NaN, abs gives 0 there (PyTorch 1.13)', () => {
  const a = f64([NaN, 1, NaN, 2]);
  const b = f64([1, NaN, NaN, 2]);
  for (const op of [maximum, minimum]) {
    const [ga, gb] = grad((p, q) => op(p, q).sum(), [a, b]);
    assert.deepEqual(Array.from(ga!.data), [1, 1, 1, 0.5], op.name);
    assert.deepEqual(Array.from(gb!.data), [1, 1, 1, 0.5], op.name);
  }
  assert.deepEqual(g1(abs, f64([NaN, 0, -2])), [0, 0, -1]);
});

test('NaN rule: max pooling routes the gradient to the last NaN of a window (PyTorch `val > max || isnan(val)`)', () => {
  for (const b of BACKENDS) {
    withBackend(b, () => {
      // windows (2x2, stride 2): [1 NaN / 3 2], [NaN 5 / 4 NaN], [NaN NaN / NaN NaN], [0 1 / 1 0]; four
      // windows in a row take the SIMD path on wasm
      const x = tensor([1, NaN, NaN, 5, NaN, NaN, 0, 1, 3, 2, 4, NaN, NaN, NaN, 1, 0], { dtype: 'float32' }).reshape([1, 1, 2, 8]);
      const [g] = grad((t) => maxPool2d(t, { kernelSize: 2 }).sum(), [x]);
      assert.deepEqual(Array.from(g!.data), [0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 0, 0], `on ${b.name}`);
      assert.deepEqual(Array.from(maxPool2d(x, { kernelSize: 2 }).data).map((v) => (Number.isNaN(v) ? 'nan' : v)), ['nan', 'nan', 'nan', 1]);
      // the generic loop: a 3x3 window with two NaNs
      const y = tensor([NaN, 1, 2, 3, NaN, 4, 5, 6, 7], { dtype: 'float32' }).reshape([1, 1, 3, 3]);
      const [gy] = grad((t) => maxPool2d(t, { kernelSize: 3 }).sum(), [y]);
      assert.deepEqual(Array.from(gy!.data), [0, 0, 0, 0, 1, 0, 0, 0, 0], `generic on ${b.name}`);
    });
  }
});
