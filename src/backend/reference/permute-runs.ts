// The reference permute, with its fast path when the last axis stays last: every output row is a
// contiguous run of the input, copied with one TypedArray.set (a memcpy) instead of element by element.
// The convolutions' [O, N, L] <-> [N, O, L] swaps take this path.

import type { TypedArray } from '../../tensor/dtype.js';
import { stridesOf } from '../../tensor/shape.js';
import { gatherStrided } from './strided.js';

/** Shortest run worth a `set` call (below it the element loop is as fast). */
const MIN_RUN = 16;

/** Permutes `x` into `out` when perm keeps the last axis last and rows are long; returns false otherwise. */
export function permuteRuns(x: TypedArray, shape: readonly number[], perm: readonly number[], out: TypedArray): boolean {
  const nd = shape.length;
  if (nd < 2 || perm[nd - 1] !== nd - 1 || shape[nd - 1]! < MIN_RUN || x.constructor !== out.constructor) return false;
  const inner = shape[nd - 1]!;
  const st = stridesOf(shape);
  const oshape = perm.slice(0, -1).map((p) => shape[p]!);
  const ostrides = perm.slice(0, -1).map((p) => st[p]!);
  const rows = oshape.reduce((a, b) => a * b, 1);
  const idx = new Array<number>(nd - 1).fill(0);
  let src = 0;
  for (let r = 0; r < rows; r++) {
    out.set(x.subarray(src, src + inner), r * inner);
    for (let d = nd - 2; d >= 0; d--) {
      idx[d]!++;
      src += ostrides[d]!;
      if (idx[d]! < oshape[d]!) break;
      src -= ostrides[d]! * oshape[d]!;
      idx[d] = 0;
    }
  }
  return true;
}

/** Writes x (row-major `shape`) with its axes reordered by `perm` into `out`. */
export function permute(x: TypedArray, shape: readonly number[], perm: readonly number[], out: TypedArray): void {
  if (permuteRuns(x, shape, perm, out)) return;
  const st = stridesOf(shape);
  gatherStrided(x, 0, perm.map((p) => st[p]!), perm.map((p) => shape[p]!), out);
}
