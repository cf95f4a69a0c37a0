// The backend conformance suite: every op-db case, forward and backward, on a given backend against
// the reference backend. Any new backend must pass `runConformance` before it can be the default.

import {
  Generator, grad, randn, referenceBackend, withBackend, type Backend, type DType, type Tensor,
} from '../../src/index.js';
import { isFloat } from '../../src/tensor/dtype.js';
import { OP_DB, forwardTol, isDifferentiable } from '../core/op-db.js';
import { makeInputs } from '../core/op-db-types.js';

/** Outcome of a conformance run. */
export interface ConformanceReport {
  backend: string;
  /** Number of (op, sample, dtype) cases run. */
  cases: number;
  /** One line per mismatch: op, sample, dtype, which tensor, first differing element. */
  failures: string[];
}

interface Outcome {
  out: Tensor;
  grads: Tensor[];
}

/** Forward and, for differentiable samples, the vector-Jacobian product with a seeded cotangent. */
function evaluate(call: (...xs: Tensor[]) => Tensor, xs: Tensor[], withGrad: boolean, seed: number): Outcome {
  const out = call(...xs);
  if (!withGrad) return { out, grads: [] };
  const diff = xs.flatMap((t, i) => (isFloat(t.dtype) ? [i] : []));
  const v = randn(out.shape, { dtype: out.dtype, generator: new Generator(seed) });
  const grads = grad(
    (...ds: Tensor[]) => call(...xs.map((t, i) => (diff.includes(i) ? ds[diff.indexOf(i)]! : t))),
    diff.map((i) => xs[i]!),
    { gradOutput: v },
  );
  return { out, grads };
}

/** First mismatch between two tensors as a message, or null when they agree. */
function compare(got: Tensor, want: Tensor, rtol: number, atol: number): string | null {
  if (got.dtype !== want.dtype) return `dtype ${got.dtype}, reference ${want.dtype}`;
  if (got.shape.join() !== want.shape.join()) return `shape [${got.shape.join(',')}], reference [${want.shape.join(',')}]`;
  const exact = !isFloat(want.dtype);
  for (let i = 0; i < want.size; i++) {
    const g = got.data[i]!;
    const w = want.data[i]!;
    if (Number.isNaN(w) || Number.isNaN(g)) {
      if (Number.isNaN(w) !== Number.isNaN(g)) return `element ${i} is ${g}, reference ${w}`;
      continue;
    }
    const ok = g === w || (!exact && Math.abs(g - w) <= atol + rtol * Math.abs(w));
    if (!ok) return `element ${i} is ${g}, reference ${w} (rtol ${rtol}, atol ${atol})`;
  }
  return null;
}

/**
 * Runs every op-db case (float32 and float64 inputs) forward and backward on `backend` and on the
 * reference backend, and reports every disagreement. float32 uses relative 1e-5 (or the entry's
 * looser tolerance); float64 uses relative 1e-10; int and bool outputs must match exactly.
 */
export function runConformance(backend: Backend): ConformanceReport {
  const report: ConformanceReport = { backend: backend.name, cases: 0, failures: [] };
  for (const dtype of ['float32', 'float64'] as DType[]) {
    for (const e of OP_DB) {
      e.samples.forEach((s, i) => {
        const withGrad = isDifferentiable(e, s);
        const where = `${e.name} ${s.label} (${dtype})`;
        report.cases++;
        const run = (b: Backend): Outcome | string => {
          try {
            return withBackend(b, () => evaluate(s.call, makeInputs(s, dtype, i + 1), withGrad, 1000 + i));
          } catch (err) {
            return `threw ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`;
          }
        };
        const want = run(referenceBackend);
        const got = run(backend);
        if (typeof want === 'string') {
          report.failures.push(`${where}: the reference backend ${want}`);
          return;
        }
        if (typeof got === 'string') {
          report.failures.push(`${where}: ${got}`);
          return;
        }
        const tol = dtype === 'float64' ? { rtol: 1e-10, atol: 1e-12 } : forwardTol(e, s);
        const fwd = compare(got.out, want.out, tol.rtol, tol.atol);
        if (fwd) report.failures.push(`${where}: forward ${fwd}`);
        got.grads.forEach((g, k) => {
          const m = compare(g, want.grads[k]!, tol.rtol, Math.max(tol.atol, dtype === 'float64' ? 1e-12 : 1e-6));
          if (m) report.failures.push(`${where}: gradient of input ${k} ${m}`);
        });
      });
    }
  }
  return report;
}
