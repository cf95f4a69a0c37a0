// One instance of the wasm kernels: the compiled module (relaxed SIMD where the engine validates it),
// its memory (shared when the host allows threads), a bump arena for kernel operands, and the thread
// pool. Created lazily on first use (synchronous compile) or ahead of time by `initWasm()` (async).

import { PLAIN_SIMD, SHARED_RELAXED, SHARED_SIMD } from './kernels-wasm.generated.js';
import { envVar, hardwareThreads, sharedMemorySupported, threadsSupported } from './platform.js';
import { MAX_THREADS, ThreadPool } from './thread-pool.js';

/** The exports of kernels/wasm/index.ts. Pointers are byte offsets into the memory. */
export interface KernelExports {
  matmul(args: number, part: number, nparts: number): void;
  matmulScratchBytes(): number;
  matmulPrepackFloats(m: number, k: number, n: number): number;
  unary(op: number, x: number, out: number, n: number): void;
  binarySame(op: number, a: number, b: number, out: number, n: number): void;
  binaryBroadcast(op: number, x: number, y: number, out: number, rows: number, cols: number, mode: number, swap: number): void;
  compare(op: number, x: number, y: number, out: number, n: number, scalar: number): void;
  reduce(op: number, x: number, out: number, outer: number, r: number, inner: number, acc: number): void;
  unfold(args: number, part: number, nparts: number): void;
  fold(args: number, part: number, nparts: number): void;
  maxPool(args: number, part: number, nparts: number): void;
  maxPoolGrad(args: number, part: number, nparts: number): void;
  adamUpdate(
    p: number, g: number, m: number, v: number, n: number,
    lr: number, b1: number, b2: number, eps: number, c1: number, c2: number, decay: number,
  ): void;
  adamPart(args: number, part: number, nparts: number): void;
}

/** Kernels a thread-pool job may run, by index. */
export const PARALLEL_KERNELS = ['matmul', 'unfold', 'fold', 'maxPool', 'maxPoolGrad', 'adamPart'] as const;

/** SharedArrayBuffer where the host has it (browsers without cross-origin isolation do not). */
const SAB = typeof SharedArrayBuffer === 'undefined' ? null : SharedArrayBuffer;

const PAGE = 65536;
const MAX_PAGES = 32768; // 2 GiB, the --maximumMemory the module is built with
const CTRL_PTR = 1024; // control block of the thread pool
/** Byte offset of the argument block a kernel reads its operands from. */
export const ARGS_PTR = 8192;
const ARENA_BASE = PAGE;

function decode(b64: string): Uint8Array<ArrayBuffer> {
  const s = atob(b64);
  const bytes = new Uint8Array(new ArrayBuffer(s.length));
  for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
  return bytes;
}

/** True when the engine accepts the relaxed-SIMD module (Node >= 22, or Node 20 with the V8 flag). */
export function relaxedSimdValid(bytes: Uint8Array<ArrayBuffer> = decode(SHARED_RELAXED)): boolean {
  return WebAssembly.validate(bytes);
}

/** Which module variant this host runs, and whether threads can be used. */
function pickVariant(): { bytes: Uint8Array<ArrayBuffer>; shared: boolean; relaxed: boolean } {
  const shared = envVar('NEURITE_WASM_SHARED') !== '0' && threadsSupported() && sharedMemorySupported();
  if (shared) {
    const relaxedOff = envVar('NEURITE_WASM_RELAXED') === '0';
    const relaxed = decode(SHARED_RELAXED);
    if (!relaxedOff && relaxedSimdValid(relaxed)) return { bytes: relaxed, shared, relaxed: true };
    return { bytes: decode(SHARED_SIMD), shared, relaxed: false };
  }
  return { bytes: decode(PLAIN_SIMD), shared: false, relaxed: false };
}

/** Threads asked for by NEURITE_NUM_THREADS, else the hardware's. */
export function defaultThreadCount(): number {
  const env = Number(envVar('NEURITE_NUM_THREADS'));
  const n = Number.isInteger(env) && env > 0 ? env : hardwareThreads();
  return Math.min(MAX_THREADS, n);
}

