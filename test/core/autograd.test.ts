// Reverse-mode autodiff: the lecture's worked example exactly, closed-form derivatives, the
// engine's contract (accumulation, retainGraph, gradient arguments, non-leaf grads, noGrad, detach,
// functional grad, double backward, hooks), kink conventions, NaN propagation and anomaly mode.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  AnomalyError, AutogradError, grad, maximum, noGrad, tensor, valueAndGrad, withBackend, withScope, type DType, type Tensor,
} from '../../src/index.js';
import { setAnomalyEnabled } from '../../src/autograd/grad-mode.js';

const close = (got: number, want: number, tol = 1e-6, what = ''): void =>
  assert.ok(Math.abs(got - want) <= tol, `${what}: ${got} vs ${want}`);
const arr = (t: Tensor | null): number[] => Array.from(t!.data);

describe("the lecture's worked example: y = x*w + b, Q = (y_target - y)^2", () => {
  for (const dtype of ['float32', 'float64'] as DType[]) {
    test(`x=1 w=0.1 b=1 y_target=2 eta=0.1 (${dtype})`, () => {
      const x = tensor(1, { dtype });
      const w = tensor(0.1, { dtype, requiresGrad: true });
      const b = tensor(1, { dtype, requiresGrad: true });
      const target = tensor(2, { dtype });
      const eta = 0.1;
      const y = x.mul(w).add(b).retainGrad();
      const Q = target.sub(y).pow(2);
      Q.backward();
      close(y.item(), 1.1, 1e-6, 'y');
      close(Q.item(), 0.81, 1e-6, 'Q');
      close(y.grad!.item(), -1.8, 1e-6, 'dQ/dy');
      close(w.grad!.item(), -1.8, 1e-6, 'dQ/dw');
      close(b.grad!.item(), -1.8, 1e-6, 'dQ/db');
      const wNew = noGrad(() => w.sub(w.grad!.mul(eta)));
      const bNew = noGrad(() => b.sub(b.grad!.mul(eta)));
      close(wNew.item(), 0.28, 1e-6, 'w_new');
      close(bNew.item(), 1.18, 1e-6, 'b_new');
      assert.equal(wNew.dtype, dtype);
    });
  }
});

describe('closed-form derivatives', () => {
  test('d/dx sin(x^2 + 5) = 2x cos(x^2 + 5)', () => {
    const xs = [-2.5, -1, -0.3, 0, 0.7, 1.9, 3];
    const x = tensor(xs, { dtype: 'float64', requiresGrad: true });
    x.pow(2).add(5).sin().sum().backward();
    arr(x.grad).forEach((g, i) => close(g, 2 * xs[i]! * Math.cos(xs[i]! ** 2 + 5), 1e-12, `x=${xs[i]}`));
  });

  test("sigmoid'(x) = sigma(x) (1 - sigma(x)), at most 1/4", () => {
    const xs = [-30, -4, -1, 0, 0.5, 2, 30];
    const [g] = grad((x) => x.sigmoid().sum(), [tensor(xs, { dtype: 'float64' })]);
    arr(g!).forEach((v, i) => {
      const s = 1 / (1 + Math.exp(-xs[i]!));
      close(v, s * (1 - s), 1e-15, `x=${xs[i]}`);
      assert.ok(v <= 0.25);
    });
  });

  test('a diamond graph sums both paths: d/dx (x*x + x*x) = 4x', () => {
    const x = tensor([1.5, -2], { dtype: 'float64', requiresGrad: true });
    const y = x.mul(x);
    y.add(y).sum().backward();
    assert.deepEqual(arr(x.grad), [6, -8]);
  });

  test('a chain of 20000 ops backpropagates without recursion limits', () => {
    const x = tensor([1], { dtype: 'float64', requiresGrad: true });
    let y = x;
    for (let i = 0; i < 20000; i++) y = y.add(1);
    y.sum().backward();
    assert.deepEqual(arr(x.grad), [1]);
  });
});

