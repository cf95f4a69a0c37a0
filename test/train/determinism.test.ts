// Same seed, same run: two trainings with identical seeds give bit-identical loss histories and
// weights (shuffling, initialisation and dropout masks all come from seeded generators).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Generator, manualSeed, nn, optim, train, data } from '../../src/index.js';

async function run(seed: number): Promise<{ losses: number[]; valLosses: number[]; weights: number[] }> {
  manualSeed(seed); // dropout draws its masks from the global generator
  const g = new Generator(seed);
  const { train: tr, test: te } = data.trainTestSplit(data.spiral({ n: 400, seed: 5 }), { generator: new Generator(5) });
  const model = new nn.Sequential(
    new nn.Linear({ inFeatures: 2, outFeatures: 32, generator: g }), new nn.ReLU(), new nn.Dropout({ p: 0.2 }),
    new nn.BatchNorm1d({ numFeatures: 32 }),
    new nn.Linear({ inFeatures: 32, outFeatures: 2, generator: g }),
  );
  const trainer = new train.Trainer({
    model, optimizer: new optim.Adam(model.parameters(), { lr: 1e-2, weightDecay: 1e-4 }),
    loss: (out, y) => nn.crossEntropy(out, y), generator: new Generator(seed + 100),
  });
  const { history } = await trainer.fit(tr, { epochs: 8, batchSize: 16, validation: te });
  const weights = model.parameters().flatMap((p) => Array.from(p.data));
  return { losses: history.toJSON().map((e) => e.trainLoss), valLosses: history.toJSON().map((e) => e.valLoss!), weights };
}

test('two runs with the same seed give bit-identical loss histories and weights', async () => {
  const a = await run(7);
  const b = await run(7);
  assert.equal(a.losses.length, 8);
  // deepEqual on numbers uses Object.is: bit-identical, not approximately equal
  assert.deepEqual(a.losses, b.losses);
  assert.deepEqual(a.valLosses, b.valLosses);
  assert.deepEqual(a.weights, b.weights);
});

test('a different seed gives a different history (the check above can fail)', async () => {
  const a = await run(7);
  const c = await run(8);
  assert.notDeepEqual(a.losses, c.losses);
});
