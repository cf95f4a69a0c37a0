// Seeded structured fuzzing of the safetensors reader: headers whose lengths, shapes and offsets
// lie, overlaps, gaps, duplicates, non-UTF-8, wrong dtypes, trailing bytes, deep nesting and
// prototype-named keys. Every input must either decode consistently or throw a CheckpointError;
// any other exception (TypeError, RangeError from a message builder) fails the test.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CheckpointError, decodeSafetensors } from '../../src/io/index.js';

/** mulberry32: a small seeded generator, so a failing case can be replayed by its index. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Spec {
  name: string;
  /** The entry as JSON text (so lies, duplicates and odd values can be written verbatim). */
  entry: string;
}

const enc = new TextEncoder();

/** Assembles a file: header JSON text from entries, padded, then `data`. */
function assemble(entries: Spec[], data: Uint8Array, { lenDelta = 0, extra = '' }: { lenDelta?: number; extra?: string } = {}): Uint8Array {
  const json = enc.encode(`{${[...entries.map((e) => `${JSON.stringify(e.name)}:${e.entry}`), ...(extra ? [extra] : [])].join(',')}}`);
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(Math.max(0, json.length + lenDelta)), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

const entry = (dtype: string, shape: unknown, begin: number, end: number): string => `{"dtype":${JSON.stringify(dtype)},"shape":${JSON.stringify(shape)},"data_offsets":[${begin},${end}]}`;

/** A valid base: a F32 [2,3] (24 bytes), b I32 [4] (16), c BOOL [3] (3). */
function base(): { entries: Spec[]; data: Uint8Array } {
  const data = new Uint8Array(43);
  data.fill(0);
  return {
    entries: [
      { name: 'a', entry: entry('F32', [2, 3], 0, 24) },
      { name: 'b', entry: entry('I32', [4], 24, 40) },
      { name: 'c', entry: entry('BOOL', [3], 40, 43) },
    ],
    data,
  };
}

const deep = (depth: number, inner = '1'): string => `${'['.repeat(depth)}${inner}${']'.repeat(depth)}`;
const DTYPES = ['F32', 'F64', 'I32', 'BOOL', 'U8', 'F16', 'BF16', 'I64', 'U64', 'F8_E4M3', 'C64', 'f32', 'X', ''];
const NUMS = [0, 1, 2, 3, 4, 7, 24, 43, 44, -1, 1.5, 2 ** 40, 2 ** 53, 1e300];

type Mutator = (r: () => number) => Uint8Array;
const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

/** The mutation classes, each building one hostile file from the base. */
const MUTATORS: Record<string, Mutator> = {
  headerLength: (r) => {
    const { entries, data } = base();
    return assemble(entries, data, { lenDelta: pick(r, [-1, 1, -8, 8, 43, 44, -1000, 1e6, 2 ** 31]) });
  },
  shape: (r) => {
    const { entries, data } = base();
    const i = Math.floor(r() * 3);
    const shapes: unknown[] = [[pick(r, NUMS)], [pick(r, NUMS), pick(r, NUMS)], [], [2 ** 40, 2 ** 40, 0], [-2, -3], ['2', 3], null, 6, [[2], 3], [2 ** 26, 2 ** 26, 2 ** 26]];
    entries[i] = { name: entries[i]!.name, entry: `{"dtype":"F32","shape":${JSON.stringify(pick(r, shapes))},"data_offsets":[0,24]}` };
    return assemble(entries, data);
  },
  offsets: (r) => {
    const { entries, data } = base();
    const i = Math.floor(r() * 3);
    const b = pick(r, NUMS);
    const e = pick(r, NUMS);
    entries[i] = { name: entries[i]!.name, entry: entry(['F32', 'I32', 'BOOL'][i]!, [[2, 3], [4], [3]][i], b, e).replace(/"data_offsets":\[[^\]]*\]/, r() < 0.2 ? '"data_offsets":[1]' : `"data_offsets":[${b},${e}]`) };
    return assemble(entries, data);
  },
  overlapOrGap: (r) => {
    const { data } = base();
    const s = Math.floor(r() * 8) - 4;
    return assemble([
      { name: 'a', entry: entry('F32', [2, 3], 0, 24) },
      { name: 'b', entry: entry('I32', [4], 24 + s, 40 + s) },
      { name: 'c', entry: entry('BOOL', [3], 40, 43) },
    ], data);
  },
  duplicate: (r) => {
    const { entries, data } = base();
    const dup = entries[Math.floor(r() * 3)]!;
    return assemble([...entries, { name: dup.name, entry: dup.entry }], data);
  },
  duplicateKey: (r) => {
    const { entries, data } = base();
    const k = pick(r, ['dtype', 'shape', 'data_offsets']);
    entries[0] = { name: 'a', entry: entries[0]!.entry.replace('{', `{"${k}":${k === 'dtype' ? '"F32"' : '[0,24]'},`) };
    return assemble(entries, data);
  },
  nonUtf8: (r) => {
    const { entries, data } = base();
    const f = assemble(entries, data);
    const pos = 8 + 1 + Math.floor(r() * 40);
    f[pos] = pick(r, [0x80, 0xc0, 0xff, 0xed, 0xf5, 0xe0]);
    return f;
  },
  dtype: (r) => {
    const { entries, data } = base();
    const i = Math.floor(r() * 3);
    const d = pick(r, DTYPES);
    entries[i] = { name: entries[i]!.name, entry: entries[i]!.entry.replace(/"dtype":"[^"]*"/, r() < 0.15 ? '"dtype":7' : `"dtype":${JSON.stringify(d)}`) };
    return assemble(entries, data);
  },
  trailingOrTruncated: (r) => {
    const { entries, data } = base();
    const f = assemble(entries, data);
    const k = Math.floor(r() * 16) - 8;
    if (k < 0) return f.subarray(0, f.length + k);
    const out = new Uint8Array(f.length + k + 1);
    out.set(f);
    return out;
  },
  deepNesting: (r) => {
    const { entries, data } = base();
    const depth = pick(r, [63, 64, 65, 200, 5000, 20000]);
    const where = Math.floor(r() * 3);
    if (where === 0) entries[0] = { name: 'a', entry: `{"dtype":"F32","shape":${deep(depth)},"data_offsets":[0,24]}` };
    if (where === 1) return assemble(entries, data, { extra: `"__metadata__":{"x":${deep(depth, '"y"')}}` });
    if (where === 2) return assemble(entries, data, { extra: `"z":${deep(depth, '{}')}` });
    return assemble(entries, data);
  },
  protoNames: (r) => {
    const { entries, data } = base();
    const name = pick(r, ['__proto__', 'constructor', 'toString', 'hasOwnProperty', '__defineGetter__', 'valueOf']);
    entries[Math.floor(r() * 3)]!.name = name;
    const meta = pick(r, ['', '"__metadata__":{"constructor":{"name":{"toString":0}}}', '"__metadata__":{"__proto__":"x"}', '"__metadata__":{"toString":{"a":1}}']);
    return assemble(entries, data, { extra: meta });
  },
  structure: (r) => {
    const { data } = base();
    const header = pick(r, ['[]', '3', '"x"', 'null', '{"a":3}', '{"a":[1,2]}', '{"a":null}', '{"__metadata__":[1]}', '{"__metadata__":{"k":1}}', '{', '{"a":{"dtype":"F32","shape":[2,3]}}']);
    const json = enc.encode(header);
    const out = new Uint8Array(8 + json.length + data.length);
    new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
    out.set(json, 8);
    out.set(data, 8 + json.length);
    return out;
  },
  byteFlips: (r) => {
    const { entries, data } = base();
    for (let i = 0; i < data.length; i++) data[i] = Math.floor(r() * 256);
    const f = assemble(entries, data);
    for (let k = 0; k < 1 + Math.floor(r() * 4); k++) f[Math.floor(r() * f.length)] = Math.floor(r() * 256);
    return f;
  },
};

/** Groups an error message into its class (the message with names, numbers and quoted text removed). */
function errorClass(message: string): string {
  return message
    .replace(/^[^:]*: /, '')
    .replace(/'[^']*'|"[^"]*"/g, 'X')
    .replace(/^tensor X: /, 'tensor, ')
    .replace(/\([^)]*\)/g, '')
    .replace(/\[[^\]]*\]/g, '[..]')
    .replace(/-?\d+(\.\d+)?(e[+-]?\d+)?/gi, 'N')
    .split(/;/)[0]!
    .replace(/: .*$/, '')
    .trim();
}

