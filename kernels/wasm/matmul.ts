// Float32 matrix product for the wasm backend (AssemblyScript, 128-bit SIMD): Goto-style blocking
// with packed A/B panels and a 4x8 register-blocked micro-kernel. Threads of the JS pool take ranges
// of C from a shared counter over the same shared memory.

import { nextChunk } from './chunks';
import { implicitGroupOffset, setImplicit } from './matmul-implicit';
import { KC, MC, MR, NC, NR, packA, packB, padTo, prepackA, prepackB } from './matmul-pack';

/** Bytes of scratch one part needs (packed A block + packed B block). */
export function matmulScratchBytes(): i32 {
  return (MC * KC + KC * NC + MR * NR) * 4;
}

// NOTE: with relaxed SIMD the product is fused (one rounding); without it, mul then add. Both are
// deterministic for a given module, and the partition never changes the summation order of an element.
function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(c, f32x4.mul(a, b));
}

/** C[4x8] (+)= Apanel[kc x 4]^T Bpanel[kc x 8]; partial tiles go through `tmp`. */
function micro(ap: usize, bp: usize, kc: i32, c: usize, ldc: i32, rows: i32, cols: i32, acc: bool, tmp: usize): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  // NOTE: the loop runs on the A pointer alone (no separate depth counter): one instruction less
  // per depth step, which V8 cannot remove itself, measured ~10% faster on one thread.
  const end = ap + <usize>kc * 16;
  while (ap < end) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    let a = v128.load32_splat(ap);
    c00 = madd(a, b0, c00); c01 = madd(a, b1, c01);
    a = v128.load32_splat(ap, 4);
    c10 = madd(a, b0, c10); c11 = madd(a, b1, c11);
    a = v128.load32_splat(ap, 8);
    c20 = madd(a, b0, c20); c21 = madd(a, b1, c21);
    a = v128.load32_splat(ap, 12);
    c30 = madd(a, b0, c30); c31 = madd(a, b1, c31);
    ap += 16;
    bp += 32;
  }
  const full = rows == MR && cols == NR;
  const dst = full ? c : tmp;
  const ld: usize = full ? <usize>ldc * 4 : 32;
  if (acc && full) {
    c00 = f32x4.add(c00, v128.load(dst)); c01 = f32x4.add(c01, v128.load(dst, 16));
    c10 = f32x4.add(c10, v128.load(dst + ld)); c11 = f32x4.add(c11, v128.load(dst + ld, 16));
    c20 = f32x4.add(c20, v128.load(dst + 2 * ld)); c21 = f32x4.add(c21, v128.load(dst + 2 * ld, 16));
    c30 = f32x4.add(c30, v128.load(dst + 3 * ld)); c31 = f32x4.add(c31, v128.load(dst + 3 * ld, 16));
  }
  v128.store(dst, c00); v128.store(dst, c01, 16);
  v128.store(dst + ld, c10); v128.store(dst + ld, c11, 16);
  v128.store(dst + 2 * ld, c20); v128.store(dst + 2 * ld, c21, 16);
  v128.store(dst + 3 * ld, c30); v128.store(dst + 3 * ld, c31, 16);
  if (full) return;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const o = c + <usize>(i * ldc + j) * 4;
      const v = load<f32>(tmp + <usize>(i * NR + j) * 4);
      store<f32>(o, acc ? load<f32>(o) + v : v);
    }
  }
}

/**
 * One block of C = op(A) op(B): rows [i0, i1), columns [j0, j1), full depth. `packedA` / `packedB`
 * (0 = none) hold the whole operand as `prepackA` / `prepackB` lay it out; they are used instead of
 * packing on the fly (same values, so the same results).
 */
