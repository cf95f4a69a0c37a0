// The generated 2-D sets: shapes, balanced classes, seeded determinism, and the geometry each one
// promises (checked with noise 0 against its defining formula).

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { Generator } from '../../src/tensor/random.js';
import { circles, gaussianBump, gaussians, moons, plane, sine1d, spiral, xor, trainTestSplit, checkBundle, type DatasetBundle } from '../../src/data/index.js';

const classifiers = { circles, xor, gaussians, spiral, moons } as const;

function counts(ds: DatasetBundle): number[] {
  const c = new Array<number>(ds.classNames!.length).fill(0);
  for (const v of ds.y.data) c[v]!++;
  return c;
}
function points(ds: DatasetBundle): [number, number, number][] {
  return Array.from({ length: ds.x.shape[0]! }, (_, i) => [ds.x.data[2 * i]!, ds.x.data[2 * i + 1]!, ds.y.data[i]!]);
}

describe('toy classification sets', () => {
  for (const [name, fn] of Object.entries(classifiers)) {
    test(`${name}: shape, dtype, balance, determinism`, () => {
      const ds = checkBundle(fn({ n: 301, seed: 5 }));
      assert.deepEqual(ds.x.shape, [301, 2]);
      assert.equal(ds.x.dtype, 'float32');
      assert.deepEqual(ds.y.shape, [301]);
      assert.equal(ds.y.dtype, 'int32');
      assert.equal(ds.task, 'classification');
      assert.deepEqual(ds.inputShape, [2]);
      assert.deepEqual(ds.featureNames, ['x1', 'x2']);
      const c = counts(ds);
      assert.ok(Math.max(...c) - Math.min(...c) <= 1, `unbalanced ${c}`);
      assert.deepEqual(Array.from(fn({ n: 301, seed: 5 }).x.data), Array.from(ds.x.data));
      assert.notDeepEqual(Array.from(fn({ n: 301, seed: 6 }).x.data), Array.from(ds.x.data));
      // a generator takes precedence over seed and advances
      const g = new Generator(5);
      const a = fn({ n: 50, generator: g });
      const b = fn({ n: 50, generator: g });
      assert.notDeepEqual(Array.from(a.x.data), Array.from(b.x.data));
      // rows are shuffled, not grouped by class
      const firstHalf = Array.from(ds.y.data.subarray(0, 150));
      assert.ok(new Set(firstHalf).size > 1);
      assert.match(ds.source, new RegExp(`${name}\\(n=301`));
    });
  }
  test('bad options', () => {
    assert.throws(() => circles({ n: 0 }), /circles: n must be a positive integer, got 0/);
    assert.throws(() => moons({ noise: -1 }), /moons: noise must be a non-negative number/);
    assert.throws(() => gaussians({ k: 1 }), /k must be an integer >= 2/);
    assert.throws(() => spiral({ arms: 2.5 }), /arms must be an integer >= 2/);
    assert.throws(() => xor({ n: 1 }), /n must be at least the number of classes \(2\)/);
  });
  test('circles: inner disc of radius 0.5 vs ring 0.7..1 (noise 0)', () => {
    for (const [a, b, c] of points(circles({ n: 400, noise: 0 }))) {
      const r = Math.hypot(a, b);
      if (c === 0) assert.ok(r <= 0.5 + 1e-6, `inner r=${r}`);
      else assert.ok(r >= 0.7 - 1e-6 && r <= 1 + 1e-6, `outer r=${r}`);
    }
  });
  test('xor: the label is whether the signs differ (noise 0)', () => {
    for (const [a, b, c] of points(xor({ n: 400, noise: 0 }))) {
      assert.equal(c, Math.sign(a) !== Math.sign(b) ? 1 : 0);
      assert.ok(Math.abs(a) >= 0.05 - 1e-6 && Math.abs(b) >= 0.05 - 1e-6 && Math.abs(a) <= 1 && Math.abs(b) <= 1);
    }
  });
  test('gaussians: class means near centres on the circle; k classes', () => {
    const ds = gaussians({ n: 3000, k: 3, std: 0.3 });
    assert.deepEqual(ds.classNames, ['blob 0', 'blob 1', 'blob 2']);
    const sums = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
    for (const [a, b, c] of points(ds)) {
      sums[c]![0]! += a;
      sums[c]![1]! += b;
      sums[c]![2]! += 1;
    }
    sums.forEach(([sa, sb, k], c) => {
      const ang = Math.PI / 4 + (2 * Math.PI * c) / 3;
      assert.ok(Math.abs(sa! / k! - 2 * Math.SQRT2 * Math.cos(ang)) < 0.05);
      assert.ok(Math.abs(sb! / k! - 2 * Math.SQRT2 * Math.sin(ang)) < 0.05);
    });
  });
  test('spiral: each point lies on its arm r = t, angle = 2π(t·turns + c/arms) (noise 0)', () => {
    const ds = spiral({ n: 300, noise: 0, arms: 3 });
    assert.equal(ds.classNames!.length, 3);
    for (const [a, b, c] of points(ds)) {
      const t = Math.hypot(a, b);
      const ang = 2 * Math.PI * (t * 1.75 + c / 3);
      assert.ok(Math.hypot(a - t * Math.cos(ang), b - t * Math.sin(ang)) < 1e-5);
    }
  });
  test('moons: class 0 on the unit upper half circle, class 1 on the shifted lower one (noise 0)', () => {
    for (const [a, b, c] of points(moons({ n: 300, noise: 0 }))) {
      if (c === 0) assert.ok(Math.abs(Math.hypot(a, b) - 1) < 1e-5 && b >= -1e-6);
      else assert.ok(Math.abs(Math.hypot(1 - a, 0.5 - b) - 1) < 1e-5 && b <= 0.5 + 1e-6);
    }
  });
});

