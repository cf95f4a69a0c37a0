// Entry of the wasm kernel module (AssemblyScript): every export here is callable from
// src/backend/wasm. Memory is imported and shared; JS owns all allocation.

export { matmul, matmulPrepackFloats, matmulScratchBytes } from './matmul';
export { unary, binarySame, binaryBroadcast, compare, adamUpdate, adamPart } from './elementwise';
export { reduce } from './reduce';
export { unfold, fold } from './conv';
export { maxPool, maxPoolGrad } from './pool';
