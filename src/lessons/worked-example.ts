// The lecture's worked back-propagation example, computed by autodiff: one neuron y = x*w + b with
// Q = (y_target - y)^2 and one gradient-descent step.

import { ValueError } from '../errors.js';
import { tensor } from '../tensor/creation.js';

/** Inputs of the worked example (defaults are the lecture's: x=1, w=0.1, b=1, y_target=2, eta=0.1). */
export interface WorkedExampleInput {
  x?: number;
  w?: number;
  b?: number;
  target?: number;
  lr?: number;
}

/** The lecture's table: y, Q, dQ/dy, dQ/dw, dQ/db, w_new, b_new. */
export interface WorkedExampleResult {
  x: number; w: number; b: number; target: number; lr: number;
  y: number; Q: number; dQdy: number; dQdw: number; dQdb: number; wNew: number; bNew: number;
}

/**
 * Runs the lecture's example with automatic differentiation in float64:
 * y = x w + b, Q = (y_target - y)^2, dQ/dy = -2 (y_target - y), dQ/dw = dQ/dy * x, dQ/db = dQ/dy,
 * and the gradient step theta_{i+1} = theta_i - eta dQ/dtheta.
 */
export function workedExample(input: WorkedExampleInput = {}): WorkedExampleResult {
  const { x = 1, w = 0.1, b = 1, target = 2, lr = 0.1 } = input;
  for (const [k, v] of Object.entries({ x, w, b, target, lr })) {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new ValueError(`workedExample: ${k} must be a finite number, got ${String(v)}`);
  }
  const opts = { dtype: 'float64' as const };
  const tx = tensor(x, opts);
  const tw = tensor(w, { ...opts, requiresGrad: true });
  const tb = tensor(b, { ...opts, requiresGrad: true });
  const y = tx.mul(tw).add(tb).retainGrad();
  const Q = tensor(target, opts).sub(y).pow(2);
  Q.backward();
  const dQdw = tw.grad!.item();
  const dQdb = tb.grad!.item();
  return {
    x, w, b, target, lr,
    y: y.item(), Q: Q.item(), dQdy: y.grad!.item(), dQdw, dQdb,
    wNew: w - lr * dQdw, bNew: b - lr * dQdb,
  };
}
