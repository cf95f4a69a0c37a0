// `neurite lesson <name>` runs one of the lecture's lessons: prints its explanation and tables, writes
// its pictures (SVG + PNG) and lists their paths; `--list` shows the fourteen; `--json` prints the numbers.

import type { Command } from 'commander';
import { lessons } from '../../src/index.js';
import { writeChart } from '../../src/node.js';
import { UsageError } from '../errors.js';
import { nonNegInt } from '../options.js';

interface LessonCliOpts { list?: boolean; out?: string; json?: boolean; seed: number }

/** Registers `lesson`. */
export function registerLesson(program: Command): void {
  program
    .command('lesson')
    .argument('[name]', 'the lesson to run (see --list)')
    .description("run one of the lecture's lessons: measured numbers, explanation and pictures")
    .option('--list', 'list the lessons')
    .option('--out <dir>', 'where the pictures go (default runs/lessons/<name>)')
    .option('--json', 'print one JSON object (numbers and picture paths) on stdout at the end')
    .option('--seed <n>', 'seed of every random choice', nonNegInt, 0)
    .addHelpText('after', '\nExamples:\n  neurite lesson --list\n  neurite lesson exploding\n  neurite lesson optimizers --out /tmp/opt --json')
    .action(async (name: string | undefined, o: LessonCliOpts) => {
      if (o.list) {
        const width = Math.max(...lessons.LESSONS.map((l) => l.name.length));
        process.stdout.write(lessons.LESSONS.map((l) => `${l.name.padEnd(width)}  ${l.summary}`).join('\n') + '\n');
        return;
      }
      if (name === undefined) throw new UsageError(`lesson: name a lesson (${lessons.lessonNames().join(', ')}) or pass --list`);
      if (!lessons.lessonNames().includes(name)) throw new UsageError(`unknown lesson '${name}'; valid lessons: ${lessons.lessonNames().join(', ')}`);
      const { result, report } = await lessons.runLesson(name, { seed: o.seed });
      const dir = o.out ?? `runs/lessons/${name}`;
      const pictures: { svg: string; png: string }[] = [];
      for (const c of report.charts) pictures.push(await writeChart(dir, c.name, c.svg));
      if (o.json) {
        process.stdout.write(`${JSON.stringify({ lesson: name, seed: o.seed, result, pictures })}\n`);
        return;
      }
      process.stdout.write(lessons.formatReport(report));
      process.stdout.write(`\nPictures:\n${pictures.map((p) => `  ${p.svg}\n  ${p.png}`).join('\n')}\n`);
    });
}
