// The wasm backend's convolutions. conv2d and its weight gradient are products whose B is the images'
// columns, gathered while packing (implicit im2col: the C*kh*kw x N*L columns are never written); the
// input gradient's product writes columns that col2im folds back, inside wasm memory. Only images,
// weights and gradients are copied, with the [N, O, L] <-> [O, N, L] swap of the product done then.

import type { ConvDims, MatmulDims } from '../backend.js';
import { referenceBackend as ref } from '../reference/reference-backend.js';
import { convSizes, swap01 } from '../reference/conv2d.js';
import type { TypedArray } from '../../tensor/dtype.js';
import { getRuntime, type WasmRuntime } from './wasm-runtime.js';
import { launchMatmul, launchWindow, writeGeometry } from './wasm-launch.js';
import { BROADCAST, WASM_BINARY } from './kernel-codes.js';

const f32 = (x: TypedArray): x is Float32Array => x instanceof Float32Array;

/**
 * Whether a product over the columns of `d` gathers them while packing (implicit) rather than from an
 * unfold. Measured in one process against unfold + pack (2 threads): the benchmark's convolutions
 * 0.66-0.93x the time, a padded 3x3 0.85x; but with fewer than 4 output channels per group (depthwise:
 * each column used once) the vector copies of unfold + pack win (1.1-1.9x), and so they do for the
 * forward pass of a horizontal stride, whose gather goes cell by cell (1.2x).
 */
function implicitColumns(d: ConvDims, forward: boolean): boolean {
  return d.o / d.groups >= 4 && (!forward || d.sw === 1);
}

/** Unfolds the image at `px` into fresh arena columns [K, N*L]; returns their pointer. */
function columns(rt: WasmRuntime, px: number, d: ConvDims, floats: number): number {
  const pc = rt.alloc(floats * 4);
  launchWindow(rt, 'unfold', { ...d, batchInner: true }, [px, pc, 0], { value: 0, floats });
  return pc;
}

/** B of a product over the columns of `d`: the images at px (implicit) or their unfold; and the geometry pointer. */
function columnOperand(rt: WasmRuntime, px: number, d: ConvDims, forward: boolean): [pb: number, geometry: number] {
  if (implicitColumns(d, forward)) return [px, writeGeometry(rt, d)];
  const { k, nl } = convSizes(d);
  return [columns(rt, px, d, k * nl), 0];
}

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

/**
 * conv2d (see Backend.conv2d): w [G, O/G, K/G] @ cols [G, K/G, N*L] (columns implicit or unfolded, see
 * implicitColumns), plus the bias on each of the O product rows (a column broadcast, in place),
 * swapped into out.
 */
export function conv2d(x: TypedArray, w: TypedArray, d: ConvDims, out: TypedArray, bias?: TypedArray | null): void {
  if (!f32(x) || !f32(w) || !f32(out) || (bias && !f32(bias))) return ref.conv2d(x, w, d, out, bias);
  if (out.length === 0) return;
  const { l, nl, kg, og } = convSizes(d);
  const rt = getRuntime();
  rt.reset();
  const pw = rt.put(w);
  const [pb, geometry] = columnOperand(rt, rt.put(x), d, true);
  const pprod = rt.alloc(d.o * nl * 4);
  const mm: MatmulDims = { batch: d.groups, m: og, k: kg, n: nl, transA: false, transB: false };
  launchMatmul(rt, pw, pb, pprod, mm, geometry);
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

/** conv2dWeightGrad (see Backend): swap(g) [G, O/G, N*L] @ cols^T [G, N*L, K/G] (see implicitColumns). */
export function conv2dWeightGrad(g: TypedArray, x: TypedArray, d: ConvDims, out: TypedArray): void {
  if (!f32(g) || !f32(x) || !f32(out)) return ref.conv2dWeightGrad(g, x, d, out);
  if (out.length === 0) return;
  const { l, nl, kg, og } = convSizes(d);
  const rt = getRuntime();
  rt.reset();
  const pg = putSwapped(rt, g, d.n, d.o, l);
  const [pb, geometry] = columnOperand(rt, rt.put(x), d, false);
  const po = rt.alloc(out.length * 4);
  launchMatmul(rt, pg, pb, po, { batch: d.groups, m: og, k: nl, n: kg, transA: false, transB: true }, geometry);
  rt.get(po, out);
}