describe('backward()', () => {
  test('gradients accumulate over two backward calls', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    x.mul(x).sum().backward();
    x.mul(x).sum().backward();
    assert.deepEqual(arr(x.grad), [4, 8, 12]);
  });

  test('retainGraph allows a second backward; without it the second one throws', () => {
    const x = tensor([2], { requiresGrad: true });
    const y = x.mul(x).sum();
    y.backward(undefined, { retainGraph: true });
    y.backward();
    assert.deepEqual(arr(x.grad), [8]);
    assert.throws(() => y.backward(), (e: unknown) =>
      e instanceof AutogradError && /second time/.test(e.message) && /retainGraph/.test(e.message));
  });

  test('backward on a non-scalar without a gradient names the shape', () => {
    const x = tensor([[1, 2, 3], [4, 5, 6]], { requiresGrad: true });
    assert.throws(() => x.mul(2).backward(), (e: unknown) =>
      e instanceof AutogradError && e.message.includes('[2,3]') && e.message.startsWith('backward:'));
  });

  test('backward with a gradient argument computes the vector-Jacobian product', () => {
    const x = tensor([[1, 2], [3, 4]], { dtype: 'float64', requiresGrad: true });
    x.mul(x).backward(tensor([[1, 0.5], [-1, 2]], { dtype: 'float64' }));
    assert.deepEqual(arr(x.grad), [2, 2, -6, 16]);
    assert.throws(() => x.mul(3).backward(tensor([1, 2, 3])), (e: unknown) =>
      e instanceof AutogradError && e.message.includes('[3]') && e.message.includes('[2,2]'));
  });

  test('backward on a tensor that does not require grad throws', () => {
    assert.throws(() => tensor([1]).sum().backward(), AutogradError);
  });

  test('.grad of a non-leaf throws; retainGrad() keeps it', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.mul(3);
    const z = x.mul(4).retainGrad();
    y.add(z).sum().backward();
    assert.throws(() => y.grad, (e: unknown) =>
      e instanceof AutogradError && e.message.includes('[2]') && e.message.includes('retainGrad'));
    assert.deepEqual(arr(z.grad), [1, 1]);
    assert.deepEqual(arr(x.grad), [7, 7]);
  });

  test('int tensors cannot require grad', () => {
    assert.throws(() => tensor([1, 2], { dtype: 'int32', requiresGrad: true }), (e: unknown) =>
      e instanceof Error && e.name === 'DTypeError' && e.message.includes('int32'));
  });
});

