// Lesson "regularization": an over-fitting network trained with no penalty, L1 (LASSO) and L2
// (Tikhonov): train/test gap, weight histograms (L1 drives weights to ~0) and a lambda sweep.

import { gatherRows } from '../data/dataset.js';
import { moons } from '../data/toy-classification.js';
import { GradientFlowRecorder } from '../diagnostics/gradient-flow.js';
import { ReLU } from '../nn/activation.js';
import { Linear } from '../nn/linear.js';
import { l1Penalty, l2Penalty } from '../nn/regularization.js';
import { Sequential } from '../nn/sequential.js';
import { SGD } from '../optim/sgd.js';
import { histogram } from '../report/histogram.js';
import { lineChart } from '../report/line-chart.js';
import { Generator } from '../tensor/random.js';
import { accuracy, trainBinary } from './common.js';
import { fmtNum, fmtPct, type Lesson, type LessonOptions, type LessonReport } from './lesson.js';

/** Options of the regularization lesson. */
export interface RegularizationOptions extends LessonOptions {
  /** Training points (default 20: few, noisy, so an unregularized net over-fits). */
  nTrain?: number;
  /** Hidden width of the 2-h-h-1 ReLU network (default 64). */
  hidden?: number;
  /** Full-batch SGD steps (default 800). */
  steps?: number;
  /** Learning rate (default 0.2). */
  lr?: number;
  /** lambda of the main comparison (default 1e-3). */
  lambda?: number;
  /** lambdas of the sweep (default [1e-4, 1e-3, 1e-2]). */
  sweep?: number[];
  /** |w| below this counts as near zero (default 1e-3). */
  zeroThreshold?: number;
}

/** One trained network. */
export interface RegularizationRun {
  penalty: 'none' | 'l1' | 'l2';
  lambda: number;
  trainAccuracy: number;
  testAccuracy: number;
  /** trainAccuracy - testAccuracy. */
  gap: number;
  /** Share of weights (not biases) with |w| < zeroThreshold. */
  nearZero: number;
  /** Norm of all weights (summed over layers from the gradient-flow recorder). */
  weightNorm: number;
  weights: number[];
}

/** Result of the regularization lesson. */
export interface RegularizationResult {
  options: Required<RegularizationOptions>;
  runs: RegularizationRun[];
  sweep: RegularizationRun[];
}

function trainOne(o: Required<RegularizationOptions>, penalty: RegularizationRun['penalty'], lambda: number): RegularizationRun {
  const data = moons({ n: o.nTrain + 400, noise: 0.3, seed: o.seed });
  const idx = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);
  const [xTr, yTr] = [gatherRows(data.x, idx(0, o.nTrain)), gatherRows(data.y, idx(0, o.nTrain))];
  const [xTe, yTe] = [gatherRows(data.x, idx(o.nTrain, o.nTrain + 400)), gatherRows(data.y, idx(o.nTrain, o.nTrain + 400))];
  const gen = new Generator(o.seed);
  const model = new Sequential(new Linear({ inFeatures: 2, outFeatures: o.hidden, generator: gen }), new ReLU(), new Linear({ inFeatures: o.hidden, outFeatures: o.hidden, generator: gen }), new ReLU(), new Linear({ inFeatures: o.hidden, outFeatures: 1, generator: gen }));
  const pen = penalty === 'l1' ? () => l1Penalty(model, { lambda }) : penalty === 'l2' ? () => l2Penalty(model, { lambda }) : undefined;
  trainBinary({ model, optimizer: new SGD(model.parameters(), { lr: o.lr }), x: xTr, y: yTr, steps: o.steps, penalty: pen });
  const rec = new GradientFlowRecorder({ filter: (_n, m) => m instanceof Linear }).attach(model);
  const layers = rec.step().layers;
  rec.detach();
  const weightNorm = Math.sqrt(layers.reduce((s, l) => s + l.params!.weight!.weightNorm ** 2, 0));
  const weights = model.namedParameters().filter(([, p]) => p.ndim >= 2).flatMap(([, p]) => Array.from(p.data, Number));
  const trainAccuracy = accuracy(model, xTr, yTr);
  const testAccuracy = accuracy(model, xTe, yTe);
  return { penalty, lambda, trainAccuracy, testAccuracy, gap: trainAccuracy - testAccuracy, nearZero: weights.filter((w) => Math.abs(w) < o.zeroThreshold).length / weights.length, weightNorm, weights };
}

