// safetensors: byte-exact output against a hand-written fixture, round trips of every dtype and
// shape, conversions of the dtypes neurite reads but does not write, and a table of bad files.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Tensor, tensor, randn, randint, rand, Generator, zeros } from '../../src/index.js';
import { CheckpointError, decodeSafetensors, encodeSafetensors } from '../../src/io/index.js';
import { assertSameTensor, assertSameTensors, rawFile } from './helpers.js';

describe('encodeSafetensors', () => {
  test('writes the spec byte for byte (fixture written by hand)', () => {
    const bytes = encodeSafetensors(
      {
        b: tensor([1, -1], { dtype: 'int32' }),
        c: tensor([true, false, true], { dtype: 'bool' }),
        a: tensor(1.5),
        d: zeros([0], { dtype: 'float64' }),
      },
      { metadata: { format: 'pt' } },
    );
    // Layout of the reference implementation: float64, float32, int32, bool, then by name;
    // __metadata__ first; compact JSON padded with spaces to a multiple of 8 (247 + 1 = 248).
    const json =
      '{"__metadata__":{"format":"pt"},' +
      '"d":{"dtype":"F64","shape":[0],"data_offsets":[0,0]},' +
      '"a":{"dtype":"F32","shape":[],"data_offsets":[0,4]},' +
      '"b":{"dtype":"I32","shape":[2],"data_offsets":[4,12]},' +
      '"c":{"dtype":"BOOL","shape":[3],"data_offsets":[12,15]}}';
    const expected = [
      0xf8, 0, 0, 0, 0, 0, 0, 0, // header length 248, u64 little-endian
      ...Buffer.from(json, 'ascii'), 0x20, // header and one space of padding
      0x00, 0x00, 0xc0, 0x3f, // a = 1.5f = 0x3fc00000
      0x01, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, // b = [1, -1]
      0x01, 0x00, 0x01, // c = [true, false, true]
    ];
    assert.equal(json.length, 247);
    assert.deepEqual([...bytes], expected);
    const back = decodeSafetensors(bytes);
    assert.deepEqual(back.metadata, { format: 'pt' });
    assert.deepEqual([...back.tensors.b!.data], [1, -1]);
    assert.equal(back.tensors.a!.item(), 1.5);
    assert.deepEqual(back.tensors.a!.shape, []);
  });

  test('without tensors or metadata the file is an empty padded object', () => {
    assert.deepEqual([...encodeSafetensors({})], [8, 0, 0, 0, 0, 0, 0, 0, 0x7b, 0x7d, 32, 32, 32, 32, 32, 32]);
    assert.deepEqual(decodeSafetensors(encodeSafetensors({})), { tensors: {}, metadata: {} });
  });

  test('names are ordered by code point (UTF-8 byte order), like Rust strings', () => {
    const t = () => tensor([1]);
    const bytes = encodeSafetensors({ '\u{1F600}': t(), '\uFFFF': t(), b: t(), a: t() });
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n))) as Record<string, { data_offsets: number[] }>;
    assert.deepEqual(Object.keys(header), ['a', 'b', '\uFFFF', '\u{1F600}']);
    assert.deepEqual(header['\u{1F600}']!.data_offsets, [12, 16]);
  });

  test('every tensor starts at a multiple of its element size', () => {
    const g = new Generator(3);
    const bytes = encodeSafetensors({ z: tensor([true]), y: randint(0, 9, [3], { generator: g }), x: randn([3], { generator: g, dtype: 'float64' }) });
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    assert.equal(n % 8, 0);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n))) as Record<string, { data_offsets: number[] }>;
    assert.deepEqual(header.x!.data_offsets, [0, 24]);
    assert.deepEqual(header.y!.data_offsets, [24, 36]);
    assert.deepEqual(header.z!.data_offsets, [36, 37]);
  });

  test('refuses non-tensors, the reserved name and non-string metadata', () => {
    assert.throws(() => encodeSafetensors({ w: [1, 2] as unknown as Tensor }), (e: Error) => e instanceof CheckpointError && /'w' is not a Tensor/.test(e.message));
    assert.throws(() => encodeSafetensors({ __metadata__: tensor([1]) }), /reserved/);
    assert.throws(() => encodeSafetensors({}, { metadata: { epoch: 3 as unknown as string } }), /metadata 'epoch' must be a string/);
  });
});

