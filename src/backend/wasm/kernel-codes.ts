// The op codes and broadcast modes the wasm kernels take (kernels/wasm/elementwise.ts, reduce.ts):
// one table for every caller (the backend's entry points and the fused convolutions).

import type { BinaryOp, ReduceOp, UnaryOp } from '../backend.js';

export const WASM_UNARY: Partial<Record<UnaryOp, number>> = { neg: 0, abs: 1, sqrt: 2, relu: 3, sign: 4 };
export const WASM_BINARY: Partial<Record<BinaryOp, number>> = { add: 0, sub: 1, mul: 2, div: 3, maximum: 4, minimum: 5, reluGrad: 6 };
export const WASM_REDUCE: Partial<Record<ReduceOp, number>> = { sum: 0, max: 1, min: 2 };
export const WASM_COMPARE: Partial<Record<BinaryOp, number>> = { eq: 0, ne: 1, lt: 2, le: 3, gt: 4, ge: 5 };

/** `binaryBroadcast` modes: the small operand is a row [c], a column [r, 1] or a scalar. */
export const BROADCAST = { row: 0, column: 1, scalar: 2 } as const;
