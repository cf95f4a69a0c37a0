// The `wasm` backend: float32 matmul, elementwise and reduction kernels in WebAssembly SIMD (matmul on
// all threads). Operands are copied into the wasm arena and results copied out, since tensors own
// plain typed arrays. Everything else (float64/int32/bool data, general broadcasting, comparisons,
// shape kernels) falls back explicitly to the reference backend: see `fallbackReason`.

import type { AdamUpdateOptions, Backend, BinaryOp, MatmulDims, ReduceOp, UnaryOp, UnfoldDims } from '../backend.js';
import { referenceBackend as ref } from '../reference/reference-backend.js';
import type { TypedArray } from '../../tensor/dtype.js';
import { sameShape, sizeOf } from '../../tensor/shape.js';
import { getRuntime } from './wasm-runtime.js';
import { launchAdam, launchMatmul, launchWindow, type WindowKernel } from './wasm-launch.js';
import { conv2d, conv2dInputGrad, conv2dWeightGrad } from './wasm-conv.js';
import { jsUnary } from './js-unary.js';
import { BROADCAST, WASM_BINARY, WASM_COMPARE, WASM_REDUCE, WASM_UNARY } from './kernel-codes.js';

/** `s op x` is `x op' s`: the comparison with its operands swapped. */
const SWAPPED: Partial<Record<BinaryOp, BinaryOp>> = { eq: 'eq', ne: 'ne', lt: 'gt', le: 'ge', gt: 'lt', ge: 'le' };

const isCompare = (op: BinaryOp): boolean => op in WASM_COMPARE;

const f32 = (x: TypedArray): x is Float32Array => x instanceof Float32Array;

/** How the broadcast of a binary op maps onto a wasm kernel, or null for the reference fallback. */
interface BroadcastPlan {
  /** See BROADCAST. */
  mode: number;
  swap: boolean;
  rows: number;
  cols: number;
}

function trimOnes(shape: readonly number[]): readonly number[] {
  let i = 0;
  while (i < shape.length && shape[i] === 1) i++;
  return shape.slice(i);
}

/** Plans `full op small` where `full` has the output's shape. */
function planBroadcast(full: readonly number[], small: readonly number[], out: readonly number[], swap: boolean): BroadcastPlan | null {
  if (!sameShape(full, out)) return null;
  const size = sizeOf(out);
  const cols = out.length === 0 ? 1 : out[out.length - 1]!;
  if (sizeOf(small) === 1) return { mode: BROADCAST.scalar, swap, rows: 1, cols: size };
  if (cols === 0) return null;
  const t = trimOnes(small);
  if (t.length === 1 && t[0] === cols) return { mode: BROADCAST.row, swap, rows: size / cols, cols };
  if (small.length === out.length && small[small.length - 1] === 1 && sameShape(small.slice(0, -1), out.slice(0, -1))) {
    return { mode: BROADCAST.column, swap, rows: size / cols, cols };
  }
  return null;
}

/**
 * Why an operation would not run in wasm (null when it does): the explicit fallback rule, exported so
 * tests can check that each case goes where it should.
 */
export function fallbackReason(
  kind: 'unary' | 'binary' | 'reduce' | 'matmul', op: string, arrays: readonly TypedArray[],
): string | null {
  // Comparisons write bool (Uint8Array) outputs; only their inputs must be float32.
  const inputs = kind === 'binary' && isCompare(op as BinaryOp) ? arrays.slice(0, 2) : arrays;
  if (!inputs.every(f32)) return 'not float32';
  if (kind === 'unary' && !(op in WASM_UNARY) && !jsUnary.has(op as UnaryOp)) return `no kernel for ${op}`;
  if (kind === 'binary' && !(op in WASM_BINARY) && !isCompare(op as BinaryOp)) return `no kernel for ${op}`;
  if (kind === 'reduce' && !(op in WASM_REDUCE)) return `no kernel for ${op}`;
  return null;
}

