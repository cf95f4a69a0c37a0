// The SIMD paths of the wasm window kernels against the reference backend, bit for bit: 2x2 stride-2
// max pooling (ties, signed zeros, NaN, infinities, odd sizes, leftovers, thread split), four-window
// generic pooling, and stride-1 unfold/fold on the benchmark CNN's geometries and every row width mod 4.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { referenceBackend } from '../../src/backend/reference/reference-backend.js';
import { wasmBackend } from '../../src/backend/wasm/wasm-backend.js';
import type { UnfoldDims } from '../../src/backend/backend.js';
import { getNumThreads, setNumThreads, waitForThreads } from '../../src/backend/wasm/threads.js';
import { Generator } from '../../src/tensor/random.js';
import { randArray } from './helpers.js';

const show = (v: number): string => (Object.is(v, -0) ? '-0' : String(v));

/** Same values element by element, telling -0 from +0 (any NaN matches any NaN). */
function assertSameBits(got: Float32Array, want: Float32Array, label: string): void {
  assert.equal(got.length, want.length, `${label}: length`);
  for (let i = 0; i < want.length; i++) {
    const g = got[i]!;
    const w = want[i]!;
    assert.ok(Object.is(g, w) || (Number.isNaN(g) && Number.isNaN(w)), `${label}[${i}]: got ${show(g)}, want ${show(w)}`);
  }
}

type Data = 'random' | 'ties' | 'specials';

/** Pooling input: uniform, small integers with ±0 (many ties), or 30% NaN/±Infinity cells (windows with several NaNs). */
function poolInput(n: number, seed: number, kind: Data): Float32Array {
  const x = randArray(n, seed);
  const g = new Generator(seed + 1);
  for (let i = 0; i < n; i++) {
    if (kind === 'ties') x[i] = Math.round(x[i]! * 1.5); // -1, -0, 0, 1 mostly
    if (kind === 'specials') {
      const r = g.nextDouble();
      if (r < 0.15) x[i] = NaN;
      else if (r < 0.22) x[i] = Infinity;
      else if (r < 0.3) x[i] = -Infinity;
    }
  }
  return x;
}

function pool2x2(n: number, c: number, h: number, w: number, { extraRow = 0, extraCol = 0 } = {}): UnfoldDims {
  const oh = Math.floor(h / 2) + extraRow;
  const ow = Math.floor(w / 2) + extraCol;
  return { n, c, h, w, kh: 2, kw: 2, sh: 2, sw: 2, ph: 0, pw: 0, dh: 1, dw: 1, oh, ow, batchInner: false };
}

function checkPool(d: UnfoldDims, seed: number, kind: Data): void {
  const label = `${JSON.stringify(d)} ${kind}`;
  const x = poolInput(d.n * d.c * d.h * d.w, seed, kind);
  const g = randArray(d.n * d.c * d.oh * d.ow, seed + 7, true); // NaN, ±0 and ±Infinity gradients too
  const got = new Float32Array(g.length).fill(7);
  const want = new Float32Array(g.length);
  wasmBackend.maxPool(x, d, got);
  referenceBackend.maxPool(x, d, want);
  assertSameBits(got, want, `maxPool ${label}`);
  const gx = new Float32Array(x.length).fill(7); // every cell must be written
  const gwant = new Float32Array(x.length);
  wasmBackend.maxPoolGrad(g, x, d, gx);
  referenceBackend.maxPoolGrad(g, x, d, gwant);
  assertSameBits(gx, gwant, `maxPoolGrad ${label}`);
}