describe('graph control', () => {
  test('noGrad records nothing and restores the mode after an exception', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = noGrad(() => x.mul(2));
    assert.equal(y.requiresGrad, false);
    assert.equal(y.gradFn, null);
    assert.throws(() => noGrad(() => { throw new Error('boom'); }));
    assert.ok(x.mul(2).requiresGrad);
  });

  test('detach shares storage and stops gradients', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const d = x.detach();
    assert.equal(d.requiresGrad, false);
    assert.equal(d.data, x.data);
    x.mul(d).sum().backward();
    assert.deepEqual(arr(x.grad), [1, 2]);
  });

  test('functional grad returns gradients without touching .grad', () => {
    const x = tensor([1, 2, 3], { dtype: 'float64', requiresGrad: true });
    const w = tensor([0.5, -1, 2], { dtype: 'float64' });
    const [gx, gw] = grad((a, b) => a.mul(b).sum(), [x, w]);
    assert.deepEqual(arr(gx!), [0.5, -1, 2]);
    assert.deepEqual(arr(gw!), [1, 2, 3]);
    assert.equal(x.grad, null);
    const { value, grads } = valueAndGrad((a) => a.mul(a).sum(), [x]);
    assert.equal(value.item(), 14);
    assert.deepEqual(arr(grads[0]!), [2, 4, 6]);
    assert.equal(x.grad, null);
  });

  test('grad of an unused input is zeros', () => {
    const [, gb] = grad((a) => a.sum(), [tensor([1, 2]), tensor([3, 4, 5])]);
    assert.deepEqual(arr(gb!), [0, 0, 0]);
  });

  test('createGraph: d2/dx2 x^3 = 6x (functional and through .grad)', () => {
    const xs = [-1.5, 0.5, 2];
    const x = tensor(xs, { dtype: 'float64', requiresGrad: true });
    const [g1] = grad((a) => a.pow(3).sum(), [x], { createGraph: true });
    assert.deepEqual(arr(g1!), xs.map((v) => 3 * v * v));
    // Nested like jax.grad: the outer function differentiates the inner gradient of its own input.
    const d1 = (a: Tensor): Tensor => grad((b) => b.pow(3).sum(), [a], { createGraph: true })[0]!;
    const [g2] = grad((a) => d1(a).sum(), [x]);
    assert.deepEqual(arr(g2!), xs.map((v) => 6 * v));

    const y = tensor(xs, { dtype: 'float64', requiresGrad: true });
    y.pow(3).sum().backward(undefined, { createGraph: true });
    const dy = y.grad!;
    assert.ok(dy.requiresGrad, 'the gradient carries a graph');
    y.grad = null;
    dy.sum().backward();
    arr(y.grad).forEach((v, i) => close(v, 6 * xs[i]!, 1e-12));
  });

  test('tensor hooks see and may replace gradients; remove() detaches them', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const seen: number[][] = [];
    const h = x.registerHook((g) => void seen.push(arr(g)));
    const mid = x.mul(3);
    const doubler = mid.registerHook((g) => g.mul(2));
    mid.sum().backward();
    assert.deepEqual(seen, [[6, 6]]);
    assert.deepEqual(arr(x.grad), [6, 6]);
    h.remove();
    doubler.remove();
    x.grad = null;
    x.mul(3).sum().backward();
    assert.equal(seen.length, 1);
    assert.deepEqual(arr(x.grad), [3, 3]);
    assert.throws(() => tensor([1]).registerHook(() => undefined), AutogradError);
  });
});

describe('kinks (PyTorch conventions, exact values)', () => {
  const g1 = (f: (x: Tensor) => Tensor, xs: number[]): number[] =>
    arr(grad((x) => f(x).sum(), [tensor(xs, { dtype: 'float64' })])[0]!);

  test("relu'(0) = 0", () => assert.deepEqual(g1((x) => x.relu(), [-1, 0, 2]), [0, 0, 1]));
  test('relu passes the gradient where its output is positive, on both backends (reluGrad primitive)', () => {
    for (const backend of ['cpu', 'wasm'] as const) {
      for (const dtype of ['float32', 'float64'] as const) {
        const x = tensor([-1, 0, 2, NaN, Infinity, -Infinity], { dtype });
        const up = tensor([5, 5, -3, 5, 7, 5], { dtype });
        // as PyTorch's threshold_backward: 0 where the output is <= 0, a non-finite upstream gradient there
        // included; a NaN input passes the gradient (NaN <= 0 is false; docs/nan-gradients.md)
        const [gx] = withBackend(backend, () => grad((t) => t.relu().mul(up).sum(), [x]));
        assert.deepEqual(arr(gx!), [0, 0, -3, 5, 7, 0], `${backend} ${dtype}`);
        const [gInf] = withBackend(backend, () => grad((t) => t.relu().mul(tensor([Infinity, NaN, 1], { dtype })).sum(), [x.slice(0, { end: 3 })]));
        assert.deepEqual(arr(gInf!), [0, 0, 1], `${backend} ${dtype} non-finite upstream`);
      }
    }
  });
  test('the gradient of relu is differentiable: d/dg of (g where y > 0) through createGraph', () => {
    const x = tensor([-1, 0.5, 2], { dtype: 'float64' });
    const v = tensor([1, 2, 3], { dtype: 'float64' }).requiresGrad_();
    // h(v) = <grad_x <relu(x), v>, w> = sum over x > 0 of v * w, so dh/dv = w where x > 0
    const w = tensor([10, 20, 30], { dtype: 'float64' });
    const [dv] = grad((vi) => {
      const [gx] = grad((t) => t.relu().mul(vi).sum(), [x.detach().requiresGrad_()], { createGraph: true });
      return gx!.mul(w).sum();
    }, [v]);
    assert.deepEqual(arr(dv!), [0, 20, 30]);
  });
  test("abs'(0) = 0", () => assert.deepEqual(g1((x) => x.abs(), [-1, 0, 2]), [-1, 0, 1]));
  test('max with ties splits the gradient evenly', () => {
    assert.deepEqual(g1((x) => x.max(), [1, 3, 3, 0]), [0, 0.5, 0.5, 0]);
    assert.deepEqual(g1((x) => x.reshape([2, 2]).max(1), [2, 2, 1, 4]), [0.5, 0.5, 0, 1]);
    assert.deepEqual(g1((x) => x.min(), [1, 1, 1, 5]), [1 / 3, 1 / 3, 1 / 3, 0]);
  });
  test('maximum/minimum give each side half at a tie', () => {
    const [ga, gb] = grad((a, b) => maximum(a, b).sum(), [tensor([1, 2, 3]), tensor([1, 5, 0])]);
    assert.deepEqual(arr(ga!), [0.5, 0, 1]);
    assert.deepEqual(arr(gb!), [0.5, 1, 0]);
  });
  test('clamp passes the gradient at the boundaries and stops it outside', () => {
    assert.deepEqual(g1((x) => x.clamp({ min: -1, max: 2 }), [-3, -1, 0, 2, 5]), [0, 1, 1, 1, 0]);
  });
});

