// Lesson "nonlinearity": a linear model cannot separate circles or XOR; the lecture's 2-3-1 sigmoid
// network can, because its three hidden neurons z_i(x) = sigma(w_0i + w_1i x_1 + w_2i x_2) are new features.

import { noGrad } from '../autograd/grad-mode.js';
import { ValueError } from '../errors.js';
import { circles, xor } from '../data/toy-classification.js';
import { trainTestSplit, type DatasetBundle } from '../data/dataset-bundle.js';
import { Sigmoid } from '../nn/activation.js';
import { Linear } from '../nn/linear.js';
import { Sequential } from '../nn/sequential.js';
import { Adam } from '../optim/adam.js';
import { decisionBoundary } from '../report/decision-boundary.js';
import { featureMaps } from '../report/feature-maps.js';
import { Generator } from '../tensor/random.js';
import { accuracy, probabilityGrid, trainBinary, type LogitModel } from './common.js';
import { labeledPoints, planeGrid } from '../data/plane-grid.js';
import { fmtPct, type Lesson, type LessonOptions, type LessonReport } from './lesson.js';

/** Options of the nonlinearity lesson. */
export interface NonlinearityOptions extends LessonOptions {
  /** Points per data set (default 400; 30% held out for testing). */
  n?: number;
  /** Adam steps per model (default 800). */
  steps?: number;
  /** Adam learning rate (default 0.3). */
  lr?: number;
  /** Grid cells per side of the pictures (default 60). */
  gridSize?: number;
  /**
   * Initialisations of the 2-3-1 network (default 3); the one with the lowest final training loss is
   * kept. With only three sigmoid neurons, XOR sometimes lands in a local minimum from one start.
   */
  restarts?: number;
}

/** One data set's numbers, and what the pictures need. */
export interface NonlinearityDataset {
  dataset: 'circles' | 'xor';
  logisticTrainAccuracy: number;
  logisticTestAccuracy: number;
  mlpTrainAccuracy: number;
  mlpTestAccuracy: number;
  logisticFinalLoss: number;
  mlpFinalLoss: number;
  /** P(class 1) over the plane for both models, and each hidden neuron's z_i(x). */
  maps: { xs: number[]; ys: number[]; logistic: number[]; mlp: number[]; hidden: number[][] };
  points: { x: number; y: number; label: number }[];
  classNames: string[];
}

/** Result of the nonlinearity lesson. */
export interface NonlinearityResult {
  options: Required<NonlinearityOptions>;
  datasets: NonlinearityDataset[];
}

function runOne(name: 'circles' | 'xor', o: Required<NonlinearityOptions>): NonlinearityDataset {
  const gen = new Generator(o.seed);
  const full: DatasetBundle = (name === 'circles' ? circles : xor)({ n: o.n, seed: o.seed + (name === 'xor' ? 1 : 0) });
  const { train, test } = trainTestSplit(full, { testFraction: 0.3, generator: gen });
  const logistic: LogitModel = new Linear({ inFeatures: 2, outFeatures: 1, generator: gen });
  const fit = (m: LogitModel): number => trainBinary({ model: m, optimizer: new Adam(m.parameters(), { lr: o.lr }), x: train.x, y: train.y, steps: o.steps }).at(-1)!;
  const logisticFinalLoss = fit(logistic);
  let best: { hidden: Linear; mlp: Sequential; loss: number } | undefined;
  for (let k = 0; k < o.restarts; k++) {
    const hidden = new Linear({ inFeatures: 2, outFeatures: 3, generator: gen });
    const mlp = new Sequential(hidden, new Sigmoid(), new Linear({ inFeatures: 3, outFeatures: 1, generator: gen }));
    const loss = fit(mlp);
    if (!best || loss < best.loss) best = { hidden, mlp, loss };
  }
  const { hidden, mlp, loss: mlpFinalLoss } = best!;
  const g = planeGrid(full.x, { n: o.gridSize });
  const z = noGrad(() => hidden.call(g.points).sigmoid());
  const hiddenMaps = [0, 1, 2].map((k) => Array.from({ length: g.xs.length * g.ys.length }, (_, i) => z.data[3 * i + k]!));
  return {
    dataset: name,
    logisticTrainAccuracy: accuracy(logistic, train.x, train.y),
    logisticTestAccuracy: accuracy(logistic, test.x, test.y),
    mlpTrainAccuracy: accuracy(mlp, train.x, train.y),
    mlpTestAccuracy: accuracy(mlp, test.x, test.y),
    logisticFinalLoss,
    mlpFinalLoss,
    maps: { xs: g.xs, ys: g.ys, logistic: probabilityGrid(logistic, g).values as number[], mlp: probabilityGrid(mlp, g).values as number[], hidden: hiddenMaps },
    points: labeledPoints(test, 400),
    classNames: full.classNames ?? ['0', '1'],
  };
}

