// 50-step trajectories of every optimizer configuration against independent float64 references
// of the published formulas (PyTorch's and, where they differ, the lecture's), in float64 and float32.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SGD, RMSprop, Adagrad, Adam, AdamW, NAdam, sgdUpdate, rmspropUpdate, adagradUpdate, adamUpdate, nadamUpdate } from '../../src/optim/index.js';
import type { FloatArray } from '../../src/optim/index.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import type { Problem, Reference, Steppable } from './helpers.js';
import { assertSameTrajectory, classTrajectory, maxAbsDiff, quadratic, referenceTrajectory, rosenbrock } from './helpers.js';
import { adagradRef, adamRef, lectureMomentumRef, lectureNesterovRef, nadamRef, rmspropRef, sgdRef } from './references.js';

const STEPS = 50;

type Pure = (args: { param: FloatArray; grad: number[]; state: unknown }) => { param: FloatArray; state: unknown };

interface Case {
  name: string;
  /** Options for each problem (the learning rate a problem tolerates differs). */
  opts: (p: Problem) => Record<string, unknown>;
  make: (params: Tensor[], o: Record<string, unknown>) => Steppable;
  refs: { label: string; ref: (o: Record<string, unknown>) => () => Reference }[];
  pure?: (o: Record<string, unknown>) => Pure;
}

const sgdLr = (p: Problem): number => (p === rosenbrock ? 2e-4 : 0.05);
const adaptiveLr = (p: Problem): number => (p === rosenbrock ? 1e-2 : 5e-2);
/* eslint-disable @typescript-eslint/no-explicit-any -- option records are passed through to typed constructors */
const asAny = (o: Record<string, unknown>): any => o;

const pureOf = (fn: (a: any) => { param: FloatArray; state: unknown }) => (o: Record<string, unknown>): Pure => (a) => fn({ ...o, ...a, state: a.state ?? undefined });

