// Data types, their storage arrays, and PyTorch-style type promotion.

import { takePooled } from './buffer-pool.js';
import { DTypeError } from '../errors.js';

/** Element types a tensor can hold. `bool` is what comparisons return. */
export type DType = 'float32' | 'float64' | 'int32' | 'bool';

/** Storage of a tensor: one typed array, row-major and contiguous. */
export type TypedArray = Float32Array | Float64Array | Int32Array | Uint8Array;

/** Maps a dtype to its typed array. */
export interface StorageOf {
  float32: Float32Array;
  float64: Float64Array;
  int32: Int32Array;
  bool: Uint8Array;
}

const ORDER: Record<DType, number> = { bool: 0, int32: 1, float32: 2, float64: 3 };

/** All dtypes, for validation messages. */
export const DTYPES: readonly DType[] = ['float32', 'float64', 'int32', 'bool'];

/** Allocates zeroed storage of `size` elements of `dtype` (large float buffers may be reused ones, see buffer-pool.ts). */
export function allocate(dtype: DType, size: number): TypedArray {
  switch (dtype) {
    case 'float32': return takePooled(Float32Array, size) ?? new Float32Array(size);
    case 'float64': return takePooled(Float64Array, size) ?? new Float64Array(size);
    case 'int32': return new Int32Array(size);
    case 'bool': return new Uint8Array(size);
    default: return assertNever(dtype);
  }
}

/** The dtype of a typed array. */
export function dtypeOfArray(a: TypedArray): DType {
  if (a instanceof Float32Array) return 'float32';
  if (a instanceof Float64Array) return 'float64';
  if (a instanceof Int32Array) return 'int32';
  return 'bool';
}

/** Result dtype of a binary op (PyTorch promotion: bool < int32 < float32 < float64). */
export function promoteTypes(a: DType, b: DType): DType {
  return ORDER[a] >= ORDER[b] ? a : b;
}

const CATEGORY: Record<DType, number> = { bool: 0, int32: 1, float32: 2, float64: 2 };

/**
 * Result dtype of an elementwise op on two tensors, with PyTorch's rule for 0-d tensors: a 0-d
 * operand only decides the dtype when it is of a higher category (bool < integer < float) than the
 * dimensioned one, so `float32[3] * float64 0-d` stays float32 while `int32[3] + float64 0-d` is
 * float64. Two operands of the same kind (both 0-d or both dimensioned) use `promoteTypes`.
 */
export function resultType(a: { dtype: DType; shape: readonly number[] }, b: { dtype: DType; shape: readonly number[] }): DType {
  const aZero = a.shape.length === 0;
  if (aZero === (b.shape.length === 0)) return promoteTypes(a.dtype, b.dtype);
  const [dim, zero] = aZero ? [b.dtype, a.dtype] : [a.dtype, b.dtype];
  return CATEGORY[zero] > CATEGORY[dim] ? zero : dim;
}

/** True for float32 and float64, the dtypes that can carry gradients. */
export function isFloat(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float64';
}

/** Checks a user-given dtype string. */
export function checkDType(op: string, dtype: unknown): DType {
  if (typeof dtype === 'string' && (DTYPES as readonly string[]).includes(dtype)) return dtype as DType;
  throw new DTypeError(`${op}: unknown dtype ${JSON.stringify(dtype)} (expected one of ${DTYPES.join(', ')})`);
}

/** Exhaustiveness helper for switches over closed unions. */
export function assertNever(x: never): never {
  throw new Error(`unreachable: ${String(x)}`);
}