test('fuzz: 24,000 structured mutations of a safetensors file give a CheckpointError or a consistent decode, never another exception', (t) => {
  const PER = 2000;
  const names = Object.keys(MUTATORS);
  const classes = new Map<string, number>();
  const perMutator = new Map<string, { ok: number; refused: number }>();
  const untyped: string[] = [];
  const r = rng(20260415);
  for (const m of names) {
    const stats = { ok: 0, refused: 0 };
    perMutator.set(m, stats);
    for (let i = 0; i < PER; i++) {
      const file = MUTATORS[m]!(r);
      try {
        const { tensors, metadata } = decodeSafetensors(file, { source: 'fuzz.safetensors' });
        stats.ok++;
        // a decode that succeeds is consistent: own properties only, sizes match shapes
        for (const [name, tt] of Object.entries(tensors)) {
          assert.ok(Object.hasOwn(tensors, name));
          assert.equal(tt.size, tt.shape.reduce((a, b) => a * b, 1), `${m} #${i}: ${name}`);
        }
        assert.equal(Object.getPrototypeOf(tensors), Object.prototype, `${m} #${i}: the result's prototype is untouched`);
        for (const v of Object.values(metadata)) assert.equal(typeof v, 'string');
      } catch (e) {
        if (e instanceof CheckpointError) {
          stats.refused++;
          const c = errorClass(e.message);
          classes.set(c, (classes.get(c) ?? 0) + 1);
          assert.ok(e.message.length < 400, `${m} #${i}: message of ${e.message.length} characters`);
          assert.ok(!e.message.includes('\n'), `${m} #${i}: one line`);
        } else if (e instanceof assert.AssertionError) {
          throw e;
        } else {
          untyped.push(`${m} #${i}: ${e instanceof Error ? `${e.name}: ${e.message.slice(0, 200)}` : String(e)}`);
        }
      }
    }
  }
  t.diagnostic(`mutations by class: ${[...perMutator].map(([m, s]) => `${m} ${s.refused} refused / ${s.ok} decoded`).join('; ')}`);
  t.diagnostic(`CheckpointErrors by class: ${[...classes].sort((a, b) => b[1] - a[1]).map(([c, n]) => `${n} ${c}`).join(' | ')}`);
  assert.deepEqual(untyped.slice(0, 10), [], `${untyped.length} untyped exceptions`);
  const total = [...perMutator.values()].reduce((a, s) => a + s.ok + s.refused, 0);
  assert.ok(total >= 20_000, `${total} mutations`);
  // classes that are always malformed must always be refused
  for (const m of ['duplicate', 'duplicateKey', 'nonUtf8', 'overlapOrGap', 'structure'] as const) {
    const s = perMutator.get(m)!;
    if (m === 'overlapOrGap') assert.ok(s.refused > 0 && s.ok > 0, `${m}: both outcomes occur (shift 0 is valid)`);
    else assert.equal(s.ok, 0, `${m}: every mutation refused`);
  }
});

