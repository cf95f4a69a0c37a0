// DataLoader, TensorDataset, Subset and randomSplit: batching, seeded per-epoch shuffling, dropLast,
// async iteration, collation of generic datasets, and the PyTorch split-length rule.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { tensor } from '../../src/tensor/creation.js';
import { Generator } from '../../src/tensor/random.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { DataLoader, TensorDataset, Subset, randomSplit, splitLengths, type Dataset } from '../../src/data/index.js';
import { ShapeError, ValueError } from '../../src/errors.js';

const rows = (n: number, f: number): Tensor => tensor(Float32Array.from({ length: n * f }, (_, i) => i), { shape: [n, f] });
const labels = (n: number): Tensor => tensor(Int32Array.from({ length: n }, (_, i) => i), { shape: [n], dtype: 'int32' });

describe('TensorDataset', () => {
  test('items are tuples of rows; batches copy rows', () => {
    const ds = new TensorDataset(rows(5, 3), labels(5));
    assert.equal(ds.length, 5);
    const [x2, y2] = ds.get(2);
    assert.deepEqual(x2.shape, [3]);
    assert.deepEqual(Array.from(x2.data), [6, 7, 8]);
    assert.deepEqual(y2.shape, []);
    assert.equal(y2.dtype, 'int32');
    assert.equal(y2.item(), 2);
    const [xb, yb] = ds.getBatch([4, 0]);
    assert.deepEqual(xb.shape, [2, 3]);
    assert.deepEqual(Array.from(xb.data), [12, 13, 14, 0, 1, 2]);
    assert.deepEqual(Array.from(yb.data), [4, 0]);
    xb.data[0] = 99; // a copy: the dataset is unchanged
    assert.equal(ds.tensors[0].data[12], 12);
  });
  test('bad inputs', () => {
    assert.throws(() => new TensorDataset(rows(5, 3), labels(4)), (e: Error) => e instanceof ShapeError && /tensor 1 has shape \[4\]/.test(e.message));
    assert.throws(() => new TensorDataset(tensor(3)), ShapeError);
    assert.throws(() => new TensorDataset(), ValueError);
    assert.throws(() => new TensorDataset(rows(5, 3)).get(5), /index 5 is out of range for a dataset of length 5/);
  });
});

