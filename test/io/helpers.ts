// Shared helpers of the io tests: exact tensor comparison and hand-built safetensors files.

import assert from 'node:assert/strict';
import { Tensor } from '../../src/index.js';

/** Asserts that two tensors have the same dtype, shape and bytes (so NaN payloads and -0 count). */
export function assertSameTensor(actual: unknown, expected: Tensor, what = 'tensor'): void {
  assert.ok(actual instanceof Tensor, `${what}: not a Tensor`);
  assert.equal(actual.dtype, expected.dtype, `${what}: dtype`);
  assert.deepEqual([...actual.shape], [...expected.shape], `${what}: shape`);
  const bytes = (t: Tensor) => Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength);
  assert.ok(bytes(actual).equals(bytes(expected)), `${what}: data differs: ${String(actual.data)} vs ${String(expected.data)}`);
}

/** Asserts two tensor maps hold the same names and identical tensors. */
export function assertSameTensors(actual: Record<string, Tensor>, expected: Record<string, Tensor>): void {
  assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort());
  for (const k of Object.keys(expected)) assertSameTensor(actual[k], expected[k]!, k);
}

/**
 * A safetensors file from parts: `header` (an object, serialized, or raw text/bytes), `data`, and
 * optionally a header length that lies.
 */
export function rawFile(header: unknown, data: ArrayLike<number> = [], { headerLen }: { headerLen?: number | bigint } = {}): Uint8Array {
  const h = header instanceof Uint8Array ? header : new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const out = new Uint8Array(8 + h.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerLen ?? h.length), true);
  out.set(h, 8);
  out.set(Array.from(data), 8 + h.length);
  return out;
}
