// Reference batched matrix product. Rows accumulate in float64; a transposed A is packed first so
// the inner loop always runs over contiguous memory.

import type { TypedArray } from '../../tensor/dtype.js';
import type { MatmulDims } from '../backend.js';

/** out[b] = op(A[b]) @ op(B[b]). */
export function matmul(a: TypedArray, b: TypedArray, out: TypedArray, dims: MatmulDims): void {
  const { batch, m, k, n, transA, transB } = dims;
  const acc = new Float64Array(n);
  const packed = transA ? new Float64Array(m * k) : null;
  for (let t = 0; t < batch; t++) {
    const aOff = t * m * k;
    const bOff = t * k * n;
    const cOff = t * m * n;
    let A: ArrayLike<number> = a;
    let aBase = aOff;
    if (packed) {
      for (let p = 0; p < k; p++) for (let i = 0; i < m; i++) packed[i * k + p] = a[aOff + p * m + i]!;
      A = packed;
      aBase = 0;
    }
    for (let i = 0; i < m; i++) {
      const aRow = aBase + i * k;
      if (transB) {
        for (let j = 0; j < n; j++) {
          const bRow = bOff + j * k;
          let s = 0;
          for (let p = 0; p < k; p++) s += A[aRow + p]! * b[bRow + p]!;
          out[cOff + i * n + j] = s;
        }
        continue;
      }
      acc.fill(0);
      for (let p = 0; p < k; p++) {
        const av = A[aRow + p]!;
        const bRow = bOff + p * n;
        for (let j = 0; j < n; j++) acc[j]! += av * b[bRow + j]!;
      }
      for (let j = 0; j < n; j++) out[cOff + i * n + j] = acc[j]!;
    }
  }
}
