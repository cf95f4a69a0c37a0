// The wasm unfold/fold (im2col/col2im) kernels against the reference backend over many geometries:
// both column layouts, strides, paddings wider than the kernel reach, dilations, and pad values.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { referenceBackend } from '../../src/backend/reference/reference-backend.js';
import { wasmBackend } from '../../src/backend/wasm/wasm-backend.js';
import type { UnfoldDims } from '../../src/backend/backend.js';
import { getNumThreads, setNumThreads, waitForThreads } from '../../src/backend/wasm/threads.js';
import { randArray } from './helpers.js';

function geometries(): UnfoldDims[] {
  const out: UnfoldDims[] = [];
  for (const [h, w] of [[5, 7], [8, 8], [3, 2]] as const) {
    for (const [kh, kw] of [[1, 1], [3, 3], [2, 3]] as const) {
      for (const s of [1, 2, 3]) {
        for (const p of [0, 1, 2]) {
          for (const d of [1, 2]) {
            const oh = Math.floor((h + 2 * p - d * (kh - 1) - 1) / s) + 1;
            const ow = Math.floor((w + 2 * p - d * (kw - 1) - 1) / s) + 1;
            if (oh < 1 || ow < 1) continue;
            for (const batchInner of [false, true]) {
              out.push({ n: 2, c: 3, h, w, kh, kw, sh: s, sw: s === 3 ? 1 : s, ph: p, pw: p, dh: d, dw: d, oh, ow: s === 3 ? ow + 1 : ow, batchInner });
            }
          }
        }
      }
    }
  }
  return out;
}

const label = (d: UnfoldDims): string => JSON.stringify(d);