const cases: Case[] = [
  { name: 'SGD plain (the lecture GD step)', opts: (p) => ({ lr: sgdLr(p) }), make: (ps, o) => new SGD(ps, asAny(o)),
    refs: [{ label: 'pytorch', ref: (o) => sgdRef(asAny(o)) }], pure: pureOf(sgdUpdate) },
  { name: 'SGD momentum', opts: (p) => ({ lr: sgdLr(p), momentum: 0.9 }), make: (ps, o) => new SGD(ps, asAny(o)),
    refs: [
      { label: 'pytorch', ref: (o) => sgdRef(asAny(o)) },
      { label: 'lecture', ref: (o) => lectureMomentumRef({ eta: o.lr as number, alpha: o.momentum as number }) },
    ], pure: pureOf(sgdUpdate) },
  { name: 'SGD momentum + dampening', opts: (p) => ({ lr: sgdLr(p), momentum: 0.8, dampening: 0.3 }), make: (ps, o) => new SGD(ps, asAny(o)),
    refs: [{ label: 'pytorch', ref: (o) => sgdRef(asAny(o)) }], pure: pureOf(sgdUpdate) },
  { name: 'SGD nesterov', opts: (p) => ({ lr: sgdLr(p), momentum: 0.9, nesterov: true }), make: (ps, o) => new SGD(ps, asAny(o)),
    refs: [
      { label: 'pytorch', ref: (o) => sgdRef(asAny(o)) },
      { label: 'lecture look-ahead point', ref: (o) => lectureNesterovRef({ eta: o.lr as number, alpha: o.momentum as number, lookAhead: true }) },
    ], pure: pureOf(sgdUpdate) },
  { name: 'SGD weightDecay + momentum', opts: (p) => ({ lr: sgdLr(p), momentum: 0.5, weightDecay: 0.1 }), make: (ps, o) => new SGD(ps, asAny(o)),
    refs: [{ label: 'pytorch', ref: (o) => sgdRef(asAny(o)) }], pure: pureOf(sgdUpdate) },
  { name: 'SGD maximize + weightDecay', opts: (p) => ({ lr: sgdLr(p) / 10, maximize: true, weightDecay: 0.1 }), make: (ps, o) => new SGD(ps, asAny(o)),
    refs: [{ label: 'pytorch', ref: (o) => sgdRef(asAny(o)) }], pure: pureOf(sgdUpdate) },
  { name: 'RMSprop plain', opts: (p) => ({ lr: adaptiveLr(p) }), make: (ps, o) => new RMSprop(ps, asAny(o)),
    refs: [{ label: 'pytorch', ref: (o) => rmspropRef(asAny(o)) }], pure: pureOf(rmspropUpdate) },
  { name: 'RMSprop centered', opts: (p) => ({ lr: adaptiveLr(p) / 5, centered: true, alpha: 0.9 }), make: (ps, o) => new RMSprop(ps, asAny(o)),
    refs: [{ label: 'pytorch', ref: (o) => rmspropRef(asAny(o)) }], pure: pureOf(rmspropUpdate) },
  { name: 'RMSprop momentum + weightDecay', opts: (p) => ({ lr: adaptiveLr(p) / 5, momentum: 0.7, weightDecay: 0.01 }), make: (ps, o) => new RMSprop(ps, asAny(o)),
    refs: [{ label: 'pytorch', ref: (o) => rmspropRef(asAny(o)) }], pure: pureOf(rmspropUpdate) },
  { name: 'RMSprop lecture eps (inside the root)', opts: (p) => ({ lr: adaptiveLr(p), alpha: 0.9, eps: 1e-2, epsInsideSqrt: true }), make: (ps, o) => new RMSprop(ps, asAny(o)),
    refs: [{ label: 'lecture', ref: (o) => rmspropRef(asAny(o)) }], pure: pureOf(rmspropUpdate) },
  { name: 'Adagrad', opts: (p) => ({ lr: adaptiveLr(p) * 5, lrDecay: 0.01, initialAccumulatorValue: 0.1, weightDecay: 0.01 }), make: (ps, o) => new Adagrad(ps, asAny(o)),
    refs: [{ label: 'pytorch', ref: (o) => adagradRef(asAny(o)) }], pure: pureOf(adagradUpdate) },
  { name: 'Adam', opts: (p) => ({ lr: adaptiveLr(p) }), make: (ps, o) => new Adam(ps, asAny(o)),
    refs: [{ label: 'kingma-ba', ref: (o) => adamRef(asAny(o)) }], pure: pureOf(adamUpdate) },
  { name: 'Adam amsgrad + betas', opts: (p) => ({ lr: adaptiveLr(p), amsgrad: true, betas: [0.8, 0.9] }), make: (ps, o) => new Adam(ps, asAny(o)),
    refs: [{ label: 'pytorch', ref: (o) => adamRef(asAny(o)) }], pure: pureOf(adamUpdate) },
  { name: 'Adam weightDecay (coupled L2)', opts: (p) => ({ lr: adaptiveLr(p), weightDecay: 0.1 }), make: (ps, o) => new Adam(ps, asAny(o)),
    refs: [{ label: 'pytorch', ref: (o) => adamRef(asAny(o)) }], pure: pureOf(adamUpdate) },
  { name: 'AdamW (decoupled)', opts: (p) => ({ lr: adaptiveLr(p), weightDecay: 0.1 }), make: (ps, o) => new AdamW(ps, asAny(o)),
    refs: [{ label: 'loshchilov-hutter', ref: (o) => adamRef({ ...asAny(o), decoupled: true }) }],
    pure: (o) => pureOf(adamUpdate)({ ...o, decoupledWeightDecay: true }) },
  { name: 'NAdam', opts: (p) => ({ lr: adaptiveLr(p) }), make: (ps, o) => new NAdam(ps, asAny(o)),
    refs: [{ label: 'pytorch', ref: (o) => nadamRef(asAny(o)) }], pure: pureOf(nadamUpdate) },
  { name: 'NAdam weightDecay + momentumDecay', opts: (p) => ({ lr: adaptiveLr(p), weightDecay: 0.05, momentumDecay: 0.01, betas: [0.85, 0.99] }), make: (ps, o) => new NAdam(ps, asAny(o)),
    refs: [{ label: 'pytorch', ref: (o) => nadamRef(asAny(o)) }], pure: pureOf(nadamUpdate) },
  { name: 'NAdam decoupled weightDecay', opts: (p) => ({ lr: adaptiveLr(p), weightDecay: 0.05, decoupledWeightDecay: true }), make: (ps, o) => new NAdam(ps, asAny(o)),
    refs: [{ label: 'pytorch', ref: (o) => nadamRef({ ...asAny(o), decoupled: true }) }], pure: pureOf(nadamUpdate) },
];
/* eslint-enable @typescript-eslint/no-explicit-any */

