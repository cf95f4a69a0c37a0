// Issue 3's learning gates: the lecture's 2-3-1 sigmoid graph separates concentric circles where
// logistic regression cannot, and a 2-2-1 network learns the XOR truth table.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Generator, nn, optim, tensor, train, data, type Tensor } from '../../src/index.js';

/** Sigmoid MLP 2-hidden...-1 (no hidden layer = logistic regression). */
function sigmoidNet(hidden: number[], g: Generator): nn.Sequential {
  const layers: nn.Module[] = [];
  let inFeatures = 2;
  for (const h of hidden) {
    layers.push(new nn.Linear({ inFeatures, outFeatures: h, generator: g }), new nn.Sigmoid());
    inFeatures = h;
  }
  layers.push(new nn.Linear({ inFeatures, outFeatures: 1, generator: g }), new nn.Sigmoid());
  return new nn.Sequential(...layers);
}

/** Share of rows where `p > 0.5` matches the 0/1 label. */
function binaryAccuracy(p: Tensor, y: Tensor): number {
  let correct = 0;
  for (let i = 0; i < p.size; i++) correct += Number(p.data[i]! > 0.5) === y.data[i] ? 1 : 0;
  return correct / p.size;
}

async function circlesTestAccuracy(hidden: number[], seed: number): Promise<{ train: number; test: number }> {
  const { train: tr, test: te } = data.trainTestSplit(data.circles({ n: 600, seed: 1 }), { generator: new Generator(3) });
  const model = sigmoidNet(hidden, new Generator(seed));
  const trainer = new train.Trainer({
    model, optimizer: new optim.Adam(model.parameters(), { lr: 0.05 }),
    loss: (out, y) => nn.bceLoss(out, y), accuracy: false, generator: new Generator(4),
  });
  await trainer.fit({ x: tr.x, y: tr.y.float().reshape([-1, 1]) }, { epochs: 100, batchSize: 32 });
  return { train: binaryAccuracy(trainer.predict(tr.x), tr.y), test: binaryAccuracy(trainer.predict(te.x), te.y) };
}

for (const seed of [1, 2, 3]) {
  test(`circles: the lecture's 2-3-1 sigmoid network reaches >= 95% test accuracy (init seed ${seed})`, async () => {
    const acc = await circlesTestAccuracy([3], seed);
    assert.ok(acc.test >= 0.95, `test accuracy ${acc.test}`);
  });
}

test('circles: logistic regression (2-1, same training) stays <= 65%', async () => {
  const acc = await circlesTestAccuracy([], 1);
  assert.ok(acc.test <= 0.65 && acc.train <= 0.65, `train ${acc.train}, test ${acc.test}`);
});

test('XOR truth table: a 2-2-1 sigmoid network classifies all four points', () => {
  const x = tensor([[0, 0], [0, 1], [1, 0], [1, 1]]);
  const y = tensor([[0], [1], [1], [0]]);
  // NOTE: 2-2-1 on XOR has a well-known local minimum (one input pattern stuck at 0.5): with
  // this initialisation seeds 1, 2 and 5 of 1..8 end there, seeds 3, 4, 6, 7, 8 solve it.
  const model = sigmoidNet([2], new Generator(3));
  const opt = new optim.Adam(model.parameters(), { lr: 0.1 });
  for (let i = 0; i < 1000; i++) {
    nn.bceLoss(model.call(x), y).backward();
    opt.step();
    opt.zeroGrad();
  }
  const p = model.call(x);
  assert.equal(binaryAccuracy(p, y.reshape([-1])), 1, `outputs ${Array.from(p.data).join(', ')}`);
  assert.ok(nn.bceLoss(p, y).item() < 0.01);
});

test('XOR truth table: logistic regression cannot get all four right', () => {
  const x = tensor([[0, 0], [0, 1], [1, 0], [1, 1]]);
  const y = tensor([[0], [1], [1], [0]]);
  const model = sigmoidNet([], new Generator(3));
  const opt = new optim.Adam(model.parameters(), { lr: 0.1 });
  for (let i = 0; i < 1000; i++) {
    nn.bceLoss(model.call(x), y).backward();
    opt.step();
    opt.zeroGrad();
  }
  assert.ok(binaryAccuracy(model.call(x), y.reshape([-1])) <= 0.75);
});
