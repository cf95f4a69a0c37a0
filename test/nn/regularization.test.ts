import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { tensor } from '../../src/tensor/creation.js';
import { BatchNorm1d, Linear, PReLU, Sequential, l1Penalty, l2Penalty, mseLoss } from '../../src/nn/index.js';
import { assertClose } from './helpers.js';

function net(): Sequential {
  const m = new Sequential(new Linear({ inFeatures: 2, outFeatures: 2 }), new BatchNorm1d({ numFeatures: 2 }), new PReLU(), new Linear({ inFeatures: 2, outFeatures: 1 }));
  m.double();
  const w1 = m[0] as Linear;
  const w2 = m[3] as Linear;
  w1.weight.data.set([1, -2, 3, 0.5]);
  w1.bias!.data.set([10, 10]);
  w2.weight.data.set([-1, 4]);
  w2.bias!.data.set([7]);
  return m;
}

describe('L1 / L2 penalties (the lecture\'s lambda sum beta_i^2 and lambda sum |beta_i|)', () => {
  test('on a Module: weights only by default (no biases, no norm or PReLU parameters)', () => {
    const m = net();
    assertClose(l2Penalty(m, { lambda: 0.1 }), [0.1 * (1 + 4 + 9 + 0.25 + 1 + 16)], { atol: 1e-12 });
    assertClose(l1Penalty(m, { lambda: 0.1 }), [0.1 * (1 + 2 + 3 + 0.5 + 1 + 4)], { atol: 1e-12 });
  });

  test('gradients: 2 lambda beta for L2, lambda sign(beta) for L1, nothing on excluded parameters', () => {
    const m = net();
    l2Penalty(m, { lambda: 0.5 }).backward();
    const w1 = m[0] as Linear;
    assertClose(w1.weight.grad!, [1, -2, 3, 0.5], { atol: 1e-12 });
    assert.equal(w1.bias!.grad, null);
    m.zeroGrad();
    l1Penalty(m, { lambda: 0.5 }).backward();
    assertClose(w1.weight.grad!, [0.5, -0.5, 0.5, 0.5], { atol: 1e-12 });
  });

  test('filter chooses parameters; a tensor list is taken as given (deduplicated)', () => {
    const m = net();
    const all = l2Penalty(m, { lambda: 1, filter: () => true }).item();
    const byHand = m.parameters().reduce((a, p) => a + [...p.data].reduce((s, v) => s + v * v, 0), 0);
    assertClose([all], [byHand], { atol: 1e-12 });
    const onlyBias = l1Penalty(m, { lambda: 2, filter: (name) => name.endsWith('bias') && !name.startsWith('1.') });
    assertClose(onlyBias, [2 * (10 + 10 + 7)], { atol: 1e-12 });
    const t = tensor([3, -4], { dtype: 'float64' });
    assertClose(l2Penalty([t, t], { lambda: 1 }), [25], { atol: 1e-12 });
    assert.equal(l2Penalty([], { lambda: 1 }).item(), 0);
  });

  test('added to the lecture\'s Q = MSE + lambda sum beta^2', () => {
    const lin = new Linear({ inFeatures: 1, outFeatures: 1, dtype: 'float64' });
    lin.weight.data.set([2]);
    lin.bias!.data.set([0]);
    const x = tensor([[1], [2]], { dtype: 'float64' });
    const y = tensor([[1], [3]], { dtype: 'float64' });
    const q = mseLoss(lin.call(x), y).add(l2Penalty(lin, { lambda: 0.1 }));
    assertClose(q, [((2 - 1) ** 2 + (4 - 3) ** 2) / 2 + 0.1 * 4], { atol: 1e-12 });
  });

  test('bad options', () => {
    assert.throws(() => l2Penalty(net(), { lambda: -1 }), /l2Penalty: lambda must be a finite number >= 0, got -1/);
    assert.throws(() => l1Penalty([tensor([1])], { lambda: 1, filter: () => true }), /l1Penalty: filter applies to a Module/);
  });
});