for (const c of cases) {
  describe(c.name, () => {
    for (const problem of [quadratic, rosenbrock]) {
      const o = c.opts(problem);
      for (const { label, ref } of c.refs) {
        test(`${problem.name}: float64 matches the ${label} formula to 1e-10 over ${STEPS} steps`, () => {
          const expected = referenceTrajectory(problem, STEPS, ref(o));
          const actual = classTrajectory(problem, STEPS, (ps) => c.make(ps, o));
          assertSameTrajectory(actual, expected, 1e-10, c.name);
          // The trajectory must really move, or the comparison proves nothing.
          assert.ok(maxAbsDiff([expected[STEPS - 1]!], [problem.theta0]) > 1e-3, 'the parameters barely moved');
        });
      }
      test(`${problem.name}: float32 parameters follow the float64 reference to 1e-5`, () => {
        const expected = referenceTrajectory(problem, STEPS, c.refs[0]!.ref(o));
        const actual = classTrajectory(problem, STEPS, (ps) => c.make(ps, o), 'float32');
        assertSameTrajectory(actual, expected, 1e-5, c.name);
      });
      if (c.pure !== undefined) {
        const pure = c.pure(o);
        test(`${problem.name}: the pure update function gives the class's trajectory bit for bit and leaves its inputs alone`, () => {
          const expected = classTrajectory(problem, STEPS, (ps) => c.make(ps, o));
          let param: FloatArray = Float64Array.from(problem.theta0);
          let state: unknown = undefined;
          for (let s = 0; s < STEPS; s++) {
            const before: number[] = Array.from(param);
            const grad = problem.grad(param);
            const snapshot = JSON.stringify(state, (_k, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v));
            const r = pure({ param, grad, state });
            assert.deepEqual(Array.from(param), before, 'param was mutated');
            assert.equal(JSON.stringify(state, (_k, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v)), snapshot, 'state was mutated');
            assert.deepEqual(Array.from(r.param), expected[s]);
            param = r.param;
            state = r.state;
          }
        });
      }
    }
  });
}

describe('where the formulations differ', () => {
  test("RMSprop: the lecture's eps inside the root and PyTorch's eps outside give different trajectories", () => {
    const o = { lr: 0.05, alpha: 0.9, eps: 1e-2 };
    const inside = classTrajectory(quadratic, STEPS, (ps) => new RMSprop(ps, { ...o, epsInsideSqrt: true }));
    const outside = classTrajectory(quadratic, STEPS, (ps) => new RMSprop(ps, o));
    assert.ok(maxAbsDiff(inside, outside) > 1e-3);
    assertSameTrajectory(outside, referenceTrajectory(quadratic, STEPS, rmspropRef(o)), 1e-10, 'pytorch eps');
  });

  test("SGD nesterov: PyTorch's parameter is the lecture's look-ahead point theta_i - alpha dTheta_i, not theta_i", () => {
    const o = { lr: 0.05, momentum: 0.9, nesterov: true };
    const torch = classTrajectory(quadratic, STEPS, (ps) => new SGD(ps, o));
    const lectureTheta = referenceTrajectory(quadratic, STEPS, lectureNesterovRef({ eta: 0.05, alpha: 0.9, lookAhead: false }));
    assert.ok(maxAbsDiff(torch, lectureTheta) > 1e-3, 'the two sequences should differ by alpha dTheta');
    const look = referenceTrajectory(quadratic, STEPS, lectureNesterovRef({ eta: 0.05, alpha: 0.9, lookAhead: true }));
    assertSameTrajectory(torch, look, 1e-10, 'look-ahead');
  });

  test('maximize on -f follows the same trajectory as minimizing f (every optimizer)', () => {
    const neg: Problem = { ...quadratic, name: 'neg', grad: (t) => quadratic.grad(t).map((g) => -g) };
    const makers: ((ps: Tensor[], maximize: boolean) => Steppable)[] = [
      (ps, maximize) => new SGD(ps, { lr: 0.05, momentum: 0.9, maximize }),
      (ps, maximize) => new RMSprop(ps, { lr: 0.01, centered: true, momentum: 0.5, maximize }),
      (ps, maximize) => new Adagrad(ps, { lr: 0.1, maximize }),
      (ps, maximize) => new Adam(ps, { lr: 0.05, amsgrad: true, maximize }),
      (ps, maximize) => new AdamW(ps, { lr: 0.05, maximize }),
      (ps, maximize) => new NAdam(ps, { lr: 0.05, maximize }),
    ];
    for (const make of makers) {
      const min = classTrajectory(quadratic, 20, (ps) => make(ps, false));
      const max = classTrajectory(neg, 20, (ps) => make(ps, true));
      assert.deepEqual(max, min);
    }
  });
});