describe('round trips', () => {
  const g = new Generator(7);
  const shapes = [[], [0], [3, 0, 2], [1], [5], [2, 3], [2, 3, 4]];
  for (const dtype of ['float32', 'float64', 'int32', 'bool'] as const) {
    test(`${dtype}: shapes ${shapes.map((s) => `[${s.join(',')}]`).join(' ')}`, () => {
      const tensors: Record<string, Tensor> = {};
      shapes.forEach((s, i) => {
        tensors[`t${i}`] = dtype === 'bool' ? rand(s, { generator: g }).gt(0.5)
          : dtype === 'int32' ? randint(-1000, 1000, s, { generator: g }) : randn(s, { generator: g, dtype });
      });
      const back = decodeSafetensors(encodeSafetensors(tensors, { metadata: { dtype } }));
      assertSameTensors(back.tensors, tensors);
      assert.deepEqual(back.metadata, { dtype });
    });
  }

  test('special values survive bit for bit', () => {
    const special = [NaN, -0, Infinity, -Infinity, 5e-324, 1.7976931348623157e308, -1e-310];
    const tensors = {
      f64: tensor(Float64Array.from(special)),
      f32: tensor(Float32Array.from(special)),
      i32: tensor(Int32Array.from([-2147483648, 2147483647, 0, -1])),
      big: randn([300, 7], { generator: new Generator(1) }),
    };
    const back = decodeSafetensors(encodeSafetensors(tensors));
    assertSameTensors(back.tensors, tensors);
    assert.ok(Object.is(back.tensors.f64!.data[1], -0));
  });

  test('decoded tensors own their storage (no view of the file bytes)', () => {
    const bytes = encodeSafetensors({ w: tensor([1, 2, 3]) });
    const { w } = decodeSafetensors(bytes).tensors;
    bytes.fill(0);
    assert.deepEqual([...w!.data], [1, 2, 3]);
  });

  test('decoding a Node Buffer from the shared pool copies the right bytes (regression)', () => {
    // readFileSync returns small files as views of one pooled ArrayBuffer; Buffer#slice is a view.
    const bytes = encodeSafetensors({ w: tensor([1, 2, 3]), m: tensor([true, false]) });
    const pooled = Buffer.from(bytes);
    assert.ok(pooled.byteOffset > 0 || pooled.buffer.byteLength > pooled.length, 'expected a pooled Buffer');
    const { w, m } = decodeSafetensors(pooled).tensors;
    assert.deepEqual([...w!.data, ...m!.data], [1, 2, 3, 1, 0]);
    assert.equal(w!.data.buffer.byteLength, 12);
    pooled.fill(0);
    assert.deepEqual([...m!.data], [1, 0]);
  });

  test('reads a file at an odd offset inside a larger buffer', () => {
    const bytes = encodeSafetensors({ w: tensor([1, 2, 3], { dtype: 'float64' }) });
    const big = new Uint8Array(bytes.length + 3);
    big.set(bytes, 3);
    assert.deepEqual([...decodeSafetensors(big.subarray(3)).tensors.w!.data], [1, 2, 3]);
  });
});

describe('dtypes read but not written', () => {
  const entry = (dtype: string, shape: number[], begin: number, end: number) => ({ dtype, shape, data_offsets: [begin, end] });
  const u16 = (...v: number[]) => v.flatMap((x) => [x & 0xff, x >> 8]);

  test('F16 becomes float32 exactly (normal, subnormal, infinities, NaN)', () => {
    const file = rawFile({ h: entry('F16', [6], 0, 12) }, u16(0x3c00, 0xc000, 0x7c00, 0x0001, 0x7e00, 0x3555));
    const t = decodeSafetensors(file).tensors.h!;
    assert.equal(t.dtype, 'float32');
    assert.deepEqual([...t.data], [1, -2, Infinity, 2 ** -24, NaN, 0.333251953125]);
  });

  test('BF16 becomes float32 exactly', () => {
    const t = decodeSafetensors(rawFile({ h: entry('BF16', [3], 0, 6) }, u16(0x3f80, 0x4049, 0xff80))).tensors.h!;
    assert.deepEqual([...t.data], [1, 3.140625, -Infinity]);
  });

  test('U8, I8, I16, U16 become int32; I64, U64, U32 when the values fit', () => {
    const le = (n: bigint, bytes: number) => Array.from({ length: bytes }, (_, i) => Number((BigInt.asUintN(bytes * 8, n) >> BigInt(8 * i)) & 0xffn));
    const file = rawFile(
      {
        a: entry('U8', [2], 0, 2), b: entry('I8', [2], 2, 4), c: entry('I16', [1], 4, 6), d: entry('U16', [1], 6, 8),
        e: entry('I64', [2], 8, 24), f: entry('U64', [1], 24, 32), g: entry('U32', [1], 32, 36),
      },
      [255, 1, 0x80, 0x7f, ...le(-300n, 2), ...le(65535n, 2), ...le(-2147483648n, 8), ...le(42n, 8), ...le(7n, 8), ...le(2147483647n, 4)],
    );
    const t = decodeSafetensors(file).tensors;
    const values = Object.fromEntries(Object.entries(t).map(([k, v]) => [k, [v.dtype, ...v.data]]));
    assert.deepEqual(values, {
      a: ['int32', 255, 1], b: ['int32', -128, 127], c: ['int32', -300], d: ['int32', 65535],
      e: ['int32', -2147483648, 42], f: ['int32', 7], g: ['int32', 2147483647],
    });
  });
});