function matmul(a: TypedArray, b: TypedArray, out: TypedArray, dims: MatmulDims): void {
  if (!f32(a) || !f32(b) || !f32(out)) return ref.matmul(a, b, out, dims);
  if (out.length === 0) return;
  const rt = getRuntime();
  rt.reset();
  const pa = rt.put(a);
  const pb = rt.put(b);
  const pc = rt.alloc(out.length * 4);
  launchMatmul(rt, pa, pb, pc, dims);
  rt.get(pc, out);
}

function unary(op: UnaryOp, x: TypedArray, out: TypedArray): void {
  if (!f32(x) || !f32(out)) return ref.unary(op, x, out);
  const code = WASM_UNARY[op];
  if (code === undefined) {
    const fn = jsUnary.get(op);
    return fn ? fn(x, out) : ref.unary(op, x, out);
  }
  const rt = getRuntime();
  rt.reset();
  const px = rt.put(x);
  const po = rt.alloc(out.length * 4);
  rt.k.unary(code, px, po, x.length);
  rt.get(po, out);
}

function binary(
  op: BinaryOp, a: TypedArray, aShape: readonly number[], b: TypedArray, bShape: readonly number[],
  out: TypedArray, outShape: readonly number[],
): void {
  if (isCompare(op) && f32(a) && f32(b) && out instanceof Uint8Array) {
    const aFull = sameShape(aShape, outShape);
    const bFull = sameShape(bShape, outShape);
    if (aFull && (bFull || b.length === 1)) return compare(op, a, b, out, !bFull);
    if (bFull && a.length === 1) return compare(SWAPPED[op]!, b, a, out, true);
  }
  const code = WASM_BINARY[op];
  if (code === undefined || !f32(a) || !f32(b) || !f32(out)) return ref.binary(op, a, aShape, b, bShape, out, outShape);
  const same = sameShape(aShape, outShape) && sameShape(bShape, outShape);
  const plan = same ? null : planBroadcast(aShape, bShape, outShape, false) ?? planBroadcast(bShape, aShape, outShape, true);
  if (!same && !plan) return ref.binary(op, a, aShape, b, bShape, out, outShape);
  if (out.length === 0) return;
  const rt = getRuntime();
  rt.reset();
  const pa = rt.put(a);
  const pb = rt.put(b);
  const po = rt.alloc(out.length * 4);
  if (same) rt.k.binarySame(code, pa, pb, po, out.length);
  else if (plan!.swap) rt.k.binaryBroadcast(code, pb, pa, po, plan!.rows, plan!.cols, plan!.mode, 1);
  else rt.k.binaryBroadcast(code, pa, pb, po, plan!.rows, plan!.cols, plan!.mode, 0);
  rt.get(po, out);
}

/** Comparison of float32 `x` with same-shaped `y` (or with `y[0]` when `scalar`), into bool bytes. */
function compare(op: BinaryOp, x: Float32Array, y: Float32Array, out: Uint8Array, scalar: boolean): void {
  if (out.length === 0) return;
  const rt = getRuntime();
  rt.reset();
  const px = rt.put(x);
  const py = rt.put(scalar ? y.subarray(0, 1) : y);
  const po = rt.alloc(out.length);
  rt.k.compare(WASM_COMPARE[op]!, px, py, po, out.length, scalar ? 1 : 0);
  out.set(rt.u8.subarray(po, po + out.length));
}

function reduce(op: ReduceOp, x: TypedArray, shape: readonly number[], axis: number, out: TypedArray): void {
  const code = WASM_REDUCE[op];
  if (code === undefined || !f32(x) || !f32(out)) return ref.reduce(op, x, shape, axis, out);
  if (out.length === 0) return;
  let outer = 1;
  let inner = 1;
  for (let d = 0; d < axis; d++) outer *= shape[d]!;
  for (let d = axis + 1; d < shape.length; d++) inner *= shape[d]!;
  const rt = getRuntime();
  rt.reset();
  const px = rt.put(x);
  const po = rt.alloc(out.length * 4);
  const acc = rt.alloc(inner * 8);
  rt.k.reduce(code, px, po, outer, shape[axis]!, inner, acc);
  rt.get(po, out);
}

