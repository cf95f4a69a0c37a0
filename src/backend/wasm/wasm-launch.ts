// Launching the threaded wasm kernels on operands already in wasm memory: the matmul (ranges of C from
// a shared counter), the window kernels (split by plane) and the fused Adam step (chunks from a shared
// counter). The backend's entry points and the fused convolutions (wasm-conv.ts) both come through here.

import type { MatmulDims, UnfoldDims } from '../backend.js';
import { getNumThreads } from './threads.js';
import { ARGS_PTR, PARALLEL_KERNELS, type WasmRuntime } from './wasm-runtime.js';

/** Products with fewer multiply-adds than this run on one thread (waking workers costs more). */
export const PARALLEL_MIN_MACS = 1 << 18;

/** Window kernels moving fewer floats than this run on one thread. */
export const PARALLEL_MIN_WINDOW_FLOATS = 1 << 16;

/** Adam steps on fewer elements than this run on one thread. */
export const PARALLEL_MIN_ADAM = 1 << 16;

/** Where the matmul's shared chunk counter lives (just after its argument block). */
const COUNTER_PTR = ARGS_PTR + 64;

/** The window kernels of the module. */
export type WindowKernel = 'unfold' | 'fold' | 'maxPool' | 'maxPoolGrad';

/**
 * How many ranges a threaded product is cut into: a few per thread, so a thread the OS preempts
 * (other processes share the cores) is covered by the others, but each at least 2^17 multiply-adds
 * (every range repacks the operand it does not split) and no more than there are tiles.
 */
function matmulChunks(m: number, n: number, macs: number, threads: number): number {
  const tiles = m >= n ? Math.ceil(m / 4) : Math.ceil(n / 8);
  return Math.max(1, Math.min(tiles, threads * 4, Math.max(threads, Math.floor(macs / (1 << 17)))));
}

/** Threads a kernel runs on: all that are asked for and started when the work is `large`, else one. */
function threadsFor(rt: WasmRuntime, large: boolean): number {
  return rt.pool && large ? Math.min(getNumThreads(), rt.pool.helpers + 1) : 1;
}

/**
 * C (at pc) = op(A) op(B) for operands at pa and pb, on the threads when it is large enough. With `geometry`
 * (a pointer to a convolution's geometry, see `writeGeometry`), pb is the images and B their implicit
 * columns (kernels/wasm/matmul-implicit.ts).
 */
export function launchMatmul(rt: WasmRuntime, pa: number, pb: number, pc: number, dims: MatmulDims, geometry = 0): void {
  const { batch, m, k, n, transA, transB } = dims;
  const macs = batch * m * n * k;
  const threads = threadsFor(rt, macs >= PARALLEL_MIN_MACS);
  const chunks = threads === 1 ? 1 : matmulChunks(m, n, macs, threads);
  // Several ranges of one product: each thread packs the operand the split leaves whole once (in its
  // scratch, after the fixed part) rather than once per range.
  const prepack = chunks > 1 && batch === 1;
  const stride = rt.k.matmulScratchBytes() + (prepack ? ((rt.k.matmulPrepackFloats(m, k, n) * 4 + 15) & ~15) : 0);
  const scratch = rt.alloc(stride * threads);
  rt.i32.set([pa, pb, pc, batch, m, k, n, transA ? 1 : 0, transB ? 1 : 0, scratch, stride, COUNTER_PTR, chunks, prepack ? 1 : 0, geometry], ARGS_PTR >> 2);
  rt.i32[COUNTER_PTR >> 2] = 0;
  if (threads > 1) rt.pool!.run(0, rt.k.matmul, ARGS_PTR, threads - 1, { canWithdraw: true });
  else rt.k.matmul(ARGS_PTR, 0, 1);
}

/** The geometry i32s of the unfold/fold kernels, in that order. */
function geometryInts(d: UnfoldDims): number[] {
  return [d.n, d.c, d.h, d.w, d.kh, d.kw, d.sh, d.sw, d.ph, d.pw, d.dh, d.dw, d.oh, d.ow, d.batchInner ? 1 : 0];
}

/** Writes `d` into the arena as the i32 block an implicit product reads; returns its pointer. */
export function writeGeometry(rt: WasmRuntime, d: UnfoldDims): number {
  const ints = geometryInts(d);
  const p = rt.alloc(ints.length * 4);
  rt.i32.set(ints, p >> 2);
  return p;
}

/**
 * Runs window kernel `kernel` over `d` with pointers [image a, columns or output b, gradient g (maxPoolGrad
 * only)], split over the threads when it moves at least PARALLEL_MIN_WINDOW_FLOATS floats.
 */
export function launchWindow(
  rt: WasmRuntime, kernel: WindowKernel, d: UnfoldDims, ptrs: [a: number, b: number, g: number], { value = 0, floats }: { value?: number; floats: number },
): void {
  rt.i32.set([...geometryInts(d), ...ptrs], ARGS_PTR >> 2);
  rt.f32[(ARGS_PTR >> 2) + 18] = value;
  const threads = threadsFor(rt, floats >= PARALLEL_MIN_WINDOW_FLOATS);
  if (threads > 1) rt.pool!.run(PARALLEL_KERNELS.indexOf(kernel), rt.k[kernel], ARGS_PTR, threads - 1);
  else rt.k[kernel](ARGS_PTR, 0, 1);
}

/** Elements per chunk of a threaded Adam step (a multiple of 4: whole SIMD groups). */
export const ADAM_CHUNK = 1 << 14;

/**
 * One fused Adam step on operands already in wasm memory (pointers p, g, m, v; see `adamUpdate` in
 * kernels/wasm/elementwise.ts). Large steps go to the threads in chunks taken from a shared counter,
 * and the caller withdraws a helper that has not started when it is done (a helper the OS wakes late
 * would otherwise make it wait); a chunk is computed the same way whoever takes it.
 */
export function launchAdam(
  rt: WasmRuntime, ptrs: [p: number, g: number, m: number, v: number], n: number,
  f: [lr: number, b1: number, b2: number, eps: number, c1: number, c2: number, decay: number],
): void {
  const threads = threadsFor(rt, n >= PARALLEL_MIN_ADAM);
  if (threads === 1) return rt.k.adamUpdate(...ptrs, n, ...f);
  rt.i32.set([...ptrs, n, COUNTER_PTR, Math.ceil(n / ADAM_CHUNK), ADAM_CHUNK], ARGS_PTR >> 2);
  rt.f32.set(f, (ARGS_PTR >> 2) + 8);
  rt.i32[COUNTER_PTR >> 2] = 0;
  rt.pool!.run(PARALLEL_KERNELS.indexOf('adamPart'), rt.k.adamPart, ARGS_PTR, threads - 1, { canWithdraw: true });
}
