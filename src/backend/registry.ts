// Which backend runs the kernels. Backends are plain objects implementing `Backend`; the known ones
// are listed here by name (no registration by side-effect import).

import { ValueError } from '../errors.js';
import type { Backend } from './backend.js';
import { referenceBackend } from './reference/reference-backend.js';

let current: Backend = referenceBackend;

/** The backend that runs kernels now. */
export function getBackend(): Backend {
  return current;
}

/**
 * Chooses the backend: a name of a built-in backend (`'cpu'`) or any object implementing `Backend`.
 * Returns the previous backend so callers can restore it.
 */
export function setBackend(backend: 'cpu' | Backend): Backend {
  const prev = current;
  if (typeof backend === 'string') {
    if (backend !== 'cpu') throw new ValueError(`setBackend: unknown backend '${String(backend)}' (available: cpu)`);
    current = referenceBackend;
  } else {
    current = backend;
  }
  return prev;
}

/** Runs `fn` with `backend` selected, then restores the previous one. */
export function withBackend<T>(backend: 'cpu' | Backend, fn: () => T): T {
  const prev = setBackend(backend);
  try {
    return fn();
  } finally {
    current = prev;
  }
}
