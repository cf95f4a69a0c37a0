// Test helpers for the nn tests: closeness assertions and a gradient check of a module's forward with
// respect to its input and all its parameters (via Module.withTensors).

import assert from 'node:assert/strict';
import { gradcheck } from '../../src/autograd/gradcheck.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import type { Module } from '../../src/nn/module.js';

/** Asserts |actual_i - expected_i| <= atol + rtol |expected_i| for every element. */
export function assertClose(actual: Tensor | ArrayLike<number>, expected: ArrayLike<number>, { atol = 1e-6, rtol = 1e-6 } = {}, msg = ''): void {
  const a = 'data' in actual && !(actual instanceof Float64Array) && !(actual instanceof Float32Array) ? (actual as Tensor).data : (actual as ArrayLike<number>);
  assert.equal(a.length, expected.length, `${msg} length ${a.length} vs ${expected.length}`);
  for (let i = 0; i < a.length; i++) {
    const e = expected[i]!;
    const d = Math.abs(a[i]! - e);
    assert.ok(d <= atol + rtol * Math.abs(e), `${msg} element ${i}: ${a[i]} vs expected ${e} (diff ${d})`);
  }
}

/**
 * gradcheck (float64, random cotangent) of `m.call(x)` with respect to x and every parameter. The module
 * is converted to float64 first. `before` runs before each evaluation (e.g. to reset a generator).
 */
export function gradcheckModule(m: Module, x: Tensor, { before }: { before?: () => void } = {}): void {
  m.double();
  const named = m.namedParameters();
  const names = named.map(([n]) => n);
  gradcheck(
    (xi: Tensor, ...ps: Tensor[]) => {
      before?.();
      return m.withTensors(Object.fromEntries(names.map((n, i) => [n, ps[i]!])), () => m.call(xi));
    },
    [x.double(), ...named.map(([, p]) => p)],
  );
}
