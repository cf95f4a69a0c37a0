// Resident buffers of the wasm backend (optimizer state that kernels use in place, Backend.stateBuffer):
// zeroed views into wasm memory, used without copies, freed and reused after garbage collection; Adam
// moves its moments there and gives bit-identical results to the copying path.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { withBackend } from '../../src/backend/registry.js';
import { wasmBackend } from '../../src/backend/wasm/wasm-backend.js';
import { getRuntime } from '../../src/backend/wasm/wasm-runtime.js';
import { copyingWasmBackend } from './helpers.js';
import { Generator, optim, randn, type Tensor } from '../../src/index.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Collects garbage and lets FinalizationRegistry callbacks run (they run as separate tasks). */
async function collect(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** `steps` Adam steps on two fixed parameters with fixed gradients; returns the optimizer and parameters. */
function adamRun(backend: typeof wasmBackend, steps: number): { opt: optim.Adam; params: Tensor[] } {
  const g = new Generator(4);
  const params = [randn([300, 7], { generator: g }).requiresGrad_(), randn([9], { generator: g }).requiresGrad_()];
  const grads = params.map((p) => randn(p.shape, { generator: g }));
  const opt = new optim.Adam(params, { lr: 0.01, weightDecay: 0 });
  withBackend(backend, () => {
    for (let s = 0; s < steps; s++) {
      params.forEach((p, i) => (p.grad = grads[i]!.mul(s + 1)));
      opt.step();
    }
  });
  return { opt, params };
}

describe('wasm resident buffers', () => {
  test('are zeroed views into wasm memory that put/get use without copying', () => {
    const rt = getRuntime();
    const a = rt.resident(1000)!;
    assert.ok(a, 'shared memory gives resident buffers');
    assert.ok(a.every((v) => v === 0));
    a.fill(3);
    const p = rt.pointerOf(a);
    assert.equal(typeof p, 'number');
    rt.reset();
    assert.equal(rt.put(a), p, 'put returns the buffer itself');
    assert.equal(rt.arenaBytes, 0, 'and allocates no arena');
    assert.equal(rt.pointerOf(new Float32Array(4)), null);
    assert.equal(rt.pointerOf(rt.f32.slice(0, 4)), null, 'a copy is not resident');
  });

  test('Adam keeps its moments resident and matches the copying path bit for bit', () => {
    const a = adamRun(wasmBackend, 5);
    const b = adamRun(copyingWasmBackend, 5);
    a.params.forEach((p, i) => assert.deepEqual(p.data, b.params[i]!.data));
    const rt = getRuntime();
    const sd = a.opt.stateDict();
    const m = sd.state['0']!['expAvg'] as Tensor;
    assert.deepEqual(m.data, (b.opt.stateDict().state['0']!['expAvg'] as Tensor).data);
    // the saved state is a copy, not a view of wasm memory
    assert.equal(rt.pointerOf(m.data as Float32Array), null);
  });

  test('freed buffers are reused: many optimizers in turn leave the memory flat', async () => {
    const rt = getRuntime();
    const run = (): void => void adamRun(wasmBackend, 2);
    run();
    await collect();
    const before = rt.memoryBytes;
    const residentBefore = rt.residentBytes;
    for (let i = 0; i < 20; i++) {
      run();
      if (i % 5 === 4) await collect();
    }
    await collect();
    assert.equal(rt.memoryBytes, before);
    assert.ok(rt.residentBytes <= residentBefore, `resident ${rt.residentBytes} > ${residentBefore}`);
  });
});
