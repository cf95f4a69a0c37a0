// Lesson "dropout": small-data training with and without dropout (test accuracy, train/test gap),
// and a check that both scalings — inverted (train) and the lecture's (1 - p) at test time — agree
// with evaluation in expectation.

import { noGrad } from '../autograd/grad-mode.js';
import { gatherRows } from '../data/dataset.js';
import { moons } from '../data/toy-classification.js';
import { GradientFlowRecorder } from '../diagnostics/gradient-flow.js';
import { ReLU } from '../nn/activation.js';
import { Dropout, type DropoutScaling } from '../nn/dropout.js';
import { Linear } from '../nn/linear.js';
import type { TensorModule } from '../nn/sequential.js';
import { Sequential } from '../nn/sequential.js';
import { Adam } from '../optim/adam.js';
import { barChart } from '../report/histogram.js';
import { decisionBoundary } from '../report/decision-boundary.js';
import { rand } from '../tensor/creation.js';
import { Generator } from '../tensor/random.js';
import { accuracy, probabilityGrid, trainBinary } from './common.js';
import { labeledPoints, planeGrid } from '../data/plane-grid.js';
import { fmtNum, fmtPct, type Lesson, type LessonOptions, type LessonReport } from './lesson.js';

/** Options of the dropout lesson. */
export interface DropoutLessonOptions extends LessonOptions {
  /** Training points (default 50). */
  nTrain?: number;
  /** Hidden width (default 128). */
  hidden?: number;
  /** Drop probability p (default 0.5). */
  p?: number;
  /** Adam steps (default 300). */
  steps?: number;
  /** Masks drawn for the expectation check (default 4000). */
  samples?: number;
}

/** One trained network. */
export interface DropoutRun {
  name: string;
  trainAccuracy: number;
  testAccuracy: number;
  gap: number;
  /** Mean share of dead ReLU units in the last forward pass (gradient-flow recorder). */
  deadFraction: number;
  grid: number[];
}

/** Expectation check of one scaling mode. */
export interface DropoutExpectation {
  scaling: DropoutScaling;
  /** Mean of the training-mode outputs over all masks and elements. */
  trainMean: number;
  /** Mean of the eval-mode outputs. */
  evalMean: number;
  /** |trainMean - evalMean| / |evalMean|. */
  relativeError: number;
}

/** Result of the dropout lesson. */
export interface DropoutResult {
  options: Required<DropoutLessonOptions>;
  runs: DropoutRun[];
  expectation: DropoutExpectation[];
  grid: { xs: number[]; ys: number[] };
  points: { x: number; y: number; label: number }[];
}

/** Trains the same network without dropout, with inverted dropout and with the lecture's test-time scaling. */
export async function dropout(opts: DropoutLessonOptions = {}): Promise<DropoutResult> {
  const o: Required<DropoutLessonOptions> = { seed: 0, nTrain: 50, hidden: 128, p: 0.5, steps: 300, samples: 4000, ...opts };
  const data = moons({ n: o.nTrain + 500, noise: 0.3, seed: o.seed });
  const idx = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);
  const train = { x: gatherRows(data.x, idx(0, o.nTrain)), y: gatherRows(data.y, idx(0, o.nTrain)) };
  const test = { x: gatherRows(data.x, idx(o.nTrain, o.nTrain + 500)), y: gatherRows(data.y, idx(o.nTrain, o.nTrain + 500)) };
  const g = planeGrid(data.x, { n: 50 });
  const runs = ([['no dropout', null], [`dropout p=${o.p} (inverted)`, 'train'], [`dropout p=${o.p} (test-time scaling)`, 'test']] as const).map(([name, scaling]): DropoutRun => {
    const gen = new Generator(o.seed);
    const drop = (): TensorModule[] => (scaling ? [new Dropout({ p: o.p, scaling, generator: gen })] : []);
    const model = new Sequential(new Linear({ inFeatures: 2, outFeatures: o.hidden, generator: gen }), new ReLU(), ...drop(), new Linear({ inFeatures: o.hidden, outFeatures: o.hidden, generator: gen }), new ReLU(), ...drop(), new Linear({ inFeatures: o.hidden, outFeatures: 1, generator: gen }));
    const rec = new GradientFlowRecorder().attach(model);
    trainBinary({ model, optimizer: new Adam(model.parameters(), { lr: 0.01 }), x: train.x, y: train.y, steps: o.steps, afterStep: (s) => (s === o.steps - 1 ? rec.step() : undefined) });
    const relu = rec.latest().filter((l) => l.type === 'ReLU');
    rec.detach();
    const trainAccuracy = accuracy(model, train.x, train.y);
    const testAccuracy = accuracy(model, test.x, test.y);
    return { name, trainAccuracy, testAccuracy, gap: trainAccuracy - testAccuracy, deadFraction: relu.reduce((a, l) => a + l.activation!.deadFraction!, 0) / relu.length, grid: probabilityGrid(model, g).values as number[] };
  });
  const x = rand([1, 256], { generator: new Generator(o.seed + 7), dtype: 'float64' }).add(0.5);
  const expectation = (['train', 'test'] as const).map((scaling): DropoutExpectation => {
    const d = new Dropout({ p: o.p, scaling, generator: new Generator(o.seed + 11) });
    let sum = 0;
    noGrad(() => {
      for (let k = 0; k < o.samples; k++) sum += d.call(x).sum().item();
    });
    const trainMean = sum / (o.samples * x.size);
    d.eval();
    const evalMean = noGrad(() => d.call(x).mean().item());
    return { scaling, trainMean, evalMean, relativeError: Math.abs(trainMean - evalMean) / Math.abs(evalMean) };
  });
  return { options: o, runs, expectation, grid: { xs: g.xs, ys: g.ys }, points: labeledPoints(train, 400) };
}