describe('wasm unfold/fold', () => {
  const cases = geometries();

  test(`unfold matches the reference bit for bit over ${cases.length} geometries`, () => {
    assert.ok(cases.length > 200);
    cases.forEach((d, i) => {
      const x = randArray(d.n * d.c * d.h * d.w, i);
      const size = d.n * d.c * d.kh * d.kw * d.oh * d.ow;
      for (const value of [0, -Infinity, 2.5]) {
        const got = new Float32Array(size).fill(NaN);
        const want = new Float32Array(size).fill(NaN);
        wasmBackend.unfold(x, d, value, got);
        referenceBackend.unfold(x, d, value, want);
        assert.deepEqual(got, want, `${label(d)} value ${value}`);
      }
    });
  });

  test('fold matches the reference (float32 sums in the same order)', () => {
    cases.forEach((d, i) => {
      const cols = randArray(d.n * d.c * d.kh * d.kw * d.oh * d.ow, 1000 + i);
      const got = new Float32Array(d.n * d.c * d.h * d.w).fill(NaN);
      const want = new Float32Array(d.n * d.c * d.h * d.w).fill(NaN);
      wasmBackend.fold(cols, d, got);
      referenceBackend.fold(cols, d, want);
      assert.deepEqual(got, want, label(d));
    });
  });

  test('maxPool and maxPoolGrad match the reference bit for bit, with ties, NaN and -Infinity', () => {
    cases.filter((d) => !d.batchInner).forEach((d, i) => {
      const x = randArray(d.n * d.c * d.h * d.w, 2000 + i, i % 3 === 0);
      if (i % 3 === 1) for (let k = 0; k < x.length; k++) x[k] = Math.round(x[k]! * 2); // many ties
      const g = randArray(d.n * d.c * d.oh * d.ow, 3000 + i);
      const outs = [new Float32Array(g.length), new Float32Array(g.length), new Float32Array(x.length), new Float32Array(x.length)];
      wasmBackend.maxPool(x, d, outs[0]!);
      referenceBackend.maxPool(x, d, outs[1]!);
      assert.deepEqual(outs[0], outs[1], `maxPool ${label(d)}`);
      wasmBackend.maxPoolGrad(g, x, d, outs[2]!);
      referenceBackend.maxPoolGrad(g, x, d, outs[3]!);
      assert.deepEqual(outs[2], outs[3], `maxPoolGrad ${label(d)}`);
    });
  });

  test('large unfold/fold/maxPool split over 2 threads give the same bits as one thread and the reference', () => {
    const prev = getNumThreads();
    const d: UnfoldDims = { n: 8, c: 16, h: 20, w: 20, kh: 5, kw: 5, sh: 1, sw: 1, ph: 2, pw: 2, dh: 1, dw: 1, oh: 20, ow: 20, batchInner: true };
    const x = randArray(d.n * d.c * d.h * d.w, 7);
    const cols = randArray(d.n * d.c * d.kh * d.kw * d.oh * d.ow, 8);
    const pool: UnfoldDims = { ...d, kh: 3, kw: 3, sh: 2, sw: 2, ph: 1, pw: 1, oh: 10, ow: 10, batchInner: false };
    const g = randArray(d.n * d.c * 100, 9);
    const runAll = (): Float32Array[] => {
      const outs = [new Float32Array(cols.length), new Float32Array(x.length), new Float32Array(g.length), new Float32Array(x.length), new Float32Array(cols.length)];
      wasmBackend.unfold(x, d, 0, outs[0]!);
      wasmBackend.fold(cols, d, outs[1]!);
      wasmBackend.maxPool(x, pool, outs[2]!);
      wasmBackend.maxPoolGrad(g, x, pool, outs[3]!);
      wasmBackend.unfold(x, { ...d, batchInner: false }, 1, outs[4]!);
      return outs;
    };
    try {
      setNumThreads(1);
      const one = runAll();
      setNumThreads(2);
      assert.equal(waitForThreads(), 1, 'one helper thread');
      const two = runAll();
      two.forEach((o, i) => assert.deepEqual(o, one[i], `output ${i}`));
      const want = new Float32Array(x.length);
      referenceBackend.fold(cols, d, want);
      assert.deepEqual(two[1], want, 'fold vs reference');
    } finally {
      setNumThreads(prev);
    }
  });

  test('regression: split window kernels are never withdrawn from a helper (every part is computed), 100 runs', async () => {
    // The thread pool may withdraw a job a helper has not started; that is safe for the matmul (the
    // caller takes its ranges) but would skip a statically split part of unfold/fold/maxPool.
    const prev = getNumThreads();
    const d: UnfoldDims = { n: 4, c: 16, h: 16, w: 16, kh: 3, kw: 3, sh: 1, sw: 1, ph: 1, pw: 1, dh: 1, dw: 1, oh: 16, ow: 16, batchInner: false };
    const x = randArray(d.n * d.c * d.h * d.w, 3);
    const want = new Float32Array(d.n * d.c * 9 * 256);
    referenceBackend.unfold(x, d, 0, want);
    // oversubscribe the cores so that the helper thread is often not scheduled in time
    const hogs = Array.from({ length: 3 }, () => new Worker('const end = Date.now() + 4000; while (Date.now() < end);', { eval: true }));
    try {
      setNumThreads(2);
      waitForThreads();
      for (let i = 0; i < 100; i++) {
        const got = new Float32Array(want.length);
        wasmBackend.unfold(x, d, 0, got);
        assert.deepEqual(got, want, `run ${i}`);
      }
    } finally {
      setNumThreads(prev);
      await Promise.all(hogs.map((w) => w.terminate()));
    }
  });

  test('fold is the adjoint of unfold: <unfold(x), y> = <x, fold(y)>', () => {
    const d: UnfoldDims = { n: 2, c: 2, h: 6, w: 5, kh: 3, kw: 2, sh: 2, sw: 1, ph: 1, pw: 2, dh: 1, dw: 2, oh: 3, ow: 6, batchInner: true };
    const x = randArray(d.n * d.c * d.h * d.w, 1);
    const y = randArray(d.n * d.c * d.kh * d.kw * d.oh * d.ow, 2);
    const ux = new Float32Array(y.length);
    const fy = new Float32Array(x.length);
    wasmBackend.unfold(x, d, 0, ux);
    wasmBackend.fold(y, d, fy);
    let lhs = 0;
    let rhs = 0;
    ux.forEach((v, i) => (lhs += v * y[i]!));
    fy.forEach((v, i) => (rhs += v * x[i]!));
    assert.ok(Math.abs(lhs - rhs) < 1e-4 * (1 + Math.abs(lhs)), `${lhs} vs ${rhs}`);
  });

  test('float64 arrays go to the reference kernels', () => {
    const d: UnfoldDims = { n: 1, c: 1, h: 3, w: 3, kh: 2, kw: 2, sh: 1, sw: 1, ph: 0, pw: 0, dh: 1, dw: 1, oh: 2, ow: 2, batchInner: false };
    const x = Float64Array.from({ length: 9 }, (_, i) => i + 0.1);
    const got = new Float64Array(16);
    wasmBackend.unfold(x, d, 0, got);
    assert.deepEqual(Array.from(got), [0.1, 1.1, 3.1, 4.1, 1.1, 2.1, 4.1, 5.1, 3.1, 4.1, 6.1, 7.1, 4.1, 5.1, 7.1, 8.1]);
  });
});
