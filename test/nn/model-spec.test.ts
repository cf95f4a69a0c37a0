// nn.buildModel from a JSON layer list (what a run directory's model.json stores): the MLP and CNN
// recipes, a bad-spec table whose errors name the layer and field, and Unflatten.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Generator, nn, ShapeError, ValueError, zeros } from '../../src/index.js';

test('mlpSpec: Linear, BatchNorm1d, activation, Dropout per hidden width; buildModel runs it', () => {
  const spec = nn.mlpSpec({ inFeatures: 4, hidden: [8], outFeatures: 3, activation: 'tanh', dropout: 0.1, batchNorm: true });
  assert.deepEqual(spec.map((s) => s.type), ['linear', 'batchNorm1d', 'tanh', 'dropout', 'linear']);
  const m = nn.buildModel(spec, { generator: new Generator(1) });
  assert.deepEqual(m.call(zeros([5, 4])).shape, [5, 3]);
  assert.deepEqual(Object.keys(m.stateDict()).filter((k) => k.endsWith('weight')), ['0.weight', '1.weight', '4.weight']);
  // JSON round trip builds the same model with the same seed
  const again = nn.buildModel(JSON.parse(JSON.stringify(spec)), { generator: new Generator(1) });
  assert.deepEqual(Array.from(again.stateDict()['0.weight']!.data), Array.from(m.stateDict()['0.weight']!.data));
});

test('cnnSpec: LeNet-style layers for 28x28 images; He init reaches conv weights and zeroes biases', () => {
  const spec = nn.cnnSpec({ imageShape: [1, 28, 28], hidden: [32], outFeatures: 10 });
  const m = nn.buildModel(spec, { generator: new Generator(2), init: 'he' });
  assert.deepEqual(m.call(zeros([2, 784])).shape, [2, 10]);
  const linearIn = spec.find((s) => s.type === 'linear') as { inFeatures: number };
  assert.equal(linearIn.inFeatures, 64 * 4 * 4);
  const sd = m.stateDict();
  assert.ok(Array.from(sd['1.bias']!.data).every((v) => v === 0), 'conv bias zeroed by he init');
  const w = Array.from(sd['4.weight']!.data);
  const std = Math.sqrt(w.reduce((a, v) => a + v * v, 0) / w.length);
  assert.ok(Math.abs(std - Math.sqrt(2 / (32 * 25))) < 0.01, `kaiming std ${std}`);
  assert.throws(() => nn.cnnSpec({ imageShape: [1, 8, 8], channels: [4, 4], hidden: [], outFeatures: 2 }), /too small for another 5x5 convolution/);
});

const BAD: [string, unknown, RegExp][] = [
  ['not an array', { type: 'linear' }, /expected a non-empty array of layers/],
  ['unknown type', [{ type: 'linearr' }], /layer 0 has unknown type "linearr"/],
  ['bad field', [{ type: 'linear', inFeatures: 2, outFeatures: 0 }], /layer 0 \(linear\): outFeatures must be a positive integer, got 0/],
  ['dropout p', [{ type: 'linear', inFeatures: 2, outFeatures: 2 }, { type: 'dropout', p: 1 }], /layer 1 \(dropout\): p must be a number in \[0, 1\)/],
  ['widths disagree', [{ type: 'linear', inFeatures: 2, outFeatures: 3 }, { type: 'relu' }, { type: 'linear', inFeatures: 4, outFeatures: 1 }], /layer 2 \(linear\) expects 4 features but the layer before gives 3/],
  ['conv field', [{ type: 'conv2d', inChannels: 1, outChannels: 4 }], /layer 0 \(conv2d\): kernelSize must be a positive integer/],
  ['unflatten size', [{ type: 'unflatten', unflattenedSize: [] }], /unflattenedSize must be a non-empty array/],
];
for (const [name, spec, message] of BAD) {
  test(`buildModel refuses a bad spec: ${name}`, () => {
    assert.throws(() => nn.buildModel(spec), (e: unknown) => e instanceof ValueError && message.test(e.message));
  });
}

test('Unflatten splits an axis and names the shapes when it cannot', () => {
  const u = new nn.Unflatten({ unflattenedSize: [2, 3] });
  assert.deepEqual(u.call(zeros([4, 6])).shape, [4, 2, 3]);
  assert.throws(() => u.call(zeros([4, 5])), (e: unknown) => e instanceof ShapeError && /cannot split axis 1 of \[4,5\] into \[2,3\]/.test(e.message));
  assert.throws(() => new nn.Unflatten({ unflattenedSize: [0] }), ValueError);
});