describe('toy regression sets', () => {
  test('sine1d, plane, gaussianBump follow their formulas with noise 0', () => {
    const s = sine1d({ n: 100, noise: 0 });
    assert.deepEqual(s.x.shape, [100, 1]);
    assert.deepEqual(s.y.shape, [100, 1]);
    assert.equal(s.task, 'regression');
    assert.equal(s.classNames, undefined);
    for (let i = 0; i < 100; i++) assert.ok(Math.abs(s.y.data[i]! - Math.sin(s.x.data[i]!)) < 1e-6);
    const p = plane({ n: 100, noise: 0 });
    const g = gaussianBump({ n: 100, noise: 0 });
    for (let i = 0; i < 100; i++) {
      const [a, b] = [p.x.data[2 * i]!, p.x.data[2 * i + 1]!];
      assert.ok(Math.abs(p.y.data[i]! - (0.6 * a - 0.4 * b + 0.1)) < 1e-6);
      const [u, v] = [g.x.data[2 * i]!, g.x.data[2 * i + 1]!];
      assert.ok(Math.abs(g.y.data[i]! - Math.exp(-(u * u + v * v) / 0.5)) < 1e-6);
    }
  });
  test('noise is added to the targets with the given std', () => {
    const s = sine1d({ n: 4000, noise: 0.3, seed: 2 });
    let ss = 0;
    for (let i = 0; i < 4000; i++) ss += (s.y.data[i]! - Math.sin(s.x.data[i]!)) ** 2;
    assert.ok(Math.abs(Math.sqrt(ss / 4000) - 0.3) < 0.02);
  });
});

describe('trainTestSplit', () => {
  test('seeded, disjoint, sized by testFraction; stratify keeps class proportions', () => {
    const ds = circles({ n: 100 });
    const a = trainTestSplit(ds, { testFraction: 0.25, generator: new Generator(1) });
    assert.equal(a.split, 'seeded');
    assert.equal(a.train.x.shape[0], 75);
    assert.equal(a.test.x.shape[0], 25);
    const b = trainTestSplit(ds, { testFraction: 0.25, generator: new Generator(1) });
    assert.deepEqual(Array.from(b.test.x.data), Array.from(a.test.x.data));
    const key = (d: DatasetBundle): string[] => points(d).map((p) => p.join(','));
    const all = new Set([...key(a.train), ...key(a.test)]);
    assert.equal(all.size, 100);
    const st = trainTestSplit(ds, { testFraction: 0.2, generator: new Generator(3), stratify: true });
    assert.deepEqual(counts(st.test), [10, 10]);
    assert.deepEqual(counts(st.train), [40, 40]);
    assert.throws(() => trainTestSplit(ds, { testFraction: 1 }), /testFraction must be in \(0, 1\)/);
    assert.throws(() => trainTestSplit(sine1d(), { stratify: true }), /stratify needs a classification dataset/);
  });
});
