// Which backend runs the kernels. Backends are plain objects implementing `Backend`; the built-in
// ones are listed here by name (no registration by side-effect import). The default is picked on
// first use: NEURITE_BACKEND if set, else DEFAULT_BACKEND when this host can run it, else 'cpu'.

import { ValueError } from '../errors.js';
import type { Backend } from './backend.js';
import { referenceBackend } from './reference/reference-backend.js';
import { wasmBackend } from './wasm/wasm-backend.js';
import { envVar } from './wasm/platform.js';
import { getRuntime, initWasm } from './wasm/wasm-runtime.js';

/** Names of the built-in backends. */
export type BackendName = 'cpu' | 'wasm';

const BUILTIN: { readonly [N in BackendName]: Backend } = { cpu: referenceBackend, wasm: wasmBackend };

// >>> The default backend (the fastest one that passes the conformance suite). <<<
const DEFAULT_BACKEND: BackendName = 'wasm';

let current: Backend | null = null;
let chosen = false;

function isName(s: string): s is BackendName {
  return Object.prototype.hasOwnProperty.call(BUILTIN, s);
}

function byName(op: string, name: string): Backend {
  if (!isName(name)) {
    throw new ValueError(`${op}: unknown backend '${name}' (available: ${Object.keys(BUILTIN).join(', ')})`);
  }
  if (name === 'wasm') getRuntime(); // compiles now, so an unusable host fails here and not mid-op
  return BUILTIN[name];
}

/** The backend the environment or the default asks for, falling back to 'cpu' if wasm cannot run. */
function initialBackend(): Backend {
  const env = envVar('NEURITE_BACKEND');
  if (env) return byName('NEURITE_BACKEND', env);
  try {
    return byName('setBackend', DEFAULT_BACKEND);
  } catch {
    return referenceBackend;
  }
}

/** The backend that runs kernels now. */
export function getBackend(): Backend {
  current ??= initialBackend();
  return current;
}

/**
 * Chooses the backend: a built-in name (`'cpu'`, the reference TypeScript kernels; `'wasm'`,
 * WebAssembly SIMD on all threads) or any object implementing `Backend`. Overrides NEURITE_BACKEND.
 * Returns the previous backend so callers can restore it.
 */
export function setBackend(backend: BackendName | Backend): Backend {
  const prev = getBackend();
  current = typeof backend === 'string' ? byName('setBackend', backend) : backend;
  chosen = true;
  return prev;
}

/** Runs `fn` with `backend` selected, then restores the previous one. */
export function withBackend<T>(backend: BackendName | Backend, fn: () => T): T {
  const prev = setBackend(backend);
  try {
    return fn();
  } finally {
    current = prev;
  }
}

/**
 * Prepares the backends asynchronously: compiles the wasm kernels off the main thread's critical
 * path (browsers limit synchronous compilation there). Call `await initBackend()` once at start-up
 * in a browser; in Node it is optional. Resolves to the backend now in use.
 */
export async function initBackend(): Promise<Backend> {
  try {
    await initWasm();
  } catch {
    // No usable WebAssembly SIMD here: the reference backend stays.
  }
  if (!chosen) current = initialBackend();
  return getBackend();
}
