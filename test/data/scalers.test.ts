// Standardizer and MinMaxScaler: statistics fitted on training data only and applied unchanged to
// test data, constant features, inverse transforms, JSON round trips and misuse.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { tensor } from '../../src/tensor/creation.js';
import { MinMaxScaler, Standardizer } from '../../src/data/index.js';
import { ShapeError, ValueError } from '../../src/errors.js';

const train = tensor([[1, 10, 5], [3, 20, 5], [5, 60, 5]]);
const test_ = tensor([[7, 30, 6]]);

function close(actual: ArrayLike<number>, expected: number[], tol = 1e-6): void {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < expected.length; i++) assert.ok(Math.abs(actual[i]! - expected[i]!) <= tol, `index ${i}: ${actual[i]} vs ${expected[i]}`);
}

describe('Standardizer', () => {
  test('fits population mean/std on train; test data uses the train statistics', () => {
    const s = new Standardizer().fit(train);
    close(s.mean, [3, 30, 5]);
    const sd1 = Math.sqrt(8 / 3);
    const sd2 = Math.sqrt((400 + 100 + 900) / 3);
    close(s.std, [sd1, sd2, 1]); // constant feature: std 1
    close(s.transform(test_).data, [4 / sd1, 0, 1]);
    const z = s.transform(train);
    assert.equal(z.dtype, 'float32');
    close(z.data, [-2 / sd1, -20 / sd2, 0, 0, -10 / sd2, 0, 2 / sd1, 30 / sd2, 0]);
    // zero mean, unit variance per non-constant feature
    close(z.mean(0).data, [0, 0, 0], 1e-6);
    close(z.std(0, { correction: 0 }).data.slice(0, 2), [1, 1], 1e-5);
  });
  test('inverseTransform undoes transform; fitTransform = fit + transform', () => {
    const s = new Standardizer();
    const z = s.fitTransform(train);
    close(s.inverseTransform(z).data, Array.from(train.data), 1e-5);
    close(z.data, Array.from(new Standardizer().fit(train).transform(train).data));
  });
  test('float64 stays float64; image-shaped features are per position', () => {
    const x = tensor([[1, 2], [3, 4]], { dtype: 'float64' });
    assert.equal(new Standardizer().fitTransform(x).dtype, 'float64');
    const img = tensor(Float32Array.from([0, 1, 2, 3, 4, 5, 6, 7]), { shape: [2, 1, 2, 2] });
    const s = new Standardizer().fit(img);
    close(s.mean, [2, 3, 4, 5]);
    assert.deepEqual(s.transform(img).shape, [2, 1, 2, 2]);
  });
  test('JSON round trip gives identical transforms', () => {
    const s = new Standardizer().fit(train);
    const back = Standardizer.fromJSON(JSON.parse(JSON.stringify(s)));
    assert.deepEqual(Array.from(back.transform(test_).data), Array.from(s.transform(test_).data));
    assert.deepEqual(back.toJSON(), s.toJSON());
  });
  test('misuse', () => {
    assert.throws(() => new Standardizer().transform(train), (e: Error) => e instanceof ValueError && /not fitted yet; call fit\(xTrain\) first/.test(e.message));
    const s = new Standardizer().fit(train);
    assert.throws(() => s.transform(tensor([[1, 2]])), (e: Error) => e instanceof ShapeError && /fitted on features of shape \[3\] but got a tensor of shape \[1,2\]/.test(e.message));
    assert.throws(() => new Standardizer().fit(tensor([[1, NaN]])), /row 0, feature 1 is NaN/);
    assert.throws(() => new Standardizer().fit(tensor(Float32Array.from([]), { shape: [0, 3] })), /cannot fit on an empty tensor/);
    assert.throws(() => Standardizer.fromJSON({ type: 'Standardizer', featureShape: [2], mean: [0], std: [1, 1] }), /'mean' must be an array of 2 finite numbers/);
    assert.throws(() => Standardizer.fromJSON({ type: 'MinMaxScaler' }), /expected an object with type 'Standardizer'/);
    assert.throws(() => Standardizer.fromJSON({ type: 'Standardizer', featureShape: [1], mean: [0], std: [0] }), /std must be positive/);
  });
});

describe('MinMaxScaler', () => {
  test('maps the train range onto [0, 1]; test data may fall outside; constant feature maps to lo', () => {
    const s = new MinMaxScaler().fit(train);
    close(s.dataMin, [1, 10, 5]);
    close(s.dataMax, [5, 60, 5]);
    close(s.transform(train).data, [0, 0, 0, 0.5, 0.2, 0, 1, 1, 0]);
    close(s.transform(test_).data, [1.5, 0.4, 1]);
  });
  test('custom featureRange, inverse, JSON round trip', () => {
    const s = new MinMaxScaler({ featureRange: [-1, 1] });
    const z = s.fitTransform(train);
    close(z.data, [-1, -1, -1, 0, -0.6, -1, 1, 1, -1]);
    close(s.inverseTransform(z).data, Array.from(train.data), 1e-5);
    const back = MinMaxScaler.fromJSON(JSON.parse(JSON.stringify(s)));
    assert.deepEqual(back.featureRange, [-1, 1]);
    assert.deepEqual(Array.from(back.transform(test_).data), Array.from(s.transform(test_).data));
  });
  test('misuse', () => {
    assert.throws(() => new MinMaxScaler({ featureRange: [1, 1] }), /lo < hi, got \[1, 1\]/);
    assert.throws(() => new MinMaxScaler().inverseTransform(train), /MinMaxScaler.inverseTransform: not fitted yet/);
    assert.throws(() => MinMaxScaler.fromJSON({ type: 'MinMaxScaler', featureRange: [0, 1], featureShape: [1], dataMin: [2], dataMax: [1] }), /dataMin must be <= dataMax/);
  });
});
