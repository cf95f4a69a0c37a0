// Lesson "bias": why a neuron needs its bias. Without it the boundary w.x = 0 must pass through the
// origin (and a bias-free ReLU network is constant along rays from it), so two clouds on one ray
// cannot be told apart; and the lecture's "bias neuron", a constant input 1, is exactly the bias.

import { noGrad } from '../autograd/grad-mode.js';
import { ReLU } from '../nn/activation.js';
import { Linear } from '../nn/linear.js';
import { Module } from '../nn/module.js';
import { Sequential } from '../nn/sequential.js';
import { concat } from '../ops/shape.js';
import { Adam } from '../optim/adam.js';
import { SGD } from '../optim/sgd.js';
import { featureMaps } from '../report/feature-maps.js';
import { lineChart } from '../report/line-chart.js';
import { ones } from '../tensor/creation.js';
import { Generator } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';
import { accuracy, probabilityGrid, trainBinary } from './common.js';
import { fmtNum, fmtPct, type Lesson, type LessonOptions, type LessonReport } from './lesson.js';

/** Options of the bias lesson. */
export interface BiasOptions extends LessonOptions {
  /** Points per class, for training and again for testing (default 100). */
  n?: number;
  /** Standard deviation of each cloud (default 0.5); the clouds are centred at (2, 2) and (3, 3). */
  std?: number;
  /** Adam steps of each model (default 400). */
  steps?: number;
  /** Hidden units of the small network (default 16). */
  hidden?: number;
  /** SGD steps of the bias-neuron comparison (default 100). */
  equivalenceSteps?: number;
}

/** One trained model. */
export interface BiasRun {
  model: 'neuron' | 'network';
  bias: boolean;
  trainAccuracy: number;
  testAccuracy: number;
  /** P(class 1) over the plane [-1, 5]^2 (row-major, 41 x 41) for the picture. */
  grid: number[];
}

/** Result of the bias lesson. */
export interface BiasResult {
  options: Required<BiasOptions>;
  runs: BiasRun[];
  /** Test points for the picture. */
  points: { x: number; y: number; label: number }[];
  /** Bias-neuron network vs network with biases, trained side by side in float64. */
  equivalence: {
    /** Largest |output difference| on the test points over all steps (and at the start). */
    maxOutputDiff: number;
    /** Largest |parameter difference| over all steps ([W | b] against W and b). */
    maxParamDiff: number;
    /** Training loss of each network per step. */
    lossWithBias: number[];
    lossBiasNeuron: number[];
  };
}

/**
 * The lecture's bias neuron: appends a constant 1 to every row, [N, d] -> [N, d + 1], so the next
 * bias-free Linear layer's last weight column plays the bias: [W | b] [x; 1] = W x + b.
 */
export class BiasNeuron extends Module {
  forward(x: Tensor): Tensor {
    return concat([x, ones([x.shape[0]!, 1], { dtype: x.dtype })], 1);
  }
}

function clouds(n: number, std: number, gen: Generator): { x: Tensor; y: Tensor } {
  const x = new Float32Array(4 * n);
  const y = new Int32Array(2 * n);
  for (let i = 0; i < 2 * n; i++) {
    const c = i % 2;
    const [a, b] = gen.nextNormalPair();
    x[2 * i] = 2 + c + std * a;
    x[2 * i + 1] = 2 + c + std * b;
    y[i] = c;
  }
  return { x: new Tensor(x, [2 * n, 2], 'float32'), y: new Tensor(y, [2 * n], 'int32') };
}

function build(kind: 'neuron' | 'network', bias: boolean, hidden: number, gen: Generator): Sequential {
  if (kind === 'neuron') return new Sequential(new Linear({ inFeatures: 2, outFeatures: 1, bias, generator: gen }));
  return new Sequential(new Linear({ inFeatures: 2, outFeatures: hidden, bias, generator: gen }), new ReLU(), new Linear({ inFeatures: hidden, outFeatures: 1, bias, generator: gen }));
}

const GRID = 41;
const PLANE = Array.from({ length: GRID }, (_, i) => -1 + (6 * i) / (GRID - 1));