test('regression: the hostile inputs of issue 15 are refused with typed, bounded messages (or kept, for __proto__)', () => {
  const { entries, data } = base();
  const refuse = (file: Uint8Array, re: RegExp): void => {
    assert.throws(() => decodeSafetensors(file, { source: 'f' }), (e: unknown) => e instanceof CheckpointError && re.test(e.message));
  };
  // a shape nested 5,000 levels deep (was: RangeError while building the message)
  refuse(assemble([{ name: 'a', entry: `{"dtype":"F32","shape":${deep(5000)},"data_offsets":[0,24]}` }, entries[1]!, entries[2]!], data), /nested more than 64 levels/);
  // metadata whose value has a crafted constructor (was: TypeError in the message code)
  refuse(assemble(entries, data, { extra: '"__metadata__":{"k":{"constructor":{"name":{"toString":0}}}}' }), /__metadata__ value 'k' must be a string \(got an object\)/);
  // duplicate tensor names (was: the last one silently won)
  refuse(assemble([...entries, entries[0]!], data), /tensor name "a" appears twice/);
  // an element count that overflows before the 0 (was: accepted as an empty tensor)
  refuse(assemble([...entries, { name: 'z', entry: entry('F32', [2 ** 40, 2 ** 40, 0], 43, 43) }], data), /overflow/);
  // a tensor named __proto__ is a tensor (was: vanished and became the result's prototype)
  const named = base();
  named.entries[0]!.name = '__proto__';
  const { tensors } = decodeSafetensors(assemble(named.entries, named.data));
  assert.ok(Object.hasOwn(tensors, '__proto__'));
  assert.deepEqual(Object.keys(tensors).sort(), ['__proto__', 'b', 'c']);
  assert.deepEqual(tensors['__proto__']!.shape, [2, 3]);
  // a 50,000-character name is cut in the message
  refuse(assemble([{ name: 'n'.repeat(50_000), entry: entry('F32', [2, 3], 0, 25) }, entries[1]!, entries[2]!], data), /\(50000 characters\)/);
});
