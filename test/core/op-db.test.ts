// Runs the op database: completeness against the exports of src/ops and the primitive table,
// gradcheck of every differentiable sample, and forward values against closed forms.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as ops from '../../src/ops/index.js';
import { FORWARD } from '../../src/autograd/forward.js';
import { gradcheck, nn, type DType, type Tensor } from '../../src/index.js';
import { NN_ENTRIES, OP_DB, forwardTol, isDifferentiable, type OpEntry, type OpSample } from './op-db.js';
import { makeInputs, toND } from './op-db-types.js';

/**
 * Exports of src/ops/index.ts that are not ops and so need no entry. Empty on purpose: the internal
 * helpers (scalarLike, noGradAdd, padPrim, slicePrim, matmulPrim) have entries like every op.
 */
const EXEMPT: readonly string[] = [];

/** Asserts `got` (a tensor) equals the closed form `want` within tolerance, naming the case. */
function assertClose(what: string, got: Tensor, want: { shape: number[]; data: number[] }, rtol: number, atol: number): void {
  assert.deepEqual([...got.shape], want.shape, `${what}: shape`);
  const d = got.data;
  for (let i = 0; i < want.data.length; i++) {
    const g = d[i]!;
    const w = want.data[i]!;
    const ok = Number.isNaN(w) ? Number.isNaN(g) : g === w || Math.abs(g - w) <= atol + rtol * Math.abs(w);
    assert.ok(ok, `${what}: element ${i} is ${g}, expected ${w} (rtol ${rtol}, atol ${atol})`);
  }
}

const cases = (pred: (e: OpEntry, s: OpSample) => boolean): [OpEntry, OpSample, number][] =>
  OP_DB.flatMap((e) => e.samples.map((s, i): [OpEntry, OpSample, number] => [e, s, i])).filter(([e, s]) => pred(e, s));

describe('op database completeness', () => {
  test('every function exported from src/ops/index.ts has an entry', () => {
    const exported = Object.entries(ops).filter(([, v]) => typeof v === 'function').map(([k]) => k);
    assert.ok(exported.length > 40, `expected the ops module to export many functions, got ${exported.length}`);
    const names = new Set(OP_DB.map((e) => e.name));
    const missing = exported.filter((k) => !names.has(k) && !EXEMPT.includes(k));
    assert.deepEqual(missing, [], `ops without an op-db entry: ${missing.join(', ')}`);
    const unknown = [...names].filter((n) => !exported.includes(n) && !(NN_ENTRIES.includes(n) && typeof (nn as Record<string, unknown>)[n] === 'function'));
    assert.deepEqual(unknown, [], `op-db entries that are not exported ops: ${unknown.join(', ')}`);
  });

  test('entries are unique and every entry has samples', () => {
    const names = OP_DB.map((e) => e.name);
    assert.equal(new Set(names).size, names.length);
    for (const e of OP_DB) assert.ok(e.samples.length > 0, `${e.name} has no samples`);
  });

  test('every primitive runs in at least one op-db case (forward or backward)', () => {
    const table = FORWARD as unknown as Record<string, (...args: unknown[]) => unknown>;
    const originals = { ...table };
    const seen = new Set<string>();
    for (const p of Object.keys(originals)) {
      table[p] = (...args: unknown[]) => {
        seen.add(p);
        return originals[p]!(...args);
      };
    }
    try {
      for (const [e, s, i] of cases(() => true)) {
        const xs = makeInputs(s, 'float64', i + 1);
        if (isDifferentiable(e, s)) gradcheck(s.call, xs, { seed: i, raise: false });
        else s.call(...xs);
      }
    } finally {
      Object.assign(table, originals);
    }
    const missing = Object.keys(originals).filter((p) => !seen.has(p));
    assert.deepEqual(missing, [], `primitives no op-db case runs: ${missing.join(', ')}`);
  });
});

describe('gradcheck of every differentiable op-db sample (float64)', () => {
  for (const [e, s, i] of cases(isDifferentiable)) {
    test(`${e.name}: ${s.label}`, () => {
      const xs = makeInputs(s, 'float64', i + 1);
      const r = gradcheck(s.call, xs, { eps: 1e-6, rtol: 1e-4, atol: 1e-5, seed: 100 + i });
      assert.ok(r.ok);
    });
  }
});

describe('forward values against closed forms', () => {
  for (const dtype of ['float32', 'float64'] as DType[]) {
    for (const [e, s, i] of cases(() => true)) {
      test(`${e.name}: ${s.label} (${dtype})`, () => {
        const xs = makeInputs(s, dtype, i + 1);
        const out = s.call(...xs);
        const want = s.ref(...xs.map(toND));
        const tol = dtype === 'float64' ? { rtol: 1e-10, atol: 1e-12 } : forwardTol(e, s);
        assertClose(`${e.name} ${s.label}`, out, want, tol.rtol, tol.atol);
        const outDtype = s.outDtype ?? e.outDtype ?? dtype;
        assert.equal(out.dtype, outDtype, `${e.name} ${s.label}: dtype`);
      });
    }
  }
});
