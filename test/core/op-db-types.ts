// Types and input generation of the op database (op-db.ts): samples describe their inputs by shape
// and domain, and are materialised deterministically (seeded) in any float dtype.

import { Generator, Tensor, tensor, type DType } from '../../src/index.js';
import type { ND } from './nd-ref.js';

/**
 * Where an input's values come from. `real`: |x| in [0.2, 2] with random sign (away from the kinks
 * of relu/abs/sign at 0); `positive`: [0.5, 2] (log, sqrt, pow base); `distinct`: a shuffled grid
 * with gaps of 0.3 (max/min/argmax without ties); `int`: integers in [-4, 4] (ties on purpose);
 * `bool`: 0/1.
 */
export type Domain = 'real' | 'positive' | 'distinct' | 'int' | 'bool';

/** One input of a sample. */
export interface InputSpec {
  shape: number[];
  domain: Domain;
  /** Fixed dtype (otherwise float inputs take the dtype under test; int/bool domains are int32/bool). */
  dtype?: DType;
  /** Explicit values (row-major), instead of drawing them from the domain. */
  values?: number[];
}

/** One sample of an op: inputs, the op applied to them, and the closed form in plain JS. */
export interface OpSample {
  label: string;
  inputs: InputSpec[];
  call: (...xs: Tensor[]) => Tensor;
  ref: (...xs: ND[]) => ND;
  /** Set false when this sample is not differentiable although the op is (e.g. a cast to int). */
  grad?: boolean;
  /** Expected output dtype when it is not the float dtype under test. */
  outDtype?: DType;
  /** float32 forward tolerance of this sample (overrides the entry's). */
  tol?: Tolerance;
}

/** Forward tolerances for float32 (float64 uses rtol 1e-10, atol 1e-12). */
export interface Tolerance {
  rtol: number;
  atol: number;
}

/** One op of the database. */
export interface OpEntry {
  /** The export's name in src/ops/index.ts. */
  name: string;
  differentiable: boolean;
  samples: OpSample[];
  /** float32 forward tolerance (default rtol 1e-5, atol 1e-6). */
  tol?: Tolerance;
  /** Output dtype of every sample unless the sample says otherwise. */
  outDtype?: DType;
}

/** Shorthand for an input spec. */
export function inp(shape: number[], domain: Domain = 'real', extra: Partial<InputSpec> = {}): InputSpec {
  return { shape, domain, ...extra };
}

/** Shorthand for a sample. */
export function sample(
  label: string, inputs: InputSpec[], call: OpSample['call'], ref: OpSample['ref'], extra: Partial<OpSample> = {},
): OpSample {
  return { label, inputs, call, ref, ...extra };
}

function valuesFor(spec: InputSpec, g: Generator): number[] {
  if (spec.values) return [...spec.values];
  const n = spec.shape.reduce((a, b) => a * b, 1);
  switch (spec.domain) {
    case 'real':
      return Array.from({ length: n }, () => (g.nextDouble() < 0.5 ? -1 : 1) * (0.2 + 1.8 * g.nextDouble()));
    case 'positive':
      return Array.from({ length: n }, () => 0.5 + 1.5 * g.nextDouble());
    case 'distinct': {
      const p = g.permutation(n);
      return Array.from(p, (k) => (k - (n - 1) / 2) * 0.3 + 0.05);
    }
    case 'int':
      return Array.from({ length: n }, () => g.nextInt(-4, 5));
    case 'bool':
      return Array.from({ length: n }, () => g.nextInt(0, 2));
  }
}

/** The dtype an input takes when the sample runs with float dtype `floatDType`. */
export function dtypeOf(spec: InputSpec, floatDType: DType): DType {
  if (spec.dtype) return spec.dtype;
  if (spec.domain === 'int') return 'int32';
  if (spec.domain === 'bool') return 'bool';
  return floatDType;
}

/** Materialises a sample's inputs (seeded by `seed`) in `floatDType`. */
export function makeInputs(s: OpSample, floatDType: DType, seed: number): Tensor[] {
  const g = new Generator(seed);
  return s.inputs.map((spec) => {
    const dtype = dtypeOf(spec, floatDType);
    const vals = valuesFor(spec, g);
    return tensor(vals, { dtype }).reshape(spec.shape);
  });
}

/** A tensor's values as a plain array (what the closed forms take). */
export function toND(t: Tensor): ND {
  return { shape: [...t.shape], data: Array.from(t.data) };
}
