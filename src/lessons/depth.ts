// Lesson "depth": what more layers buy at the same number of parameters. Telgarsky's sawtooth: k
// layers of 2 ReLUs compute a function with 2^k linear pieces on [0, 1]; one hidden layer with the
// same parameter count has at most width + 1. Pieces are counted exactly (diagnostics.linearPieces).

import { noGrad } from '../autograd/grad-mode.js';
import { linearPieces } from '../diagnostics/linear-pieces.js';
import { ValueError } from '../errors.js';
import { ReLU } from '../nn/activation.js';
import { Linear } from '../nn/linear.js';
import { mseLoss } from '../nn/losses.js';
import { Sequential } from '../nn/sequential.js';
import { Adam } from '../optim/adam.js';
import { lineChart } from '../report/line-chart.js';
import { barChart } from '../report/histogram.js';
import { Generator } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';
import { fmtNum, type Lesson, type LessonOptions, type LessonReport } from './lesson.js';

/** Options of the depth lesson. */
export interface DepthOptions extends LessonOptions {
  /** Largest depth k (default 8): k = 1 ... maxDepth. */
  maxDepth?: number;
  /** Adam steps of each trained network (default 500; 0 skips training). */
  steps?: number;
  /** Adam learning rate (default 0.02). */
  lr?: number;
  /**
   * Training points (i + 1/2) / n on [0, 1] (default 400). NOTE: not dyadic: the sawtooth maps
   * i / 2^m to 0, 1/2 or 1 for k >= m, which would make the target degenerate.
   */
  n?: number;
}

/** The numbers for one depth k. */
export interface DepthRow {
  k: number;
  /** Parameters of both networks: 6k + 1. */
  params: number;
  /** Width of the one-hidden-layer network with that many parameters (3w + 1 <= 6k + 1). */
  shallowWidth: number;
  /** Linear pieces of the constructed deep network (the sawtooth): 2^k. */
  constructedPieces: number;
  /** Largest error of the constructed network against the sawtooth on the training points. */
  constructedMaxError: number;
  /** The shallow network's bound, width + 1. */
  shallowBound: number;
  /** Pieces and training MSE of the trained networks (NaN when not trained). */
  trainedDeepPieces: number;
  trainedDeepMse: number;
  trainedShallowPieces: number;
  trainedShallowMse: number;
}

/** Result of the depth lesson. */
export interface DepthResult {
  options: Required<DepthOptions>;
  rows: DepthRow[];
  /** The curves of k = min(4, maxDepth) for the picture (more teeth do not show): x, target and the three networks' outputs. */
  curves: { k: number; x: number[]; target: number[]; deep: number[]; shallow: number[]; constructed: number[] };
  /** Variance of the sawtooth on the points: the MSE of the best constant. */
  targetVariance: number;
}

/** The tent map t(x) = 2x on [0, 1/2], 2 - 2x on [1/2, 1], applied k times (the sawtooth target). */
export function sawtooth(x: number, k: number): number {
  let v = x;
  for (let i = 0; i < k; i++) v = v < 0.5 ? 2 * v : 2 - 2 * v;
  return v;
}

function deepNet(k: number, gen: Generator): Sequential {
  const net = new Sequential();
  for (let l = 0; l < k; l++) net.append(new Linear({ inFeatures: l === 0 ? 1 : 2, outFeatures: 2, generator: gen, dtype: 'float64' })).append(new ReLU());
  return net.append(new Linear({ inFeatures: 2, outFeatures: 1, generator: gen, dtype: 'float64' }));
}

function shallowNet(width: number, gen: Generator): Sequential {
  return new Sequential(new Linear({ inFeatures: 1, outFeatures: width, generator: gen, dtype: 'float64' }), new ReLU(), new Linear({ inFeatures: width, outFeatures: 1, generator: gen, dtype: 'float64' }));
}

/**
 * Telgarsky's construction: each layer holds relu(v) and relu(v - 1/2) of the previous tent value
 * v = 2 relu(u) - 4 relu(u - 1/2), folded into the next layer's weights.
 */
function constructSawtooth(k: number): Sequential {
  const net = deepNet(k, new Generator(0));
  const lins = [...net].filter((m): m is Linear => m instanceof Linear);
  lins.forEach((l, i) => {
    const w = l.weight.data;
    const b = l.bias!.data;
    if (i === 0) w.set([1, 1]);
    else if (i < k) w.set([2, -4, 2, -4]);
    else w.set([2, -4]);
    if (i < k) b.set([0, -0.5]);
    else b.set([0]);
  });
  return net;
}

