// Reuse of large float buffers that the autograd engine knows are dead: gradients flowing between
// nodes during backward. A new 4.7 MB Float32Array costs about 2 ms in Node (V8 zeroes it, and the
// external memory it adds sets off a scavenge every few allocations) against 0.3 ms to refill an old
// one, and a CNN step made 25 MB of them. `allocate` takes from here first (zero-filled, so the
// same as a fresh array); only the engine gives buffers back (see `propagate` in engine.ts).

/** Buffers shorter than this are not pooled (small allocations are cheap and GC-friendly). */
export const POOL_MIN_ELEMENTS = 1 << 14;
/** Most bytes the pool holds; buffers given back beyond it are left to the garbage collector. */
export const POOL_MAX_BYTES = 64 * 1024 * 1024;

type FloatBuffer = Float32Array | Float64Array;

const free = new Map<string, FloatBuffer[]>();
/** Buffers in the pool now: giving one back twice must not hand it out twice. */
let inPool = new WeakSet<FloatBuffer>();
let pooledBytes = 0;
let enabled = true;

const keyOf = (ctor: string, length: number): string => `${ctor}:${length}`;

/**
 * Gives a buffer back for reuse. Only whole, plain (not shared, not a view into a larger buffer)
 * float arrays of at least POOL_MIN_ELEMENTS are kept. The caller must hold the only reference
 * that will ever be read again.
 */
export function recycle(a: ArrayBufferView): void {
  if (!enabled || !(a instanceof Float32Array || a instanceof Float64Array) || a.length < POOL_MIN_ELEMENTS) return;
  const buf = a.buffer;
  if (!(buf instanceof ArrayBuffer) || a.byteOffset !== 0 || a.byteLength !== buf.byteLength) return;
  if (inPool.has(a) || pooledBytes + a.byteLength > POOL_MAX_BYTES) return;
  inPool.add(a);
  const key = keyOf(a.constructor.name, a.length);
  const list = free.get(key);
  if (list) list.push(a);
  else free.set(key, [a]);
  pooledBytes += a.byteLength;
}

/** A zeroed pooled buffer of this type and length, or null. */
export function takePooled(ctor: typeof Float32Array | typeof Float64Array, length: number): FloatBuffer | null {
  if (length < POOL_MIN_ELEMENTS || pooledBytes === 0) return null;
  const a = free.get(keyOf(ctor.name, length))?.pop();
  if (!a) return null;
  inPool.delete(a);
  pooledBytes -= a.byteLength;
  return a.fill(0);
}

/** Bytes held by the pool now. */
export function bufferPoolBytes(): number {
  return pooledBytes;
}

/**
 * Turns buffer reuse on or off (on by default) and empties the pool; returns the previous setting.
 * Off, every allocation is a new array (tests compare the two).
 */
export function setBufferReuse(on: boolean): boolean {
  const was = enabled;
  enabled = on;
  free.clear();
  inPool = new WeakSet();
  pooledBytes = 0;
  return was;
}
