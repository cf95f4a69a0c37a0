// Validation of a Markov chain's matrices (shape, finite non-negative entries, rows summing to 1), so
// MarkovChain's constructor and loadStateDict refuse bad input with the shapes in the message.

import { ShapeError, ValueError, fmtShape } from '../../errors.js';
import { Tensor } from '../../tensor/tensor.js';

/** How far from 1 a row of probabilities may sum (rounding of fitted or loaded values). */
const STATE_TOL = 1e-9;

/** A float64 tensor of `shape` filled with 1/n. */
export function uniform(shape: number[], n: number): Tensor {
  return new Tensor(new Float64Array(shape.reduce((a, b) => a * b, 1)).fill(1 / n), shape, 'float64');
}

/** Nested arrays or a tensor as a float64 tensor (a copy). */
export function toF64(x: readonly (readonly number[])[] | readonly number[] | Tensor, what: string): Tensor {
  if (x instanceof Tensor) return new Tensor(Float64Array.from(x.data as ArrayLike<number>), x.shape, 'float64');
  if (!Array.isArray(x)) throw new ValueError(`MarkovChain: ${what} must be an array or a Tensor, got ${typeof x}`);
  if (x.length > 0 && Array.isArray(x[0])) {
    const rows = x as readonly (readonly number[])[];
    const m = rows[0]!.length;
    if (rows.some((r) => !Array.isArray(r) || r.length !== m)) throw new ShapeError(`MarkovChain: ${what} rows have different lengths`);
    return new Tensor(Float64Array.from(rows.flat()), [rows.length, m], 'float64');
  }
  return new Tensor(Float64Array.from(x as readonly number[]), [x.length], 'float64');
}

/** Checks P: shape [n, n], entries finite and >= 0, rows summing to 1. */
export function checkTransition(op: string, t: Tensor, n: number): Tensor {
  if (t.shape.length !== 2 || t.shape[0] !== n || t.shape[1] !== n) throw new ShapeError(`${op}: transition must have shape ${fmtShape([n, n])}, got ${fmtShape(t.shape)}`);
  const d = t.data as Float64Array;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) {
      const v = d[i * n + j]!;
      if (!Number.isFinite(v) || v < 0) throw new ValueError(`${op}: transition[${i}][${j}] is ${v}; probabilities must be finite and >= 0`);
      s += v;
    }
    if (Math.abs(s - 1) > STATE_TOL) throw new ValueError(`${op}: transition row ${i} sums to ${s}, expected 1`);
  }
  return t;
}

/** Checks pi0: shape [n], entries finite and >= 0, summing to 1. */
export function checkDistribution(op: string, t: Tensor, n: number): Tensor {
  if (t.shape.length !== 1 || t.shape[0] !== n) throw new ShapeError(`${op}: initial must have shape ${fmtShape([n])}, got ${fmtShape(t.shape)}`);
  const d = t.data as Float64Array;
  let s = 0;
  for (let j = 0; j < n; j++) {
    if (!Number.isFinite(d[j]!) || d[j]! < 0) throw new ValueError(`${op}: initial[${j}] is ${d[j]}; probabilities must be finite and >= 0`);
    s += d[j]!;
  }
  if (Math.abs(s - 1) > STATE_TOL) throw new ValueError(`${op}: initial sums to ${s}, expected 1`);
  return t;
}
