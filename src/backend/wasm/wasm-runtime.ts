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
}

/** Kernels a thread-pool job may run, by index. */
export const PARALLEL_KERNELS = ['matmul', 'unfold', 'fold', 'maxPool', 'maxPoolGrad'] as const;

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

/** Which module variant this host runs, and whether threads can be used. */
function pickVariant(): { bytes: Uint8Array<ArrayBuffer>; shared: boolean; relaxed: boolean } {
  const shared = envVar('NEURITE_WASM_SHARED') !== '0' && threadsSupported() && sharedMemorySupported();
  if (shared) {
    const relaxedOff = envVar('NEURITE_WASM_RELAXED') === '0';
    const relaxed = decode(SHARED_RELAXED);
    if (!relaxedOff && WebAssembly.validate(relaxed)) return { bytes: relaxed, shared, relaxed: true };
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
  f32!: Float32Array;
  i32!: Int32Array;
  u8!: Uint8Array;
  private top = ARENA_BASE;
  private readonly memory: WebAssembly.Memory;

  constructor(module: WebAssembly.Module, shared: boolean, relaxed: boolean, threads: number) {
    this.memory = new WebAssembly.Memory({ initial: 32, maximum: MAX_PAGES, shared });
    const instance = new WebAssembly.Instance(module, { env: { memory: this.memory } });
    this.k = instance.exports as unknown as KernelExports;
    this.relaxedSimd = relaxed;
    this.refreshViews();
    this.pool = shared ? new ThreadPool(module, this.memory, CTRL_PTR, PARALLEL_KERNELS) : null;
    this.pool?.grow(threads - 1);
  }

  private refreshViews(): void {
    this.f32 = new Float32Array(this.memory.buffer);
    this.i32 = new Int32Array(this.memory.buffer);
    this.u8 = new Uint8Array(this.memory.buffer);
  }

  /** Frees every arena allocation (called at the start of each kernel). */
  reset(): void {
    this.top = ARENA_BASE;
  }

  /** Allocates `bytes` (16-byte aligned) in the arena, growing the memory when needed. */
  alloc(bytes: number): number {
    const ptr = this.top;
    this.top = (ptr + bytes + 15) & ~15;
    const have = this.memory.buffer.byteLength;
    if (this.top > have) {
      const pages = Math.ceil((this.top - have) / PAGE);
      if (have / PAGE + pages > MAX_PAGES) throw new RangeError(`wasm backend: operands need more than ${MAX_PAGES / 16} MiB`);
      this.memory.grow(pages);
    }
    if (this.f32.buffer.byteLength !== this.memory.buffer.byteLength) this.refreshViews();
    return ptr;
  }

  /** Copies a float32 array into the arena and returns its pointer. */
  put(x: Float32Array): number {
    const p = this.alloc(x.length * 4);
    this.f32.set(x, p >> 2);
    return p;
  }

  /** Copies `n` float32s at `ptr` into `out`. */
  get(ptr: number, out: Float32Array): void {
    out.set(this.f32.subarray(ptr >> 2, (ptr >> 2) + out.length));
  }

  /** Bytes of arena in use now (tests check that it is released). */
  get arenaBytes(): number {
    return this.top - ARENA_BASE;
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
