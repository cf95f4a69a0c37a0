// Lesson "gd-vs-sgd": full-batch gradient descent vs mini-batch SGD vs single-sample SGD on the same
// network and data: loss against epochs and against wall time, and how noisy each one's steps are.

import { moons } from '../data/toy-classification.js';
import { gatherRows } from '../data/dataset.js';
import { GradientFlowRecorder } from '../diagnostics/gradient-flow.js';
import { Tanh } from '../nn/activation.js';
import { Linear } from '../nn/linear.js';
import { bceWithLogitsLoss } from '../nn/losses.js';
import { Sequential } from '../nn/sequential.js';
import { SGD } from '../optim/sgd.js';
import { lineChart } from '../report/line-chart.js';
import { Generator } from '../tensor/random.js';
import { binaryTargets, evalLoss, now } from './common.js';
import { fmtNum, fmtPct, type Lesson, type LessonOptions, type LessonReport } from './lesson.js';

/** Options of the gd-vs-sgd lesson. */
export interface GdVsSgdOptions extends LessonOptions {
  /** Training points (default 120 from `moons`). */
  n?: number;
  /** Epochs for every method (default 20). */
  epochs?: number;
  /** Learning rate shared by the three methods (default 0.2). */
  lr?: number;
  /** Mini-batch size (default 16). */
  batchSize?: number;
}

/** One method's run. */
export interface GdVsSgdRun {
  method: 'full-batch GD' | 'mini-batch SGD' | 'single-sample SGD';
  batchSize: number;
  /** Full-data loss after each epoch (index 0: before training). */
  epochLoss: number[];
  /** Milliseconds of training (excluding the loss evaluations) at the end of each epoch (0 first). */
  epochTimeMs: number[];
  /** Full-data loss after each of the first `traceUpdates` updates. */
  updateLoss: number[];
  updates: number;
  /** Share of those updates that increased the full-data loss. */
  increaseFraction: number;
  /** Coefficient of variation (std / mean) of the first layer's gradient norm over updates (recorder). */
  gradNoise: number;
}

/** Result of the gd-vs-sgd lesson. */
export interface GdVsSgdResult {
  options: Required<GdVsSgdOptions>;
  runs: GdVsSgdRun[];
}

/** Trains the same 2-16-1 tanh network from the same start with batch sizes N, `batchSize` and 1. */
export async function gdVsSgd(opts: GdVsSgdOptions = {}): Promise<GdVsSgdResult> {
  const o: Required<GdVsSgdOptions> = { seed: 0, n: 120, epochs: 20, lr: 0.2, batchSize: 16, ...opts };
  const ds = moons({ n: o.n, noise: 0.15, seed: o.seed });
  const methods = [['full-batch GD', o.n], ['mini-batch SGD', o.batchSize], ['single-sample SGD', 1]] as const;
  const runs = methods.map(([method, bs]): GdVsSgdRun => {
    const gen = new Generator(o.seed);
    const model = new Sequential(new Linear({ inFeatures: 2, outFeatures: 16, generator: gen }), new Tanh(), new Linear({ inFeatures: 16, outFeatures: 1, generator: gen }));
    const opt = new SGD(model.parameters(), { lr: o.lr });
    const rec = new GradientFlowRecorder({ filter: (n) => n === '0' }).attach(model);
    const order = new Generator(o.seed + 1);
    const epochLoss = [evalLoss(model, ds.x, ds.y)];
    const epochTimeMs = [0];
    const updateLoss: number[] = [];
    const trace = Math.min(200, Math.ceil(o.n / bs) * o.epochs);
    let updates = 0;
    let elapsed = 0;
    for (let e = 0; e < o.epochs; e++) {
      const perm = order.permutation(o.n);
      for (let start = 0; start < o.n; start += bs) {
        const t0 = now();
        const idx = perm.slice(start, start + bs);
        const xb = gatherRows(ds.x, idx);
        const yb = gatherRows(ds.y, idx);
        opt.zeroGrad();
        bceWithLogitsLoss(model.call(xb), binaryTargets(yb)).backward();
        opt.step();
        elapsed += now() - t0;
        rec.step();
        if (updates++ < trace) updateLoss.push(evalLoss(model, ds.x, ds.y));
      }
      epochLoss.push(evalLoss(model, ds.x, ds.y));
      epochTimeMs.push(elapsed);
    }
    const g = rec.series('0', 'gradNorm');
    rec.detach();
    const mean = g.reduce((a, b) => a + b, 0) / g.length;
    const sd = Math.sqrt(g.reduce((a, b) => a + (b - mean) ** 2, 0) / g.length);
    let inc = 0;
    for (let i = 0; i < updateLoss.length; i++) if (updateLoss[i]! > (i === 0 ? epochLoss[0]! : updateLoss[i - 1]!)) inc++;
    return { method, batchSize: bs, epochLoss, epochTimeMs, updateLoss, updates, increaseFraction: inc / updateLoss.length, gradNoise: sd / mean };
  });
  return { options: o, runs };
}

