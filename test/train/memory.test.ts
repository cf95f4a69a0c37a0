// Training memory is flat: after warm-up, thousands more optimizer steps do not grow the JS heap,
// the typed-array/wasm buffers or the resident set (no retained graphs, gradients or arena leaks).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Generator, manualSeed, nn, optim, train, data } from '../../src/index.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function usage(): { heap: number; buffers: number; rss: number } {
  gc();
  gc();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, buffers: m.arrayBuffers, rss: m.rss };
}

test('memory does not grow across many training steps (MLP with Adam, dropout and batch norm)', async () => {
  manualSeed(1);
  const g = new Generator(1);
  const { x, y } = data.spiral({ n: 512, seed: 2 });
  const model = new nn.Sequential(
    new nn.Linear({ inFeatures: 2, outFeatures: 64, generator: g }), new nn.ReLU(), new nn.BatchNorm1d({ numFeatures: 64 }),
    new nn.Dropout({ p: 0.1 }), new nn.Linear({ inFeatures: 64, outFeatures: 2, generator: g }),
  );
  const trainer = new train.Trainer({ model, optimizer: new optim.Adam(model.parameters(), { lr: 1e-3 }), loss: (o, t) => nn.crossEntropy(o, t) });
  const samples: { epoch: number; heap: number; buffers: number; rss: number }[] = [];
  // 32 batches an epoch: epochs 5..80 are 2,400 steps after the first sample
  await trainer.fit({ x, y }, {
    epochs: 80, batchSize: 16,
    callbacks: [{ onEpochEnd: (l) => { if ((l.epoch + 1) % 15 === 5) samples.push({ epoch: l.epoch + 1, ...usage() }); } }],
  });
  const first = samples[0]!;
  const last = samples.at(-1)!;
  const mb = (b: number): string => `${(b / 2 ** 20).toFixed(2)} MB`;
  const table = samples.map((s) => `epoch ${s.epoch}: heap ${mb(s.heap)}, buffers ${mb(s.buffers)}, rss ${mb(s.rss)}`).join('\n');
  assert.ok(last.heap - first.heap < 2 * 2 ** 20, `JS heap grew by ${mb(last.heap - first.heap)}\n${table}`);
  assert.ok(last.buffers - first.buffers < 1 * 2 ** 20, `array buffers grew by ${mb(last.buffers - first.buffers)}\n${table}`);
  assert.ok(last.rss - first.rss < 32 * 2 ** 20, `rss grew by ${mb(last.rss - first.rss)}\n${table}`);
});
