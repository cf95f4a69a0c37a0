// Transcendental unary maps of the wasm backend, as monomorphic JavaScript loops over float32 arrays:
// the engine's Math.exp/log/... are already vectorized-quality, and the loops produce exactly the
// reference backend's values (computed in float64, rounded once), with no copy into wasm memory.

import type { UnaryOp } from '../backend.js';
import { erf } from '../reference/erf-kernel.js';

type Loop = (x: Float32Array, out: Float32Array) => void;

/** float32 loops for the unary ops that have no SIMD instruction. */
export const jsUnary: ReadonlyMap<UnaryOp, Loop> = new Map<UnaryOp, Loop>([
  ['exp', (x, o) => { for (let i = 0; i < x.length; i++) o[i] = Math.exp(x[i]!); }],
  ['log', (x, o) => { for (let i = 0; i < x.length; i++) o[i] = Math.log(x[i]!); }],
  ['sin', (x, o) => { for (let i = 0; i < x.length; i++) o[i] = Math.sin(x[i]!); }],
  ['cos', (x, o) => { for (let i = 0; i < x.length; i++) o[i] = Math.cos(x[i]!); }],
  ['tanh', (x, o) => { for (let i = 0; i < x.length; i++) o[i] = Math.tanh(x[i]!); }],
  ['erf', (x, o) => { for (let i = 0; i < x.length; i++) o[i] = erf(x[i]!); }],
  ['sigmoid', (x, o) => {
    // NOTE: split at 0 like the reference so exp never overflows.
    for (let i = 0; i < x.length; i++) {
      const v = x[i]!;
      if (v >= 0) o[i] = 1 / (1 + Math.exp(-v));
      else {
        const e = Math.exp(v);
        o[i] = e / (1 + e);
      }
    }
  }],
]);
