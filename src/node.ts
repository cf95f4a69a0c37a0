// The Node-only API (`import ... from 'neurite/node'`): file system, checkpoints, PNG output and
// dataset files. Everything browser-safe is in src/index.ts; files named node-*.ts live only here.

export * from './index.js';
export * from './data/node-index.js';
export * from './io/node-index.js';
export * from './report/node-index.js';
export { enableRelaxedSimd } from './backend/wasm/node-relaxed-simd.js';
