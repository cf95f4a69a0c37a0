#!/usr/bin/env node
// The `neurite` command line: parses arguments with commander and dispatches to cli/commands/*.

import { Command } from 'commander';
import { VERSION } from '../src/index.js';
import { registerExplain } from './commands/explain.js';
import { registerLesson } from './commands/lesson.js';
import { registerStart } from './commands/start.js';
import { reportError } from './errors.js';

/** Builds the program (exported for tests). */
export function buildProgram(): Command {
  const program = new Command();
  program
    .name('neurite')
    .description('Neural networks in TypeScript: train, evaluate and explain networks from the terminal.')
    .version(VERSION, '-v, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerStart(program);
  registerExplain(program);
  registerLesson(program);
  program.addHelpText('after', '\nExamples:\n  neurite start\n  neurite explain backprop\n  neurite --version');
  return program;
}

async function main(): Promise<void> {
  try {
    await buildProgram().parseAsync(process.argv);
  } catch (err) {
    process.exitCode = reportError(err);
  }
}

await main();