/** Tables, decision boundaries and an accuracy bar chart. */
export async function renderDropout(r: DropoutResult): Promise<LessonReport> {
  const charts = [{ name: 'accuracy', svg: await barChart(r.runs.flatMap((run) => [{ label: run.name, value: run.trainAccuracy, series: 'train' }, { label: run.name, value: run.testAccuracy, series: 'test' }]), { title: `Train vs test accuracy with ${r.options.nTrain} training points`, yLabel: 'accuracy' }) }];
  for (const [i, run] of r.runs.slice(0, 2).entries()) {
    charts.push({ name: i === 0 ? 'boundary-no-dropout' : 'boundary-dropout', svg: await decisionBoundary({ grid: { xs: r.grid.xs, ys: r.grid.ys, values: run.grid }, points: r.points, classNames: ['moon 0', 'moon 1'], title: `${run.name}: test accuracy ${fmtPct(run.testAccuracy)}`, xLabel: 'x1', yLabel: 'x2' }) });
  }
  return {
    name: 'dropout',
    title: 'Dropout',
    text:
      `While training, dropout switches each neuron off with probability p = ${r.options.p}, so no neuron can rely on a particular\n` +
      'other one (no co-adaptation); the full network is used at test time. The lecture scales at test time,\n' +
      "a'(x) = (1 - p) a(x); the usual 'inverted' dropout scales by 1/(1 - p) while training instead. Both give the same\n" +
      `output in expectation (checked over ${r.options.samples} masks). On ${r.options.nTrain} noisy points a 2-${r.options.hidden}-${r.options.hidden}-1 network memorises\n` +
      'the training set without dropout; with dropout the train/test gap shrinks.',
    tables: [
      { title: 'Small-data training (Adam, full batch)', header: ['network', 'train acc', 'test acc', 'gap', 'dead ReLU units'], rows: r.runs.map((run) => [run.name, fmtPct(run.trainAccuracy), fmtPct(run.testAccuracy), fmtPct(run.gap), fmtPct(run.deadFraction)]) },
      { title: 'Both scalings agree in expectation', header: ['scaling', 'E[train output]', 'eval output', 'relative error'], rows: r.expectation.map((e) => [e.scaling === 'train' ? 'inverted: m x / (1 - p)' : 'lecture: m x, then (1 - p) x', fmtNum(e.trainMean, 5), fmtNum(e.evalMean, 5), fmtNum(e.relativeError)]) },
    ],
    charts,
  };
}

/** The dropout lesson. */
export const dropoutLesson: Lesson<DropoutLessonOptions, DropoutResult> = {
  name: 'dropout',
  title: 'Dropout',
  summary: 'small-data training with and without dropout; both scaling modes agree in expectation',
  run: dropout,
  render: renderDropout,
};
