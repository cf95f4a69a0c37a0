// Packing for the float32 matrix product (matmul.ts): op(A) into MR-row panels and op(B) into
// NR-column panels, block by block as the Goto-style loops consume them, or whole (prepack) when
// threads share out C and each needs all of the operand the split leaves whole.

import { implicitOn, packImplicit } from './matmul-implicit';

export const MR: i32 = 4;
export const NR: i32 = 8;
export const KC: i32 = 256;
export const MC: i32 = 128;
export const NC: i32 = 1024;

/**
 * Writes the 4x4 transpose of rows r0..r3 to dst, dst+ld, dst+2ld, dst+3ld: out row q holds
 * (r0[q], r1[q], r2[q], r3[q]). Packing uses it to turn 4 strided columns into contiguous panel rows.
 */
function transpose4(r0: v128, r1: v128, r2: v128, r3: v128, dst: usize, ld: usize): void {
  const lo01 = v128.shuffle<i32>(r0, r1, 0, 4, 1, 5);
  const lo23 = v128.shuffle<i32>(r2, r3, 0, 4, 1, 5);
  const hi01 = v128.shuffle<i32>(r0, r1, 2, 6, 3, 7);
  const hi23 = v128.shuffle<i32>(r2, r3, 2, 6, 3, 7);
  v128.store(dst, v128.shuffle<i32>(lo01, lo23, 0, 1, 4, 5));
  v128.store(dst + ld, v128.shuffle<i32>(lo01, lo23, 2, 3, 6, 7));
  v128.store(dst + 2 * ld, v128.shuffle<i32>(hi01, hi23, 0, 1, 4, 5));
  v128.store(dst + 3 * ld, v128.shuffle<i32>(hi01, hi23, 2, 3, 6, 7));
}

/**
 * Packs 4 rows x depth [p0, p0+kc) of a row-major matrix (row stride `ld` floats, first row at
 * `src`) into `dst` laid out [p][4 + gap]: depth steps of 4 go through a SIMD transpose.
 */
function packRows4(src: usize, ld: i32, kc: i32, dst: usize, dstStride: i32): void {
  const l = <usize>ld * 4;
  const ds = <usize>dstStride * 4;
  let p = 0;
  for (; p + 4 <= kc; p += 4) {
    const s = src + <usize>p * 4;
    transpose4(v128.load(s), v128.load(s + l), v128.load(s + 2 * l), v128.load(s + 3 * l), dst + <usize>p * ds, ds);
  }
  for (; p < kc; p++) {
    const s = src + <usize>p * 4;
    const d = dst + <usize>p * ds;
    store<f32>(d, load<f32>(s));
    store<f32>(d, load<f32>(s + l), 4);
    store<f32>(d, load<f32>(s + 2 * l), 8);
    store<f32>(d, load<f32>(s + 3 * l), 12);
  }
}

/** Packs rows [i0, i0+mc) x depth [p0, p0+kc) of op(A) into MR-row panels laid out [panel][p][MR]. */
export function packA(a: usize, transA: bool, m: i32, k: i32, i0: i32, mc: i32, p0: i32, kc: i32, dst: usize): void {
  for (let ir = 0; ir < mc; ir += MR) {
    const rows = min(MR, mc - ir);
    const panel = dst + <usize>(ir * kc) * 4;
    if (rows == MR) {
      if (transA) {
        // op(A) row i is stored column i: the MR values of one depth step are contiguous.
        let src = a + <usize>(p0 * m + i0 + ir) * 4;
        for (let p = 0; p < kc; p++) {
          v128.store(panel + <usize>(p * MR) * 4, v128.load(src));
          src += <usize>m * 4;
        }
      } else {
        packRows4(a + <usize>((i0 + ir) * k + p0) * 4, k, kc, panel, MR);
      }
      continue;
    }
    for (let i = 0; i < MR; i++) {
      const row = i0 + ir + i;
      if (i >= rows) {
        for (let p = 0; p < kc; p++) store<f32>(panel + <usize>(p * MR + i) * 4, 0);
        continue;
      }
      if (transA) {
        let src = a + <usize>(p0 * m + row) * 4;
        for (let p = 0; p < kc; p++) {
          store<f32>(panel + <usize>(p * MR + i) * 4, load<f32>(src));
          src += <usize>m * 4;
        }
      } else {
        const src = a + <usize>(row * k + p0) * 4;
        for (let p = 0; p < kc; p++) store<f32>(panel + <usize>(p * MR + i) * 4, load<f32>(src + <usize>p * 4));
      }
    }
  }
}