/** A ready-to-call instance of the kernels with its memory and threads. */
export class WasmRuntime {
  readonly k: KernelExports;
  readonly pool: ThreadPool | null;
  readonly relaxedSimd: boolean;
  readonly sharedMemory: boolean;
  f32!: Float32Array;
  i32!: Int32Array;
  u8!: Uint8Array;
  private top = ARENA_BASE;
  /** Start of the kernel arena: everything below (from ARENA_BASE) holds resident buffers. */
  private base = ARENA_BASE;
  /** Freed resident blocks, reused best-fit. */
  private readonly freeBlocks: { ptr: number; bytes: number }[] = [];
  /** Every `memory.buffer` handed out (a shared memory gives a new SharedArrayBuffer object per size). */
  private readonly buffers = new WeakSet<ArrayBufferLike>();
  private readonly residents = new FinalizationRegistry<{ ptr: number; bytes: number }>((b) => this.freeResident(b));
  private readonly memory: WebAssembly.Memory;

  constructor(module: WebAssembly.Module, shared: boolean, relaxed: boolean, threads: number) {
    this.memory = new WebAssembly.Memory({ initial: 32, maximum: MAX_PAGES, shared });
    const instance = new WebAssembly.Instance(module, { env: { memory: this.memory } });
    this.k = instance.exports as unknown as KernelExports;
    this.relaxedSimd = relaxed;
    this.sharedMemory = shared;
    this.refreshViews();
    this.pool = shared ? new ThreadPool(module, this.memory, CTRL_PTR, PARALLEL_KERNELS) : null;
    this.pool?.grow(threads - 1);
  }

  private refreshViews(): void {
    this.buffers.add(this.memory.buffer);
    this.f32 = new Float32Array(this.memory.buffer);
    this.i32 = new Int32Array(this.memory.buffer);
    this.u8 = new Uint8Array(this.memory.buffer);
  }

  /** Frees every arena allocation (called at the start of each kernel). */
  reset(): void {
    this.top = this.base;
  }

  /**
   * Grows the memory to at least `end` bytes. NOTE: only this thread grows the memory (helpers never
   * do), so the size of the current views is the memory's size; reading `memory.buffer` on every
   * allocation cost 4% of a small op.
   */
  private ensure(end: number): void {
    const have = this.u8.length;
    if (end <= have) return;
    const pages = Math.ceil((end - have) / PAGE);
    if (have / PAGE + pages > MAX_PAGES) throw new RangeError(`wasm backend: operands need more than ${MAX_PAGES / 16} MiB`);
    this.memory.grow(pages);
    this.refreshViews();
  }

  /** Allocates `bytes` (16-byte aligned) in the arena, growing the memory when needed. */
  alloc(bytes: number): number {
    const ptr = this.top;
    this.top = (ptr + bytes + 15) & ~15;
    this.ensure(this.top);
    return ptr;
  }

  /**
   * A zeroed float32 array of length `n` that lives in wasm memory for as long as the array is
   * reachable (its block is freed when the garbage collector finalizes it), so kernels read and write
   * it in place: `put` and `get` skip the copy. Null without shared memory, whose views a `grow`
   * would detach. Call only between kernels (it may move the arena).
   */
  resident(n: number): Float32Array | null {
    if (!this.sharedMemory) return null;
    const bytes = (n * 4 + 15) & ~15;
    let best = -1;
    this.freeBlocks.forEach((b, i) => {
      if (b.bytes >= bytes && (best < 0 || b.bytes < this.freeBlocks[best]!.bytes)) best = i;
    });
    let block: { ptr: number; bytes: number };
    if (best >= 0) {
      block = this.freeBlocks.splice(best, 1)[0]!;
      this.u8.fill(0, block.ptr, block.ptr + block.bytes);
    } else {
      block = { ptr: this.base, bytes };
      this.ensure(this.base + bytes);
      this.base += bytes;
      this.top = Math.max(this.top, this.base);
    }
    const view = new Float32Array(this.memory.buffer, block.ptr, n);
    this.residents.register(view, block);
    return view;
  }

