// Reuse of dead gradient buffers (buffer-pool.ts, GradStore in engine.ts): results must be the same
// bits with and without reuse, and no gradient that left the engine (leaf, retained, hooked, returned
// by grad(), the seed) may change when later allocations take pooled buffers.

import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Generator, bufferPoolBytes, grad, nn, optim, randn, setBufferReuse, withBackend, zeros, type Tensor } from '../../src/index.js';
import { POOL_MAX_BYTES, POOL_MIN_ELEMENTS, recycle, takePooled } from '../../src/tensor/buffer-pool.js';

const N = POOL_MIN_ELEMENTS * 2; // large enough to be pooled
const rn = (shape: number[], seed: number): Tensor => randn(shape, { generator: new Generator(seed) });

/** Runs `fn` with buffer reuse on and off; returns both results. */
function both<T>(fn: () => T): [T, T] {
  const was = setBufferReuse(true);
  try {
    const on = fn();
    setBufferReuse(false);
    const off = fn();
    return [on, off];
  } finally {
    setBufferReuse(was);
  }
}

/** Takes every pooled buffer of these lengths (zeroing it), as later ops would. */
function churn(...lengths: number[]): void {
  for (let r = 0; r < 4; r++) for (const n of lengths) zeros([n]).add(1);
}

const snapshot = (t: Tensor | null | undefined): number[] => Array.from(t!.data);

afterEach(() => setBufferReuse(true));

describe('gradient buffer reuse', () => {
  test('graphs with pass-through, views, shared inputs and accumulation give the same bits with and without reuse', () => {
    const run = (): number[][] => {
      const x = rn([N], 1).requiresGrad_();
      const c = rn([N], 2);
      const b = x.mul(1.5); // non-leaf
      const a = b.mul(c); // depends on b: b's pending gradient is replaced while a's is a view of it
      const y = a.add(b).reshape([2, N / 2]).mul(a.reshape([2, N / 2])).add(b.reshape([2, N / 2]).exp());
      const z = y.sum(1).mul(y.mean(1)).sum().add(x.mul(x).sum());
      z.backward();
      churn(N, N / 2);
      return [snapshot(x.grad), [z.item()]];
    };
    const [on, off] = both(run);
    assert.deepEqual(on, off);
  });

  test('leaf, retained and hooked gradients and grad() results are the same bits as without reuse, also after later allocations', () => {
    const [on, off] = both(() => {
      const x = rn([N], 3).requiresGrad_();
      const w = rn([N], 4).requiresGrad_(); // gets add's gradient passed through unchanged
      const h = x.mul(2).retainGrad();
      const seen: Tensor[] = [];
      const k = h.exp();
      k.registerHook((g) => void seen.push(g));
      const out = k.mul(x).relu().add(h).mul(w.add(1)).sum();
      out.backward();
      const [gx] = grad((xi: Tensor) => xi.mul(3).exp().mul(xi).sum(), [x]);
      churn(N);
      return [x.grad, w.grad, h.grad, seen[0], gx].map(snapshot);
    });
    on.forEach((v, i) => assert.deepEqual(v, off[i], `gradient ${i}`));
  });

  test('a gradient passed through to two inputs, one of which had a pending gradient sharing its storage', () => {
    // Q = P + B passes g to P and B; P = B + C passes that same storage on to B (accumulated: the old
    // pending gradient is replaced) and to C (kept as is): the replaced buffer is C's gradient.
    const [on, off] = both(() => {
      const x = rn([N], 5).requiresGrad_();
      const b = x.mul(1.5);
      const c = x.mul(2.5);
      const p = b.add(c);
      const q = p.add(b);
      q.mul(rn([N], 6)).sum().backward();
      return snapshot(x.grad);
    });
    assert.deepEqual(on, off);
  });

  test('a user-given seed gradient is never reused', () => {
    setBufferReuse(true);
    const x = rn([N], 4).requiresGrad_();
    const y = x.mul(2).add(1);
    const seed = rn([N], 5);
    const before = snapshot(seed);
    y.backward(seed);
    churn(N);
    assert.deepEqual(snapshot(seed), before);
  });

  test('double backward (createGraph) gives the same bits with and without reuse', () => {
    const [on, off] = both(() => {
      const x = rn([N], 6).requiresGrad_();
      const [g1] = grad((xi: Tensor) => xi.mul(xi).mul(xi).sum(), [x], { createGraph: true });
      const [g2] = grad(() => g1!.sum(), [x]);
      churn(N);
      return [snapshot(g1!.detach()), snapshot(g2)];
    });
    assert.deepEqual(on, off);
  });

  test('training a small CNN gives the same parameters with and without reuse, on both backends', () => {
    for (const backend of ['cpu', 'wasm'] as const) {
      const [on, off] = both(() => withBackend(backend, () => {
        const g = new Generator(8);
        const model = new nn.Sequential(
          new nn.Conv2d({ inChannels: 1, outChannels: 4, kernelSize: 3, generator: g }), new nn.ReLU(), new nn.MaxPool2d({ kernelSize: 2 }),
          new nn.Flatten(), new nn.Linear({ inFeatures: 4 * 13 * 13, outFeatures: 10, generator: g }),
        );
        const opt = new optim.Adam(model.parameters(), { lr: 0.01 });
        const x = randn([40, 1, 28, 28], { generator: g });
        const y = randn([40, 10], { generator: g });
        for (let s = 0; s < 3; s++) {
          const loss = model.forward(x).sub(y).square().mean();
          opt.zeroGrad();
          loss.backward();
          opt.step();
        }
        return model.parameters().map(snapshot);
      }));
      assert.deepEqual(on, off, backend);
    }
  });

  test('the pool is bounded, hands a buffer out once however often it is given back, and ignores views and small arrays', () => {
    setBufferReuse(false);
    setBufferReuse(true);
    const a = new Float32Array(N);
    recycle(a);
    recycle(a);
    assert.equal(bufferPoolBytes(), N * 4);
    assert.equal(takePooled(Float32Array, N), a);
    assert.equal(takePooled(Float32Array, N), null, 'given back twice, handed out once');
    recycle(new Float32Array(2 * N).subarray(0, N));
    recycle(new Float32Array(POOL_MIN_ELEMENTS - 1));
    assert.equal(bufferPoolBytes(), 0, 'views and small arrays are not pooled');
    for (let i = 0; i < POOL_MAX_BYTES / (N * 4) + 10; i++) recycle(new Float32Array(N));
    assert.ok(bufferPoolBytes() <= POOL_MAX_BYTES);
    const reused = takePooled(Float32Array, N)!;
    assert.ok(reused.every((v) => v === 0), 'zero-filled');
  });
});