// Each row: a file and what its message must say. Every message also names the source file.
const goodEntry = { dtype: 'F32', shape: [2], data_offsets: [0, 8] };
const eight = [0, 0, 128, 63, 0, 0, 0, 64];
const good = encodeSafetensors({ a: tensor([1, 2]), b: tensor([3, 4, 5]) });
const BAD: [string, Uint8Array, RegExp][] = [
  ['empty file', new Uint8Array(0), /0 bytes long, shorter than the 8-byte header length/],
  ['truncated inside the length', good.subarray(0, 5), /5 bytes long, shorter than the 8-byte/],
  ['truncated inside the header', good.subarray(0, 40), /header length \d+ is larger than the rest of the file \(32 bytes/],
  ['truncated inside the data', good.subarray(0, good.length - 3), /tensor 'b': data_offsets \[8,20\] are out of range of the 17-byte data buffer/],
  ['lying header length (too big)', rawFile({ a: goodEntry }, eight, { headerLen: 200 }), /header length 200 is larger than the rest of the file/],
  ['lying header length (absurd)', rawFile({ a: goodEntry }, eight, { headerLen: 2n ** 40n }), /header length 1099511627776 is absurd/],
  ['lying header length (too small)', rawFile({ a: goodEntry }, eight, { headerLen: 20 }), /header \(20 bytes\) is not valid UTF-8 JSON/],
  ['lying header length (reaches into data)', rawFile({ a: goodEntry }, eight, { headerLen: 54 + 4 }), /not valid UTF-8 JSON/],
  ['header not JSON', rawFile('hello, world    ', []), /header \(16 bytes\) is not valid UTF-8 JSON/],
  ['header not UTF-8', rawFile(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), []), /not valid UTF-8 JSON/],
  ['header an array', rawFile('[1,2]', []), /header is JSON but not an object \(got an array\)/],
  ['header null', rawFile('null', []), /header is JSON but not an object \(got null\)/],
  ['entry not an object', rawFile({ a: 3 }, []), /tensor 'a': entry must be an object/],
  ['wrong dtype string', rawFile({ a: { ...goodEntry, dtype: 'F33' } }, eight), /tensor 'a': unknown dtype "F33"/],
  ['dtype in lower case', rawFile({ a: { ...goodEntry, dtype: 'f32' } }, eight), /unknown dtype "f32"/],
  ['dtype neurite cannot load', rawFile({ a: { dtype: 'F8_E4M3', shape: [8], data_offsets: [0, 8] } }, eight), /dtype F8_E4M3 is valid safetensors but neurite cannot load it/],
  ['negative dimension', rawFile({ a: { ...goodEntry, shape: [-2] } }, eight), /shape must be a list of non-negative integers \(got \[-2\]\)/],
  ['fractional dimension', rawFile({ a: { ...goodEntry, shape: [1.5] } }, eight), /shape must be a list of non-negative integers/],
  ['shape not a list', rawFile({ a: { ...goodEntry, shape: 2 } }, eight), /shape must be a list/],
  ['one offset', rawFile({ a: { ...goodEntry, data_offsets: [0] } }, eight), /data_offsets must be two non-negative integers/],
  ['string offsets', rawFile({ a: { ...goodEntry, data_offsets: ['0', '8'] } }, eight), /data_offsets must be two non-negative integers/],
  ['end before begin', rawFile({ a: { ...goodEntry, data_offsets: [8, 0] } }, eight), /data_offsets \[8,0\] end before they begin/],
  ['out-of-range offsets', rawFile({ a: { ...goodEntry, data_offsets: [0, 100] } }, eight), /data_offsets \[0,100\] are out of range of the 8-byte data buffer/],
  ['shape and offsets disagree', rawFile({ a: { ...goodEntry, shape: [3] } }, eight), /shape \[3\] of F32 needs 12 bytes but data_offsets \[0,8\] hold 8/],
  [
    'overlapping tensors',
    rawFile({ a: goodEntry, b: { ...goodEntry, data_offsets: [4, 12] } }, [...eight, 0, 0, 0, 0]),
    /tensors 'a' \[0,8\] and 'b' \[4,12\] overlap/,
  ],
  [
    'empty tensor inside another',
    rawFile({ a: goodEntry, b: { ...goodEntry, shape: [0], data_offsets: [4, 4] } }, eight),
    /tensors 'a' \[0,8\] and 'b' \[4,4\] overlap/,
  ],
  ['gap between tensors', rawFile({ a: { ...goodEntry, data_offsets: [4, 12] } }, [...eight, 0, 0, 0, 0]), /bytes \[0,4\) of the data buffer belong to no tensor \(gap before 'a'\)/],
  ['unused bytes at the end', rawFile({ a: goodEntry }, [...eight, 1, 2]), /bytes \[8,10\) at the end of the data buffer belong to no tensor/],
  ['metadata value not a string', rawFile({ __metadata__: { epoch: 3 }, a: goodEntry }, eight), /__metadata__ value 'epoch' must be a string \(got number 3\)/],
  ['metadata not an object', rawFile({ __metadata__: 'x', a: goodEntry }, eight), /__metadata__ must be an object of strings/],
  ['BOOL byte other than 0 or 1', rawFile({ a: { dtype: 'BOOL', shape: [2], data_offsets: [0, 2] } }, [1, 2]), /tensor 'a': BOOL byte 2 at element 1 is neither 0 nor 1/],
  [
    'I64 outside int32',
    rawFile({ a: { dtype: 'I64', shape: [1], data_offsets: [0, 8] } }, [0, 0, 0, 0, 1, 0, 0, 0]),
    /tensor 'a': value 4294967296 at element 0 does not fit in int32/,
  ],
];

