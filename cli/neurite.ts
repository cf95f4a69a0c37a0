#!/usr/bin/env node
// The `neurite` command line: parses arguments with commander and dispatches to cli/commands/*.

import { Command } from 'commander';
import { VERSION } from '../src/index.js';
import { enableRelaxedSimd } from '../src/node.js';
import { registerExplain } from './commands/explain.js';
import { registerLesson } from './commands/lesson.js';
import { registerZoo } from './commands/zoo.js';
import { registerStart } from './commands/start.js';
import { registerTrain } from './commands/train.js';
import { registerEval } from './commands/eval.js';
import { registerPredict } from './commands/predict.js';
import { registerInfo } from './commands/info.js';
import { registerDatasets } from './commands/datasets.js';
import { reportError } from './errors.js';

/** Builds the program (exported for tests). */
export function buildProgram(): Command {
  const program = new Command();
  program
    .name('neurite')
    .description('Neural networks in TypeScript: train, evaluate and explain networks from the terminal.')
    .version(VERSION, '-v, --version')
    .configureOutput({
      // one line, like every other user error (commander writes "error: ...\n")
      outputError: (str, write) => write(`neurite: ${str.replace(/^error: /, '').trim().replace(/\s*\n\s*/g, ' ')} (see neurite --help)\n`),
    })
    .exitOverride();
  registerStart(program);
  registerTrain(program);
  registerEval(program);
  registerPredict(program);
  registerInfo(program);
  registerDatasets(program);
  registerExplain(program);
  registerLesson(program);
  registerZoo(program);
  program.addHelpText('after', '\nExamples:\n  neurite start\n  neurite train --data mnist --layers 128 --epochs 10 --out runs/mnist\n  neurite eval --model runs/mnist\n  neurite info --model runs/mnist\n  neurite datasets\n  neurite explain backprop\n  neurite lesson --list\n  neurite <command> --help');
  return program;
}

async function main(): Promise<void> {
  // A closed pipe (`neurite ... | head`) ends the program quietly, as other command-line tools do.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(0);
      throw e;
    });
  }
  // Fused multiply-add in the wasm matmul (Node 20 has it behind a V8 flag; NEURITE_WASM_RELAXED=0 opts out).
  enableRelaxedSimd();
  try {
    await buildProgram().parseAsync(process.argv);
  } catch (err) {
    process.exitCode = reportError(err);
  }
}

await main();
