// Regression tests for bugs found by the core test suite, one block per fix (see the commit log).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DTypeError, ShapeError, ValueError, eye, full, grad, ones, softplus, tensor, where, zeros, type DType } from '../../src/index.js';

test('0-d tensors follow PyTorch promotion: float32[2] * float64 0-d stays float32', () => {
  const a = full([2], 1.5);
  const s = tensor(2, { dtype: 'float64' });
  assert.equal(a.mul(s).dtype, 'float32');
  assert.equal(s.add(a).dtype, 'float32');
  assert.equal(where(tensor([true, false]), a, s).dtype, 'float32');
  assert.equal(full([2], 1, { dtype: 'int32' }).add(s).dtype, 'float64', 'a higher-category 0-d operand still wins');
  const [ga, gs] = grad((x, y) => x.mul(y).sum(), [a, s]);
  assert.equal(gs!.dtype, 'float64');
  assert.deepEqual(Array.from(ga!.data), [2, 2]);
  assert.equal(gs!.item(), 3);
});

test('creation errors name the function called (zeros/ones/eye, not full); ragged rows are ShapeErrors', () => {
  assert.throws(() => zeros([2, -1]), (e: unknown) => e instanceof ShapeError && e.message.startsWith('zeros: invalid shape [2,-1]'));
  assert.throws(() => ones([1], { dtype: 'half' as DType }), (e: unknown) => e instanceof DTypeError && e.message.startsWith('ones: unknown dtype'));
  assert.throws(() => eye(-1), (e: unknown) => e instanceof ShapeError && e.message.startsWith('eye: invalid shape'));
  assert.throws(() => tensor([1, [2, 3]] as never), (e: unknown) => e instanceof ShapeError && e.message.includes('ragged nested array at [1]'));
  assert.throws(() => tensor([null] as never), (e: unknown) => e instanceof ValueError && e.message.includes('at [0]'));
});

test('item() of a multi-element tensor is a ValueError (it has nothing to do with autograd)', () => {
  assert.throws(() => zeros([2, 3]).item(), (e: unknown) => e instanceof ValueError && e.message === 'item: only one-element tensors can be converted, got shape [2,3]');
});

test('softplus: derivative sigma(beta x) everywhere, 0.5 at x = 0 (was 0 from the relu/abs kinks)', () => {
  const x = tensor([-30, -1, 0, 1, 30], { dtype: 'float64' });
  for (const beta of [1, 2]) {
    const [g] = grad((t) => softplus(t, { beta }).sum(), [x]);
    const want = [-30, -1, 0, 1, 30].map((v) => 1 / (1 + Math.exp(-beta * v)));
    Array.from(g!.data).forEach((v, i) => assert.ok(Math.abs(v - want[i]!) < 1e-12, `beta ${beta}, x ${x.data[i]}: ${v} vs ${want[i]}`));
    const y = softplus(x, { beta }).data;
    [-30, -1, 0, 1, 30].forEach((v, i) => assert.ok(Math.abs(y[i]! - Math.log1p(Math.exp(beta * v)) / beta) < 1e-12));
  }
});

test('createGraph implies retainGraph (PyTorch): a double backward needs no extra flag', () => {
  const x = tensor([0.5, -1.5], { dtype: 'float64', requiresGrad: true });
  const y = x.pow(3).sum();
  const [g] = grad(() => y, [x], { createGraph: true });
  g!.sum().backward();
  assert.deepEqual(Array.from(x.grad!.data), [3, -9]); // d/dx sum(3 x^2) = 6x
});
