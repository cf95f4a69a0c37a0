// Shared helpers of the wasm backend tests: seeded random arrays, tolerance checks against the
// reference backend, runs of code in a fresh Node process, and the backend without resident memory.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { Generator } from '../../src/tensor/random.js';
import { wasmBackend } from '../../src/backend/wasm/wasm-backend.js';

/** The wasm backend without memory to give (no `stateBuffer`): state and parameters stay plain arrays, copied in and out. */
export const copyingWasmBackend = { ...wasmBackend, name: 'wasm-copying', stateBuffer: undefined };

/** Seeded float32 array in [-1, 1), with optional NaN/Inf/±0 specials at fixed positions. */
export function randArray(n: number, seed: number, specials = false): Float32Array {
  const g = new Generator(seed);
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = g.nextDouble() * 2 - 1;
  if (specials && n >= 6) {
    a[0] = NaN;
    a[1] = 0;
    a[2] = -0;
    a[3] = Infinity;
    a[4] = -Infinity;
    a[5] = -2.5;
  }
  return a;
}

/** Asserts |got - want| <= atol + rtol |want| elementwise, NaN matching NaN and infinities exactly. */
export function assertClose(got: ArrayLike<number>, want: ArrayLike<number>, label: string, rtol = 1e-6, atol = 1e-6): void {
  assert.equal(got.length, want.length, `${label}: length`);
  for (let i = 0; i < want.length; i++) {
    const g = got[i]!;
    const w = want[i]!;
    if (Number.isNaN(w) || !Number.isFinite(w)) {
      assert.ok(Object.is(g, w) || (Number.isNaN(g) && Number.isNaN(w)), `${label}[${i}]: got ${g}, want ${w}`);
      continue;
    }
    assert.ok(Math.abs(g - w) <= atol + rtol * Math.abs(w), `${label}[${i}]: got ${g}, want ${w}`);
  }
}

/**
 * Runs `code` (TypeScript, ESM, through tsx) in a fresh Node process with extra environment `env`, from
 * the repository root; returns its exit status and stdout + stderr. A fresh process is what a test of
 * start-up choices (backend, threads, module variant) needs.
 */
export function runChild(code: string, env: Record<string, string> = {}, timeoutMs = 30000): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    env: { ...process.env, ...env }, encoding: 'utf8', timeout: timeoutMs, cwd: process.cwd(),
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}
