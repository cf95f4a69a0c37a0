// Gradient checking: analytic vector-Jacobian products against central finite differences in
// float64, with a random cotangent so that every output element (not only a sum) is exercised.

import { NeuriteError } from '../errors.js';
import { isFloat } from '../tensor/dtype.js';
import { Generator } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';
import { randn } from '../tensor/creation.js';
import { noGrad } from './grad-mode.js';
import { grad } from './functional.js';

/** Options of `gradcheck`. */
export interface GradcheckOptions {
  /** Finite-difference step (default 1e-6). */
  eps?: number;
  /** Relative tolerance (default 1e-4). */
  rtol?: number;
  /** Absolute tolerance (default 1e-5). */
  atol?: number;
  /** Seed of the random cotangent (default 0). */
  seed?: number;
  /** Throw a `GradcheckError` on mismatch (default true); otherwise return the report. */
  raise?: boolean;
}

/** Outcome of a gradient check. */
export interface GradcheckReport {
  ok: boolean;
  /** Largest |analytic - numeric| over all checked elements. */
  maxAbsError: number;
  /** First mismatch, if any. */
  mismatch?: { input: number; index: number; analytic: number; numeric: number };
}

/** Raised by `gradcheck` when analytic and numeric gradients disagree. */
export class GradcheckError extends NeuriteError {}

/**
 * Checks the gradients of `fn` at `inputs` (converted to float64; non-float inputs are passed
 * through and not differentiated): for a random cotangent v, compares the analytic vector-Jacobian
 * product v^T J with central differences (f(x + eps e_i) - f(x - eps e_i)) . v / (2 eps).
 */
export function gradcheck(fn: (...xs: Tensor[]) => Tensor, inputs: readonly Tensor[], opts: GradcheckOptions = {}): GradcheckReport {
  const { eps = 1e-6, rtol = 1e-4, atol = 1e-5, seed = 0, raise = true } = opts;
  const xs = inputs.map((t) => (isFloat(t.dtype) ? noGrad(() => t.to('float64').clone()).detach() : t));
  const diffIdx = xs.flatMap((t, i) => (isFloat(t.dtype) ? [i] : []));
  const call = (...args: Tensor[]): Tensor => fn(...args);
  const out0 = noGrad(() => call(...xs));
  const v = randn(out0.shape, { dtype: 'float64', generator: new Generator(seed) });
  const f = (): number => noGrad(() => call(...xs).to('float64').mul(v).sum().item());
  const analytic = grad(
    (...ds: Tensor[]) => call(...xs.map((t, i) => (diffIdx.includes(i) ? ds[diffIdx.indexOf(i)]! : t))),
    diffIdx.map((i) => xs[i]!),
    { gradOutput: v.to(out0.dtype) },
  );
  const report: GradcheckReport = { ok: true, maxAbsError: 0 };
  diffIdx.forEach((inputIdx, k) => {
    const d = xs[inputIdx]!.data;
    const a = analytic[k]!.data;
    for (let j = 0; j < d.length; j++) {
      const orig = d[j]!;
      d[j] = orig + eps;
      const fp = f();
      d[j] = orig - eps;
      const fm = f();
      d[j] = orig;
      const numeric = (fp - fm) / (2 * eps);
      const err = Math.abs(a[j]! - numeric);
      if (!(err <= report.maxAbsError)) report.maxAbsError = err;
      if (!(err <= atol + rtol * Math.abs(numeric)) && report.ok) {
        report.ok = false;
        report.mismatch = { input: inputIdx, index: j, analytic: a[j]!, numeric };
      }
    }
  });
  if (!report.ok && raise) {
    const m = report.mismatch!;
    throw new GradcheckError(
      `gradcheck: input ${m.input}, element ${m.index}: analytic ${m.analytic} vs numeric ${m.numeric} ` +
        `(atol ${atol}, rtol ${rtol})`,
    );
  }
  return report;
}
