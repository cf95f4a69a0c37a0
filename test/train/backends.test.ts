// The same training on either backend: an MLP with batch norm and Adam trained on the reference
// (cpu) and the wasm backend follows the same loss curve and ends with the same weights to float32
// tolerance; on one backend, the same seed reproduces the run bit for bit.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Generator, data, nn, optim, train, withBackend } from '../../src/index.js';

function trainRun(): { losses: number[]; weights: Float32Array[] } {
  const g = new Generator(11);
  const { x, y } = data.moons({ n: 256, seed: 4 });
  const model = new nn.Sequential(
    new nn.Linear({ inFeatures: 2, outFeatures: 64, generator: g }), new nn.BatchNorm1d({ numFeatures: 64 }), new nn.Tanh(),
    new nn.Linear({ inFeatures: 64, outFeatures: 32, generator: g }), new nn.ReLU(),
    new nn.Linear({ inFeatures: 32, outFeatures: 2, generator: g }),
  );
  const opt = new optim.Adam(model.parameters(), { lr: 1e-2, weightDecay: 1e-4 });
  const order = new Generator(12);
  const losses: number[] = [];
  for (let epoch = 0; epoch < 6; epoch++) {
    const perm = order.permutation(256);
    for (let b = 0; b < 256; b += 32) {
      const loss = nn.crossEntropy(model.call(train.takeRows(x, perm, b, b + 32)), train.takeRows(y, perm, b, b + 32));
      loss.backward();
      opt.step();
      opt.zeroGrad();
      losses.push(loss.item());
    }
  }
  return { losses, weights: model.parameters().map((p) => Float32Array.from(p.data as Float32Array)) };
}

test('cpu and wasm backends train an MLP to the same losses and weights (float32 tolerance)', () => {
  const cpu = withBackend('cpu', trainRun);
  const wasm = withBackend('wasm', trainRun);
  assert.equal(cpu.losses.length, 48);
  cpu.losses.forEach((l, i) => assert.ok(Math.abs(l - wasm.losses[i]!) <= 1e-4 * Math.max(1, Math.abs(l)), `step ${i}: cpu ${l}, wasm ${wasm.losses[i]}`));
  cpu.weights.forEach((w, k) => w.forEach((v, i) => assert.ok(Math.abs(v - wasm.weights[k]![i]!) <= 2e-4, `parameter ${k}[${i}]: cpu ${v}, wasm ${wasm.weights[k]![i]}`)));
  const mean = (a: number[]): number => a.reduce((x, v) => x + v, 0) / a.length;
  const [first, last] = [mean(cpu.losses.slice(0, 8)), mean(cpu.losses.slice(-8))];
  assert.ok(last < first * 0.8, `it learned: mean loss ${first} in epoch 1, ${last} in epoch 6`);
});

test('on one backend the same seed reproduces the run bit for bit', () => {
  for (const b of ['cpu', 'wasm'] as const) {
    const r1 = withBackend(b, trainRun);
    const r2 = withBackend(b, trainRun);
    assert.deepEqual(r1.losses, r2.losses, b);
    assert.deepEqual(r1.weights, r2.weights, b);
  }
});