function params(net: Sequential): number {
  return net.parameters().reduce((a, p) => a + p.size, 0);
}

function outputs(net: Sequential, x: Tensor): number[] {
  return Array.from(noGrad(() => net.call(x)).data, Number);
}

function train(net: Sequential, x: Tensor, y: Tensor, o: Required<DepthOptions>): number {
  const opt = new Adam(net.parameters(), { lr: o.lr });
  for (let s = 0; s < o.steps; s++) {
    opt.zeroGrad();
    mseLoss(net.call(x), y).backward();
    opt.step();
  }
  return noGrad(() => mseLoss(net.call(x), y).item());
}

/** Builds, counts and trains the deep and the shallow network for k = 1 ... maxDepth. */
export async function depth(opts: DepthOptions = {}): Promise<DepthResult> {
  const o: Required<DepthOptions> = { seed: 0, maxDepth: 8, steps: 500, lr: 0.02, n: 400, ...opts };
  const xs = Array.from({ length: o.n }, (_, i) => (i + 0.5) / o.n);
  const x = new Tensor(Float64Array.from(xs), [o.n, 1], 'float64');
  const rows: DepthRow[] = [];
  let curves: DepthResult['curves'] = { k: 0, x: [], target: [], deep: [], shallow: [], constructed: [] };
  let targetVariance = NaN;
  for (let k = 1; k <= o.maxDepth; k++) {
    const target = xs.map((v) => sawtooth(v, k));
    const y = new Tensor(Float64Array.from(target), [o.n, 1], 'float64');
    const built = constructSawtooth(k);
    const p = params(built);
    const shallowWidth = Math.floor((p - 1) / 3);
    const constructed = outputs(built, x);
    const gen = new Generator(o.seed * 1000 + k);
    const deep = deepNet(k, gen);
    const shallow = shallowNet(shallowWidth, gen);
    if (params(shallow) !== p) throw new ValueError(`depth: the shallow network has ${params(shallow)} parameters, the deep one ${p}`);
    const trained = o.steps > 0;
    const trainedDeepMse = trained ? train(deep, x, y, o) : NaN;
    const trainedShallowMse = trained ? train(shallow, x, y, o) : NaN;
    rows.push({
      k, params: p, shallowWidth,
      constructedPieces: linearPieces(built).count,
      constructedMaxError: Math.max(...constructed.map((v, i) => Math.abs(v - target[i]!))),
      shallowBound: shallowWidth + 1,
      trainedDeepPieces: trained ? linearPieces(deep).count : NaN,
      trainedDeepMse,
      trainedShallowPieces: trained ? linearPieces(shallow).count : NaN,
      trainedShallowMse,
    });
    if (k === Math.min(4, o.maxDepth)) curves = { k, x: xs, target, deep: outputs(deep, x), shallow: outputs(shallow, x), constructed };
    if (k === o.maxDepth) {
      const mean = target.reduce((a, b) => a + b, 0) / o.n;
      targetVariance = target.reduce((a, b) => a + (b - mean) ** 2, 0) / o.n;
    }
  }
  return { options: o, rows, curves, targetVariance };
}

