// Training gate for the convolutional layers: a small seeded CNN (conv-pool-conv-pool-fc) learns to
// read the bundled MNIST digits from 3,000 training images in two epochs and must reach 90% on 1,000
// held-out test images.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Generator, Tensor, noGrad, nn, optim } from '../../src/index.js';
import { loadMnist } from '../../src/data/node-mnist.js';

const TRAIN = 3000;
const TEST = 1000;
const BATCH = 32;

/** Rows `idx[from..to)` of images x [N, 1, 28, 28] and labels y [N]. */
function batchOf(x: Tensor, y: Tensor, idx: ArrayLike<number>, from: number, to: number): [Tensor, Tensor] {
  const n = to - from;
  const xb = new Float32Array(n * 784);
  const yb = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const r = idx[from + i]!;
    xb.set(x.data.subarray(r * 784, (r + 1) * 784), i * 784);
    yb[i] = y.data[r]!;
  }
  return [new Tensor(xb, [n, 1, 28, 28], 'float32'), new Tensor(yb, [n], 'int32')];
}

test(`a seeded CNN reaches 90% test accuracy on MNIST digits after 2 epochs of ${TRAIN} images`, () => {
  const { train, test: held } = loadMnist({ flatten: false });
  const g = new Generator(0);
  const model = new nn.Sequential(
    new nn.Conv2d({ inChannels: 1, outChannels: 8, kernelSize: 5, generator: g }), new nn.ReLU(), new nn.MaxPool2d({ kernelSize: 2 }),
    new nn.Conv2d({ inChannels: 8, outChannels: 16, kernelSize: 5, generator: g }), new nn.ReLU(), new nn.MaxPool2d({ kernelSize: 2 }),
    new nn.Flatten(), new nn.Linear({ inFeatures: 16 * 4 * 4, outFeatures: 10, generator: g }),
  );
  const opt = new optim.Adam(model.parameters(), { lr: 3e-3 });
  for (let epoch = 0; epoch < 2; epoch++) {
    const order = g.permutation(TRAIN);
    for (let at = 0; at + BATCH <= TRAIN; at += BATCH) {
      const [xb, yb] = batchOf(train.x, train.y, order, at, at + BATCH);
      opt.zeroGrad();
      nn.crossEntropy(model.call(xb), yb).backward();
      opt.step();
    }
  }
  model.eval();
  const all = Array.from({ length: TEST }, (_, i) => i);
  const [xt, yt] = batchOf(held.x, held.y, all, 0, TEST);
  const pred = noGrad(() => model.call(xt).argmax(1));
  let correct = 0;
  for (let i = 0; i < TEST; i++) if (pred.data[i] === yt.data[i]) correct++;
  const acc = correct / TEST;
  assert.ok(acc >= 0.9, `test accuracy ${acc}`);
});
