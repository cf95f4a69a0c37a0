// Property-based tests (fast-check, fixed seed) for broadcasting and shape ops: algebraic identities
// that must hold for every shape, checked against plain-JS references.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  ShapeError, add, arange, broadcastShapes, concat, expand, grad, stack, tensor, type Tensor,
} from '../../src/index.js';
import { reduce, comb, sliceAxis, reshape as reshapeND } from './nd-ref.js';
import { toND } from './op-db-types.js';

const RUNS = { seed: 20240607, numRuns: 120 };
const dim = fc.integer({ min: 0, max: 4 });
const posDim = fc.integer({ min: 1, max: 4 });
const shapeArb = fc.array(dim, { minLength: 0, maxLength: 4 });
const posShapeArb = fc.array(posDim, { minLength: 1, maxLength: 4 });

/** Distinct float64 values 1, 2, 3, ... (offset) reshaped to `shape`. */
function seq(shape: number[], offset = 0): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return arange(offset + 1, offset + n + 1, { dtype: 'float64' }).reshape(shape);
}
const vals = (t: Tensor): number[] => Array.from(t.data);

/** Two shapes that broadcast to `out`: each drops some leading axes and sets some axes to 1. */
const compatiblePair = shapeArb.chain((out) => {
  const derive = fc.tuple(fc.integer({ min: 0, max: out.length }), fc.array(fc.boolean(), { minLength: out.length, maxLength: out.length }))
    .map(([drop, ones]) => out.slice(drop).map((d, i) => (ones[i + drop] ? 1 : d)));
  return fc.tuple(fc.constant(out), derive, derive);
});

/** A permutation of 0..n-1 for a shape of rank n. */
const shapeWithPerm = posShapeArb.chain((s) =>
  fc.tuple(fc.constant(s), fc.shuffledSubarray(s.map((_, i) => i), { minLength: s.length, maxLength: s.length })));

describe('broadcasting', () => {
  test('broadcastShapes is symmetric and gives the broadcast shape', () => {
    fc.assert(fc.property(compatiblePair, ([out, a, b]) => {
      const ab = broadcastShapes('p', a, b);
      assert.deepEqual(ab, broadcastShapes('p', b, a));
      // Every axis of the result is the max of the (right-aligned) inputs unless one of them is 0.
      assert.equal(ab.length, Math.max(a.length, b.length));
      ab.forEach((d, i) => assert.ok(out.slice(out.length - ab.length)[i] === d || d === 1));
    }), RUNS);
  });

  test('incompatible shapes throw a ShapeError both ways', () => {
    fc.assert(fc.property(posShapeArb, fc.integer({ min: 0, max: 3 }), (s, axisFromEnd) => {
      const i = Math.max(0, s.length - 1 - axisFromEnd);
      const a = [...s];
      a[i] = Math.max(2, s[i]!);
      const b = [...s];
      b[i] = a[i]! + 1;
      assert.throws(() => broadcastShapes('p', a, b), ShapeError);
      assert.throws(() => broadcastShapes('p', b.slice(i), a), ShapeError);
    }), RUNS);
  });

  test('add with broadcasting equals add of explicitly expanded operands', () => {
    fc.assert(fc.property(compatiblePair, ([, a, b]) => {
      const out = broadcastShapes('add', a, b);
      const x = seq(a);
      const y = seq(b, 100);
      const direct = add(x, y);
      const expanded = add(expand(x, out), expand(y, out));
      assert.deepEqual([...direct.shape], out);
      assert.deepEqual(vals(direct), vals(expanded));
    }), RUNS);
  });

  test('the gradient of a broadcast add sums back to each input shape', () => {
    fc.assert(fc.property(compatiblePair, ([, a, b]) => {
      const out = broadcastShapes('add', a, b);
      const v = seq(out, 0.5);
      const [ga, gb] = grad((x, y) => x.add(y).mul(v).sum(), [seq(a), seq(b)]);
      for (const [g, s] of [[ga!, a], [gb!, b]] as const) {
        assert.deepEqual([...g.shape], s);
        // Expected: v summed over the leading axes s lacks and the axes where s is 1.
        const lead = out.length - s.length;
        const axes = out.map((_, i) => i).filter((i) => i < lead || (s[i - lead] === 1 && out[i] !== 1));
        const want = reshapeND(reduce(toND(v), axes, false, comb.sum), s);
        assert.deepEqual(vals(g), want.data);
      }
    }), RUNS);
  });
});