/** Explanation, table and charts (pieces against k on a log scale, the fitted curves). */
export async function renderDepth(r: DepthResult): Promise<LessonReport> {
  const ks = r.rows.map((row) => row.k);
  const trained = r.options.steps > 0;
  const series = [
    { name: 'deep, built: 2^k', x: ks, y: r.rows.map((row) => row.constructedPieces) },
    { name: 'shallow: max', x: ks, y: r.rows.map((row) => row.shallowBound) },
  ];
  if (trained) {
    series.push({ name: 'deep, trained', x: ks, y: r.rows.map((row) => row.trainedDeepPieces) });
    series.push({ name: 'shallow, trained', x: ks, y: r.rows.map((row) => row.trainedShallowPieces) });
  }
  const c = r.curves;
  const charts = [
    { name: 'pieces', svg: await lineChart(series, { title: 'Linear pieces on [0, 1] at the same number of parameters', subtitle: 'deep: k hidden layers of 2 ReLUs; shallow: one hidden layer, same 6k + 1 parameters, at most width + 1 pieces; log scale', xLabel: 'k (hidden layers of the deep network)', yLabel: 'linear pieces', logY: true, dashed: ['shallow: max'] }) },
  ];
  if (trained) {
    const row = r.rows[c.k - 1]!;
    charts.push({ name: 'fits', svg: await lineChart([
      { name: 'target', x: c.x, y: c.target },
      { name: `shallow, ${row.shallowWidth} units`, x: c.x, y: c.shallow },
      { name: `deep, ${c.k} x 2`, x: c.x, y: c.deep },
    ], { title: `Fitting the ${2 ** c.k}-piece sawtooth (k = ${c.k}) with ${row.params} parameters`, subtitle: `the built deep network is the target (error ${fmtNum(row.constructedMaxError)}); both trained ones (Adam, ${r.options.steps} steps) stay near 0.5`, xLabel: 'x', yLabel: 'output', points: false }) });
    const bars = r.rows.flatMap((row) => [
      { label: String(row.k), value: row.trainedDeepMse, series: 'deep, trained' },
      { label: String(row.k), value: row.trainedShallowMse, series: 'shallow, trained' },
    ]);
    charts.push({ name: 'training-error', svg: await barChart(bars, { title: 'Training error on the sawtooth of depth k', subtitle: `MSE; a constant has ${fmtNum(r.targetVariance)}; the constructed deep network has 0`, xLabel: 'k', yLabel: 'MSE', logY: true }) });
  }
  const last = r.rows.at(-1)!;
  const bestDeep = trained ? Math.max(...r.rows.map((row) => row.trainedDeepPieces)) : NaN;
  return {
    name: 'depth',
    title: 'What depth buys: linear pieces per parameter',
    text:
      'The lecture calls a network deep when it has N_l >= 3 layers (counting layers of weights here, the one-hidden-layer\n' +
      `network below has N_l = 2 and the deep one with k hidden layers N_l = k + 1). Depth pays because composing layers\n` +
      'multiplies what they do: a ReLU network is piecewise linear, and each layer of 2 ReLUs computing the tent map\n' +
      `folds [0, 1] onto itself, doubling the pieces. With k = ${last.k}, ${last.params} parameters give exactly ${last.constructedPieces} pieces (counted from the\n` +
      `weights, not sampled); one hidden layer with the same ${last.params} parameters has width ${last.shallowWidth} and at most ${last.shallowBound} pieces, so it\n` +
      'cannot fit the sawtooth at all. Depth makes the function representable, not easy to find: trained with Adam from\n' +
      (trained
        ? `the default random start, the narrow deep network reaches at most ${bestDeep} piece${bestDeep === 1 ? '' : 's'} and both networks end near the constant\n` +
          `0.5 (MSE near the target's variance ${fmtNum(r.targetVariance)}) for k >= 2. The sawtooth is symmetric about x = 1/2, so it is uncorrelated with\n` +
          'every linear function: a unit whose kink lies outside [0, 1] gets no useful gradient, and a deep chain of 2-unit\n' +
          'layers is easily cut by one dead unit. What depth buys is capacity per parameter; finding it needs more than plain descent.'
        : 'the networks were not trained here (steps = 0).'),
    tables: [{
      title: 'Deep (k x 2 ReLUs) vs shallow (one hidden layer) with the same parameters',
      header: ['k', 'N_l', 'parameters', 'deep pieces (built)', 'shallow width', 'shallow max pieces', 'deep trained: pieces', 'MSE', 'shallow trained: pieces', 'MSE'],
      rows: r.rows.map((row) => [String(row.k), String(row.k + 1), String(row.params), String(row.constructedPieces), String(row.shallowWidth), String(row.shallowBound),
        trained ? String(row.trainedDeepPieces) : '-', trained ? fmtNum(row.trainedDeepMse) : '-', trained ? String(row.trainedShallowPieces) : '-', trained ? fmtNum(row.trainedShallowMse) : '-']),
    }],
    charts,
  };
}

/** The depth lesson. */
export const depthLesson: Lesson<DepthOptions, DepthResult> = {
  name: 'depth',
  title: 'What depth buys',
  summary: "Telgarsky's sawtooth: k layers of 2 ReLUs give 2^k linear pieces, one hidden layer with the same parameters at most 2k + 1",
  run: depth,
  render: renderDepth,
};
