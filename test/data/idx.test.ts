// IDX parsing and the Fashion-MNIST loader: small files generated here (valid, bad magic, truncated,
// trailing bytes, count mismatch, gzip, missing files), then the real Debian files when installed.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { idxDataset, parseIdx, FASHION_MNIST_CLASSES, IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC } from '../../src/data/index.js';
import { FASHION_MNIST_DIR, fashionMnistAvailable, loadFashionMnist, loadIdxDataset, loadDataset } from '../../src/data/node-index.js';
import { ValueError } from '../../src/errors.js';

function idx(magic: number, dims: number[], data: number[], extra = 0): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + data.length + extra);
  const v = new DataView(out.buffer);
  v.setUint32(0, magic, false);
  dims.forEach((d, i) => v.setUint32(4 + 4 * i, d, false));
  out.set(data, 4 + 4 * dims.length);
  return out;
}
const images = (n: number, pixels: (i: number) => number = (i) => i % 256): Uint8Array =>
  idx(IDX_IMAGES_MAGIC, [n, 2, 3], Array.from({ length: n * 6 }, (_, i) => pixels(i)));
const labels = (ls: number[]): Uint8Array => idx(IDX_LABELS_MAGIC, [ls.length], ls);
const meta = { name: 't', source: 'test', classNames: ['a', 'b', 'c'], imagesFile: 'img.idx', labelsFile: 'lab.idx' };

describe('parseIdx', () => {
  test('valid file: dims and data', () => {
    const p = parseIdx(images(2), { file: 'x', expectedMagic: IDX_IMAGES_MAGIC });
    assert.deepEqual(p.dims, [2, 2, 3]);
    assert.deepEqual(Array.from(p.data), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });
  const bad: [string, Uint8Array, number | undefined, RegExp][] = [
    ['labels given as images', labels([0, 1]), IDX_IMAGES_MAGIC, /^f: bad magic number 0x00000801, expected 0x00000803 \(IDX images\)$/],
    ['images given as labels', images(1), IDX_LABELS_MAGIC, /^f: bad magic number 0x00000803, expected 0x00000801 \(IDX labels\)$/],
    ['not IDX at all', new TextEncoder().encode('hello world!'), undefined, /^f: bad magic number 0x68656c6c: not an IDX file of unsigned bytes/],
    ['float IDX', idx(0x00000d01, [1], [0, 0, 0, 0]), undefined, /bad magic number 0x00000d01/],
    ['too short', new Uint8Array([0, 0]), undefined, /^f: too short for an IDX header \(2 bytes\)$/],
    ['truncated header', idx(IDX_IMAGES_MAGIC, [], []), IDX_IMAGES_MAGIC, /^f: truncated header: 3 dimensions need 16 header bytes, file has 4$/],
    ['truncated data', images(2).subarray(0, 16 + 7), IDX_IMAGES_MAGIC, /^f: truncated: header says 2x2x3 = 12 bytes of data, file has 7$/],
    ['trailing bytes', idx(IDX_LABELS_MAGIC, [2], [0, 1], 3), IDX_LABELS_MAGIC, /^f: 3 unexpected bytes after the data \(header says 2 = 2 bytes\)$/],
    ['gzip bytes', new Uint8Array(gzipSync(labels([1]))), IDX_LABELS_MAGIC, /^f: is gzip-compressed; decompress it first/],
  ];
  for (const [what, bytes, magic, re] of bad) {
    test(`rejects ${what}`, () => {
      assert.throws(() => parseIdx(bytes, { file: 'f', ...(magic === undefined ? {} : { expectedMagic: magic }) }), (e: Error) => e instanceof ValueError && re.test(e.message));
    });
  }
});

describe('idxDataset', () => {
  test('pixels scaled to [0, 1] float32, labels int32, flat or image layout', () => {
    const ds = idxDataset(images(2, (i) => (i === 0 ? 255 : i)), labels([2, 0]), meta);
    assert.deepEqual(ds.x.shape, [2, 6]);
    assert.equal(ds.x.dtype, 'float32');
    assert.equal(ds.x.data[0], 1);
    assert.equal(ds.x.data[3], Math.fround(3 / 255));
    assert.deepEqual(Array.from(ds.y.data), [2, 0]);
    assert.equal(ds.y.dtype, 'int32');
    assert.deepEqual(ds.inputShape, [6]);
    const im = idxDataset(images(2), labels([2, 0]), { ...meta, flatten: false });
    assert.deepEqual(im.x.shape, [2, 1, 2, 3]);
  });
  test('count mismatch and out-of-range labels name the file', () => {
    assert.throws(() => idxDataset(images(3), labels([0, 1]), meta), (e: Error) => /^lab\.idx: has 2 labels but img\.idx has 3 images; the counts must agree$/.test(e.message));
    assert.throws(() => idxDataset(images(2), labels([0, 3]), meta), /lab\.idx: label 3 at index 1 is out of range for 3 classes/);
  });
});

describe('loadIdxDataset (files on disk)', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'neurite-idx-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const mk = (sub: string): string => {
    const d = join(dir, sub);
    mkdirSync(d);
    return d;
  };
  test('plain and gzip files, both name styles', () => {
    const d = mk('ok');
    writeFileSync(join(d, 'train-images-idx3-ubyte.gz'), gzipSync(images(3)));
    writeFileSync(join(d, 'train-labels-idx1-ubyte'), labels([0, 1, 2]));
    writeFileSync(join(d, 't10k-images.idx3-ubyte'), images(1));
    writeFileSync(join(d, 't10k-labels.idx1-ubyte.gz'), gzipSync(labels([1])));
    const s = loadIdxDataset({ dir: d, name: 'tiny', classNames: ['a', 'b', 'c'] });
    assert.equal(s.split, 'predefined');
    assert.deepEqual(s.train.x.shape, [3, 6]);
    assert.deepEqual(Array.from(s.train.y.data), [0, 1, 2]);
    assert.deepEqual(s.test.x.shape, [1, 6]);
    assert.deepEqual(s.train.classNames, ['a', 'b', 'c']);
  });
  test('missing files, missing directory, corrupt gzip, fake .gz', () => {
    const d = mk('partial');
    writeFileSync(join(d, 'train-images-idx3-ubyte'), images(1));
    assert.throws(() => loadIdxDataset({ dir: d, name: 'x' }), (e: Error) => /^x: .*partial lacks train-labels-idx1-ubyte\[\.gz\], t10k-images-idx3-ubyte\[\.gz\], t10k-labels-idx1-ubyte\[\.gz\]$/.test(e.message));
    assert.throws(() => loadFashionMnist({ dir: join(dir, 'nope') }), (e: Error) => e instanceof ValueError && /fashion-mnist: directory .*nope not found; install it with: sudo apt-get install dataset-fashion-mnist/.test(e.message));
    const g = mk('gz');
    writeFileSync(join(g, 'train-images-idx3-ubyte.gz'), Uint8Array.from([0x1f, 0x8b, 1, 2, 3]));
    writeFileSync(join(g, 'train-labels-idx1-ubyte.gz'), labels([0]));
    writeFileSync(join(g, 't10k-images-idx3-ubyte'), images(1));
    writeFileSync(join(g, 't10k-labels-idx1-ubyte'), labels([0]));
    assert.throws(() => loadIdxDataset({ dir: g }), /train-images-idx3-ubyte\.gz: corrupt gzip data/);
    writeFileSync(join(g, 'train-images-idx3-ubyte.gz'), gzipSync(images(1)));
    assert.throws(() => loadIdxDataset({ dir: g }), /train-labels-idx1-ubyte\.gz: named \.gz but not gzip-compressed/);
  });
});

