// Where an optimizer keeps its parameters: in the current backend's own memory when it offers one
// (Backend.stateBuffer; the wasm backend with shared memory), so kernels read the weights and the
// fused update writes them in place instead of copying them in and out on every use.

import { getBackend } from '../backend/registry.js';
import type { TypedArray } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';

/**
 * Parameters with fewer elements stay where they are: copying them costs less than a block of
 * backend memory (and a bias of a few floats would only fragment it).
 */
export const MIN_PLACED_ELEMENTS = 1024;

/** Storage already moved, by the array it replaced: tensors that shared it keep sharing the new one. */
const movedTo = new WeakMap<TypedArray, Float32Array>();
const placed = new WeakSet<TypedArray>();

/**
 * Moves a float32 parameter's storage into the current backend's memory (see `Tensor.moveStorage`);
 * does nothing when the backend has none to give, for other dtypes, small parameters, or storage
 * that is there already. Returns whether the parameter now lives in backend memory.
 */
export function placeInBackend(p: Tensor): boolean {
  const old = p.data;
  if (placed.has(old)) return true;
  const backend = getBackend();
  if (!backend.stateBuffer || p.dtype !== 'float32' || p.size < MIN_PLACED_ELEMENTS) return false;
  let buf = movedTo.get(old);
  if (buf === undefined) {
    const fresh = backend.stateBuffer(p.size);
    if (fresh === null) return false;
    buf = fresh;
    movedTo.set(old, buf);
    placed.add(buf);
  }
  p.moveStorage(buf);
  return true;
}
