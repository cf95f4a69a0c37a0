// Choosing the wasm backend (setBackend, NEURITE_BACKEND), processes that exit by themselves with
// worker threads alive, flat wasm memory across a training loop, and the same training result on
// both backends to float32 tolerance.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { getBackend, setBackend, withBackend, initBackend } from '../../src/backend/registry.js';
import { getRuntime } from '../../src/backend/wasm/wasm-runtime.js';
import { linear, logSoftmax, randn, tensor, noGrad, Generator, ValueError } from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { runChild } from './helpers.js';

/** A few SGD steps of a 20-16-3 MLP on fixed data; returns the final loss and first-layer weights. */
function train(): { loss: number; w1: Float32Array } {
  const g = new Generator(7);
  const x = randn([64, 20], { generator: g });
  const labels = Array.from({ length: 64 }, (_, i) => i % 3);
  const onehot = tensor(labels.map((c) => [0, 1, 2].map((j) => (j === c ? 1 : 0))));
  const w1 = randn([16, 20], { generator: g }).mul(0.3).detach().requiresGrad_();
  const b1 = randn([16], { generator: g }).mul(0.1).detach().requiresGrad_();
  const w2 = randn([3, 16], { generator: g }).mul(0.3).detach().requiresGrad_();
  const b2 = randn([3], { generator: g }).mul(0.1).detach().requiresGrad_();
  const params: Tensor[] = [w1, b1, w2, b2];
  let loss = 0;
  for (let step = 0; step < 5; step++) {
    const logits = linear(linear(x, w1, b1).relu(), w2, b2);
    const l = logSoftmax(logits, 1).mul(onehot).sum().neg().div(64);
    for (const p of params) p.grad = null;
    l.backward();
    loss = l.item();
    noGrad(() => {
      for (const p of params) {
        const d = p.data as Float32Array;
        const gd = p.grad!.data as Float32Array;
        for (let i = 0; i < d.length; i++) d[i] = d[i]! - 0.5 * gd[i]!;
      }
    });
  }
  return { loss, w1: (w1.data as Float32Array).slice() };
}

describe('backend choice', () => {
  test("setBackend('wasm') selects the wasm backend and withBackend restores", () => {
    const prev = setBackend('wasm');
    try {
      assert.equal(getBackend().name, 'wasm');
      withBackend('cpu', () => assert.equal(getBackend().name, 'cpu'));
      assert.equal(getBackend().name, 'wasm');
    } finally {
      setBackend(prev);
    }
  });

  test('unknown names are rejected with the list of backends', () => {
    assert.throws(() => setBackend('gpu' as 'cpu'), (e: unknown) =>
      e instanceof ValueError && /setBackend: unknown backend 'gpu' \(available: cpu, wasm\)/.test(e.message));
  });

  test('initBackend resolves to the backend in use', async () => {
    const b = await initBackend();
    assert.equal(b, getBackend());
  });

  test('NEURITE_BACKEND picks the default and a bad value fails loudly', () => {
    const code = "import { getBackend } from './src/backend/registry.ts'; console.log('backend=' + getBackend().name);";
    assert.match(runChild(code, { NEURITE_BACKEND: 'wasm' }).out, /backend=wasm/);
    assert.match(runChild(code, { NEURITE_BACKEND: 'cpu' }).out, /backend=cpu/);
    const bad = runChild(code, { NEURITE_BACKEND: 'tpu' });
    assert.notEqual(bad.status, 0);
    assert.match(bad.out, /NEURITE_BACKEND: unknown backend 'tpu'/);
  });

  test('a process using worker threads exits by itself; NEURITE_NUM_THREADS sets the count', () => {
    const code = [
      "import { wasmBackend } from './src/backend/wasm/wasm-backend.ts';",
      "import { getNumThreads, waitForThreads } from './src/backend/wasm/threads.ts';",
      'const n = 200; const a = new Float32Array(n * n).fill(1); const c = new Float32Array(n * n);',
      "wasmBackend.matmul(a, a, c, { batch: 1, m: n, k: n, n, transA: false, transB: false });",
      "console.log('threads=' + getNumThreads() + ' ready=' + waitForThreads() + ' c=' + c[0]);",
    ].join('\n');
    const r = runChild(code, { NEURITE_NUM_THREADS: '3' });
    assert.equal(r.status, 0, r.out);
    assert.match(r.out, /threads=3 ready=2 c=200/);
  });

  test('without shared memory (NEURITE_WASM_SHARED=0) matmul runs on one thread with the same result', () => {
    const code = [
      "import { wasmBackend } from './src/backend/wasm/wasm-backend.ts';",
      "import { getRuntime } from './src/backend/wasm/wasm-runtime.ts';",
      'const m = 70, k = 300, n = 90; const a = new Float32Array(m * k).map((_, i) => Math.sin(i));',
      'const b = new Float32Array(k * n).map((_, i) => Math.cos(i)); const c = new Float32Array(m * n);',
      "wasmBackend.matmul(a, b, c, { batch: 1, m, k, n, transA: false, transB: false });",
      "let h = 0; for (const v of c) h = (h * 31 + Math.round(v * 1e3)) % 1000003;",
      "console.log('pool=' + (getRuntime().pool ? 'yes' : 'none') + ' hash=' + h);",
    ].join('\n');
    const plain = runChild(code, { NEURITE_WASM_SHARED: '0' });
    const shared = runChild(code, { NEURITE_NUM_THREADS: '2', NEURITE_WASM_RELAXED: '0' });
    assert.equal(plain.status, 0, plain.out);
    assert.match(plain.out, /pool=none/);
    assert.match(shared.out, /pool=yes/);
    assert.equal(plain.out.match(/hash=\d+/)?.[0], shared.out.match(/hash=\d+/)?.[0]);
  });

  test('training gives the same result on cpu and wasm (float32 tolerance)', () => {
    const cpu = withBackend('cpu', train);
    const wasm = withBackend('wasm', train);
    assert.ok(Math.abs(cpu.loss - wasm.loss) < 1e-5, `loss ${cpu.loss} vs ${wasm.loss}`);
    cpu.w1.forEach((w, i) => assert.ok(Math.abs(w - wasm.w1[i]!) < 1e-5, `w1[${i}] ${w} vs ${wasm.w1[i]}`));
    // and a seed reproduces a run bit-identically on the same backend
    assert.deepEqual(withBackend('wasm', train).w1, wasm.w1);
  });

  test('wasm memory stays flat across a training loop', () => {
    withBackend('wasm', train);
    const before = getRuntime().memoryBytes;
    for (let i = 0; i < 5; i++) withBackend('wasm', train);
    assert.equal(getRuntime().memoryBytes, before);
  });
});
