// The wasm unary, binary and reduction kernels against the reference backend, with NaN, infinities
// and signed zeros, every broadcast fast path (same shape, scalar, row, column, both operand orders)
// and the explicit fallbacks (general broadcasting, comparisons, non-float32 dtypes).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { referenceBackend as ref } from '../../src/backend/reference/reference-backend.js';
import { fallbackReason, wasmBackend as wasm } from '../../src/backend/wasm/wasm-backend.js';
import type { BinaryOp, ReduceOp, UnaryOp } from '../../src/backend/backend.js';
import { sizeOf } from '../../src/tensor/shape.js';
import { assertClose, randArray } from './helpers.js';

const UNARY: UnaryOp[] = ['neg', 'exp', 'log', 'sqrt', 'abs', 'sin', 'cos', 'tanh', 'sigmoid', 'relu', 'sign'];
const ARITH: BinaryOp[] = ['add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum', 'reluGrad'];
const COMPARE: BinaryOp[] = ['eq', 'ne', 'lt', 'le', 'gt', 'ge'];

describe('wasm unary', () => {
  for (const op of UNARY) {
    test(`${op} matches reference (sizes 1..129, specials)`, () => {
      for (const n of [1, 3, 4, 17, 129]) {
        const x = randArray(n, n, true);
        const got = new Float32Array(n);
        const want = new Float32Array(n);
        wasm.unary(op, x, got);
        ref.unary(op, x, want);
        assertClose(got, want, `${op}(n=${n})`);
        for (let i = 0; i < n; i++) {
          if (want[i] === 0) assert.ok(Object.is(got[i], want[i]) || op === 'relu' || op === 'abs', `${op}: sign of zero at ${i}`);
        }
      }
    });
  }
  test('relu(NaN) is NaN and relu(-0) is +0', () => {
    const out = new Float32Array(2);
    wasm.unary('relu', Float32Array.of(NaN, -0), out);
    assert.ok(Number.isNaN(out[0]));
    assert.ok(Object.is(out[1], 0));
  });
  test('int32 input goes to the reference', () => {
    const x = Int32Array.of(-3, 0, 5);
    const out = new Int32Array(3);
    wasm.unary('abs', x, out);
    assert.deepEqual([...out], [3, 0, 5]);
  });
});

const CASES: [string, number[], number[], number[]][] = [
  ['same shape', [17, 9], [17, 9], [17, 9]],
  ['scalar right', [3, 17], [], [3, 17]],
  ['scalar left', [1], [5, 3], [5, 3]],
  ['row right (bias)', [129, 7], [7], [129, 7]],
  ['row left', [1, 9], [4, 9], [4, 9]],
  ['column right', [6, 13], [6, 1], [6, 13]],
  ['column left', [2, 3, 1], [2, 3, 5], [2, 3, 5]],
  ['general (fallback)', [3, 1], [1, 4], [3, 4]],
  ['size-one row', [5, 1], [1], [5, 1]],
];

describe('wasm binary', () => {
  for (const op of [...ARITH, ...COMPARE]) {
    test(`${op} matches reference on every broadcast path`, () => {
      let seed = 1;
      for (const [name, as, bs, os] of CASES) {
        const a = randArray(sizeOf(as), seed++, true);
        const b = randArray(sizeOf(bs), seed++, true);
        const compare = COMPARE.includes(op);
        const got = compare ? new Uint8Array(sizeOf(os)) : new Float32Array(sizeOf(os));
        const want = compare ? new Uint8Array(sizeOf(os)) : new Float32Array(sizeOf(os));
        wasm.binary(op, a, as, b, bs, got, os);
        ref.binary(op, a, as, b, bs, want, os);
        assertClose(got, want, `${op} ${name}`, 0, 0);
      }
    });
  }
  test('maximum and minimum propagate NaN from either side', () => {
    const out = new Float32Array(8);
    wasm.binary('maximum', Float32Array.of(NaN, 1, 2, 3, 4, 5, NaN, 7), [8], Float32Array.of(1, NaN, 0, 0, 0, 0, 0, 0), [8], out, [8]);
    assert.deepEqual([...out].map(Number.isNaN), [true, true, false, false, false, false, true, false]);
  });
  test('fallbackReason names why an op stays on the reference', () => {
    const f = new Float32Array(1);
    assert.equal(fallbackReason('binary', 'add', [f, f, f]), null);
    assert.equal(fallbackReason('binary', 'pow', [f, f, f]), 'no kernel for pow');
    assert.equal(fallbackReason('binary', 'gt', [f, f, new Uint8Array(1)]), null);
    assert.equal(fallbackReason('binary', 'gt', [f, new Float64Array(1), new Uint8Array(1)]), 'not float32');
    assert.equal(fallbackReason('binary', 'add', [f, new Float64Array(1), f]), 'not float32');
    assert.equal(fallbackReason('unary', 'exp', [f, f]), null);
    assert.equal(fallbackReason('reduce', 'argmax', [f, new Int32Array(1)]), 'not float32');
    assert.equal(fallbackReason('reduce', 'argmax', [f, f]), 'no kernel for argmax');
  });
});

