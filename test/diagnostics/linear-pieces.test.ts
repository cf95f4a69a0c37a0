// diagnostics.linearPieces counts the exact linear pieces of a 1-D ReLU network: known constructions,
// merging of equal slopes, and typed errors for what it cannot follow.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnostics, nn, ShapeError, ValueError } from '../../src/index.js';

function lin(inF: number, outF: number, w: number[], b: number[]): nn.Linear {
  const l = new nn.Linear({ inFeatures: inF, outFeatures: outF, dtype: 'float64' });
  l.weight.data.set(w);
  l.bias!.data.set(b);
  return l;
}

test('relu(x - 0.5) has 2 pieces on [0, 1] with its kink at 0.5; on [0.6, 1] only 1', () => {
  const net = new nn.Sequential(lin(1, 1, [1], [-0.5]), new nn.ReLU(), lin(1, 1, [1], [0]));
  const p = diagnostics.linearPieces(net);
  assert.equal(p.count, 2);
  assert.deepEqual(p.breakpoints, [0.5]);
  assert.deepEqual(p.slopes, [0, 1]);
  assert.equal(diagnostics.linearPieces(net, { lo: 0.6, hi: 1 }).count, 1);
});

test('the tent map composed twice has 4 pieces; kinks that cancel are merged', () => {
  const tent = () => [lin(2, 2, [2, -4, 2, -4], [0, -0.5]), new nn.ReLU()] as const;
  const net = new nn.Sequential(lin(1, 2, [1, 1], [0, -0.5]), new nn.ReLU(), ...tent(), lin(2, 1, [2, -4], [0]));
  const p = diagnostics.linearPieces(net);
  assert.equal(p.count, 4);
  assert.deepEqual(p.breakpoints, [0.25, 0.5, 0.75]);
  // relu(x) - relu(-x) = x: two kinks at 0 that cancel, so one piece on [-1, 1].
  const id = new nn.Sequential(lin(1, 2, [1, -1], [0, 0]), new nn.ReLU(), lin(2, 1, [1, -1], [0]));
  assert.equal(diagnostics.linearPieces(id, { lo: -1, hi: 1 }).count, 1);
});

test('one hidden layer of width w never has more than w + 1 pieces (random weights)', () => {
  for (let s = 0; s < 5; s++) {
    const net = new nn.Sequential(new nn.Linear({ inFeatures: 1, outFeatures: 6 }), new nn.ReLU(), new nn.Linear({ inFeatures: 6, outFeatures: 1 }));
    assert.ok(diagnostics.linearPieces(net, { lo: -5, hi: 5 }).count <= 7);
  }
});

test('unsupported layers, several outputs and bad intervals are typed errors', () => {
  assert.throws(() => diagnostics.linearPieces(new nn.Sequential(lin(1, 1, [1], [0]), new nn.Sigmoid())), (e: unknown) => e instanceof ValueError && /Sigmoid/.test(e.message));
  assert.throws(() => diagnostics.linearPieces(new nn.Sequential(lin(1, 2, [1, 1], [0, 0]))), (e: unknown) => e instanceof ShapeError && /one output/.test(e.message));
  assert.throws(() => diagnostics.linearPieces(new nn.Sequential(new nn.Linear({ inFeatures: 2, outFeatures: 1 }))), ShapeError);
  assert.throws(() => diagnostics.linearPieces(new nn.Sequential(lin(1, 1, [1], [0])), { lo: 1, hi: 0 }), ValueError);
});