describe('NaN is propagated, never clamped', () => {
  test('log(-1) and 0/0 are NaN and propagate through sum, max and maximum', () => {
    const l = tensor([-1, 1]).log();
    assert.ok(Number.isNaN(l.data[0]!));
    const q = tensor([0, 1]).div(tensor([0, 1]));
    assert.ok(Number.isNaN(q.data[0]!));
    assert.ok(Number.isNaN(l.sum().item()));
    assert.ok(Number.isNaN(q.max().item()));
    assert.ok(Number.isNaN(q.min().item()));
    assert.ok(Number.isNaN(tensor([5, 1]).reshape([1, 2]).add(q).max(1).item()));
    assert.ok(Number.isNaN(maximum(q, 10).data[0]!));
    assert.ok(Number.isNaN(q.clamp({ min: 0, max: 1 }).data[0]!));
    assert.ok(Number.isNaN(q.relu().data[0]!));
    assert.ok(Number.isNaN(q.sign().data[0]!));
    assert.equal(q.argmax().item(), 0, 'argmax points at the NaN');
  });

  test('NaN gradients propagate too', () => {
    const [g] = grad((x) => x.log().sum(), [tensor([-1, 2], { dtype: 'float64' })]);
    assert.deepEqual(arr(g!), [-1, 0.5]);
    const [h] = grad((x) => x.sqrt().sum(), [tensor([-1, 4], { dtype: 'float64' })]);
    assert.ok(Number.isNaN(h!.data[0]!));
  });
});

describe('anomaly mode', () => {
  const anomaly = <T>(fn: () => T): T => {
    const prev = setAnomalyEnabled(true);
    try {
      return fn();
    } finally {
      setAnomalyEnabled(prev);
    }
  };

  test('throws AnomalyError naming the op and the scope where a NaN first appears', () => {
    assert.throws(
      () => anomaly(() => withScope('encoder.fc1', () => tensor([1, -1]).log().sum())),
      (e: unknown) =>
        e instanceof AnomalyError && e.op === 'log' && e.scope === 'encoder.fc1' &&
        e.message.includes("'log'") && e.message.includes("'encoder.fc1'") && e.message.includes('[2]'),
    );
  });

  test('reports the first op only (later ops see non-finite inputs); no scope is fine', () => {
    assert.throws(() => anomaly(() => tensor([0]).div(tensor([0])).mul(2)), (e: unknown) =>
      e instanceof AnomalyError && e.op === 'div' && e.scope === undefined);
  });

  test('is off by default: the same computation just gives NaN', () => {
    assert.ok(Number.isNaN(withScope('m', () => tensor([-1]).log()).item()));
  });
});