/**
 * Runs a window kernel over `d`: copies `inputs` into wasm memory, passes the pointers `ptrs` picks
 * (image `a`, columns or output `b`, gradient `g` for maxPoolGrad only) and copies `out` back.
 */
function runWindow(
  kernel: WindowKernel, d: UnfoldDims, inputs: readonly Float32Array[], out: Float32Array,
  ptrs: (inputPtrs: number[], outPtr: number) => [a: number, b: number, g: number], { value = 0, floats }: { value?: number; floats: number },
): void {
  if (out.length === 0) return;
  const rt = getRuntime();
  rt.reset();
  const pin = inputs.map((x) => rt.put(x));
  const po = rt.alloc(out.length * 4);
  launchWindow(rt, kernel, d, ptrs(pin, po), { value, floats });
  rt.get(po, out);
}

function unfold(x: TypedArray, d: UnfoldDims, value: number, out: TypedArray): void {
  if (!f32(x) || !f32(out)) return ref.unfold(x, d, value, out);
  runWindow('unfold', d, [x], out, ([px], po) => [px!, po, 0], { value, floats: out.length });
}

function fold(cols: TypedArray, d: UnfoldDims, out: TypedArray): void {
  if (!f32(cols) || !f32(out)) return ref.fold(cols, d, out);
  runWindow('fold', d, [cols], out, ([pc], po) => [po, pc!, 0], { floats: cols.length });
}

function maxPool(x: TypedArray, d: UnfoldDims, out: TypedArray): void {
  if (!f32(x) || !f32(out)) return ref.maxPool(x, d, out);
  runWindow('maxPool', d, [x], out, ([px], po) => [px!, po, 0], { floats: x.length });
}

function maxPoolGrad(g: TypedArray, x: TypedArray, d: UnfoldDims, out: TypedArray): void {
  if (!f32(g) || !f32(x) || !f32(out)) return ref.maxPoolGrad(g, x, d, out);
  runWindow('maxPoolGrad', d, [g, x], out, ([pg, px], po) => [px!, po, pg!], { floats: x.length });
}

function adamUpdate(param: Float32Array, grad: Float32Array, m: Float32Array, v: Float32Array, o: AdamUpdateOptions): void {
  const n = param.length;
  const rt = getRuntime();
  rt.reset();
  const pp = rt.put(param);
  const pg = rt.put(grad);
  const pm = rt.put(m);
  const pv = rt.put(v);
  const c1 = 1 - Math.pow(o.beta1, o.step);
  const c2 = 1 - Math.pow(o.beta2, o.step);
  launchAdam(rt, [pp, pg, pm, pv], n, [o.lr, o.beta1, o.beta2, o.eps, c1, c2, o.weightDecay]);
  rt.get(pp, param);
  rt.get(pm, m);
  rt.get(pv, v);
}

/**
 * Conversions into a float array are exactly `out[i] = x[i]` (the reference's loop), which the engine's
 * native typed-array copy does without a per-element call; other targets go to the reference.
 */
function cast(x: TypedArray, out: TypedArray): void {
  if (out instanceof Float32Array || out instanceof Float64Array) out.set(x);
  else ref.cast(x, out);
}

/**
 * The WebAssembly SIMD backend (`'wasm'`). Same results as the reference backend up to float32
 * rounding (matmul accumulates in float32 registers; sums of reductions in float64).
 */
export const wasmBackend: Backend = {
  ...ref,
  name: 'wasm',
  matmul,
  unary,
  binary,
  reduce,
  unfold,
  fold,
  maxPool,
  maxPoolGrad,
  cast,
  adamUpdate,
  conv2d,
  conv2dInputGrad,
  conv2dWeightGrad,
  stateBuffer: (n) => getRuntime().resident(n),
};
