// planeGrid and labeledPoints: the grid a decision-boundary picture evaluates a model on.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { data, tensor } from '../../src/index.js';

test('planeGrid: cell centres over the bounding box plus an absolute or relative margin', () => {
  const x = tensor([[0, 0], [1, 2]]);
  const abs = data.planeGrid(x, { n: 2, pad: 0.5 });
  assert.deepEqual(abs.xs, [0, 1]); // [-0.5, 1.5] in 2 cells: centres 0 and 1
  assert.deepEqual(abs.ys, [0.25, 1.75]); // [-0.5, 2.5]
  assert.deepEqual(abs.points.shape, [4, 2]);
  assert.deepEqual(Array.from(abs.points.data), [0, 0.25, 1, 0.25, 0, 1.75, 1, 1.75]);
  const rel = data.planeGrid(x, { n: 2, padFraction: 0.5 });
  assert.deepEqual(rel.xs, [0, 1]); // margin 0.5 * 1
  assert.deepEqual(rel.ys, [0, 2]); // margin 0.5 * 2: [-1, 3]
  const flat = data.planeGrid(tensor([[3, 3], [3, 3]]), { n: 2, padFraction: 0.1 });
  assert.deepEqual(flat.xs, [2.5, 3.5], 'a zero extent gets a margin of 1');
});

test('labeledPoints: rows of 2-D data as { x, y, label }, at most max', () => {
  const ds = { x: tensor([[0, 1], [2, 3], [4, 5]]), y: tensor([1, 0, 1], { dtype: 'int32' }) };
  assert.deepEqual(data.labeledPoints(ds), [{ x: 0, y: 1, label: 1 }, { x: 2, y: 3, label: 0 }, { x: 4, y: 5, label: 1 }]);
  assert.equal(data.labeledPoints(ds, 2).length, 2);
});
