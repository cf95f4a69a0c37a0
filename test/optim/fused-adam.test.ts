// Adam and AdamW on float32 parameters run in the backend's fused kernel when it has one (wasm):
// the trajectory must match the plain-TypeScript update to float32 tolerance, and the cases the
// kernel does not cover (amsgrad, maximize, coupled decay, float64) must keep the exact update; the
// kernel split over threads gives the same bits as one thread.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Generator, randn, withBackend } from '../../src/index.js';
import type { AdamUpdateOptions, Backend } from '../../src/backend/backend.js';
import { wasmBackend } from '../../src/backend/wasm/wasm-backend.js';
import { PARALLEL_MIN_ADAM } from '../../src/backend/wasm/wasm-launch.js';
import { getNumThreads, setNumThreads, waitForThreads } from '../../src/backend/wasm/threads.js';
import { Adam, AdamW } from '../../src/optim/index.js';
import type { Tensor } from '../../src/tensor/tensor.js';

/** Runs `steps` optimizer steps with fixed pseudo-random gradients; returns the final parameter. */
function trajectory(backend: Backend, make: (p: Tensor[]) => Adam, dtype: 'float32' | 'float64' = 'float32', steps = 25): number[] {
  return withBackend(backend, () => {
    const g = new Generator(7);
    const p = randn([37], { generator: g, dtype }).detach().requiresGrad_();
    const opt = make([p]);
    for (let s = 0; s < steps; s++) {
      p.grad = randn([37], { generator: g, dtype });
      opt.step();
    }
    return [...p.data];
  });
}

/** A wasm backend that counts calls of its fused kernel. */
function counting(): { backend: Backend; calls: () => number } {
  let n = 0;
  const backend: Backend = {
    ...wasmBackend,
    adamUpdate(param: Float32Array, grad: Float32Array, m: Float32Array, v: Float32Array, o: AdamUpdateOptions) {
      n++;
      wasmBackend.adamUpdate!(param, grad, m, v, o);
    },
  };
  return { backend, calls: () => n };
}

const cpu = { ...wasmBackend, adamUpdate: undefined } satisfies Backend;

describe('fused Adam', () => {
  const cases: [string, (p: Tensor[]) => Adam][] = [
    ['Adam', (p) => new Adam(p, { lr: 0.05 })],
    ['AdamW', (p) => new AdamW(p, { lr: 0.05, weightDecay: 0.1 })],
    ['Adam with betas and eps', (p) => new Adam(p, { lr: 0.01, betas: [0.5, 0.9], eps: 1e-3 })],
  ];
  for (const [name, make] of cases) {
    test(`${name}: the fused kernel runs and matches the TypeScript update to float32 tolerance`, () => {
      const { backend, calls } = counting();
      const fused = trajectory(backend, make);
      assert.equal(calls(), 25);
      const plain = trajectory(cpu, make);
      fused.forEach((v, i) => assert.ok(Math.abs(v - plain[i]!) <= 1e-5 * Math.max(1, Math.abs(plain[i]!)), `${name} at ${i}: ${v} vs ${plain[i]}`));
      assert.notDeepEqual(fused, trajectory(cpu, make, 'float32', 0));
    });
  }
  const exact: [string, (p: Tensor[]) => Adam, 'float32' | 'float64'][] = [
    ['amsgrad', (p) => new Adam(p, { lr: 0.05, amsgrad: true }), 'float32'],
    ['maximize', (p) => new Adam(p, { lr: 0.05, maximize: true }), 'float32'],
    ['coupled weight decay', (p) => new Adam(p, { lr: 0.05, weightDecay: 0.1 }), 'float32'],
    ['float64 parameters', (p) => new Adam(p, { lr: 0.05 }), 'float64'],
  ];
  for (const [name, make, dtype] of exact) {
    test(`${name} keeps the TypeScript update (bit-identical, kernel not called)`, () => {
      const { backend, calls } = counting();
      assert.deepEqual(trajectory(backend, make, dtype), trajectory(cpu, make, dtype));
      assert.equal(calls(), 0);
    });
  }
  test('a fused run reproduces bit-identically', () => {
    const make = (p: Tensor[]): Adam => new Adam(p, { lr: 0.05 });
    assert.deepEqual(trajectory(wasmBackend, make), trajectory(wasmBackend, make));
  });
});

describe('fused Adam on several threads', () => {
  test('splitting the step over 2 or 3 threads gives the same bits as one thread', () => {
    const n = PARALLEL_MIN_ADAM + 4 * 1031 + 3; // above the threshold, ranges of uneven length, a scalar tail
    const init = () => [0, 1, 2, 3].map((i) => {
      const x = randn([n], { generator: new Generator(100 + i) }).data as Float32Array;
      return i === 3 ? x.map(Math.abs) : x; // v >= 0
    });
    const o: AdamUpdateOptions = { lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, step: 3, weightDecay: 0.01 };
    const before = getNumThreads();
    const results: Float32Array[][] = [];
    try {
      for (const threads of [1, 2, 3]) {
        setNumThreads(threads);
        assert.ok(waitForThreads(20000) >= threads - 1, 'helpers started');
        const [p, grad, m, v] = init() as [Float32Array, Float32Array, Float32Array, Float32Array];
        wasmBackend.adamUpdate!(p, grad, m, v, o);
        results.push([p, m, v]);
      }
    } finally {
      setNumThreads(before);
    }
    assert.notDeepEqual(results[0]![0], init()[0], 'the step changed the parameter');
    for (const r of results.slice(1)) r.forEach((x, i) => assert.deepEqual(x, results[0]![i], `array ${i}`));
  });
});
