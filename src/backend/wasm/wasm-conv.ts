// The wasm backend's convolutions: im2col, the per-group matmul and col2im run back to back inside wasm
// memory, so the C*kh*kw x N*L columns never leave it; only images, weights and gradients are copied,
// with the [N, O, L] <-> [O, N, L] swap of the product done during that copy.

import type { ConvDims, MatmulDims } from '../backend.js';
import { referenceBackend as ref } from '../reference/reference-backend.js';
import { convSizes, swap01 } from '../reference/conv2d.js';
import type { TypedArray } from '../../tensor/dtype.js';
import { getRuntime, type WasmRuntime } from './wasm-runtime.js';
import { launchMatmul, launchWindow } from './wasm-launch.js';
import { BROADCAST, WASM_BINARY } from './kernel-codes.js';

const f32 = (x: TypedArray): x is Float32Array => x instanceof Float32Array;

/** Copies x [a, b, l] into the arena as [b, a, l]; returns its pointer. */
function putSwapped(rt: WasmRuntime, x: Float32Array, a: number, b: number, l: number): number {
  if (a === 1 || b === 1) return rt.put(x);
  const p = rt.alloc(x.length * 4);
  swap01(x, a, b, l, rt.f32.subarray(p >> 2, (p >> 2) + x.length));
  return p;
}

/** Copies [a, b, l] at `ptr` into out as [b, a, l]. */
function getSwapped(rt: WasmRuntime, ptr: number, a: number, b: number, l: number, out: Float32Array): void {
  if (a === 1 || b === 1) return rt.get(ptr, out);
  swap01(rt.f32.subarray(ptr >> 2, (ptr >> 2) + out.length), a, b, l, out);
}

/** Unfolds the image at `px` into fresh arena columns [K, N*L]; returns their pointer. */
function columns(rt: WasmRuntime, px: number, d: ConvDims, floats: number): number {
  const pc = rt.alloc(floats * 4);
  launchWindow(rt, 'unfold', { ...d, batchInner: true }, [px, pc, 0], { value: 0, floats });
  return pc;
}

/**
 * conv2d (see Backend.conv2d): unfold, then w [G, O/G, K/G] @ cols [G, K/G, N*L], plus the bias on
 * each of the O product rows (a column broadcast, in place), swapped into out.
 */
export function conv2d(x: TypedArray, w: TypedArray, d: ConvDims, out: TypedArray, bias?: TypedArray | null): void {
  if (!f32(x) || !f32(w) || !f32(out) || (bias && !f32(bias))) return ref.conv2d(x, w, d, out, bias);
  if (out.length === 0) return;
  const { k, l, nl, kg, og } = convSizes(d);
  const rt = getRuntime();
  rt.reset();
  const pw = rt.put(w);
  const pcols = columns(rt, rt.put(x), d, k * nl);
  const pprod = rt.alloc(d.o * nl * 4);
  const mm: MatmulDims = { batch: d.groups, m: og, k: kg, n: nl, transA: false, transB: false };
  launchMatmul(rt, pw, pcols, pprod, mm);
  if (bias) rt.k.binaryBroadcast(WASM_BINARY.add!, pprod, rt.put(bias), pprod, d.o, nl, BROADCAST.column, 0);
  getSwapped(rt, pprod, d.o, d.n, l, out);
}

/** conv2dInputGrad (see Backend): fold(w^T [G, K/G, O/G] @ swap(g) [G, O/G, N*L]). */
export function conv2dInputGrad(g: TypedArray, w: TypedArray, d: ConvDims, out: TypedArray): void {
  if (!f32(g) || !f32(w) || !f32(out)) return ref.conv2dInputGrad(g, w, d, out);
  if (out.length === 0) return;
  const { k, l, nl, kg, og } = convSizes(d);
  const rt = getRuntime();
  rt.reset();
  const pg = putSwapped(rt, g, d.n, d.o, l);
  const pw = rt.put(w);
  const pcols = rt.alloc(k * nl * 4);
  launchMatmul(rt, pw, pg, pcols, { batch: d.groups, m: kg, k: og, n: nl, transA: true, transB: false });
  const po = rt.alloc(out.length * 4);
  launchWindow(rt, 'fold', { ...d, batchInner: true }, [po, pcols, 0], { floats: k * nl });
  rt.get(po, out);
}

/** conv2dWeightGrad (see Backend): swap(g) [G, O/G, N*L] @ unfold(x)^T [G, N*L, K/G]. */
export function conv2dWeightGrad(g: TypedArray, x: TypedArray, d: ConvDims, out: TypedArray): void {
  if (!f32(g) || !f32(x) || !f32(out)) return ref.conv2dWeightGrad(g, x, d, out);
  if (out.length === 0) return;
  const { k, l, nl, kg, og } = convSizes(d);
  const rt = getRuntime();
  rt.reset();
  const pg = putSwapped(rt, g, d.n, d.o, l);
  const pcols = columns(rt, rt.put(x), d, k * nl);
  const po = rt.alloc(out.length * 4);
  launchMatmul(rt, pg, pcols, po, { batch: d.groups, m: og, k: nl, n: kg, transA: false, transB: true });
  rt.get(po, out);
}