describe('DataLoader', () => {
  const ds = new TensorDataset(rows(10, 2), labels(10));
  test('sequential batches, last one partial; length counts batches', () => {
    const dl = new DataLoader(ds, { batchSize: 4 });
    assert.equal(dl.length, 3);
    const ys = [...dl].map(([, y]) => Array.from(y.data));
    assert.deepEqual(ys, [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]);
    const [xb] = [...dl][2]!;
    assert.deepEqual(xb.shape, [2, 2]);
    assert.deepEqual(Array.from(xb.data), [16, 17, 18, 19]);
  });
  test('dropLast drops the short batch', () => {
    const dl = new DataLoader(ds, { batchSize: 4, dropLast: true });
    assert.equal(dl.length, 2);
    assert.deepEqual([...dl].map(([, y]) => y.shape[0]), [4, 4]);
    assert.equal(new DataLoader(ds, { batchSize: 5, dropLast: true }).length, 2);
    assert.equal(new DataLoader(ds, { batchSize: 11, dropLast: true }).length, 0);
    assert.equal(new DataLoader(ds).length, 10);
  });
  test('shuffle: a permutation per epoch, new each epoch, reproducible from the generator state', () => {
    const epochs = (seed: number): number[][] => {
      const dl = new DataLoader(ds, { batchSize: 3, shuffle: true, generator: new Generator(seed) });
      return [0, 1, 2].map(() => [...dl].flatMap(([, y]) => Array.from(y.data)));
    };
    const a = epochs(7);
    for (const e of a) assert.deepEqual([...e].sort((p, q) => p - q), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.notDeepEqual(a[0], a[1]);
    assert.notDeepEqual(a[1], a[2]);
    assert.deepEqual(epochs(7), a);
    assert.notDeepEqual(epochs(8)[0], a[0]);
    // the order is exactly the generator's permutation
    assert.deepEqual(a[0], Array.from(new Generator(7).permutation(10)));
    // x rows follow their labels
    const dl = new DataLoader(ds, { batchSize: 10, shuffle: true, generator: new Generator(1) });
    const [[xb, yb]] = [...dl] as [[Tensor, Tensor]];
    for (let i = 0; i < 10; i++) assert.equal(xb.data[2 * i], 2 * yb.data[i]!);
  });
  test('async iteration gives the same batches', async () => {
    const dl = new DataLoader(ds, { batchSize: 4, shuffle: true, generator: new Generator(3) });
    const got: number[][] = [];
    for await (const [, y] of dl) got.push(Array.from(y.data));
    const again = new DataLoader(ds, { batchSize: 4, shuffle: true, generator: new Generator(3) });
    assert.deepEqual(got, [...again].map(([, y]) => Array.from(y.data)));
  });
  test('generic datasets are collated: tensors stacked, numbers to int32/float32, objects per field', () => {
    const generic: Dataset<{ x: Tensor; label: number; w: number }> = {
      length: 3,
      get: (i) => ({ x: tensor([i, i + 0.5]), label: i, w: i / 2 }),
    };
    const [b] = [...new DataLoader(generic, { batchSize: 3 })];
    assert.deepEqual(b!.x.shape, [3, 2]);
    assert.deepEqual(Array.from(b!.x.data), [0, 0.5, 1, 1.5, 2, 2.5]);
    assert.equal(b!.label.dtype, 'int32');
    assert.equal(b!.w.dtype, 'float32');
    assert.deepEqual(Array.from(b!.w.data), [0, 0.5, 1]);
    const ragged: Dataset<Tensor> = { length: 2, get: (i) => tensor(i === 0 ? [1, 2] : [1, 2, 3]) };
    assert.throws(() => [...new DataLoader(ragged, { batchSize: 2 })], (e: Error) => e instanceof ShapeError && /item 1 \(float32 \[3\]\) with item 0 \(float32 \[2\]\)/.test(e.message));
  });
  test('a Subset of a TensorDataset gathers through its parent', () => {
    const sub = new Subset(ds, [9, 3, 5]);
    const [[x, y]] = [...new DataLoader(sub, { batchSize: 3 })] as [[Tensor, Tensor]];
    assert.deepEqual(Array.from(y.data), [9, 3, 5]);
    assert.deepEqual(Array.from(x.data), [18, 19, 6, 7, 10, 11]);
  });
  test('a Subset of a generic dataset is collated item by item', () => {
    const generic: Dataset<[Tensor, number]> = { length: 4, get: (i) => [tensor([i]), i] };
    const [split] = randomSplit(generic, [4], { generator: new Generator(0) });
    const [[x, y]] = [...new DataLoader(split!, { batchSize: 4 })] as [[Tensor, Tensor]];
    assert.deepEqual(x.shape, [4, 1]);
    assert.deepEqual(Array.from(x.data), Array.from(y.data));
    assert.deepEqual(Array.from(y.data), Array.from(split!.indices));
  });
  test('bad batch size', () => {
    for (const b of [0, -1, 1.5, NaN]) assert.throws(() => new DataLoader(ds, { batchSize: b }), /batchSize must be a positive integer/);
  });
});

describe('randomSplit', () => {
  const ds = new TensorDataset(labels(10));
  test('lengths: disjoint subsets covering the dataset, seeded', () => {
    const [a, b] = randomSplit(ds, [7, 3], { generator: new Generator(4) });
    assert.equal(a!.length, 7);
    assert.equal(b!.length, 3);
    const all = [...a!.indices, ...b!.indices].sort((p, q) => p - q);
    assert.deepEqual(all, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const [a2] = randomSplit(ds, [7, 3], { generator: new Generator(4) });
    assert.deepEqual(a2!.indices, a!.indices);
    assert.equal(a!.get(0)[0].item(), a!.indices[0]);
  });
  test('fractions follow PyTorch: floor, then the remainder round-robin', () => {
    assert.deepEqual(splitLengths(10, [0.8, 0.2]), [8, 2]);
    assert.deepEqual(splitLengths(10, [1 / 3, 1 / 3, 1 / 3]), [4, 3, 3]);
    assert.deepEqual(splitLengths(11, [0.5, 0.5]), [6, 5]);
    assert.deepEqual(randomSplit(ds, [0.5, 0.5]).map((s) => s.length), [5, 5]);
  });
  test('bad lengths', () => {
    assert.throws(() => splitLengths(10, [5, 4]), /must sum to the dataset length 10, or fractions must sum to 1/);
    assert.throws(() => splitLengths(10, [0.5, 0.6]), /fractions must sum to 1/);
    assert.throws(() => splitLengths(10, [-1, 11]), /non-negative/);
    assert.throws(() => splitLengths(10, []), /at least one/);
  });
});
