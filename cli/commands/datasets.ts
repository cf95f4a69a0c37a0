// `neurite datasets`: every dataset `--data` accepts, where it comes from and whether it is here.

import type { Command } from 'commander';
import { listDatasets } from '../../src/node.js';

/** Registers `datasets`. */
export function registerDatasets(program: Command): void {
  program
    .command('datasets')
    .description('list the datasets --data accepts, their source and whether they are available here')
    .option('--json', 'print one JSON object')
    .addHelpText('after', '\nExamples:\n  neurite datasets\n  neurite datasets --json')
    .action((o: { json?: boolean }) => {
      const list = listDatasets();
      if (o.json) {
        process.stdout.write(`${JSON.stringify({ datasets: list })}\n`);
        return;
      }
      const w = Math.max(...list.map((d) => d.name.length)) + 2;
      const lines = list.map((d) => {
        const where = d.location ? `\n${' '.repeat(w + 4)}at ${d.location}` : '';
        const note = d.note ? `\n${' '.repeat(w + 4)}${d.note}` : '';
        return `${d.available ? 'yes' : 'no '} ${d.name.padEnd(w)}${d.description}\n${' '.repeat(w + 4)}source: ${d.source}${where}${note}`;
      });
      process.stdout.write(`available? name${' '.repeat(Math.max(1, w - 8))}description / source\n${lines.join('\n')}\n`);
    });
}
