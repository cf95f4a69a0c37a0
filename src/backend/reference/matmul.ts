// Reference batched matrix product. Operands are packed into float64 panels (A row-major, B
// column-major when transposed) and multiplied in 4x4 register blocks of dot products, which keeps
// plain JavaScript near its best (~1-2 GFLOP/s) while summing every product in float64.

import type { TypedArray } from '../../tensor/dtype.js';
import type { MatmulDims } from '../backend.js';

/** out[b] = op(A[b]) @ op(B[b]). */
export function matmul(a: TypedArray, b: TypedArray, out: TypedArray, dims: MatmulDims): void {
  const { batch, m, k, n, transA, transB } = dims;
  const pa = new Float64Array(m * k); // A as [m, k]
  const pb = new Float64Array(n * k); // B^T as [n, k]
  for (let t = 0; t < batch; t++) {
    const aOff = t * m * k;
    const bOff = t * k * n;
    if (transA) {
      for (let p = 0; p < k; p++) for (let i = 0; i < m; i++) pa[i * k + p] = a[aOff + p * m + i]!;
    } else {
      for (let i = 0; i < m * k; i++) pa[i] = a[aOff + i]!;
    }
    if (transB) {
      for (let i = 0; i < n * k; i++) pb[i] = b[bOff + i]!;
    } else {
      for (let p = 0; p < k; p++) for (let j = 0; j < n; j++) pb[j * k + p] = b[bOff + p * n + j]!;
    }
    dotBlocks(pa, pb, out, t * m * n, m, k, n);
  }
}

/** out[off + i*n + j] = sum_p A[i,p] B^T[j,p], in 4x4 blocks with scalar edges. */
function dotBlocks(A: Float64Array, B: Float64Array, out: TypedArray, off: number, m: number, k: number, n: number): void {
  const m4 = m - (m % 4);
  const n4 = n - (n % 4);
  for (let i = 0; i < m4; i += 4) {
    const a0 = i * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k;
    for (let j = 0; j < n4; j += 4) {
      const b0 = j * k, b1 = b0 + k, b2 = b1 + k, b3 = b2 + k;
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      for (let p = 0; p < k; p++) {
        const x0 = A[a0 + p]!, x1 = A[a1 + p]!, x2 = A[a2 + p]!, x3 = A[a3 + p]!;
        const y0 = B[b0 + p]!, y1 = B[b1 + p]!, y2 = B[b2 + p]!, y3 = B[b3 + p]!;
        c00 += x0 * y0; c01 += x0 * y1; c02 += x0 * y2; c03 += x0 * y3;
        c10 += x1 * y0; c11 += x1 * y1; c12 += x1 * y2; c13 += x1 * y3;
        c20 += x2 * y0; c21 += x2 * y1; c22 += x2 * y2; c23 += x2 * y3;
        c30 += x3 * y0; c31 += x3 * y1; c32 += x3 * y2; c33 += x3 * y3;
      }
      const o0 = off + i * n + j, o1 = o0 + n, o2 = o1 + n, o3 = o2 + n;
      out[o0] = c00; out[o0 + 1] = c01; out[o0 + 2] = c02; out[o0 + 3] = c03;
      out[o1] = c10; out[o1 + 1] = c11; out[o1 + 2] = c12; out[o1 + 3] = c13;
      out[o2] = c20; out[o2 + 1] = c21; out[o2 + 2] = c22; out[o2 + 3] = c23;
      out[o3] = c30; out[o3 + 1] = c31; out[o3 + 2] = c32; out[o3 + 3] = c33;
    }
    for (let j = n4; j < n; j++) for (let r = i; r < i + 4; r++) out[off + r * n + j] = dot(A, r * k, B, j * k, k);
  }
  for (let i = m4; i < m; i++) for (let j = 0; j < n; j++) out[off + i * n + j] = dot(A, i * k, B, j * k, k);
}

function dot(A: Float64Array, ao: number, B: Float64Array, bo: number, k: number): number {
  let s = 0;
  for (let p = 0; p < k; p++) s += A[ao + p]! * B[bo + p]!;
  return s;
}
