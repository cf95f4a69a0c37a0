// Typed-array helpers shared by the pure update functions: optimizers work on plain float arrays
// (a parameter's storage and its state buffers), never on tensors, so a step allocates nothing.

import type { TypedArray } from '../tensor/dtype.js';

/** Storage of a float parameter or of an optimizer buffer (same dtype as its parameter). */
export type FloatArray = Float32Array | Float64Array;

/** What the pure update functions accept for parameters and gradients: float arrays or plain numbers. */
export type NumericArray = FloatArray | TypedArray | readonly number[];

/** A zeroed array of the same type and length as `like`. */
export function zerosLike(like: FloatArray): FloatArray {
  return like instanceof Float32Array ? new Float32Array(like.length) : new Float64Array(like.length);
}

/** An array of the same type and length as `like`, filled with `value`. */
export function fullLike(like: FloatArray, value: number): FloatArray {
  return zerosLike(like).fill(value);
}

/**
 * A fresh float array holding `values`: typed float arrays keep their type, anything else
 * (plain numbers, int arrays) becomes float64. Pure functions use it to never alias their input.
 */
export function copyFloat(values: NumericArray): FloatArray {
  if (values instanceof Float32Array) return new Float32Array(values);
  if (values instanceof Float64Array) return new Float64Array(values);
  return Float64Array.from(values as ArrayLike<number>);
}

/** A copy of `values` in the array type of `like` (used when loading saved state into a parameter's dtype). */
export function copyAs(like: FloatArray, values: ArrayLike<number>): FloatArray {
  const out = zerosLike(like);
  for (let i = 0; i < out.length; i++) out[i] = values[i]!;
  return out;
}

/**
 * A deep copy of an optimizer state object: typed arrays are copied, numbers and nulls kept.
 * The pure update functions copy their input state with it before running the in-place kernel.
 */
export function cloneState<S extends object>(state: S): S {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(state)) out[k] = ArrayBuffer.isView(v) ? copyFloat(v as FloatArray) : v;
  return out as S;
}