function gemmBlock(
  a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, transA: bool, transB: bool,
  i0: i32, i1: i32, j0: i32, j1: i32, scratch: usize, packedA: usize, packedB: usize,
): void {
  const bpack0 = scratch + <usize>(MC * KC) * 4;
  const tmp = bpack0 + <usize>(KC * NC) * 4;
  const mPad = padTo(m, MR);
  if (k == 0) {
    for (let i = i0; i < i1; i++) memory.fill(c + <usize>(i * n + j0) * 4, 0, <usize>(j1 - j0) * 4);
    return;
  }
  for (let jc = j0; jc < j1; jc += NC) {
    const nc = min(NC, j1 - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      let bpack = bpack0;
      // NOTE: with packedB the block starts at jc (a multiple of NC: row ranges span all columns).
      if (packedB != 0) bpack = packedB + <usize>(jc * k + pc * padTo(min(NC, n - jc), NR)) * 4;
      else packB(b, transB, k, n, pc, kc, jc, nc, bpack);
      for (let ic = i0; ic < i1; ic += MC) {
        const mc = min(MC, i1 - ic);
        let apack = scratch;
        // NOTE: with packedA the block starts at ic (a multiple of MC: column ranges span all rows).
        if (packedA != 0) apack = packedA + <usize>(pc * mPad + ic * kc) * 4;
        else packA(a, transA, m, k, ic, mc, pc, kc, apack);
        for (let jr = 0; jr < nc; jr += NR) {
          const cols = min(NR, nc - jr);
          const bp = bpack + <usize>(jr * kc) * 4;
          for (let ir = 0; ir < mc; ir += MR) {
            const cp = c + <usize>((ic + ir) * n + jc + jr) * 4;
            micro(apack + <usize>(ir * kc) * 4, bp, kc, cp, n, min(MR, mc - ir), cols, pc > 0, tmp);
          }
        }
      }
    }
  }
}

/** Floats a thread needs to prepack the operand a split of C leaves whole (see `matmul`). */
export function matmulPrepackFloats(m: i32, k: i32, n: i32): i32 {
  return m >= n ? k * padTo(n, NR) : padTo(m, MR) * k;
}

/**
 * The share of a batched product that thread `part` computes. `args` points at i32s:
 * [aPtr, bPtr, cPtr, batch, m, k, n, transA, transB, scratchPtr, scratchStride, counterPtr, nchunks, prepack,
 * geometryPtr]. A geometry (0: none) makes B implicit: bPtr is then a convolution's images and op(B) their
 * columns (or, with transB, the columns transposed), batch entries being its groups (matmul-implicit.ts).
 * The larger of m and n is cut into `nchunks` ranges of whole tiles, and every thread takes the
 * next range from the shared counter until none is left (so a thread the OS preempts delays no one).
 * With `prepack` (batch 1, several ranges) a thread packs the operand the split leaves whole once, on
 * its first range, into its scratch after the fixed part (matmulScratchBytes), instead of once per range.
 * A range is computed the same way whoever takes it, so any schedule gives bit-identical results.
 */
export function matmul(args: usize, part: i32, _nparts: i32): void {
  const a = <usize>load<i32>(args);
  const b = <usize>load<i32>(args, 4);
  const c = <usize>load<i32>(args, 8);
  const batch = load<i32>(args, 12);
  const m = load<i32>(args, 16);
  const k = load<i32>(args, 20);
  const n = load<i32>(args, 24);
  const transA = load<i32>(args, 28) != 0;
  const transB = load<i32>(args, 32) != 0;
  const scratch = <usize>load<i32>(args, 36) + <usize>load<i32>(args, 40) * <usize>part;
  const counter = <usize>load<i32>(args, 44);
  const nchunks = load<i32>(args, 48);
  const prepack = load<i32>(args, 52) != 0 && batch == 1 && k > 0;
  const geo = <usize>load<i32>(args, 56);
  setImplicit(geo);
  const splitRows = m >= n;
  const extent = splitRows ? m : n;
  const unit = splitRows ? MR : NR;
  const units = (extent + unit - 1) / unit;
  const whole = scratch + <usize>matmulScratchBytes();
  let packed = false;
  for (let chunk = nextChunk(counter); chunk < nchunks; chunk = nextChunk(counter)) {
    const lo = min(extent, (units * chunk / nchunks) * unit);
    const hi = min(extent, (units * (chunk + 1) / nchunks) * unit);
    if (lo >= hi) continue;
    if (prepack && !packed) {
      if (splitRows) prepackB(b, transB, k, n, whole);
      else prepackA(a, transA, m, k, whole);
      packed = true;
    }
    const pA: usize = prepack && !splitRows ? whole : 0;
    const pB: usize = prepack && splitRows ? whole : 0;
    for (let t = 0; t < batch; t++) {
      const at = a + <usize>(t * m * k) * 4;
      const bt = geo != 0 ? b + implicitGroupOffset(t, transB ? n : k) : b + <usize>(t * k * n) * 4;
      const ct = c + <usize>(t * m * n) * 4;
      if (splitRows) gemmBlock(at, bt, ct, m, k, n, transA, transB, lo, hi, 0, n, scratch, pA, pB);
      else gemmBlock(at, bt, ct, m, k, n, transA, transB, 0, m, lo, hi, scratch, pA, pB);
    }
  }
}