describe('bad files are refused with a message naming the file and the problem', () => {
  for (const [name, bytes, pattern] of BAD) {
    test(name, () => {
      assert.throws(
        () => decodeSafetensors(bytes, { source: 'weights.safetensors' }),
        (e: Error) => {
          assert.ok(e instanceof CheckpointError, `${e.name}: ${e.message}`);
          assert.match(e.message, /^weights\.safetensors: /);
          assert.match(e.message, pattern);
          assert.equal(e.file, 'weights.safetensors');
          return true;
        },
      );
    });
  }

  test('the good file of the table is fine', () => {
    assert.deepEqual([...decodeSafetensors(good).tensors.b!.data], [3, 4, 5]);
    assert.deepEqual([...decodeSafetensors(rawFile({ a: goodEntry }, eight)).tensors.a!.data], [1, 2]);
  });

  test('without a source the message still says what was read', () => {
    assert.throws(() => decodeSafetensors(new Uint8Array(3)), (e: Error) => /^safetensors data: file is 3 bytes long/.test(e.message));
  });
});

// Cross-check with the reference implementation when Python has it (it is not a dependency).
const hasPython = spawnSync('python3', ['-c', 'import safetensors, numpy'], { encoding: 'utf8' }).status === 0;
describe('the reference implementation (Python safetensors)', { skip: hasPython ? false : 'python3 cannot import safetensors and numpy' }, () => {
  test('reads our file and writes one we read, byte-identical to ours', () => {
    const dir = mkdtempSync(join(tmpdir(), 'neurite-st-'));
    try {
      const tensors = {
        w: tensor([[1.5, -2], [NaN, Infinity]]), d: tensor([0.1, 0.2], { dtype: 'float64' }),
        i: tensor([7, -7], { dtype: 'int32' }), m: tensor([true, false], { dtype: 'bool' }),
      };
      writeFileSync(join(dir, 'ours.safetensors'), encodeSafetensors(tensors, { metadata: { format: 'np' } }));
      const script = `
import json, sys, numpy as np
from safetensors.numpy import load_file, save_file
from safetensors import safe_open
d = sys.argv[1]
t = load_file(d + '/ours.safetensors')
with safe_open(d + '/ours.safetensors', 'np') as f: meta = f.metadata()
out = {k: [str(v.dtype), list(v.shape), [repr(x) for x in v.ravel().tolist()]] for k, v in t.items()}
print(json.dumps({'tensors': out, 'meta': meta}))
save_file(t, d + '/theirs.safetensors', metadata={'format': 'np'})
`;
      const r = spawnSync('python3', ['-c', script, dir], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      const seen = JSON.parse(r.stdout) as { tensors: Record<string, [string, number[], string[]]>; meta: Record<string, string> };
      assert.deepEqual(seen.meta, { format: 'np' });
      assert.deepEqual(seen.tensors.w, ['float32', [2, 2], ['1.5', '-2.0', 'nan', 'inf']]);
      assert.deepEqual(seen.tensors.i, ['int32', [2], ['7', '-7']]);
      assert.deepEqual(seen.tensors.m, ['bool', [2], ['True', 'False']]);
      const theirs = readFileSync(join(dir, 'theirs.safetensors'));
      assertSameTensors(decodeSafetensors(theirs).tensors, tensors);
      assert.ok(Buffer.from(encodeSafetensors(tensors, { metadata: { format: 'np' } })).equals(theirs));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

test('assertSameTensor helper catches a one-bit difference (guards the tests above)', () => {
  const a = tensor([1, 2]);
  const b = tensor(Float32Array.from([1, 2 + 2 ** -22]));
  assert.throws(() => assertSameTensor(b, a));
});
