// The wasm matmul against the reference backend: every transpose combination, odd and tile-straddling
// sizes, batches, NaN propagation, and bit-identical results on one and on several threads.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { referenceBackend } from '../../src/backend/reference/reference-backend.js';
import { wasmBackend } from '../../src/backend/wasm/wasm-backend.js';
import { setNumThreads, waitForThreads, getNumThreads } from '../../src/backend/wasm/threads.js';
import type { MatmulDims } from '../../src/backend/backend.js';
import { randArray } from './helpers.js';

function run(dims: MatmulDims, seed: number): { got: Float32Array; want: Float32Array; bound: Float64Array } {
  const { batch, m, k, n } = dims;
  const a = randArray(batch * m * k, seed);
  const b = randArray(batch * k * n, seed + 1);
  const got = new Float32Array(batch * m * n);
  const want = new Float32Array(batch * m * n);
  wasmBackend.matmul(a, b, got, dims);
  referenceBackend.matmul(a, b, want, dims);
  // float32 accumulation error is bounded by ~k * eps * sum |a||b|, computed with |a|, |b|.
  const absOut = new Float32Array(batch * m * n);
  referenceBackend.matmul(a.map(Math.abs), b.map(Math.abs), absOut, dims);
  return { got, want, bound: Float64Array.from(absOut, (s) => s * k * 1.2e-7 + 1e-30) };
}

describe('wasm matmul', () => {
  const sizes = [1, 3, 4, 5, 8, 17, 33, 129];
  for (const transA of [false, true]) {
    for (const transB of [false, true]) {
      test(`matches reference for transA=${transA} transB=${transB} over odd sizes`, () => {
        let seed = 10;
        for (const m of sizes) {
          for (const k of [1, 3, 17, 129, 300]) {
            for (const n of [1, 7, 9, 129]) {
              if (m * k * n > 2e6) continue;
              const { got, want, bound } = run({ batch: 1, m, k, n, transA, transB }, seed++);
              for (let i = 0; i < want.length; i++) {
                assert.ok(Math.abs(got[i]! - want[i]!) <= bound[i]!, `[${m}x${k}x${n}] at ${i}: ${got[i]} vs ${want[i]}`);
              }
            }
          }
        }
      });
    }
  }

  test('batched products use each batch slice', () => {
    for (const [transA, transB] of [[false, false], [true, true]] as const) {
      const { got, want, bound } = run({ batch: 3, m: 17, k: 33, n: 9, transA, transB }, 99);
      got.forEach((g, i) => assert.ok(Math.abs(g - want[i]!) <= bound[i]!, `batch product at ${i}`));
    }
  });

  test('k = 0 gives zeros and NaN propagates along its row and column', () => {
    const out = new Float32Array(6).fill(7);
    wasmBackend.matmul(new Float32Array(0), new Float32Array(0), out, { batch: 1, m: 2, k: 0, n: 3, transA: false, transB: false });
    assert.deepEqual([...out], [0, 0, 0, 0, 0, 0]);
    const m = 9;
    const a = randArray(m * m, 1);
    const b = randArray(m * m, 2);
    a[2 * m + 4] = NaN; // row 2 of A
    const c = new Float32Array(m * m);
    wasmBackend.matmul(a, b, c, { batch: 1, m, k: m, n: m, transA: false, transB: false });
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) assert.equal(Number.isNaN(c[i * m + j]!), i === 2, `(${i},${j})`);
    }
  });

  test('several threads give bit-identical results to one thread', () => {
    const before = getNumThreads();
    try {
      for (const dims of [
        // batch 1 split by rows (each thread prepacks B), by columns (prepacks A; n > NC = 1024 gives two
        // column blocks, k > KC = 256 two depth blocks), and a batch of 2 (no prepacking)
        { batch: 1, m: 257, k: 300, n: 131, transA: false, transB: true },
        { batch: 1, m: 130, k: 300, n: 1100, transA: false, transB: false },
        { batch: 1, m: 6, k: 259, n: 1030, transA: true, transB: true },
        { batch: 2, m: 64, k: 513, n: 300, transA: true, transB: false },
      ]) {
        const a = randArray(dims.batch * dims.m * dims.k, 5);
        const b = randArray(dims.batch * dims.k * dims.n, 6);
        const one = new Float32Array(dims.batch * dims.m * dims.n);
        const many = new Float32Array(dims.batch * dims.m * dims.n);
        setNumThreads(1);
        wasmBackend.matmul(a, b, one, dims);
        setNumThreads(3);
        assert.equal(waitForThreads(20000), 2, 'helpers started');
        wasmBackend.matmul(a, b, many, dims);
        assert.deepEqual(many, one);
      }
    } finally {
      setNumThreads(before);
    }
  });

  test('setNumThreads rejects bad counts', () => {
    for (const bad of [0, -1, 1.5, NaN, 65]) assert.throws(() => setNumThreads(bad), /setNumThreads: expected an integer from 1 to 64/);
  });

  test('non-float32 operands fall back to the reference exactly', () => {
    const a = Float64Array.from(randArray(12, 3));
    const b = Float64Array.from(randArray(12, 4));
    const got = new Float64Array(9);
    const want = new Float64Array(9);
    const dims = { batch: 1, m: 3, k: 4, n: 3, transA: false, transB: false };
    wasmBackend.matmul(a, b, got, dims);
    referenceBackend.matmul(a, b, want, dims);
    assert.deepEqual(got, want);
  });
});
