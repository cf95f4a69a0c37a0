// `neurite info`: what a run directory holds: the model summary (layers, output shapes, parameter
// counts), the data and preprocessing it was trained with, the training options and the last metrics.

import type { Command } from 'commander';
import { resolve } from 'node:path';
import { nn } from '../../src/index.js';
import { loadRun } from '../run-dir.js';

interface InfoFlags { model: string; json?: boolean }

async function runInfo(o: InfoFlags): Promise<void> {
  const run = loadRun(o.model, { command: 'info' });
  const d = run.description;
  const summary = nn.summarize(run.model, { inputShape: [1, ...d.inputShape] });
  const st = run.checkpoint.trainerState as { trainer?: { epoch: number; batch: number; history: { trainLoss: number; valLoss?: number; valAccuracy?: number }[] } } | undefined;
  const history = st?.trainer?.history ?? [];
  const last = history.at(-1);
  const res = {
    model: resolve(o.model),
    task: d.task,
    inputShape: d.inputShape,
    classNames: d.classNames ?? null,
    dataset: d.dataset,
    standardized: d.standardizer !== undefined,
    architecture: d.architecture,
    parameters: summary.totalParams,
    training: d.training,
    epochsDone: st?.trainer?.epoch ?? 0,
    midEpochBatch: st?.trainer?.batch ?? 0,
    lastEpoch: last ?? null,
  };
  if (o.json) {
    process.stdout.write(`${JSON.stringify(res)}\n`);
    return;
  }
  const t = d.training;
  const lines = [
    `run ${o.model}: ${d.task} on ${d.dataset.name} (${d.dataset.source})`,
    `input ${JSON.stringify(d.inputShape)}${d.standardizer ? ', standardized with the training mean/std' : ''}${d.classNames ? `; ${d.classNames.length} classes: ${d.classNames.join(', ')}` : ''}`,
    '',
    nn.formatSummary(summary),
    '',
    `trained with ${t.optimizer} lr ${t.lr}, batch ${t.batchSize}, ${t.epochs} epochs${t.l2 ? `, L2 ${t.l2}` : ''}${t.l1 ? `, L1 ${t.l1}` : ''}${t.dropout ? `, dropout ${t.dropout}` : ''}${t.batchnorm ? ', batchnorm' : ''}, init ${t.init}, seed ${t.seed}`,
    `epochs done: ${res.epochsDone}${res.midEpochBatch ? ` (+${res.midEpochBatch} batches of the next; interrupted)` : ''}`,
  ];
  if (last) lines.push(`last epoch: loss ${last.trainLoss.toFixed(4)}${last.valLoss !== undefined ? `, validation loss ${last.valLoss.toFixed(4)}` : ''}${last.valAccuracy !== undefined ? `, validation accuracy ${(last.valAccuracy * 100).toFixed(2)}%` : ''}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** Registers `info`. */
export function registerInfo(program: Command): void {
  program
    .command('info')
    .description('describe a trained model: layers, shapes, parameters, data, preprocessing and training options')
    .requiredOption('--model <run-dir>', 'run directory written by neurite train')
    .option('--json', 'print one JSON object')
    .addHelpText('after', '\nExamples:\n  neurite info --model runs/mnist\n  neurite info --model runs/mnist --json')
    .action(runInfo);
}