describe('shape ops', () => {
  test('reshape round trip (and through a flat vector)', () => {
    fc.assert(fc.property(shapeArb, (s) => {
      const x = seq(s);
      const back = x.reshape([...s].reverse()).reshape(s);
      assert.deepEqual([...back.shape], s);
      assert.deepEqual(vals(back), vals(x));
      assert.deepEqual(vals(x.flatten().reshape(s)), vals(x));
    }), RUNS);
  });

  test('permute then the inverse permutation is the identity', () => {
    fc.assert(fc.property(shapeWithPerm, ([s, perm]) => {
      const x = seq(s);
      const inv = new Array<number>(perm.length);
      perm.forEach((p, i) => (inv[p] = i));
      const y = x.permute(perm);
      assert.deepEqual([...y.shape], perm.map((p) => s[p]));
      const z = y.permute(inv);
      assert.deepEqual([...z.shape], s);
      assert.deepEqual(vals(z), vals(x));
    }), RUNS);
  });

  test('transpose twice is the identity', () => {
    fc.assert(fc.property(posShapeArb.filter((s) => s.length >= 2), fc.nat(), fc.nat(), (s, i, j) => {
      const a = i % s.length;
      const b = -1 - (j % s.length);
      const x = seq(s);
      assert.deepEqual(vals(x.transpose(a, b).transpose(a, b)), vals(x));
    }), RUNS);
  });

  test('concat then slice gives back the parts', () => {
    const arb = posShapeArb.chain((s) => fc.tuple(fc.constant(s), fc.nat({ max: s.length - 1 }), fc.array(dim, { minLength: 1, maxLength: 3 })));
    fc.assert(fc.property(arb, ([s, axis, sizes]) => {
      const parts = sizes.map((n, k) => seq(s.map((d, i) => (i === axis ? n : d)), 100 * k));
      const c = concat(parts, axis);
      let at = 0;
      for (const p of parts) {
        const back = c.slice(axis, { start: at, end: at + p.shape[axis]! });
        assert.deepEqual([...back.shape], [...p.shape]);
        assert.deepEqual(vals(back), vals(p));
        at += p.shape[axis]!;
      }
    }), RUNS);
  });

  test('pad then slice gives back the input, and the border holds the value', () => {
    const arb = posShapeArb.chain((s) => fc.tuple(fc.constant(s), fc.array(fc.tuple(fc.nat({ max: 2 }), fc.nat({ max: 2 })), { minLength: s.length, maxLength: s.length })));
    fc.assert(fc.property(arb, ([s, widths]) => {
      const x = seq(s);
      const p = x.pad(widths, { value: -7 });
      let y = p;
      widths.forEach(([lo], axis) => (y = y.slice(axis, { start: lo, end: lo + s[axis]! })));
      assert.deepEqual(vals(y), vals(x));
      const total = p.size - x.size;
      assert.equal(vals(p).filter((v) => v === -7).length, total);
    }), RUNS);
  });

  test('squeeze undoes unsqueeze at any (negative) axis', () => {
    fc.assert(fc.property(shapeArb, fc.integer({ min: -5, max: 4 }), (s, a0) => {
      const axis = ((a0 % (s.length + 1)) + s.length + 1) % (s.length + 1) - (a0 < 0 ? s.length + 1 : 0);
      const x = seq(s);
      const u = x.unsqueeze(axis);
      assert.equal(u.shape[axis < 0 ? axis + s.length + 1 : axis], 1);
      const back = u.squeeze(axis);
      assert.deepEqual([...back.shape], s);
      assert.deepEqual(vals(back), vals(x));
    }), RUNS);
  });

  test('stack equals concat of unsqueezed tensors', () => {
    fc.assert(fc.property(shapeArb, fc.integer({ min: 1, max: 3 }), fc.nat(), (s, n, a0) => {
      const axis = a0 % (s.length + 1);
      const xs = Array.from({ length: n }, (_, k) => seq(s, 50 * k));
      const st = stack(xs, axis);
      const cc = concat(xs.map((t) => t.unsqueeze(axis)), axis);
      assert.deepEqual([...st.shape], [...cc.shape]);
      assert.deepEqual(vals(st), vals(cc));
    }), RUNS);
  });

  test('index with numbers and slices equals manual slicing', () => {
    const spec = (d: number) => fc.oneof(
      fc.integer({ min: -d, max: d - 1 }),
      fc.tuple(fc.option(fc.integer({ min: -d - 1, max: d + 1 }), { nil: undefined }), fc.option(fc.integer({ min: -d - 1, max: d + 1 }), { nil: undefined }), fc.integer({ min: 1, max: 3 })),
    );
    const arb = posShapeArb.chain((s) => fc.tuple(fc.constant(s), fc.tuple(...s.map(spec))));
    fc.assert(fc.property(arb, ([s, specs]) => {
      const x = seq(s);
      const got = x.index(...specs);
      let want = toND(x);
      specs.forEach((sp, axis) => {
        want = typeof sp === 'number' ? sliceAxis(want, axis, sp < 0 ? sp + s[axis]! : sp, (sp < 0 ? sp + s[axis]! : sp) + 1) : sliceAxis(want, axis, sp[0], sp[1], sp[2]);
      });
      const shape = want.shape.filter((_, i) => typeof specs[i] !== 'number');
      assert.deepEqual([...got.shape], shape);
      assert.deepEqual(vals(got), want.data);
      // The string form is the same selection.
      const str = specs.map((sp) => (typeof sp === 'number' ? sp : `${sp[0] ?? ''}:${sp[1] ?? ''}:${sp[2]}`));
      assert.deepEqual(vals(x.index(...str)), want.data);
    }), RUNS);
  });

  test('a tensor built from nested arrays round-trips through toArray', () => {
    fc.assert(fc.property(shapeArb, (s) => {
      const x = seq(s);
      const y = tensor(x.toArray() as number[], { dtype: 'float64' });
      assert.deepEqual([...y.shape], s.includes(0) ? y.shape : s);
      if (!s.includes(0)) assert.deepEqual(vals(y), vals(x));
    }), RUNS);
  });
});
