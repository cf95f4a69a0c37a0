// enableRelaxedSimd (neurite/node): turns on V8's relaxed SIMD before the kernels compile, so the matmul
// uses fused multiply-add; results stay within float32 tolerance of the reference backend and are
// reproducible run to run; NEURITE_WASM_RELAXED=0 opts out; after the first kernel it only reports.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runChild } from './helpers.js';

// A 96x200 by 200x72 product (odd sizes: partial tiles) and one with transposes, against the reference.
const PRODUCT = `
  import { enableRelaxedSimd } from './src/node.ts';
  import { wasmFeatures } from './src/index.ts';
  import { wasmBackend } from './src/backend/wasm/wasm-backend.ts';
  import { referenceBackend } from './src/backend/reference/reference-backend.ts';
  import { Generator } from './src/tensor/random.ts';
  const enabled = enableRelaxedSimd();
  const g = new Generator(11);
  const rand = (n) => Float32Array.from({ length: n }, () => g.nextDouble() * 2 - 1);
  const [m, k, n] = [96, 200, 72];
  const a = rand(m * k), b = rand(k * n);
  let worst = 0;
  let sum = 0;
  for (const [transA, transB] of [[false, false], [true, true]]) {
    const dims = { batch: 1, m, k, n, transA, transB };
    const got = new Float32Array(m * n), want = new Float32Array(m * n);
    wasmBackend.matmul(a, b, got, dims);
    referenceBackend.matmul(a, b, want, dims);
    for (let i = 0; i < got.length; i++) {
      worst = Math.max(worst, Math.abs(got[i] - want[i]) / (1 + Math.abs(want[i])));
      sum += got[i];
    }
  }
  console.log(JSON.stringify({ enabled, relaxed: wasmFeatures().relaxedSimd, worst, sum, again: enableRelaxedSimd() }));
`;

function product(env: Record<string, string> = {}): { enabled: boolean; relaxed: boolean; worst: number; sum: number; again: boolean } {
  const r = runChild(PRODUCT, env, 60000);
  assert.equal(r.status, 0, r.out);
  return JSON.parse(r.out.trim().split('\n').at(-1)!) as ReturnType<typeof product>;
}

describe('enableRelaxedSimd', () => {
  test('turns relaxed SIMD on before the first kernel; products stay within float32 tolerance and reproduce', () => {
    const on = product();
    assert.equal(on.enabled, on.relaxed, 'the return value says what the kernels use');
    assert.equal(on.again, on.relaxed, 'a second call after the first kernel reports the running module');
    // NOTE: V8 on x64 and arm64 implements relaxed SIMD; an engine without it keeps the plain module.
    if (process.arch === 'x64' || process.arch === 'arm64') assert.equal(on.relaxed, true);
    assert.ok(on.worst < 1e-5, `relative error ${on.worst}`);
    assert.equal(product().sum, on.sum, 'bit-identical in a second process');
  });

  test('NEURITE_WASM_RELAXED=0 keeps the plain SIMD module', () => {
    const off = product({ NEURITE_WASM_RELAXED: '0' });
    assert.deepEqual([off.enabled, off.relaxed, off.again], [false, false, false]);
    assert.ok(off.worst < 1e-5, `relative error ${off.worst}`);
  });
});