/**
 * Packs depth [p0, p0+kc) x columns [j0, j0+nc) of op(B) into NR-column panels laid out [panel][p][NR];
 * for a convolution's implicit B (matmul-implicit.ts), `b` is the images and the panels are gathered.
 */
export function packB(b: usize, transB: bool, k: i32, n: i32, p0: i32, kc: i32, j0: i32, nc: i32, dst: usize): void {
  if (implicitOn()) return packImplicit(b, transB, p0, kc, j0, nc, dst);
  for (let jr = 0; jr < nc; jr += NR) {
    const cols = min(NR, nc - jr);
    const panel = dst + <usize>(jr * kc) * 4;
    if (!transB && cols == NR) {
      let src = b + <usize>(p0 * n + j0 + jr) * 4;
      for (let p = 0; p < kc; p++) {
        v128.store(panel + <usize>(p * NR) * 4, v128.load(src));
        v128.store(panel + <usize>(p * NR) * 4, v128.load(src, 16), 16);
        src += <usize>n * 4;
      }
      continue;
    }
    if (transB && cols == NR) {
      // op(B) column j is stored row j: transpose 4 stored rows at a time into each half panel.
      const src = b + <usize>((j0 + jr) * k + p0) * 4;
      packRows4(src, k, kc, panel, NR);
      packRows4(src + <usize>(4 * k) * 4, k, kc, panel + 16, NR);
      continue;
    }
    for (let j = 0; j < NR; j++) {
      const col = j0 + jr + j;
      if (j >= cols) {
        for (let p = 0; p < kc; p++) store<f32>(panel + <usize>(p * NR + j) * 4, 0);
      } else if (transB) {
        const src = b + <usize>(col * k + p0) * 4;
        for (let p = 0; p < kc; p++) store<f32>(panel + <usize>(p * NR + j) * 4, load<f32>(src + <usize>p * 4));
      } else {
        let src = b + <usize>(p0 * n + col) * 4;
        for (let p = 0; p < kc; p++) {
          store<f32>(panel + <usize>(p * NR + j) * 4, load<f32>(src));
          src += <usize>n * 4;
        }
      }
    }
  }
}

/** Rows of op(A) rounded up to whole MR panels, and columns of op(B) of block jc rounded up to NR panels. */
export function padTo(x: i32, unit: i32): i32 {
  return ((x + unit - 1) / unit) * unit;
}

/**
 * Packs all of op(A) ([m, k]) block by block: block (pc, ic) at float offset pc * mPad + ic * kc, exactly
 * as `gemmBlock` would pack it on the fly. Threads splitting C by columns pack A once this way instead
 * of once per range.
 */
export function prepackA(a: usize, transA: bool, m: i32, k: i32, dst: usize): void {
  const mPad = padTo(m, MR);
  for (let pc = 0; pc < k; pc += KC) {
    const kc = min(KC, k - pc);
    for (let ic = 0; ic < m; ic += MC) packA(a, transA, m, k, ic, min(MC, m - ic), pc, kc, dst + <usize>(pc * mPad + ic * kc) * 4);
  }
}

/** Packs all of op(B) ([k, n]): block (jc, pc) at float offset jc * k + pc * ncPad (the block's padded width). */
export function prepackB(b: usize, transB: bool, k: i32, n: i32, dst: usize): void {
  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    const ncPad = padTo(nc, NR);
    for (let pc = 0; pc < k; pc += KC) packB(b, transB, k, n, pc, min(KC, k - pc), jc, nc, dst + <usize>(jc * k + pc * ncPad) * 4);
  }
}