describe('wasm maxPool 2x2 stride 2 (SIMD path)', () => {
  const sizes: [number, number][] = [[24, 24], [8, 8], [2, 2], [2, 9], [7, 9], [9, 17], [5, 30], [3, 3], [12, 26], [1, 6]];

  test('matches the reference bit for bit: random data, ties with ±0, NaN and ±Infinity; odd sizes and ow % 4 != 0', () => {
    let seed = 1;
    for (const [h, w] of sizes) {
      for (const kind of ['random', 'ties', 'specials'] as const) checkPool(pool2x2(2, 3, h, w), seed++, kind);
    }
  });

  test('windows past the edge (ceil mode) and fewer windows than fit go the generic way around the SIMD ones', () => {
    let seed = 100;
    for (const [h, w] of [[7, 9], [5, 11], [9, 9]] as const) {
      for (const kind of ['random', 'ties', 'specials'] as const) {
        checkPool(pool2x2(2, 2, h, w, { extraRow: 1, extraCol: 1 }), seed++, kind);
        checkPool(pool2x2(2, 2, h, w, { extraRow: -1, extraCol: -2 }), seed++, kind);
      }
    }
  });

  test('the gradient goes to the first maximum of each window in row-major order (the last NaN, as PyTorch)', () => {
    // windows a b / c d: all equal, the max last, NaN second and fourth (the fourth wins), -Infinity only (g -0 gives +0)
    const x = Float32Array.from([1, 1, 0, 1, 3, NaN, -Infinity, -Infinity, 1, 1, 2, 5, 2, NaN, -Infinity, -Infinity]);
    const d = pool2x2(1, 1, 2, 8);
    const pooled = new Float32Array(4);
    wasmBackend.maxPool(x, d, pooled);
    assertSameBits(pooled, Float32Array.from([1, 5, NaN, -Infinity]), 'maxPool');
    const gx = new Float32Array(16).fill(7);
    wasmBackend.maxPoolGrad(Float32Array.from([10, 20, 30, -0]), x, d, gx);
    assertSameBits(gx, Float32Array.from([10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 20, 0, 30, 0, 0]), 'maxPoolGrad');
  });

  test('split over 2 threads gives the same bits as one thread and the reference', () => {
    const prev = getNumThreads();
    // 9 planes of 63 x 61: large enough to split, odd sizes, ow = 30
    const d = pool2x2(3, 3, 63, 61);
    const x = poolInput(d.n * d.c * d.h * d.w, 5, 'ties');
    const g = randArray(d.n * d.c * d.oh * d.ow, 6);
    const run = (): Float32Array[] => {
      const outs = [new Float32Array(g.length), new Float32Array(x.length)];
      wasmBackend.maxPool(x, d, outs[0]!);
      wasmBackend.maxPoolGrad(g, x, d, outs[1]!);
      return outs;
    };
    try {
      setNumThreads(1);
      const one = run();
      setNumThreads(2);
      assert.equal(waitForThreads(), 1, 'one helper thread');
      const two = run();
      const want = [new Float32Array(g.length), new Float32Array(x.length)];
      referenceBackend.maxPool(x, d, want[0]!);
      referenceBackend.maxPoolGrad(g, x, d, want[1]!);
      two.forEach((o, i) => {
        assertSameBits(o, one[i]!, `output ${i}, 2 threads vs 1`);
        assertSameBits(o, want[i]!, `output ${i} vs reference`);
      });
    } finally {
      setNumThreads(prev);
    }
  });
});

describe('wasm maxPool, other geometries (four windows per f32x4)', () => {
  test('overlapping, strided, padded and dilated windows match the reference bit for bit', () => {
    const geos: [kh: number, kw: number, sh: number, sw: number, p: number, d: number][] = [
      [3, 3, 2, 2, 1, 1], [3, 3, 1, 1, 1, 1], [2, 3, 1, 3, 0, 2], [3, 3, 3, 3, 0, 2], [3, 2, 2, 1, 1, 1], [2, 2, 1, 1, 0, 1], [2, 2, 2, 2, 1, 1],
    ];
    let seed = 200;
    for (const [kh, kw, sh, sw, p, dil] of geos) {
      for (const [h, w] of [[13, 17], [9, 30]] as const) {
        const oh = Math.floor((h + 2 * p - dil * (kh - 1) - 1) / sh) + 1;
        const ow = Math.floor((w + 2 * p - dil * (kw - 1) - 1) / sw) + 1;
        const d: UnfoldDims = { n: 2, c: 2, h, w, kh, kw, sh, sw, ph: p, pw: p, dh: dil, dw: dil, oh, ow, batchInner: false };
        for (const kind of ['random', 'ties', 'specials'] as const) checkPool(d, seed++, kind);
      }
    }
  });
});

describe('wasm unfold/fold stride 1 (row moves)', () => {
  const conv = (n: number, c: number, h: number, w: number, k: number, p: number, batchInner: boolean): UnfoldDims => ({
    n, c, h, w, kh: k, kw: k, sh: 1, sw: 1, ph: p, pw: p, dh: 1, dw: 1, oh: h + 2 * p - k + 1, ow: w + 2 * p - k + 1, batchInner,
  });
  const cases: UnfoldDims[] = [
    conv(4, 1, 28, 28, 5, 0, true), // the benchmark CNN's conv1 (ow 24)
    conv(4, 6, 12, 12, 5, 0, true), // its conv2 (ow 8)
    conv(2, 3, 12, 12, 5, 2, false), // same padding
  ];
  // every row width mod 4 (1..9), with and without padding, both layouts
  for (let w = 3; w <= 11; w++) for (const p of [0, 1]) for (const bi of [false, true]) cases.push(conv(2, 2, 6, w, 3, p, bi));

  test(`unfold and fold match the reference bit for bit over ${cases.length} geometries`, () => {
    cases.forEach((d, i) => {
      const x = randArray(d.n * d.c * d.h * d.w, 40 + i, true);
      const size = d.n * d.c * d.kh * d.kw * d.oh * d.ow;
      for (const value of [0, -Infinity]) {
        const got = new Float32Array(size).fill(NaN);
        const want = new Float32Array(size);
        wasmBackend.unfold(x, d, value, got);
        referenceBackend.unfold(x, d, value, want);
        assertSameBits(got, want, `unfold ${JSON.stringify(d)} value ${value}`);
      }
      const cols = randArray(size, 500 + i, true);
      const got = new Float32Array(x.length).fill(NaN);
      const want = new Float32Array(x.length);
      wasmBackend.fold(cols, d, got);
      referenceBackend.fold(cols, d, want);
      assertSameBits(got, want, `fold ${JSON.stringify(d)}`);
    });
  });
});
