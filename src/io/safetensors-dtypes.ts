// The safetensors dtype table: element sizes, how neurite's dtypes are written, and how every
// dtype neurite can read is converted (F16/BF16 to float32, narrow and wide integers to int32).

import type { DType, TypedArray } from '../tensor/dtype.js';

/** The dtype names a safetensors header may carry (the reference implementation's list). */
export const SAFETENSORS_DTYPES = [
  'BOOL', 'F4', 'F6_E2M3', 'F6_E3M2', 'U8', 'I8', 'F8_E5M2', 'F8_E4M3', 'F8_E8M0',
  'I16', 'U16', 'F16', 'BF16', 'I32', 'U32', 'F32', 'C64', 'F64', 'I64', 'U64',
] as const;
/** A safetensors dtype name. */
export type SafetensorsDType = (typeof SAFETENSORS_DTYPES)[number];

/** How each neurite dtype is written. */
export const WRITE_DTYPE: Record<DType, 'F32' | 'F64' | 'I32' | 'BOOL'> = {
  float32: 'F32', float64: 'F64', int32: 'I32', bool: 'BOOL',
};

/**
 * Order of dtypes in the reference implementation's `Dtype` enum (restricted to the ones neurite
 * writes). NOTE: the reference lays tensors out by dtype, largest enum value first, then by name;
 * doing the same keeps every tensor aligned to its element size and makes our files byte-identical
 * to what `safetensors.serialize` writes for the same tensors.
 */
export const WRITE_RANK: Record<DType, number> = { float64: 3, float32: 2, int32: 1, bool: 0 };

/** Dtypes neurite reads, with their element size in bytes and the neurite dtype they become. */
export const READABLE: Partial<Record<SafetensorsDType, { size: number; dtype: DType }>> = {
  BOOL: { size: 1, dtype: 'bool' },
  U8: { size: 1, dtype: 'int32' },
  I8: { size: 1, dtype: 'int32' },
  I16: { size: 2, dtype: 'int32' },
  U16: { size: 2, dtype: 'int32' },
  F16: { size: 2, dtype: 'float32' },
  BF16: { size: 2, dtype: 'float32' },
  I32: { size: 4, dtype: 'int32' },
  U32: { size: 4, dtype: 'int32' },
  F32: { size: 4, dtype: 'float32' },
  F64: { size: 8, dtype: 'float64' },
  I64: { size: 8, dtype: 'int32' },
  U64: { size: 8, dtype: 'int32' },
};

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Converts IEEE half-precision bits to a number (exact: every float16 is a float32). */
export function halfToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 0x1f) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/**
 * Reads `count` little-endian elements of `st` from `bytes` into a fresh typed array of the
 * neurite dtype. Returns an error string (without the tensor's name) for a value that cannot be
 * represented: a BOOL byte other than 0/1, or a 32/64-bit integer outside int32.
 */
export function readElements(st: SafetensorsDType, bytes: Uint8Array, count: number): TypedArray | string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (st) {
    case 'F32': return native(Float32Array, bytes, count, (i) => view.getFloat32(i * 4, true));
    case 'F64': return native(Float64Array, bytes, count, (i) => view.getFloat64(i * 8, true));
    case 'I32': return native(Int32Array, bytes, count, (i) => view.getInt32(i * 4, true));
    case 'BOOL': {
      const out = new Uint8Array(bytes);
      const bad = out.findIndex((b) => b > 1);
      return bad < 0 ? out : `BOOL byte ${out[bad]} at element ${bad} is neither 0 nor 1`;
    }
    case 'U8': return Int32Array.from(bytes);
    case 'I8': return Int32Array.from(new Int8Array(bytes.buffer, bytes.byteOffset, count));
    case 'I16': return fill(new Int32Array(count), (i) => view.getInt16(i * 2, true));
    case 'U16': return fill(new Int32Array(count), (i) => view.getUint16(i * 2, true));
    case 'F16': return fill(new Float32Array(count), (i) => halfToNumber(view.getUint16(i * 2, true)));
    case 'BF16': {
      const out = new Float32Array(count);
      const bits = new Uint32Array(out.buffer);
      for (let i = 0; i < count; i++) bits[i] = view.getUint16(i * 2, true) << 16;
      return out;
    }
    case 'U32': return narrow(count, (i) => view.getUint32(i * 4, true));
    case 'I64': return narrow(count, (i) => view.getBigInt64(i * 8, true));
    case 'U64': return narrow(count, (i) => view.getBigUint64(i * 8, true));
    default: return `dtype ${st} is a safetensors dtype neurite cannot load`;
  }
}

type NativeCtor = Float32ArrayConstructor | Float64ArrayConstructor | Int32ArrayConstructor;

function native(Ctor: NativeCtor, bytes: Uint8Array, count: number, get: (i: number) => number): TypedArray {
  // NOTE: `new Uint8Array(bytes)` copies into a fresh, aligned buffer, so the tensor never aliases
  // the input. (`bytes.slice()` would not do: on a Node Buffer it is a view of the shared pool.)
  if (LITTLE_ENDIAN) return new Ctor(new Uint8Array(bytes).buffer, 0, count);
  return fill(new Ctor(count), get);
}

function fill<T extends TypedArray>(out: T, get: (i: number) => number): T {
  for (let i = 0; i < out.length; i++) out[i] = get(i);
  return out;
}

function narrow(count: number, get: (i: number) => number | bigint): Int32Array | string {
  const out = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const v = get(i);
    if (v < -2147483648 || v > 2147483647) return `value ${v} at element ${i} does not fit in int32 (neurite's integer dtype)`;
    out[i] = Number(v);
  }
  return out;
}

/** The bytes of a typed array in little-endian order (a view when the platform is little-endian). */
export function littleEndianBytes(a: TypedArray): Uint8Array {
  if (LITTLE_ENDIAN || a instanceof Uint8Array) return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const out = new Uint8Array(a.byteLength);
  const view = new DataView(out.buffer);
  const size = a.BYTES_PER_ELEMENT;
  for (let i = 0; i < a.length; i++) {
    if (a instanceof Float32Array) view.setFloat32(i * size, a[i]!, true);
    else if (a instanceof Float64Array) view.setFloat64(i * size, a[i]!, true);
    else view.setInt32(i * size, a[i]!, true);
  }
  return out;
}