/** Loss against epochs, against wall time, and per update (the noise), plus a table. */
export async function renderGdVsSgd(r: GdVsSgdResult): Promise<LessonReport> {
  const epochs = r.runs.map((run) => ({ name: run.method, x: run.epochLoss.map((_, i) => i), y: run.epochLoss }));
  const time = r.runs.map((run) => ({ name: run.method, x: run.epochTimeMs, y: run.epochLoss }));
  const upd = r.runs.map((run) => ({ name: run.method, x: run.updateLoss.map((_, i) => i + 1), y: run.updateLoss }));
  return {
    name: 'gd-vs-sgd',
    title: 'Gradient descent vs stochastic gradient descent',
    text:
      'GD computes the gradient on the whole data set: one smooth, expensive step per epoch. SGD estimates it from a\n' +
      'mini-batch or a single example: many cheap, noisy steps per epoch. With the same learning rate and the same\n' +
      `number of epochs (${r.options.epochs}), SGD gets much further per epoch; its loss wiggles because each step follows one\n` +
      'sample. Noise is measured as the share of updates that raised the full-data loss, and as the spread of the\n' +
      "first layer's gradient norm (gradient-flow recorder). Wall time depends on the machine.",
    tables: [{
      title: `Same network, lr ${r.options.lr}, ${r.options.n} points`,
      header: ['method', 'batch', 'updates', 'final loss', 'train ms', 'loss increases', 'grad-norm CV'],
      rows: r.runs.map((run) => [run.method, String(run.batchSize), String(run.updates), fmtNum(run.epochLoss.at(-1)!), fmtNum(run.epochTimeMs.at(-1)!, 3), fmtPct(run.increaseFraction), fmtNum(run.gradNoise)]),
    }],
    charts: [
      { name: 'loss-vs-epoch', svg: await lineChart(epochs, { title: 'Full-data loss after each epoch', xLabel: 'epoch', yLabel: 'BCE loss', logY: true }) },
      { name: 'loss-vs-time', svg: await lineChart(time, { title: 'Full-data loss against training wall time', xLabel: 'milliseconds', yLabel: 'BCE loss', logY: true }) },
      { name: 'loss-per-update', svg: await lineChart(upd, { title: 'Full-data loss after each update: SGD is noisy', xLabel: 'update', yLabel: 'BCE loss', points: false }) },
    ],
  };
}

/** The gd-vs-sgd lesson. */
export const gdVsSgdLesson: Lesson<GdVsSgdOptions, GdVsSgdResult> = {
  name: 'gd-vs-sgd',
  title: 'GD vs SGD',
  summary: 'full-batch GD vs mini-batch vs single-sample SGD: loss against epochs and wall time, and the noise',
  run: gdVsSgd,
  render: renderGdVsSgd,
};
