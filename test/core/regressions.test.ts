// Regression tests for bugs found by the core test suite, one block per fix (see the commit log).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { full, grad, tensor, where } from '../../src/index.js';

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