/** Runs logistic regression and the 2-3-1 sigmoid network on circles and XOR. */
export async function nonlinearity(opts: NonlinearityOptions = {}): Promise<NonlinearityResult> {
  const o: Required<NonlinearityOptions> = { seed: 0, n: 400, steps: 800, lr: 0.3, gridSize: 60, restarts: 3, ...opts };
  if (!Number.isInteger(o.restarts) || o.restarts < 1) throw new ValueError(`nonlinearity: restarts must be a positive integer, got ${o.restarts}`);
  return { options: o, datasets: [runOne('circles', o), runOne('xor', o)] };
}

/** Explanation, accuracy table, decision boundaries and the hidden neurons' feature maps. */
export async function renderNonlinearity(r: NonlinearityResult): Promise<LessonReport> {
  const charts = [];
  for (const d of r.datasets) {
    const grid = (values: number[]) => ({ xs: d.maps.xs, ys: d.maps.ys, values });
    charts.push({ name: `${d.dataset}-logistic`, svg: await decisionBoundary({ grid: grid(d.maps.logistic), points: d.points, classNames: d.classNames, title: `Logistic regression on ${d.dataset}: test accuracy ${fmtPct(d.logisticTestAccuracy)}`, xLabel: 'x1', yLabel: 'x2' }) });
    charts.push({ name: `${d.dataset}-mlp`, svg: await decisionBoundary({ grid: grid(d.maps.mlp), points: d.points, classNames: d.classNames, title: `2-3-1 sigmoid network on ${d.dataset}: test accuracy ${fmtPct(d.mlpTestAccuracy)}`, xLabel: 'x1', yLabel: 'x2' }) });
    charts.push({ name: `${d.dataset}-features`, svg: await featureMaps({ maps: d.maps.hidden.map((v, i) => ({ title: `z${i + 1}(x)`, grid: grid(v) })), points: d.points, classNames: d.classNames, title: `Hidden neurons of the 2-3-1 network on ${d.dataset}: the new features z_i(x)`, valueLabel: 'z_i(x)', xLabel: 'x1', yLabel: 'x2', width: 220, height: 220 }) });
  }
  return {
    name: 'nonlinearity',
    title: 'Non-linearity: why a hidden layer with a non-linear activation is needed',
    text:
      'A linear model a(x) = sigma(w0 + w1 x1 + w2 x2) draws one straight boundary, so it cannot separate the circles\n' +
      '(a disc inside a ring) or XOR. The lecture adds three hidden neurons z_i(x) = sigma(w_0i + w_1i x1 + w_2i x2)\n' +
      'and a(x) = sigma(k0 + k1 z1 + k2 z2 + k3 z3): each z_i is a soft half-plane, and the output combines them into\n' +
      `a closed region. Both models are trained with Adam (lr ${r.options.lr}, ${r.options.steps} full-batch steps, BCE; the\n` +
      `network from ${r.options.restarts} initialisations, keeping the lowest training loss);\n` +
      'accuracies are on a held-out 30%. The feature maps show what each hidden neuron computes over the plane.',
    tables: [{
      title: 'Accuracy (train / test)',
      header: ['data set', 'logistic train', 'logistic test', '2-3-1 train', '2-3-1 test'],
      rows: r.datasets.map((d) => [d.dataset, fmtPct(d.logisticTrainAccuracy), fmtPct(d.logisticTestAccuracy), fmtPct(d.mlpTrainAccuracy), fmtPct(d.mlpTestAccuracy)]),
    }],
    charts,
  };
}

/** The nonlinearity lesson. */
export const nonlinearityLesson: Lesson<NonlinearityOptions, NonlinearityResult> = {
  name: 'nonlinearity',
  title: 'Non-linearity and feature extraction',
  summary: 'logistic regression vs the 2-3-1 sigmoid network on circles and XOR; hidden features z_i(x)',
  run: nonlinearity,
  render: renderNonlinearity,
};
