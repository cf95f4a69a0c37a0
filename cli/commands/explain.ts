// `neurite explain backprop`: the lecture's worked back-propagation example as its table.

import type { Command } from 'commander';
import { lessons } from '../../src/index.js';
import { num } from '../options.js';

/** Formats a number the way the lecture's table shows it (no float noise). */
export function fmt(x: number): string {
  return String(Number(x.toPrecision(10)));
}

/** Renders rows as an aligned text table. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padStart(widths[i]!)).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

interface ExplainOpts { x: number; w: number; b: number; target: number; lr: number; json?: boolean }

/** Registers `explain`. */
export function registerExplain(program: Command): void {
  const explain = program.command('explain').description('show how a piece of the lecture is computed, step by step');
  explain
    .command('backprop')
    .description("the lecture's worked example: one neuron y = x*w + b, Q = (y_target - y)^2, one gradient step")
    .option('--x <number>', 'input x', num, 1)
    .option('--w <number>', 'weight w', num, 0.1)
    .option('--b <number>', 'bias b', num, 1)
    .option('--target <number>', 'target y_target', num, 2)
    .option('--lr <number>', 'learning rate eta', num, 0.1)
    .option('--json', 'print one JSON object instead of the table')
    .addHelpText('after', '\nExamples:\n  neurite explain backprop\n  neurite explain backprop --x 2 --w 0.5 --target 3 --json')
    .action((o: ExplainOpts) => {
      const r = lessons.workedExample({ x: o.x, w: o.w, b: o.b, target: o.target, lr: o.lr });
      if (o.json) {
        process.stdout.write(`${JSON.stringify(r)}\n`);
        return;
      }
      process.stdout.write(
        `One neuron: y = x*w + b, loss Q = (y_target - y)^2, step theta_new = theta - eta * dQ/dtheta\n` +
          `Input: x = ${fmt(r.x)}, w = ${fmt(r.w)}, b = ${fmt(r.b)}, y_target = ${fmt(r.target)}, eta = ${fmt(r.lr)}\n\n` +
          `dQ/dy = -2 (y_target - y)   dQ/dw = dQ/dy * x   dQ/db = dQ/dy   (computed by autodiff)\n\n` +
          table(['y', 'Q', 'dQ/dy', 'dQ/dw', 'dQ/db', 'w_new', 'b_new'], [[r.y, r.Q, r.dQdy, r.dQdw, r.dQdb, r.wNew, r.bNew].map(fmt)]) +
          '\n',
      );
    });
}
