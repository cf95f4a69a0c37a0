// The thread count of the wasm backend: detected from the hardware or NEURITE_NUM_THREADS, settable
// with `setNumThreads`. Helpers are started on demand and sleep (Atomics.wait) when idle.

import { getRuntime } from './wasm-runtime.js';
import { ValueError } from '../../errors.js';
import { MAX_THREADS } from './thread-pool.js';
import { defaultThreadCount } from './wasm-runtime.js';

let wanted: number | null = null;

/** Threads the wasm kernels use (1 = the calling thread only). */
export function getNumThreads(): number {
  wanted ??= defaultThreadCount();
  return wanted;
}

/**
 * Sets how many threads the wasm kernels use (like `torch.set_num_threads`). Where the host has no
 * shared memory or may not block (a browser's main thread), kernels run on one thread regardless.
 */
export function setNumThreads(n: number): void {
  if (!Number.isInteger(n) || n < 1 || n > MAX_THREADS) {
    throw new ValueError(`setNumThreads: expected an integer from 1 to ${MAX_THREADS}, got ${n}`);
  }
  wanted = n;
  getRuntime().pool?.grow(n - 1);
}

/**
 * Blocks until the helper threads have started (up to `timeoutMs`); returns how many are ready.
 * Kernels never wait for helpers that are still starting, so this is only needed for measurements
 * and tests that must use every thread.
 */
export function waitForThreads(timeoutMs = 5000): number {
  const pool = getRuntime().pool;
  if (!pool) return 0;
  pool.waitReady(timeoutMs);
  return pool.readyHelpers();
}

/**
 * Resolves, without blocking, once the helper threads have started (or after `timeoutMs`) to how many
 * are ready. Use this in browsers: a Worker that blocks in `waitForThreads` never lets the helper Web
 * Workers it creates start (their start-up runs on its event loop), so it would wait out the timeout.
 */
export async function threadsReady(timeoutMs = 5000): Promise<number> {
  const pool = getRuntime().pool;
  if (!pool) return 0;
  const deadline = Date.now() + timeoutMs;
  while (pool.readyHelpers() < pool.helpers && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  return pool.readyHelpers();
}