describe('wasm cast', () => {
  test('into float arrays matches the reference exactly (rounding, NaN, bool and int sources)', () => {
    const sources = [randArray(33, 5, true), Float64Array.of(0.1, 1e40, -1e-50, NaN, -0), Int32Array.of(-7, 0, 2 ** 30 + 1), Uint8Array.of(0, 1, 1)];
    for (const x of sources) {
      for (const make of [(n: number) => new Float32Array(n), (n: number) => new Float64Array(n)]) {
        const got = make(x.length);
        const want = make(x.length);
        wasm.cast(x, got);
        ref.cast(x, want);
        assert.deepEqual([...got].map((v) => Object.is(v, -0) ? '-0' : v), [...want].map((v) => Object.is(v, -0) ? '-0' : v));
      }
    }
  });
  test('into int32 and bool arrays goes to the reference (truncation, x != 0)', () => {
    const x = Float32Array.of(-2.7, 0, NaN, 3.9);
    const i = new Int32Array(4);
    const b = new Uint8Array(4);
    wasm.cast(x, i);
    wasm.cast(x, b);
    assert.deepEqual([...i], [-2, 0, 0, 3]);
    assert.deepEqual([...b], [1, 0, 1, 1]);
  });
});

describe('wasm reduce', () => {
  const ops: ReduceOp[] = ['sum', 'max', 'min', 'argmax', 'argmin'];
  for (const op of ops) {
    test(`${op} over every axis of odd shapes`, () => {
      for (const shape of [[1], [3, 17, 5], [129], [2, 9], [7, 1, 4]]) {
        const x = randArray(sizeOf(shape), shape.length * 31 + shape[0]!);
        for (let axis = 0; axis < shape.length; axis++) {
          const outShape = shape.filter((_, i) => i !== axis);
          const arg = op.startsWith('arg');
          const got = arg ? new Int32Array(sizeOf(outShape)) : new Float32Array(sizeOf(outShape));
          const want = arg ? new Int32Array(sizeOf(outShape)) : new Float32Array(sizeOf(outShape));
          wasm.reduce(op, x, shape, axis, got);
          ref.reduce(op, x, shape, axis, want);
          assertClose(got, want, `${op} axis ${axis} of [${shape.join(',')}]`, 1e-6, 1e-6);
        }
      }
    });
  }
  test('max/min/sum propagate NaN', () => {
    const x = randArray(3 * 10, 4);
    x[13] = NaN; // row 1, column 3
    for (const op of ['sum', 'max', 'min'] as const) {
      const rows = new Float32Array(3);
      wasm.reduce(op, x, [3, 10], 1, rows);
      assert.deepEqual([...rows].map(Number.isNaN), [false, true, false], `${op} over rows`);
      const cols = new Float32Array(10);
      wasm.reduce(op, x, [3, 10], 0, cols);
      assert.deepEqual([...cols].map(Number.isNaN), cols.map((_, i) => (i === 3 ? 1 : 0)).reduce<boolean[]>((l, v) => [...l, v === 1], []), `${op} over columns`);
    }
  });
  test('float32 sums accumulate in float64 like the reference', () => {
    const x = new Float32Array(4097).fill(1e-4);
    x[0] = 1e4;
    const got = new Float32Array(1);
    const want = new Float32Array(1);
    wasm.reduce('sum', x, [4097], 0, got);
    ref.reduce('sum', x, [4097], 0, want);
    assert.equal(got[0], want[0]);
  });
});

describe('wasm adamUpdate', () => {
  test('matches the Adam formula in float64 within float32 rounding', () => {
    const n = 37;
    const p = randArray(n, 1);
    const g = randArray(n, 2);
    const m = randArray(n, 3).map(Math.abs);
    const v = randArray(n, 4).map(Math.abs);
    const o = { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, step: 3, weightDecay: 0.01 };
    const [p0, m0, v0] = [p.slice(), m.slice(), v.slice()];
    wasm.adamUpdate!(p, g, m, v, o);
    for (let i = 0; i < n; i++) {
      const mi = o.beta1 * m0[i]! + (1 - o.beta1) * g[i]!;
      const vi = o.beta2 * v0[i]! + (1 - o.beta2) * g[i]! * g[i]!;
      const pi = (1 - o.lr * o.weightDecay) * p0[i]! -
        (o.lr * mi / (1 - o.beta1 ** 3)) / (Math.sqrt(vi / (1 - o.beta2 ** 3)) + o.eps);
      assertClose([m[i]!, v[i]!, p[i]!], [mi, vi, pi], `element ${i}`, 1e-5, 1e-7);
    }
  });
});