/** Grid over [-1, 5]^2 (the origin included, so a boundary forced through it shows). */
function plane(): { xs: number[]; ys: number[]; points: Tensor } {
  const p = new Float32Array(GRID * GRID * 2);
  for (let j = 0; j < GRID; j++) for (let i = 0; i < GRID; i++) p.set([PLANE[i]!, PLANE[j]!], 2 * (j * GRID + i));
  return { xs: PLANE, ys: PLANE, points: new Tensor(p, [GRID * GRID, 2], 'float32') };
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** Trains a 2-H-1 ReLU network with biases and its bias-neuron twin from corresponding weights. */
function equivalence(o: Required<BiasOptions>, train: { x: Tensor; y: Tensor }, test: Tensor): BiasResult['equivalence'] {
  const gen = new Generator(o.seed + 7);
  const l1 = new Linear({ inFeatures: 2, outFeatures: o.hidden, generator: gen, dtype: 'float64' });
  const l2 = new Linear({ inFeatures: o.hidden, outFeatures: 1, generator: gen, dtype: 'float64' });
  const withBias = new Sequential(l1, new ReLU(), l2);
  const n1 = new Linear({ inFeatures: 3, outFeatures: o.hidden, bias: false, dtype: 'float64' });
  const n2 = new Linear({ inFeatures: o.hidden + 1, outFeatures: 1, bias: false, dtype: 'float64' });
  // [W | b]: row i of the bias-free weight is row i of W followed by b_i.
  for (const [dst, src] of [[n1, l1], [n2, l2]] as const) {
    const inF = src.inFeatures;
    for (let i = 0; i < src.outFeatures; i++) {
      for (let j = 0; j < inF; j++) dst.weight.data[i * (inF + 1) + j] = src.weight.data[i * inF + j]!;
      dst.weight.data[i * (inF + 1) + inF] = src.bias!.data[i]!;
    }
  }
  const biasNeuron = new Sequential(new BiasNeuron(), n1, new ReLU(), new BiasNeuron(), n2);
  const x = train.x.double();
  const xt = test.double();
  const out = (m: Sequential) => noGrad(() => m.call(xt)).data;
  const optA = new SGD(withBias.parameters(), { lr: 0.1 });
  const optB = new SGD(biasNeuron.parameters(), { lr: 0.1 });
  let maxOutputDiff = maxDiff(out(withBias), out(biasNeuron));
  let maxParamDiff = 0;
  const lossWithBias: number[] = [];
  const lossBiasNeuron: number[] = [];
  for (let s = 0; s < o.equivalenceSteps; s++) {
    lossWithBias.push(...trainBinary({ model: withBias, optimizer: optA, x, y: train.y, steps: 1 }));
    lossBiasNeuron.push(...trainBinary({ model: biasNeuron, optimizer: optB, x, y: train.y, steps: 1 }));
    maxOutputDiff = Math.max(maxOutputDiff, maxDiff(out(withBias), out(biasNeuron)));
    for (const [dst, src] of [[n1, l1], [n2, l2]] as const) {
      const inF = src.inFeatures;
      for (let i = 0; i < src.outFeatures; i++) {
        for (let j = 0; j < inF; j++) maxParamDiff = Math.max(maxParamDiff, Math.abs(dst.weight.data[i * (inF + 1) + j]! - src.weight.data[i * inF + j]!));
        maxParamDiff = Math.max(maxParamDiff, Math.abs(dst.weight.data[i * (inF + 1) + inF]! - src.bias!.data[i]!));
      }
    }
  }
  return { maxOutputDiff, maxParamDiff, lossWithBias, lossBiasNeuron };
}

/** Trains a neuron and a small ReLU network with and without bias on two clouds off the origin. */
export async function bias(opts: BiasOptions = {}): Promise<BiasResult> {
  const o: Required<BiasOptions> = { seed: 0, n: 100, std: 0.5, steps: 400, hidden: 16, equivalenceSteps: 100, ...opts };
  const dataGen = new Generator(o.seed);
  const train = clouds(o.n, o.std, dataGen);
  const test = clouds(o.n, o.std, dataGen);
  const g = plane();
  const runs: BiasRun[] = [];
  for (const kind of ['neuron', 'network'] as const) {
    for (const withBias of [false, true]) {
      const model = build(kind, withBias, o.hidden, new Generator(o.seed + 1));
      // NOTE: the inputs are not standardized on purpose: centring them would move the origin into the data.
      trainBinary({ model, optimizer: new Adam(model.parameters(), { lr: 0.05 }), x: train.x, y: train.y, steps: o.steps });
      runs.push({ model: kind, bias: withBias, trainAccuracy: accuracy(model, train.x, train.y), testAccuracy: accuracy(model, test.x, test.y), grid: Array.from(probabilityGrid(model, g).values as Float32Array, Number) });
    }
  }
  const points: BiasResult['points'] = [];
  for (let i = 0; i < test.y.size; i++) points.push({ x: test.x.data[2 * i]!, y: test.x.data[2 * i + 1]!, label: test.y.data[i]! });
  return { options: o, runs, points, equivalence: equivalence(o, train, test.x) };
}

/** Explanation, tables and charts (the four boundaries over the plane, the twin networks' losses). */
export async function renderBias(r: BiasResult): Promise<LessonReport> {
  const xs = PLANE;
  const name = (b: BiasRun) => `${b.model} ${b.bias ? 'with' : 'without'} bias`;
  const by = (m: string, b: boolean) => r.runs.find((x) => x.model === m && x.bias === b)!;
  const e = r.equivalence;
  const steps = Array.from({ length: e.lossWithBias.length }, (_, i) => i + 1);
  const charts = [
    { name: 'boundaries', svg: await featureMaps({ maps: r.runs.map((b) => ({ title: `${name(b)}: test ${fmtPct(b.testAccuracy)}`, grid: { xs, ys: xs, values: b.grid } })), points: r.points, classNames: ['centred at (2, 2)', 'centred at (3, 3)'], columns: 2, title: 'P(class 1) over the plane: without bias the boundary goes through the origin (0, 0)', subtitle: 'test points; a bias-free ReLU network is constant along every ray from the origin', valueLabel: 'P(class 1)', scheme: 'blueorange', levels: 16, xLabel: 'x1', yLabel: 'x2', width: 260, height: 260 }) },
    { name: 'bias-neuron', svg: await lineChart([
      { name: 'with biases', x: steps, y: e.lossWithBias },
      { name: 'bias neuron', x: steps, y: e.lossBiasNeuron },
    ], { title: 'The bias neuron trains exactly like the bias', subtitle: `a constant input 1 per layer and no bias terms vs Linear biases; float64, SGD lr 0.1; the curves coincide: largest output difference ${fmtNum(e.maxOutputDiff)}, parameters ${fmtNum(e.maxParamDiff)}`, xLabel: 'SGD step', yLabel: 'training BCE loss', dashed: ['bias neuron'], points: false }) },
  ];
  return {
    name: 'bias',
    title: 'The bias neuron: why a neuron needs a bias',
    text:
      'The lecture asks whether the bias neuron is needed. A neuron computes sigma(w.x + b); without b its boundary\n' +
      'w.x = 0 is a line through the origin, whatever the data. Here the two classes are clouds centred at (2, 2) and\n' +
      `(3, 3), std ${r.options.std}, on one ray from the origin: no line through (0, 0) separates them. Without bias the neuron reaches\n` +
      `${fmtPct(by('neuron', false).testAccuracy)} test accuracy and with it ${fmtPct(by('neuron', true).testAccuracy)}. A ReLU network without any bias is no way out: it is positively\n` +
      'homogeneous, f(a x) = a f(x) for a > 0, so its decision is the same along every ray from the origin and depends\n' +
      `only on the angle: ${fmtPct(by('network', false).testAccuracy)} without bias, ${fmtPct(by('network', true).testAccuracy)} with. So yes, the bias is needed (unless the data are\n` +
      'centred so that the best boundary passes through the origin). The lecture draws it as a bias neuron, an extra\n' +
      'input fixed at 1 whose weights are the biases: a network with such a constant unit in front of every layer and\n' +
      `no bias terms, started from the corresponding weights [W | b], computes the same outputs and follows the same\n` +
      `training trajectory: over ${r.options.equivalenceSteps} SGD steps in float64 the outputs differ by at most ${fmtNum(e.maxOutputDiff)} and the parameters by ${fmtNum(e.maxParamDiff)}` +
      (e.maxOutputDiff === 0 && e.maxParamDiff === 0 ? ' (bit for bit the same).' : '.'),
    tables: [{
      title: `Accuracy on two clouds at (2, 2) and (3, 3) (${2 * r.options.n} training, ${2 * r.options.n} test points; Adam, ${r.options.steps} steps)`,
      header: ['model', 'bias', 'train accuracy', 'test accuracy'],
      rows: r.runs.map((b) => [b.model === 'neuron' ? 'one sigmoid neuron' : `2-${r.options.hidden}-1 ReLU network`, b.bias ? 'yes' : 'no', fmtPct(b.trainAccuracy), fmtPct(b.testAccuracy)]),
    }, {
      title: 'Bias neuron vs bias terms (float64, same start)',
      header: ['quantity', 'largest difference'],
      rows: [['outputs on the test points, every step', fmtNum(e.maxOutputDiff)], ['parameters [W | b] vs (W, b), every step', fmtNum(e.maxParamDiff)], ['final training loss', fmtNum(Math.abs(e.lossWithBias.at(-1)! - e.lossBiasNeuron.at(-1)!))]],
    }],
    charts,
  };
}

/** The bias lesson. */
export const biasLesson: Lesson<BiasOptions, BiasResult> = {
  name: 'bias',
  title: 'The bias neuron',
  summary: 'a neuron and a ReLU network with and without bias on clouds at (2, 2) and (3, 3); the constant-1 bias neuron equals the bias',
  run: bias,
  render: renderBias,
};
