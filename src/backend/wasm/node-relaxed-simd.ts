// Node only: turns on V8's relaxed SIMD (fused multiply-add in the matmul micro-kernel, +20-40%) where
// the engine has it behind `--experimental-wasm-relaxed-simd` (Node 20; Node >= 22 has it on).

import { setFlagsFromString } from 'node:v8';
import { relaxedSimdValid, wasmFeatures } from './wasm-runtime.js';

/**
 * Enables relaxed SIMD for the wasm kernels in this process, as `node --experimental-wasm-relaxed-simd`
 * would, and returns whether the kernels will use it. Call it before the first wasm kernel runs (the
 * module is compiled once); afterwards it only reports what the running module uses. Does nothing
 * when `NEURITE_WASM_RELAXED=0` is set or the engine already validates relaxed SIMD.
 *
 * NOTE: a fused multiply-add rounds once where mul + add round twice, so float32 results differ in
 * the last bits from a run without it; each configuration is deterministic on its own.
 */
export function enableRelaxedSimd(): boolean {
  const running = wasmFeatures({ create: false });
  if (running) return running.relaxedSimd;
  if (process.env.NEURITE_WASM_RELAXED === '0') return false;
  if (!relaxedSimdValid()) setFlagsFromString('--experimental-wasm-relaxed-simd');
  return relaxedSimdValid();
}