/** Trains without penalty, with L1 and with L2, and sweeps lambda for both. */
export async function regularization(opts: RegularizationOptions = {}): Promise<RegularizationResult> {
  const o: Required<RegularizationOptions> = { seed: 0, nTrain: 20, hidden: 64, steps: 800, lr: 0.2, lambda: 1e-3, sweep: [1e-4, 1e-3, 1e-2], zeroThreshold: 1e-3, ...opts };
  const cache = new Map<string, RegularizationRun>();
  const get = (p: RegularizationRun['penalty'], l: number): RegularizationRun => {
    const key = `${p}:${p === 'none' ? 0 : l}`;
    if (!cache.has(key)) cache.set(key, trainOne(o, p, p === 'none' ? 0 : l));
    return cache.get(key)!;
  };
  const runs = [get('none', 0), get('l1', o.lambda), get('l2', o.lambda)];
  const sweep = o.sweep.flatMap((l) => [get('l1', l), get('l2', l)]);
  return { options: o, runs, sweep };
}

/** Table, weight histograms and the lambda sweep. */
export async function renderRegularization(r: RegularizationResult): Promise<LessonReport> {
  const hist = Object.fromEntries(r.runs.map((run) => [run.penalty === 'none' ? 'none' : `${run.penalty} (lambda ${run.lambda})`, run.weights]));
  const sweepSeries = (['l1', 'l2'] as const).flatMap((p) => {
    const rs = r.sweep.filter((s) => s.penalty === p);
    return [{ name: `${p} test accuracy`, x: rs.map((s) => s.lambda), y: rs.map((s) => s.testAccuracy) }, { name: `${p} train accuracy`, x: rs.map((s) => s.lambda), y: rs.map((s) => s.trainAccuracy) }];
  });
  const row = (run: RegularizationRun) => [run.penalty, run.penalty === 'none' ? '-' : String(run.lambda), fmtPct(run.trainAccuracy), fmtPct(run.testAccuracy), fmtPct(run.gap), fmtPct(run.nearZero), fmtNum(run.weightNorm)];
  const header = ['penalty', 'lambda', 'train acc', 'test acc', 'gap', `|w| < ${r.options.zeroThreshold}`, '||W||'];
  return {
    name: 'regularization',
    title: 'Regularization: L1 (LASSO) and L2 (Tikhonov)',
    text:
      `A 2-${r.options.hidden}-${r.options.hidden}-1 ReLU network on ${r.options.nTrain} noisy points can memorise them. The lecture's penalties add\n` +
      'lambda sum beta_i^2 (L2) or lambda sum |beta_i| (L1) to the loss. L2 shrinks all weights in proportion to their\n' +
      'size; L1 pulls each weight towards 0 by a constant amount, so many end at (nearly) exactly zero: a sparse model.\n' +
      `Trained with full-batch SGD (lr ${r.options.lr}, ${r.options.steps} steps); test accuracy is on 400 fresh points.`,
    tables: [
      { title: 'None vs L1 vs L2', header, rows: r.runs.map(row) },
      { title: 'lambda sweep', header, rows: r.sweep.map(row) },
    ],
    charts: [
      { name: 'weight-histogram', svg: await histogram(hist, { title: 'Weights after training: L1 piles them up at 0', xLabel: 'weight', bins: 41, logY: true }) },
      { name: 'lambda-sweep', svg: await lineChart(sweepSeries, { title: 'Accuracy against lambda', xLabel: 'lambda', yLabel: 'accuracy', logX: true }) },
    ],
  };
}

/** The regularization lesson. */
export const regularizationLesson: Lesson<RegularizationOptions, RegularizationResult> = {
  name: 'regularization',
  title: 'L1 and L2 regularization',
  summary: 'an over-fitting network with no penalty, L1 and L2: train/test gap, weight histograms, lambda sweep',
  run: regularization,
  render: renderRegularization,
};