describe('Fashion-MNIST (Debian package dataset-fashion-mnist)', () => {
  const installed = fashionMnistAvailable();
  test('60,000 train / 10,000 test, 784 pixels in [0, 1], 10 named classes, balanced', { skip: installed ? false : `not installed in ${FASHION_MNIST_DIR} (apt-get install dataset-fashion-mnist; CI installs it)` }, () => {
    const s = loadDataset('fashion-mnist');
    assert.equal(s.split, 'predefined');
    assert.deepEqual(s.train.x.shape, [60000, 784]);
    assert.deepEqual(s.test.x.shape, [10000, 784]);
    assert.deepEqual(s.train.classNames, [...FASHION_MNIST_CLASSES]);
    assert.equal(s.train.classNames![9], 'Ankle boot');
    let mn = Infinity;
    let mx = -Infinity;
    for (const v of s.test.x.data) {
      if (v < mn) mn = v;
      if (v > mx) mx = v;
    }
    assert.equal(mn, 0);
    assert.equal(mx, 1);
    const c = new Array<number>(10).fill(0);
    for (const v of s.train.y.data) c[v]!++;
    assert.deepEqual(c, new Array<number>(10).fill(6000));
    // the first training label of Fashion-MNIST is 9 (Ankle boot), the first test label also 9
    assert.equal(s.train.y.data[0], 9);
    assert.equal(s.test.y.data[0], 9);
  });
});
