// Regression tests for bugs found by the core test suite, one block per fix (see the commit log).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DTypeError, ShapeError, ValueError, eye, full, grad, ones, tensor, where, zeros, type DType } from '../../src/index.js';

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
