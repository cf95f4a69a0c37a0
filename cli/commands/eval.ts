// `neurite eval`: loss, accuracy and confusion matrix of a saved model on a dataset or CSV file.

import type { Command } from 'commander';
import { Option } from 'commander';
import { resolve } from 'node:path';
import { io, nn, report, train } from '../../src/index.js';
import { isCsvPath, writeChart } from '../../src/node.js';
import { loadEvalData } from '../data-source.js';
import { loadRun } from '../run-dir.js';

interface EvalFlags { model: string; data?: string; split: 'test' | 'train' | 'all'; out?: string; json?: boolean }

/** The confusion matrix as aligned text rows (true class down, predicted across). */
function formatConfusion(cm: number[][], names: readonly string[]): string {
  const short = names.map((n) => (n.length > 10 ? `${n.slice(0, 9)}.` : n));
  const w = Math.max(6, ...short.map((n) => n.length), ...cm.flat().map((v) => String(v).length)) + 1;
  const head = `${'true \\ pred'.padEnd(12)}${short.map((n) => n.padStart(w)).join('')}`;
  return [head, ...cm.map((r, i) => `${short[i]!.padEnd(12)}${r.map((v) => String(v).padStart(w)).join('')}`)].join('\n');
}

async function runEval(o: EvalFlags): Promise<void> {
  const run = loadRun(o.model, { command: 'eval' });
  const desc = run.description;
  const dataName = o.data ?? desc.training.data;
  const ds = loadEvalData(dataName, desc, o.split);
  const part = isCsvPath(dataName) ? 'every row' : o.split;
  io.checkDataFitsModel(desc, ds, `eval --model ${o.model} --data ${dataName}`);
  const output = train.predict(run.model, run.prep(ds.x));
  const classification = desc.task === 'classification';
  const loss = (classification ? nn.crossEntropy(output, ds.y) : nn.mseLoss(output, ds.y)).item();
  const res: Record<string, unknown> = { model: resolve(o.model), data: dataName, split: part, rows: ds.x.shape[0], testLoss: loss };
  const lines = [`${ds.name} (${part}, ${ds.x.shape[0]} rows): loss ${loss.toFixed(4)}`];
  if (classification) {
    const names = desc.classNames ?? [];
    const acc = train.accuracy(output, ds.y);
    const cm = train.confusionMatrix(output, ds.y, names.length);
    res.testAccuracy = acc;
    res.confusionMatrix = cm;
    res.classNames = names;
    lines.push(`accuracy ${(acc * 100).toFixed(2)}%`);
    if (names.length <= 12) lines.push('', formatConfusion(cm, names));
    if (o.out) {
      const p = await writeChart(o.out, 'confusion-matrix', await report.confusionMatrix(cm, names, { title: `${ds.name} (${part}): confusion matrix` }));
      res.pictures = [resolve(p.svg), resolve(p.png)];
      lines.push('', `wrote ${p.svg} and ${p.png}`);
    }
  } else {
    res.testMae = train.meanAbsoluteError(output, ds.y);
    lines.push(`mean absolute error ${(res.testMae as number).toFixed(4)}`);
  }
  if (o.json) process.stdout.write(`${JSON.stringify(res)}\n`);
  else process.stdout.write(`${lines.join('\n')}\n`);
}

/** Registers `eval`. */
export function registerEval(program: Command): void {
  program
    .command('eval')
    .description('evaluate a trained model (a run directory) on a dataset or CSV file')
    .requiredOption('--model <run-dir>', 'run directory written by neurite train')
    .option('--data <name|file.csv>', 'dataset or CSV file (default: the one it was trained on)')
    .addOption(new Option('--split <part>', 'which part of a named dataset').choices(['test', 'train', 'all']).default('test'))
    .option('--out <dir>', 'also write the confusion matrix picture (SVG and PNG) there')
    .option('--json', 'print one JSON object (testAccuracy, testLoss, confusionMatrix)')
    .addHelpText('after', '\nExamples:\n  neurite eval --model runs/mnist\n  neurite eval --model runs/iris --data iris --split all --json\n  neurite eval --model runs/houses --data new-houses.csv')
    .action(runEval);
}
