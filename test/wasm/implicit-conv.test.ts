// The wasm conv2d and conv2dWeightGrad gather their columns while packing the product (implicit im2col,
// kernels/wasm/matmul-implicit.ts). The panels must hold exactly what unfold + pack would, so both ops
// must give the same bits as the explicit route (the backend's own unfold, then its matmul) over
// padding, strides, dilations, groups, rows that do not split into whole panels, and on 1 and 2 threads.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { wasmBackend as wb } from '../../src/backend/wasm/wasm-backend.js';
import { swap01 } from '../../src/backend/reference/conv2d.js';
import type { ConvDims } from '../../src/backend/backend.js';
import { getNumThreads, setNumThreads, waitForThreads } from '../../src/backend/wasm/threads.js';
import { randArray } from './helpers.js';

type Case = [n: number, c: number, o: number, groups: number, h: number, w: number, kh: number, kw: number, stride: number, pad: number, dil: number];

function dims([n, c, o, groups, h, w, kh, kw, s, p, dl]: Case): ConvDims {
  const oh = Math.floor((h + 2 * p - dl * (kh - 1) - 1) / s) + 1;
  const ow = Math.floor((w + 2 * p - dl * (kw - 1) - 1) / s) + 1;
  return { n, c, h, w, kh, kw, sh: s, sw: s, ph: p, pw: p, dh: dl, dw: dl, oh, ow, o, groups, batchInner: false };
}

/** conv2d and its weight gradient through unfold + matmul, the route the implicit product replaces. */
function explicit(x: Float32Array, w: Float32Array, g: Float32Array, d: ConvDims): [Float32Array, Float32Array] {
  const k = d.c * d.kh * d.kw;
  const l = d.oh * d.ow;
  const cols = new Float32Array(k * d.n * l);
  wb.unfold(x, { ...d, batchInner: true }, 0, cols);
  const mm = { batch: d.groups, m: d.o / d.groups, k: k / d.groups, n: d.n * l, transA: false, transB: false };
  const prod = new Float32Array(d.o * d.n * l);
  wb.matmul(w, cols, prod, mm);
  const out = new Float32Array(g.length);
  swap01(prod, d.o, d.n, l, out);
  const gs = new Float32Array(g.length);
  swap01(g, d.n, d.o, l, gs);
  const dw = new Float32Array(w.length);
  wb.matmul(gs, cols, dw, { batch: d.groups, m: d.o / d.groups, k: d.n * l, n: k / d.groups, transA: false, transB: true });
  return [out, dw];
}

function implicit(x: Float32Array, w: Float32Array, g: Float32Array, d: ConvDims): [Float32Array, Float32Array] {
  const out = new Float32Array(g.length);
  wb.conv2d(x, w, d, out);
  const dw = new Float32Array(w.length);
  wb.conv2dWeightGrad(g, x, d, dw);
  return [out, dw];
}

function check(cases: Case[], seed: number): void {
  cases.forEach((cs, i) => {
    const d = dims(cs);
    const x = randArray(d.n * d.c * d.h * d.w, seed + 3 * i, i % 4 === 0);
    const w = randArray((d.o * d.c * d.kh * d.kw) / d.groups, seed + 3 * i + 1);
    const g = randArray(d.n * d.o * d.oh * d.ow, seed + 3 * i + 2);
    const [out, dw] = implicit(x, w, g, d);
    const [wantOut, wantDw] = explicit(x, w, g, d);
    assert.deepEqual(out, wantOut, `conv2d ${JSON.stringify(cs)}`);
    assert.deepEqual(dw, wantDw, `conv2dWeightGrad ${JSON.stringify(cs)}`);
  });
}

// [n, c, o, groups, h, w, kh, kw, stride, pad, dilation]
const SMALL: Case[] = [
  [2, 3, 4, 1, 5, 7, 3, 3, 1, 1, 1], // padding on every side, rows of 7 (panels cross rows)
  [2, 4, 8, 2, 8, 8, 3, 2, 2, 2, 2], // groups, stride 2, dilation 2, padding wider than the reach
  [3, 1, 32, 1, 28, 28, 5, 5, 1, 0, 1], // the benchmark's conv1 on 3 images
  [1, 6, 6, 3, 9, 11, 1, 1, 1, 0, 1], // 1x1, 2 output channels per group (unfold route)
  [2, 2, 5, 1, 13, 17, 3, 3, 3, 1, 1], // stride 3 (the forward pass unfolds)
  [2, 3, 8, 1, 20, 20, 3, 3, 1, 1, 1], // padded 3x3 with whole-panel rows
  [5, 3, 9, 1, 10, 19, 2, 4, 2, 3, 2], // uneven everything
  [2, 4, 4, 4, 9, 9, 3, 3, 1, 1, 1], // depthwise (unfold route)
  [2, 8, 16, 2, 6, 30, 1, 3, 1, 0, 3], // wide rows, dilated along them only
  [1, 2, 4, 1, 4, 4, 4, 4, 1, 0, 1], // a single output position
];

// Large enough for the products to split over 2 threads (at least 2^18 multiply-adds).
const LARGE: Case[] = [
  [16, 1, 32, 1, 28, 28, 5, 5, 1, 0, 1],
  [16, 32, 64, 1, 12, 12, 5, 5, 1, 0, 1], // the benchmark's conv2 on 16 images
  [8, 16, 32, 1, 14, 14, 3, 3, 1, 1, 1],
  [8, 16, 32, 2, 15, 15, 3, 3, 2, 1, 1],
];

describe('wasm implicit im2col (conv2d, conv2dWeightGrad)', () => {
  test(`the same bits as unfold + matmul over ${SMALL.length} geometries`, () => {
    check(SMALL, 100);
  });

  test('the same bits on 1 and 2 threads, for products split between them', () => {
    const prev = getNumThreads();
    try {
      setNumThreads(1);
      check(LARGE, 200);
      setNumThreads(2);
      assert.equal(waitForThreads(), 1, 'one helper thread');
      check(LARGE, 200);
      check(SMALL, 300);
    } finally {
      setNumThreads(prev);
    }
  });
});
