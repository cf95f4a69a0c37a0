// Reference reductions along one axis, viewed as [outer, axis, inner]. Sums of float32 accumulate
// in float64 so long sums stay accurate.

import type { TypedArray } from '../../tensor/dtype.js';
import { assertNever } from '../../tensor/dtype.js';
import type { ReduceOp } from '../backend.js';

/** Reduces one axis of `x`. */
export function reduce(op: ReduceOp, x: TypedArray, shape: readonly number[], axis: number, out: TypedArray): void {
  let outer = 1;
  let inner = 1;
  for (let d = 0; d < axis; d++) outer *= shape[d]!;
  for (let d = axis + 1; d < shape.length; d++) inner *= shape[d]!;
  const r = shape[axis]!;
  const acc = new Float64Array(inner);
  const idx = new Int32Array(inner);
  for (let o = 0; o < outer; o++) {
    const base = o * r * inner;
    switch (op) {
      case 'sum':
        acc.fill(0);
        for (let j = 0; j < r; j++) {
          const row = base + j * inner;
          for (let i = 0; i < inner; i++) acc[i]! += x[row + i]!;
        }
        for (let i = 0; i < inner; i++) out[o * inner + i] = acc[i]!;
        break;
      case 'max':
      case 'min':
      case 'argmax':
      case 'argmin': {
        const isMax = op === 'max' || op === 'argmax';
        acc.fill(isMax ? -Infinity : Infinity);
        idx.fill(0);
        for (let j = 0; j < r; j++) {
          const row = base + j * inner;
          for (let i = 0; i < inner; i++) {
            const v = x[row + i]!;
            const cur = acc[i]!;
            // NOTE: NaN wins and stays (PyTorch propagates NaN through max/min and argmax points at it).
            if (cur !== cur) continue;
            if (v !== v || (isMax ? v > cur : v < cur) || (j === 0 && r > 0)) {
              acc[i] = v;
              idx[i] = j;
            }
          }
        }
        const target = op === 'max' || op === 'min' ? acc : idx;
        for (let i = 0; i < inner; i++) out[o * inner + i] = target[i]!;
        break;
      }
      default:
        assertNever(op);
    }
  }
}
