// Fixed test problems (a quadratic and Rosenbrock), a runner that drives an optimizer class for N
// steps with hand-set gradients, and trajectory comparison for the optimizer trajectory tests.

import assert from 'node:assert/strict';
import { Parameter } from '../../src/nn/parameter.js';
import { tensor } from '../../src/tensor/creation.js';
import type { Tensor } from '../../src/tensor/tensor.js';

/** A differentiable test function of a parameter vector. */
export interface Problem {
  name: string;
  theta0: number[];
  grad(theta: ArrayLike<number>): number[];
}

const A = [
  [3, 0.5, 0],
  [0.5, 2, 0.3],
  [0, 0.3, 1],
];
const B = [1, -2, 0.5];

/** f(theta) = 0.5 theta^T A theta - b^T theta with a fixed symmetric positive definite A; grad = A theta - b. */
export const quadratic: Problem = {
  name: 'quadratic',
  theta0: [1.5, -0.5, 2],
  grad: (t) => A.map((row, i) => row.reduce((s, a, j) => s + a * t[j]!, 0) - B[i]!),
};

/** Rosenbrock f(x, y) = (1 - x)^2 + 100 (y - x^2)^2 from the classic start (-1.2, 1). */
export const rosenbrock: Problem = {
  name: 'rosenbrock',
  theta0: [-1.2, 1],
  grad: (t: ArrayLike<number>) => {
    const x = t[0]!;
    const y = t[1]!;
    return [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)];
  },
};

/**
 * A reference implementation of one update rule: given theta and the gradient function, returns
 * the next theta (keeping its own state in the closure). Written with plain numbers in float64.
 */
export type Reference = (theta: number[], gradFn: (t: number[]) => number[]) => number[];

/** Runs `steps` reference updates from `theta0`; returns theta after each step. */
export function referenceTrajectory(problem: Problem, steps: number, makeRef: () => Reference): number[][] {
  const ref = makeRef();
  let theta = [...problem.theta0];
  const out: number[][] = [];
  for (let s = 0; s < steps; s++) {
    theta = ref(theta, (t) => problem.grad(t));
    out.push(theta);
  }
  return out;
}

/** Something with `step()` that updates the given parameters (an optimizer class instance). */
export interface Steppable {
  step(): unknown;
}

/** Builds a parameter holding `values` in `dtype`. */
export function param(values: number[], dtype: 'float32' | 'float64' = 'float64'): Parameter {
  return new Parameter(tensor(values, { dtype }));
}

/** Sets `p.grad` to the problem's gradient at p. */
export function setGrad(p: Tensor, problem: Problem): void {
  p.grad = tensor(problem.grad(p.data), { dtype: p.dtype });
}

/** Runs an optimizer built by `make` for `steps` steps on `problem`; returns theta after each step. */
export function classTrajectory(problem: Problem, steps: number, make: (params: Tensor[]) => Steppable, dtype: 'float32' | 'float64' = 'float64'): number[][] {
  const p = param(problem.theta0, dtype);
  const opt = make([p]);
  const out: number[][] = [];
  for (let s = 0; s < steps; s++) {
    setGrad(p, problem);
    opt.step();
    out.push(Array.from(p.data));
  }
  return out;
}

/** Largest |a - b| / max(1, |b|) over two trajectories. */
export function maxRelDiff(a: number[][], b: number[][]): number {
  assert.equal(a.length, b.length);
  let m = 0;
  a.forEach((row, i) => row.forEach((v, j) => {
    const r = b[i]![j]!;
    m = Math.max(m, Math.abs(v - r) / Math.max(1, Math.abs(r)));
  }));
  return m;
}

/** Asserts the two trajectories agree to `tol` (relative, see maxRelDiff), and that they are finite and move. */
export function assertSameTrajectory(actual: number[][], expected: number[][], tol: number, label = ''): void {
  for (const row of expected) for (const v of row) assert.ok(Number.isFinite(v), `${label}: reference diverged`);
  const d = maxRelDiff(actual, expected);
  assert.ok(d <= tol, `${label}: trajectories differ by ${d} > ${tol}`);
}

/** Largest |a - b| between two trajectories (used to show two formulations really differ). */
export function maxAbsDiff(a: number[][], b: number[][]): number {
  let m = 0;
  a.forEach((row, i) => row.forEach((v, j) => (m = Math.max(m, Math.abs(v - b[i]![j]!)))));
  return m;
}
