// The safetensors format (https://github.com/huggingface/safetensors), bytes in and bytes out so it
// runs in the browser too: an 8-byte little-endian header length N, N bytes of JSON header padded
// with spaces to a multiple of 8, then the tensors' bytes, little-endian, with no gaps.

import { Tensor } from '../tensor/tensor.js';
import { fmtShape } from '../errors.js';
import { CheckpointError } from './checkpoint-error.js';
import { clipText, describeJson, scanJsonStructure, showJson } from './safetensors-header.js';
import {
  READABLE, SAFETENSORS_DTYPES, WRITE_DTYPE, WRITE_RANK, littleEndianBytes, readElements, type SafetensorsDType,
} from './safetensors-dtypes.js';

/** Largest header the reference implementation accepts (100 MB); anything longer is a corrupt file. */
export const MAX_HEADER_BYTES = 100_000_000;
const METADATA_KEY = '__metadata__';

/** Options of `encodeSafetensors`. */
export interface EncodeSafetensorsOptions {
  /** Free-form string pairs stored under `__metadata__` (keys sorted, for reproducible files). */
  metadata?: Record<string, string>;
}

/** Options of `decodeSafetensors`. */
export interface DecodeSafetensorsOptions {
  /** Name of the file the bytes came from, used in error messages. */
  source?: string;
}

/** What `decodeSafetensors` returns. */
export interface SafetensorsContents {
  /** The tensors by name (fresh storage, not views of the input). */
  tensors: Record<string, Tensor>;
  /** The `__metadata__` string pairs (empty when the file has none). */
  metadata: Record<string, string>;
}

/** Compares strings by code point, which is the byte order of their UTF-8 form (Rust's `String` order). */
function byCodePoint(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done || y.done) return (x.done ? 0 : 1) - (y.done ? 0 : 1);
    const d = x.value.codePointAt(0)! - y.value.codePointAt(0)!;
    if (d !== 0) return d;
  }
}

/**
 * Writes tensors in the safetensors format, byte-identical to the reference implementation
 * (`safetensors.serialize`): tensors ordered by dtype (float64, float32, int32, bool) then by name,
 * compact JSON header with `__metadata__` first, padded with spaces to a multiple of 8 bytes.
 * float32/float64/int32/bool become F32/F64/I32/BOOL. Throws `CheckpointError` for a non-tensor
 * value, the reserved name `__metadata__`, or a non-string metadata value.
 */
export function encodeSafetensors(tensors: Record<string, Tensor>, { metadata }: EncodeSafetensorsOptions = {}): Uint8Array {
  const names = Object.keys(tensors);
  for (const name of names) {
    if (name === METADATA_KEY) throw new CheckpointError(`encodeSafetensors: '${METADATA_KEY}' is reserved and cannot name a tensor`);
    if (!(tensors[name] instanceof Tensor)) {
      throw new CheckpointError(`encodeSafetensors: '${name}' is not a Tensor (got ${describe(tensors[name])})`);
    }
  }
  names.sort((a, b) => WRITE_RANK[tensors[b]!.dtype] - WRITE_RANK[tensors[a]!.dtype] || byCodePoint(a, b));
  const header: Record<string, unknown> = {};
  if (metadata !== undefined) {
    const meta: Record<string, string> = {};
    for (const key of Object.keys(metadata).sort(byCodePoint)) {
      const v = metadata[key];
      if (typeof v !== 'string') {
        throw new CheckpointError(`encodeSafetensors: metadata '${key}' must be a string (got ${describe(v)}); safetensors metadata maps strings to strings`);
      }
      meta[key] = v;
    }
    header[METADATA_KEY] = meta;
  }
  let offset = 0;
  for (const name of names) {
    const t = tensors[name]!;
    const bytes = t.data.byteLength;
    header[name] = { dtype: WRITE_DTYPE[t.dtype], shape: [...t.shape], data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerLen = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + headerLen + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerLen), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerLen);
  let pos = 8 + headerLen;
  for (const name of names) {
    const b = littleEndianBytes(tensors[name]!.data);
    out.set(b, pos);
    pos += b.length;
  }
  return out;
}

function describe(v: unknown): string {
  // NOTE: a Tensor's class name helps the writer's message; parsed header values never reach here
  // (describeJson reads no property of them, so a crafted `constructor` cannot break the message).
  if (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) !== Object.prototype && Object.getPrototypeOf(v) !== null) {
    const ctor = (Object.getPrototypeOf(v) as { constructor?: { name?: unknown } }).constructor;
    if (typeof ctor?.name === 'string') return ctor.name;
  }
  return describeJson(v);
}

/**
 * Sets an own data property. NOTE: plain assignment of the key `__proto__` would replace the
 * object's prototype (the tensor would vanish); defineProperty makes it an ordinary key.
 */
