// `neurite zoo`: the lecture's chart of 27 architectures. `--list` shows them (built or "not yet"),
// `zoo run <name>` trains one on its task and prints its metric next to its bar, `zoo chart` draws all.

import type { Command } from 'commander';
import { zoo } from '../../src/index.js';
import { writeChart } from '../../src/node.js';
import { UsageError } from '../errors.js';
import { nonNegInt } from '../options.js';

interface RunOpts { seed: number; full?: boolean; out?: string; json?: boolean }

/** The entry named `name` (exit 2 with the valid names when unknown or not built yet). */
function builtEntry(name: string): zoo.BuiltEntry {
  try {
    return zoo.getEntry(name);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

function listText(): string {
  const rows = zoo.ZOO.map((e) => [e.name, e.abbr, e.task, `${e.metric} ${zoo.formatBar(e.bar)}`, e.status]);
  const head = ['name', 'abbr', 'task', 'bar', 'status'];
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]): string => r.map((c, i) => c.padEnd(w[i]!)).join('  ').trimEnd();
  return [line(head), ...rows.map(line)].join('\n') + '\n';
}

async function runOne(name: string, o: RunOpts): Promise<void> {
  const entry = builtEntry(name);
  const progress = (p: zoo.ZooProgress): void => { if (!o.json) process.stderr.write(`  ${p.stage}: ${p.step}/${p.total}\n`); };
  const result = await entry.run({ seed: o.seed, full: o.full === true, onProgress: progress });
  const report = await entry.render(result);
  const dir = o.out ?? `runs/zoo/${entry.name}`;
  const pictures: { svg: string; png: string }[] = [];
  for (const c of report.charts) pictures.push(await writeChart(dir, c.name, c.svg));
  const { name: n, seed, full, metric, value, bar, pass, checks } = result;
  if (o.json) {
    const numbers = Object.fromEntries(Object.entries(result).filter(([k, v]) => k !== 'model' && typeof v !== 'function'));
    process.stdout.write(`${JSON.stringify({ ...numbers, name: n, seed, full, metric, value, bar: zoo.formatBar(bar), barValue: bar.value, barOp: bar.op, pass, checks, pictures })}\n`);
  } else {
    process.stdout.write(`${report.title}\n${'='.repeat(report.title.length)}\n\n${report.text.trim()}\n\n`);
    for (const c of checks) process.stdout.write(`  ${c.pass ? 'pass' : 'FAIL'}  ${c.metric} = ${c.value.toPrecision(4)}   (bar ${zoo.formatBar(c.bar)})\n`);
    process.stdout.write(`\n${metric} = ${value.toPrecision(4)}, bar ${zoo.formatBar(bar)}: ${pass ? 'PASS' : 'FAIL'}\n`);
    process.stdout.write(`\nPictures:\n${pictures.map((p) => `  ${p.svg}\n  ${p.png}`).join('\n')}\n`);
  }
  if (!pass) process.exitCode = 1;
}

/** Registers `zoo` with its `run` and `chart` subcommands. */
export function registerZoo(program: Command): void {
  const cmd = program
    .command('zoo')
    .description("the lecture's Neural Network Zoo: each architecture on a real task, with its number against its bar")
    .option('--list', 'list all 27 architectures (name, abbreviation, task, bar, status)')
    .addHelpText('after', '\nExamples:\n  neurite zoo --list\n  neurite zoo run mc\n  neurite zoo run "Markov Chain" --seed 3 --json\n  neurite zoo chart --out /tmp/zoo')
    .action((o: { list?: boolean }) => {
      if (o.list !== true) throw new UsageError(`zoo: pass --list, or use 'zoo run <name>' (built: ${zoo.builtNames().join(', ')}) or 'zoo chart'`);
      process.stdout.write(listText());
    });
  cmd
    .command('run')
    .argument('<name>', "the architecture: its abbreviation (mc, lstm) or its chart name ('Markov Chain')")
    .description('train an architecture on its task, print its metric next to its bar (exit 0 pass, 1 fail) and write its pictures')
    .option('--seed <n>', 'seed of every random choice', nonNegInt, 0)
    .option('--full', 'the full-size variant (the default is the shortened gate)')
    .option('--out <dir>', 'where the pictures go (default runs/zoo/<name>)')
    .option('--json', 'print one JSON object (name, metric, value, bar, pass, checks, numbers, pictures) on stdout')
    .action(runOne);
  cmd
    .command('chart')
    .description("draw the whole chart (every architecture's cell in the lecture's order) as SVG + PNG")
    .option('--out <dir>', 'where chart.svg and chart.png go (default runs/zoo)')
    .action(async (o: { out?: string }) => {
      const p = await writeChart(o.out ?? 'runs/zoo', 'chart', zoo.zooChart());
      process.stdout.write(`${p.svg}\n${p.png}\n`);
    });
}