  private freeResident(block: { ptr: number; bytes: number }): void {
    if (block.ptr + block.bytes === this.base) this.base = block.ptr;
    else this.freeBlocks.push(block);
    // NOTE: blocks freed earlier just below the new end now end the region too.
    for (;;) {
      const i = this.freeBlocks.findIndex((b) => b.ptr + b.bytes === this.base);
      if (i < 0) break;
      this.base = this.freeBlocks.splice(i, 1)[0]!.ptr;
    }
  }

  /** The pointer of `x` when it is a view into this memory (see `resident`), else null. */
  pointerOf(x: Float32Array): number | null {
    const b = x.buffer;
    // NOTE: resident arrays exist only with shared memory; the common answer (a plain ArrayBuffer)
    // needs no WeakSet lookup.
    if (SAB === null || !(b instanceof SAB)) return null;
    return b === this.u8.buffer || this.buffers.has(b) ? x.byteOffset : null;
  }

  /** Copies a float32 array into the arena and returns its pointer (a resident array's own, uncopied). */
  put(x: Float32Array): number {
    const own = this.pointerOf(x);
    if (own !== null) return own;
    const p = this.alloc(x.length * 4);
    this.f32.set(x, p >> 2);
    return p;
  }

  /** Copies `n` float32s at `ptr` into `out` (nothing to copy when `out` is the resident array at `ptr`). */
  get(ptr: number, out: Float32Array): void {
    if (this.pointerOf(out) === ptr) return;
    out.set(this.f32.subarray(ptr >> 2, (ptr >> 2) + out.length));
  }

  /** Bytes of arena in use now (tests check that it is released). */
  get arenaBytes(): number {
    return this.top - this.base;
  }

  /** Bytes of resident buffers in use (see `resident`). */
  get residentBytes(): number {
    return this.base - ARENA_BASE - this.freeBlocks.reduce((a, b) => a + b.bytes, 0);
  }

  /** Size of the whole wasm memory in bytes. */
  get memoryBytes(): number {
    return this.memory.buffer.byteLength;
  }
}

let runtime: WasmRuntime | null = null;
let failure: unknown = null;

/** The runtime, compiled synchronously on first use (fine in Node; browsers should `await initWasm()`). */
export function getRuntime(): WasmRuntime {
  if (runtime) return runtime;
  if (failure) throw failure;
  try {
    const v = pickVariant();
    runtime = new WasmRuntime(new WebAssembly.Module(v.bytes), v.shared, v.relaxed, defaultThreadCount());
    return runtime;
  } catch (e) {
    failure = e;
    throw e;
  }
}

/** What the wasm kernels run with: see `wasmFeatures`. */
export interface WasmFeatures {
  /** Fused multiply-add through relaxed SIMD (see `enableRelaxedSimd` in `neurite/node`). */
  relaxedSimd: boolean;
  /** Shared memory, hence worker threads. */
  sharedMemory: boolean;
  /** Helper threads started (the calling thread not counted). */
  helpers: number;
}

/**
 * The features of the wasm kernels: of the running module, or (with `create`, the default) of the one
 * compiled now if none runs yet; null when `create` is false and nothing has run yet.
 */
export function wasmFeatures({ create = true }: { create?: boolean } = {}): WasmFeatures | null {
  if (!runtime && !create) return null;
  const rt = getRuntime();
  return { relaxedSimd: rt.relaxedSimd, sharedMemory: rt.sharedMemory, helpers: rt.pool?.helpers ?? 0 };
}

/** Compiles the kernels asynchronously (the way browsers want it); resolves to the runtime. */
export async function initWasm(): Promise<WasmRuntime> {
  if (runtime) return runtime;
  const v = pickVariant();
  const module = await WebAssembly.compile(v.bytes);
  runtime ??= new WasmRuntime(module, v.shared, v.relaxed, defaultThreadCount());
  return runtime;
}

/** True when this host can run the wasm kernels (WebAssembly with 128-bit SIMD). */
export function wasmSupported(): boolean {
  try {
    return typeof WebAssembly === 'object' && WebAssembly.validate(decode(PLAIN_SIMD));
  } catch {
    return false;
  }
}