function setOwn<T>(o: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

interface Entry {
  name: string;
  st: SafetensorsDType;
  shape: number[];
  begin: number;
  end: number;
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

/**
 * Reads a safetensors file, validating it as strictly as the reference implementation: header
 * length within the file and at most 100 MB, a UTF-8 JSON object header, known dtypes, shapes of
 * non-negative integers, `data_offsets` as two integers in range with `end >= begin` and a byte
 * length of `product(shape) * size(dtype)`, no overlaps, and no gaps or unused bytes. F16/BF16 are
 * read as float32 and U8/I8/I16/U16 as int32 (exact); U32/I64/U64 as int32 when every value fits.
 * Every failure is a `CheckpointError` naming `source` and the problem.
 */
export function decodeSafetensors(bytes: Uint8Array, { source = 'safetensors data' }: DecodeSafetensorsOptions = {}): SafetensorsContents {
  const fail = (msg: string): never => { throw new CheckpointError(msg, { file: source }); };
  if (bytes.length < 8) fail(`file is ${bytes.length} bytes long, shorter than the 8-byte header length (truncated or not a safetensors file)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = view.getBigUint64(0, true);
  if (n > BigInt(MAX_HEADER_BYTES)) fail(`header length ${n} is absurd (more than ${MAX_HEADER_BYTES} bytes; corrupt or not a safetensors file)`);
  const headerLen = Number(n);
  if (8 + headerLen > bytes.length) {
    fail(`header length ${headerLen} is larger than the rest of the file (${bytes.length - 8} bytes; truncated file or lying header length)`);
  }
  let text = '';
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(8, 8 + headerLen));
  } catch {
    fail(`header (${headerLen} bytes) is not valid UTF-8 JSON: invalid UTF-8 (wrong header length or corrupt file)`);
  }
  const structure = scanJsonStructure(text);
  if (structure !== null) fail(structure);
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (e) {
    fail(`header (${headerLen} bytes) is not valid UTF-8 JSON: ${clipText(String((e as Error).message), 160)} (wrong header length or corrupt file)`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    fail(`header is JSON but not an object (got ${describeJson(header)})`);
  }
  const dataLen = bytes.length - 8 - headerLen;
  const metadata: Record<string, string> = {};
  const entries: Entry[] = [];
  for (const [name, info] of Object.entries(header as Record<string, unknown>)) {
    if (name === METADATA_KEY) {
      if (typeof info !== 'object' || info === null || Array.isArray(info)) fail(`${METADATA_KEY} must be an object of strings (got ${describeJson(info)})`);
      for (const [k, v] of Object.entries(info as Record<string, unknown>)) {
        if (typeof v !== 'string') fail(`${METADATA_KEY} value '${clipText(k)}' must be a string (got ${describeJson(v)})`);
        setOwn(metadata, k, v as string);
      }
      continue;
    }
    entries.push(parseEntry(name, info, dataLen, fail));
  }
  checkLayout(entries, dataLen, fail);
  const tensors: Record<string, Tensor> = {};
  const data = bytes.subarray(8 + headerLen);
  for (const e of entries) {
    const r = READABLE[e.st]!;
    const count = (e.end - e.begin) / r.size;
    const values = readElements(e.st, data.subarray(e.begin, e.end), count);
    if (typeof values === 'string') fail(`tensor '${clipText(e.name)}': ${values}`);
    setOwn(tensors, e.name, new Tensor(values as Exclude<typeof values, string>, e.shape, r.dtype));
  }
  return { tensors, metadata };
}

function parseEntry(name: string, info: unknown, dataLen: number, fail: (msg: string) => never): Entry {
  const where = `tensor '${clipText(name)}'`;
  if (typeof info !== 'object' || info === null || Array.isArray(info)) fail(`${where}: entry must be an object with dtype, shape and data_offsets (got ${describeJson(info)})`);
  const own = (k: string): unknown => (Object.hasOwn(info as object, k) ? (info as Record<string, unknown>)[k] : undefined);
  const dtype = own('dtype');
  const shape = own('shape');
  const offsets = own('data_offsets');
  if (typeof dtype !== 'string' || !(SAFETENSORS_DTYPES as readonly string[]).includes(dtype)) {
    fail(`${where}: unknown dtype ${showJson(dtype)} (safetensors dtypes: ${SAFETENSORS_DTYPES.join(', ')})`);
  }
  const st = dtype as SafetensorsDType;
  const readable = READABLE[st];
  if (readable === undefined) {
    fail(`${where}: dtype ${st} is valid safetensors but neurite cannot load it (readable: ${Object.keys(READABLE).join(', ')})`);
  }
  if (!Array.isArray(shape) || !shape.every(isCount)) fail(`${where}: shape must be a list of non-negative integers (got ${showJson(shape)})`);
  const dims = shape as number[];
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount)) {
    fail(`${where}: data_offsets must be two non-negative integers [begin, end] (got ${showJson(offsets)})`);
  }
  const [begin, end] = offsets as [number, number];
  if (end < begin) fail(`${where}: data_offsets [${begin},${end}] end before they begin`);
  if (end > dataLen) fail(`${where}: data_offsets [${begin},${end}] are out of range of the ${dataLen}-byte data buffer`);
  // NOTE: checked multiplication in the order written, like the reference's checked_mul: a
  // shape such as [2^40, 2^40, 0] overflows before the 0 and is refused, not read as empty.
  let elements = 1;
  for (const d of dims) {
    elements *= d;
    if (!Number.isSafeInteger(elements * readable!.size)) fail(`${where}: shape ${clipText(fmtShape(dims))} has more elements than can be counted (overflow)`);
  }
  if (elements * readable!.size !== end - begin) {
    fail(`${where}: shape ${clipText(fmtShape(dims))} of ${st} needs ${elements * readable!.size} bytes but data_offsets [${begin},${end}] hold ${end - begin}`);
  }
  return { name, st, shape: dims, begin, end };
}

/** The reference implementation's rule: tensors tile the data buffer exactly, in some order. */
function checkLayout(entries: Entry[], dataLen: number, fail: (msg: string) => never): void {
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let pos = 0;
  let prev: Entry | undefined;
  for (const e of sorted) {
    if (e.begin < pos) fail(`tensors '${clipText(prev!.name)}' [${prev!.begin},${prev!.end}] and '${clipText(e.name)}' [${e.begin},${e.end}] overlap`);
    if (e.begin > pos) fail(`bytes [${pos},${e.begin}) of the data buffer belong to no tensor (gap before '${clipText(e.name)}')`);
    pos = e.end;
    prev = e;
  }
  if (pos !== dataLen) fail(`bytes [${pos},${dataLen}) at the end of the data buffer belong to no tensor (unused bytes or lying header length)`);
}
