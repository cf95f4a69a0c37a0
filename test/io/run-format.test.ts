// The run format in the library (issue 14 item 1): browser-safe, exported from the core, its
// validation, and the spec's tensor shapes agreeing with what buildModel allocates for every layer.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { io, nn, ValueError } from '../../src/index.js';
import { CheckpointError } from '../../src/io/index.js';

const desc = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  format: 'neurite-model', formatVersion: 1, task: 'classification', inputShape: [2], classNames: ['a', 'b'],
  dataset: { name: 'd', source: 's' }, training: {}, architecture: [{ type: 'linear', inFeatures: 2, outFeatures: 2 }], ...over,
});

test('run-format.ts imports nothing from node:* and is exported from the core entry', () => {
  const src = readFileSync(fileURLToPath(new URL('../../src/io/run-format.ts', import.meta.url)), 'utf8');
  assert.doesNotMatch(src, /from 'node:/);
  for (const f of ['checkRunDescription', 'buildRunModel', 'checkSpecAgainstWeights', 'specTensorShapes', 'rowSize', 'checkDataFitsModel'] as const) {
    assert.equal(typeof io[f], 'function', f);
  }
  assert.equal(io.RUN_FORMAT, 'neurite-model');
});

test('checkRunDescription refuses what is not a run description, naming the field', () => {
  const bad: [Record<string, unknown>, RegExp][] = [
    [{ format: 'x' }, /not a neurite model description/],
    [{ formatVersion: 2 }, /unsupported formatVersion 2/],
    [{ task: 'clustering' }, /lacks inputShape, task or training/],
    [{ inputShape: [0] }, /inputShape must be a non-empty list of positive integers/],
    [{ classNames: ['only'] }, /classNames must be a list of at least 2 strings/],
    [{ dataset: { name: 3 } }, /dataset must be \{ name, source \} strings/],
    [{ architecture: [] }, /model spec: expected a non-empty array/],
  ];
  for (const [over, re] of bad) assert.throws(() => io.checkRunDescription(desc(over), 'm.json'), (e: unknown) => e instanceof ValueError && re.test((e as Error).message), JSON.stringify(over));
  assert.equal(io.checkRunDescription(desc(), 'm.json').task, 'classification');
});

test('specTensorShapes names exactly the tensors buildModel creates, with their shapes, for every layer with tensors', () => {
  const spec: nn.LayerSpec[] = [
    { type: 'linear', inFeatures: 4, outFeatures: 6 }, { type: 'batchNorm1d', numFeatures: 6 }, { type: 'layerNorm', normalizedShape: [6] },
    { type: 'linear', inFeatures: 6, outFeatures: 12, bias: false }, { type: 'unflatten', unflattenedSize: [3, 2, 2] },
    { type: 'conv2d', inChannels: 3, outChannels: 5, kernelSize: 1 }, { type: 'batchNorm2d', numFeatures: 5 }, { type: 'flatten' },
  ];
  const sd = nn.buildModel(spec).stateDict();
  const want = new Map(Object.entries(sd).filter(([k]) => !k.endsWith('numBatchesTracked')).map(([k, t]) => [k, [...t.shape]]));
  assert.deepEqual(new Map(io.specTensorShapes(spec)), want);
});

test('buildRunModel checks the spec against the weights before allocating, then loads them', () => {
  const d = io.checkRunDescription(desc(), 'm.json');
  const weights = nn.buildModel(d.architecture).stateDict();
  const { model } = io.buildRunModel(d, weights, { source: 'w.safetensors' });
  assert.deepEqual(Array.from(model.stateDict()['0.weight']!.data), Array.from(weights['0.weight']!.data));
  const huge = io.checkRunDescription(desc({ architecture: [{ type: 'linear', inFeatures: 2, outFeatures: 1_000_000_000 }] }), 'm.json');
  assert.throws(() => io.buildRunModel(huge, weights, { source: 'w.safetensors' }),
    (e: unknown) => e instanceof CheckpointError && /layer 0 \(linear\) needs 0\.weight of shape \[1000000000,2\] but the weight file holds \[2,2\]/.test((e as Error).message));
});
