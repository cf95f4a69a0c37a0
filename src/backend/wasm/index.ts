// The wasm backend's public surface: the backend object, async initialisation and thread control.

export { wasmBackend, fallbackReason } from './wasm-backend.js';
export { initWasm, wasmFeatures, wasmSupported, type WasmFeatures } from './wasm-runtime.js';
export { getNumThreads, setNumThreads, threadsReady, waitForThreads } from './threads.js';
