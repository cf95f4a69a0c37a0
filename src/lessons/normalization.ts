// Lesson "normalization": raw vs standardized inputs, with and without batch normalization: epochs to
// reach a target loss and the largest learning rate that still trains (the lecture's "reaching stability").

import { circles } from '../data/toy-classification.js';
import { Standardizer } from '../data/standardizer.js';
import { GradientFlowRecorder } from '../diagnostics/gradient-flow.js';
import { Tanh } from '../nn/activation.js';
import { BatchNorm1d } from '../nn/batch-norm.js';
import { Linear } from '../nn/linear.js';
import { Sequential } from '../nn/sequential.js';
import { SGD } from '../optim/sgd.js';
import { lineChart } from '../report/line-chart.js';
import { tensor } from '../tensor/creation.js';
import { Generator } from '../tensor/random.js';
import type { Tensor } from '../tensor/tensor.js';
import { evalLoss, trainBinary } from './common.js';
import { fmtNum, fmtPct, type Lesson, type LessonOptions, type LessonReport } from './lesson.js';

/** Options of the normalization lesson. */
export interface NormalizationOptions extends LessonOptions {
  /** Points (default 200 of `circles`, rescaled to raw units: x1 * 100 + 500, x2 * 0.01 - 3). */
  n?: number;
  /** Full-batch GD epochs for the epochs-to-target run (default 300). */
  epochs?: number;
  /** Learning rate of that run (default 0.1). */
  lr?: number;
  /** Target training loss (default 0.3). */
  targetLoss?: number;
  /** Learning rates tried for stability (default 0.03 ... 30). */
  lrs?: number[];
  /** Epochs of each stability run (default 40). */
  stabilityEpochs?: number;
}

/** One configuration. */
export interface NormalizationRun {
  name: string;
  standardized: boolean;
  batchNorm: boolean;
  losses: number[];
  /** First epoch with training loss <= targetLoss (Infinity if never). */
  epochsToTarget: number;
  /** Largest rate whose run ends finite and below its starting loss (0 if none). */
  largestStableLr: number;
  /** Share of saturated tanh outputs in the first hidden layer at initialisation (recorder). */
  saturatedAtInit: number;
}

/** Result of the normalization lesson. */
export interface NormalizationResult {
  options: Required<NormalizationOptions>;
  runs: NormalizationRun[];
}

function build(batchNorm: boolean, seed: number): Sequential {
  const gen = new Generator(seed);
  const m = new Sequential(new Linear({ inFeatures: 2, outFeatures: 16, generator: gen }));
  if (batchNorm) m.append(new BatchNorm1d({ numFeatures: 16 }));
  m.append(new Tanh()).append(new Linear({ inFeatures: 16, outFeatures: 16, generator: gen }));
  if (batchNorm) m.append(new BatchNorm1d({ numFeatures: 16 }));
  return m.append(new Tanh()).append(new Linear({ inFeatures: 16, outFeatures: 1, generator: gen }));
}

/** Trains the four configurations (raw / standardized inputs x without / with batch norm). */
export async function normalization(opts: NormalizationOptions = {}): Promise<NormalizationResult> {
  const o: Required<NormalizationOptions> = { seed: 0, n: 200, epochs: 300, lr: 0.1, targetLoss: 0.3, lrs: [0.03, 0.1, 0.3, 1, 3, 10, 30], stabilityEpochs: 40, ...opts };
  const ds = circles({ n: o.n, seed: o.seed });
  const raw = tensor(Array.from({ length: o.n }, (_, i) => [ds.x.data[2 * i]! * 100 + 500, ds.x.data[2 * i + 1]! * 0.01 - 3]));
  const std = new Standardizer().fitTransform(raw);
  const runs: NormalizationRun[] = [];
  for (const [standardized, batchNorm] of [[false, false], [true, false], [false, true], [true, true]] as const) {
    const x: Tensor = standardized ? std : raw;
    const model = build(batchNorm, o.seed);
    const rec = new GradientFlowRecorder({ filter: (_n, m) => m instanceof Tanh }).attach(model);
    evalLoss(model.train(), x, ds.y);
    const saturatedAtInit = rec.step().layers[0]!.activation!.saturatedFraction!;
    rec.detach();
    const losses = trainBinary({ model, optimizer: new SGD(model.parameters(), { lr: o.lr }), x, y: ds.y, steps: o.epochs });
    const hit = losses.findIndex((l) => l <= o.targetLoss);
    let largestStableLr = 0;
    for (const lr of o.lrs) {
      const m = build(batchNorm, o.seed);
      const ls = trainBinary({ model: m, optimizer: new SGD(m.parameters(), { lr }), x, y: ds.y, steps: o.stabilityEpochs });
      const end = evalLoss(m.train(), x, ds.y);
      if (Number.isFinite(end) && end < ls[0]! && ls.every(Number.isFinite)) largestStableLr = lr;
    }
    runs.push({ name: `${standardized ? 'standardized' : 'raw'} inputs${batchNorm ? ' + batch norm' : ''}`, standardized, batchNorm, losses, epochsToTarget: hit < 0 ? Infinity : hit + 1, largestStableLr, saturatedAtInit });
  }
  return { options: o, runs };
}

/** Table and loss curves. */
export async function renderNormalization(r: NormalizationResult): Promise<LessonReport> {
  return {
    name: 'normalization',
    title: 'Normalization: standardized inputs and batch normalization',
    text:
      'The inputs come in very different units (x1 ~ 500 +- 100, x2 ~ -3 +- 0.01). Raw, the first tanh layer is\n' +
      'saturated and the loss surface is stretched along one axis, so GD needs a tiny learning rate and many epochs.\n' +
      'Standardizing each input to mean 0 and std 1 (data preprocessing) fixes both; batch normalization does the same\n' +
      'for every hidden layer during training, which also tolerates much larger learning rates. Full-batch GD, so an\n' +
      'epoch is one step; saturation is measured with the gradient-flow recorder.',
    tables: [{
      title: `Epochs to training loss <= ${r.options.targetLoss} (lr ${r.options.lr}) and the largest stable learning rate (${r.options.stabilityEpochs} epochs)`,
      header: ['configuration', 'epochs to target', 'final loss', 'largest stable lr', 'saturated tanh at init'],
      rows: r.runs.map((run) => [run.name, Number.isFinite(run.epochsToTarget) ? String(run.epochsToTarget) : `> ${r.options.epochs}`, fmtNum(run.losses.at(-1)!), run.largestStableLr > 0 ? String(run.largestStableLr) : 'none', fmtPct(run.saturatedAtInit)]),
    }],
    charts: [{ name: 'loss-curves', svg: await lineChart(r.runs.map((run) => ({ name: run.name, x: run.losses.map((_, i) => i + 1), y: run.losses })), { title: `Training loss, full-batch GD, lr ${r.options.lr}`, xLabel: 'epoch', yLabel: 'BCE loss', logY: true, points: false }) }],
  };
}

/** The normalization lesson. */
export const normalizationLesson: Lesson<NormalizationOptions, NormalizationResult> = {
  name: 'normalization',
  title: 'Input standardization and batch normalization',
  summary: 'raw vs standardized inputs, with and without batch norm: epochs to a target loss, largest stable lr',
  run: normalization,
  render: renderNormalization,
};
