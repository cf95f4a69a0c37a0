// Comparisons of float32 arrays for the wasm backend, as monomorphic JavaScript loops writing 0/1
// bytes: a mask like `x > 0` (every ReLU backward) needs no copy into wasm memory, and the reference
// backend's generic closure-per-element loop costs ~20x more.

import type { BinaryOp } from '../backend.js';

/** The comparison ops this file handles. */
export type CompareOp = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';

const OPS: ReadonlySet<string> = new Set<CompareOp>(['eq', 'ne', 'lt', 'le', 'gt', 'ge']);

/** True when `op` is a comparison. */
export function isCompare(op: BinaryOp): op is CompareOp {
  return OPS.has(op);
}

/**
 * `out[i] = a[i] op b[i]` where `a` or `b` may be a single value (`aScalar` / `bScalar`), with
 * IEEE semantics (every comparison with NaN is false except `ne`), like the reference backend.
 */
export function compareF32(
  op: CompareOp, a: Float32Array, aScalar: boolean, b: Float32Array, bScalar: boolean, out: Uint8Array,
): void {
  const n = out.length;
  // Comparing x op s is the same as s op' x; reduce every case to an array against an array or a scalar.
  if (aScalar && !bScalar) {
    const flip: Record<CompareOp, CompareOp> = { eq: 'eq', ne: 'ne', lt: 'gt', le: 'ge', gt: 'lt', ge: 'le' };
    return compareF32(flip[op], b, false, a, true, out);
  }
  if (bScalar) {
    const s = b[0]!;
    if (aScalar) return void out.fill(cmp(op, a[0]!, s) ? 1 : 0);
    switch (op) {
      case 'eq': for (let i = 0; i < n; i++) out[i] = a[i]! === s ? 1 : 0; return;
      case 'ne': for (let i = 0; i < n; i++) out[i] = a[i]! !== s ? 1 : 0; return;
      case 'lt': for (let i = 0; i < n; i++) out[i] = a[i]! < s ? 1 : 0; return;
      case 'le': for (let i = 0; i < n; i++) out[i] = a[i]! <= s ? 1 : 0; return;
      case 'gt': for (let i = 0; i < n; i++) out[i] = a[i]! > s ? 1 : 0; return;
      case 'ge': for (let i = 0; i < n; i++) out[i] = a[i]! >= s ? 1 : 0; return;
    }
  }
  switch (op) {
    case 'eq': for (let i = 0; i < n; i++) out[i] = a[i]! === b[i]! ? 1 : 0; return;
    case 'ne': for (let i = 0; i < n; i++) out[i] = a[i]! !== b[i]! ? 1 : 0; return;
    case 'lt': for (let i = 0; i < n; i++) out[i] = a[i]! < b[i]! ? 1 : 0; return;
    case 'le': for (let i = 0; i < n; i++) out[i] = a[i]! <= b[i]! ? 1 : 0; return;
    case 'gt': for (let i = 0; i < n; i++) out[i] = a[i]! > b[i]! ? 1 : 0; return;
    case 'ge': for (let i = 0; i < n; i++) out[i] = a[i]! >= b[i]! ? 1 : 0; return;
  }
}

function cmp(op: CompareOp, x: number, y: number): boolean {
  switch (op) {
    case 'eq': return x === y;
    case 'ne': return x !== y;
    case 'lt': return x < y;
    case 'le': return x <= y;
    case 'gt': return x > y;
    case 'ge': return x >= y;
  }
}
