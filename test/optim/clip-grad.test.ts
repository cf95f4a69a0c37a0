// Gradient clipping by total norm (with PyTorch's 1e-6 in the denominator) and by value.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { clipGradNorm, clipGradValue } from '../../src/optim/index.js';
import { ValueError, tensor } from '../../src/index.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { param } from './helpers.js';

/** Parameters with gradients [3, 4] and [[12]] (total 2-norm 13), and one without a gradient. */
function withGrads(dtype: 'float32' | 'float64' = 'float64'): Tensor[] {
  const a = param([0, 0], dtype);
  const b = param([0], dtype);
  a.grad = tensor([3, 4], { dtype });
  b.grad = tensor([12], { dtype });
  return [a, b, param([5], dtype)];
}
const grads = (ps: Tensor[]): number[][] => ps.map((p) => (p.grad === null ? [] : Array.from(p.grad.data)));

describe('clipGradNorm', () => {
  test('returns the total norm and scales every gradient by maxNorm / (norm + 1e-6)', () => {
    const ps = withGrads();
    assert.equal(clipGradNorm(ps, { maxNorm: 6.5 }), 13);
    const c = 6.5 / (13 + 1e-6);
    assert.deepEqual(grads(ps), [[3 * c, 4 * c], [12 * c], []]);
    const after = Math.hypot(...grads(ps).flat());
    assert.ok(after < 6.5 && after > 6.5 - 1e-6);
  });

  test('leaves gradients below the limit untouched', () => {
    const ps = withGrads();
    assert.equal(clipGradNorm(ps, { maxNorm: 100 }), 13);
    assert.deepEqual(grads(ps), [[3, 4], [12], []]);
  });

  test('other norms: 1 (sum of |g|), 3, and infinity (max |g|, as Infinity or "inf")', () => {
    assert.equal(clipGradNorm(withGrads(), { maxNorm: 100, normType: 1 }), 19);
    assert.ok(Math.abs(clipGradNorm(withGrads(), { maxNorm: 100, normType: 3 }) - Math.cbrt(27 + 64 + 1728)) < 1e-12);
    assert.equal(clipGradNorm(withGrads(), { maxNorm: 100, normType: Infinity }), 12);
    const ps = withGrads();
    assert.equal(clipGradNorm(ps, { maxNorm: 6, normType: 'inf' }), 12);
    const c = 6 / (12 + 1e-6);
    assert.deepEqual(grads(ps), [[3 * c, 4 * c], [12 * c], []]);
  });

  test('float32 gradients are scaled in place', () => {
    const ps = withGrads('float32');
    assert.equal(clipGradNorm(ps, { maxNorm: 1 }), 13);
    assert.deepEqual(grads(ps)[0], Array.from(Float32Array.from([3 / (13 + 1e-6), 4 / (13 + 1e-6)])));
  });

  test('non-finite norms: NaN gradients result unless errorIfNonfinite, which throws', () => {
    const ps = withGrads();
    ps[1]!.grad!.data[0] = NaN;
    assert.throws(() => clipGradNorm(ps, { maxNorm: 1, errorIfNonfinite: true }), (e: Error) => e instanceof ValueError && /total norm of order 2 of the gradients is NaN/.test(e.message));
    assert.deepEqual(grads(ps)[0], [3, 4], 'nothing changed when it threw');
    assert.ok(Number.isNaN(clipGradNorm(ps, { maxNorm: 1 })));
    assert.ok(grads(ps)[0]!.every(Number.isNaN));
    const inf = withGrads();
    inf[0]!.grad!.data[0] = Infinity;
    assert.throws(() => clipGradNorm(inf, { maxNorm: 1, normType: 'inf', errorIfNonfinite: true }), /is Infinity/);
  });

  test('no gradients at all gives 0; a single tensor is accepted', () => {
    assert.equal(clipGradNorm([param([1])], { maxNorm: 1 }), 0);
    const p = param([0, 0]);
    p.grad = tensor([6, 8], { dtype: 'float64' });
    assert.equal(clipGradNorm(p, { maxNorm: 5 }), 10);
  });

  test('gradients from backward() are clipped before the step', () => {
    const w = param([3, 4]);
    w.square().sum().backward();
    assert.equal(clipGradNorm([w], { maxNorm: 1 }), 10);
    assert.ok(Math.abs(Math.hypot(...Array.from(w.grad!.data)) - 1) < 1e-6);
  });

  test('bad options', () => {
    assert.throws(() => clipGradNorm(withGrads(), { maxNorm: 1, normType: 0 }), /clipGradNorm: invalid normType 0 \(must be > 0 or Infinity\)/);
    assert.throws(() => clipGradNorm(withGrads(), { maxNorm: NaN }), /clipGradNorm: maxNorm must be a number, got NaN/);
  });
});

describe('clipGradValue', () => {
  test('clamps every element into [-clipValue, clipValue] and skips missing gradients', () => {
    const ps = withGrads();
    ps[0]!.grad = tensor([-7, 2.5], { dtype: 'float64' });
    clipGradValue(ps, { clipValue: 3 });
    assert.deepEqual(grads(ps), [[-3, 2.5], [3], []]);
  });

  test('a negative clipValue is rejected', () => {
    assert.throws(() => clipGradValue(withGrads(), { clipValue: -1 }), /clipGradValue: invalid clipValue -1 \(must be >= 0\)/);
  });
});
