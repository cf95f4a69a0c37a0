// Splits a nested state (an optimizer's or trainer's stateDict) into a flat tensor map, for a
// safetensors file, and a JSON tree with placeholders, and puts it back together exactly.

import { Tensor } from '../tensor/tensor.js';
import { CheckpointError } from './checkpoint-error.js';

/** What `packState` returns: the tensors by path, and the JSON-able rest of the tree. */
export interface PackedState {
  /** Every tensor of the tree, keyed by its dotted path (`state.0.expAvg`). */
  tensors: Record<string, Tensor>;
  /** The tree with tensors replaced by `{ "__tensor__": key }` placeholders; safe for `JSON.stringify`. */
  json: unknown;
}

// NOTE: placeholders are objects with one reserved key. A user object that itself has a reserved
// key is wrapped as { "__object__": {...} }, so no user data is ever mistaken for a placeholder.
const TENSOR = '__tensor__';
const NUMBER = '__number__';
const UNDEFINED = '__undefined__';
const OBJECT = '__object__';
const RESERVED = [TENSOR, NUMBER, UNDEFINED, OBJECT];

/** Sets an own property, even one named `__proto__` (plain assignment would change the prototype). */
function setOwn(o: Record<string, unknown>, k: string, v: unknown): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

function isPlainObject(v: object): v is Record<string, unknown> {
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function encodeNumber(v: number): unknown {
  if (Number.isNaN(v)) return { [NUMBER]: 'NaN' };
  if (v === Infinity) return { [NUMBER]: 'Infinity' };
  if (v === -Infinity) return { [NUMBER]: '-Infinity' };
  if (Object.is(v, -0)) return { [NUMBER]: '-0' };
  return v;
}

/**
 * Moves every `Tensor` of a nested tree of plain objects and arrays into a flat map keyed by its
 * dotted path, leaving JSON-able placeholders. Numbers JSON cannot hold (NaN, ±Infinity, -0) and
 * `undefined` are encoded explicitly, so `unpackState(JSON.parse(JSON.stringify(json)), tensors)`
 * rebuilds the tree exactly. A tensor reached twice is stored once and comes back as one object.
 * Throws `CheckpointError` naming the path of a value JSON cannot hold (functions, bigints,
 * symbols, class instances other than Tensor, typed arrays) or of a cycle.
 */
export function packState(obj: unknown): PackedState {
  const tensors: Record<string, Tensor> = {};
  const keyOf = new Map<Tensor, string>();
  const active = new Set<object>();
  const visit = (v: unknown, path: string[]): unknown => {
    const where = path.length ? path.join('.') : '(root)';
    if (v === undefined) return { [UNDEFINED]: true };
    if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
    if (typeof v === 'number') return encodeNumber(v);
    if (v instanceof Tensor) {
      let key = keyOf.get(v);
      if (key === undefined) {
        key = where;
        for (let i = 1; key in tensors; i++) key = `${where}#${i}`;
        tensors[key] = v;
        keyOf.set(v, key);
      }
      return { [TENSOR]: key };
    }
    if (typeof v !== 'object') throw new CheckpointError(`packState: '${where}' is a ${typeof v}, which cannot be saved as JSON`);
    if (!Array.isArray(v) && !isPlainObject(v)) {
      const kind = ArrayBuffer.isView(v) ? 'a typed array (wrap it in a tensor)' : `a ${v.constructor?.name ?? 'class'} instance`;
      throw new CheckpointError(`packState: '${where}' is ${kind}; only plain objects, arrays, numbers, strings, booleans, null and Tensors can be saved`);
    }
    if (active.has(v)) throw new CheckpointError(`packState: '${where}' refers back to one of its parents (a cycle)`);
    active.add(v);
    let out: unknown;
    if (Array.isArray(v)) {
      out = v.map((x, i) => visit(x, [...path, String(i)]));
    } else {
      const o: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) setOwn(o, k, visit(x, [...path, k]));
      out = Object.keys(v).some((k) => RESERVED.includes(k)) ? { [OBJECT]: o } : o;
    }
    active.delete(v);
    return out;
  };
  const json = visit(obj, []);
  return { tensors, json };
}

/**
 * Rebuilds the tree `packState` split: placeholders become the tensors of `tensors`, encoded
 * numbers and `undefined` come back. Throws `CheckpointError` for a placeholder whose tensor is
 * missing or a malformed placeholder (`source` names the file in messages).
 */
export function unpackState(json: unknown, tensors: Record<string, Tensor>, { source = 'packed state' }: { source?: string } = {}): unknown {
  const fail = (msg: string): never => {
    throw new CheckpointError(msg, { file: source });
  };
  const visit = (v: unknown, path: string): unknown => {
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map((x, i) => visit(x, `${path}.${i}`));
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 1 && keys[0] === TENSOR) {
      const key = o[TENSOR];
      if (typeof key !== 'string' || !Object.hasOwn(tensors, key)) fail(`'${path}' refers to tensor ${JSON.stringify(key)}, which is not in the tensor file`);
      return tensors[key as string];
    }
    if (keys.length === 1 && keys[0] === NUMBER) {
      const s = o[NUMBER];
      if (s === 'NaN') return NaN;
      if (s === 'Infinity') return Infinity;
      if (s === '-Infinity') return -Infinity;
      if (s === '-0') return -0;
      return fail(`'${path}' encodes an unknown number ${JSON.stringify(s)}`);
    }
    if (keys.length === 1 && keys[0] === UNDEFINED) return undefined;
    if (keys.length === 1 && keys[0] === OBJECT) return rebuild(o[OBJECT], path);
    if (keys.some((k) => RESERVED.includes(k))) fail(`'${path}' is a malformed placeholder (keys ${keys.join(', ')})`);
    return rebuild(o, path);
  };
  const rebuild = (v: unknown, path: string): Record<string, unknown> => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return fail(`'${path}' wraps a non-object`);
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) setOwn(out, k, visit(x, `${path}.${k}`));
    return out;
  };
  return visit(json, '(root)');
}

/**
 * JSON text of a tree without tensors (model descriptions, trainer state), keeping NaN, ±Infinity,
 * -0 and `undefined` through the same encoding as `packState`. Throws `CheckpointError` when the
 * tree holds a tensor (those belong in a safetensors file).
 */
export function stringifyState(value: unknown, { what = 'value', space }: { what?: string; space?: number } = {}): string {
  const { tensors, json } = packState(value);
  const keys = Object.keys(tensors);
  if (keys.length) throw new CheckpointError(`stringifyState: ${what} holds tensors (${keys.slice(0, 3).join(', ')}); save tensors in a safetensors file`);
  return JSON.stringify(json, null, space);
}

/** Parses text from `stringifyState`; `CheckpointError` naming `source` for bad JSON. */
export function parseState(text: string, { source = 'JSON text' }: { source?: string } = {}): unknown {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new CheckpointError(`not valid JSON: ${(e as Error).message}`, { file: source });
  }
  return unpackState(json, {}, { source });
}
