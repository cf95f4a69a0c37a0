// Lesson "optimizers": GD, momentum, Nesterov, RMSprop, Adam and Nadam on 2-D surfaces (steps to a
// tolerance at each optimizer's best learning rate, trajectories over contours) and on one MLP.

import { moons } from '../data/toy-classification.js';
import { GradientFlowRecorder } from '../diagnostics/gradient-flow.js';
import { Tanh } from '../nn/activation.js';
import { Linear } from '../nn/linear.js';
import { Sequential } from '../nn/sequential.js';
import { ADAM_DEFAULTS, Adam, adamInitState, adamStep } from '../optim/adam.js';
import { NADAM_DEFAULTS, NAdam, nadamInitState, nadamStep } from '../optim/nadam.js';
import type { Optimizer } from '../optim/optimizer.js';
import { RMSPROP_DEFAULTS, RMSprop, rmspropInitState, rmspropStep } from '../optim/rmsprop.js';
import { SGD, SGD_DEFAULTS, sgdStep } from '../optim/sgd.js';
import { contourWithPaths } from '../report/contour-with-paths.js';
import { lineChart } from '../report/line-chart.js';
import { Generator } from '../tensor/random.js';
import { accuracy, trainBinary } from './common.js';
import { fmtNum, fmtPct, type Lesson, type LessonOptions, type LessonReport } from './lesson.js';
import { SURFACES, type Surface } from './surfaces.js';

/** The optimizers compared (momentum and Nesterov use alpha = 0.9). */
export const OPTIMIZER_NAMES = ['gd', 'momentum', 'nesterov', 'rmsprop', 'adam', 'nadam'] as const;
/** One of `OPTIMIZER_NAMES`. */
export type OptimizerName = (typeof OPTIMIZER_NAMES)[number];

/** Options of the optimizers lesson. */
export interface OptimizersOptions extends LessonOptions {
  /** Learning rates swept for every optimizer and surface (default 1e-4 ... 1, 9 values). */
  lrs?: number[];
  /** Step budget on each surface (default 20000). */
  maxSteps?: number;
  /** Steps of the MLP comparison (default 150; 0 skips it). */
  mlpSteps?: number;
  /** Surfaces to run (default all four). */
  surfaces?: Surface['name'][];
}

/** One optimizer on one surface at its best learning rate. */
export interface SurfaceRun {
  optimizer: OptimizerName;
  /** Best learning rate (fewest steps to the goal; lowest final f when none reaches it). */
  lr: number;
  /** Steps to reach the goal at that rate (Infinity when no rate reaches it within maxSteps). */
  steps: number;
  /** Steps to the goal for every swept rate (Infinity: not reached or diverged). */
  sweep: { lr: number; steps: number }[];
  finalValue: number;
  /** The trajectory at the best rate, thinned to at most 300 points. */
  path: [number, number][];
}

/** One surface's runs. */
export interface SurfaceResult {
  surface: Surface['name'];
  formula: string;
  goal: number;
  runs: SurfaceRun[];
}

/** One optimizer training the MLP. */
export interface MlpRun {
  optimizer: OptimizerName;
  lr: number;
  losses: number[];
  accuracy: number;
  /** Median update/weight ratio of the first layer over training (from the gradient-flow recorder). */
  medianUpdateRatio: number;
}

/** Result of the optimizers lesson. */
export interface OptimizersResult {
  options: Required<OptimizersOptions>;
  surfaces: SurfaceResult[];
  mlp: MlpRun[];
}

type Stepper = (p: Float64Array, g: Float64Array) => void;

/** An in-place update with the optimizer's own step function (the same math as its class). */
function stepper(name: OptimizerName, lr: number, p: Float64Array): Stepper {
  switch (name) {
    case 'gd':
    case 'momentum':
    case 'nesterov': {
      const h = { ...SGD_DEFAULTS, lr, momentum: name === 'gd' ? 0 : 0.9, nesterov: name === 'nesterov' };
      const s = { momentumBuffer: null };
      return (q, g) => sgdStep(q, g, s, h);
    }
    case 'rmsprop': {
      const h = { ...RMSPROP_DEFAULTS, lr };
      const s = rmspropInitState(p, h);
      return (q, g) => rmspropStep(q, g, s, h);
    }
    case 'adam': {
      const h = { ...ADAM_DEFAULTS, lr };
      const s = adamInitState(p, h);
      return (q, g) => adamStep(q, g, s, h);
    }
    case 'nadam': {
      const h = { ...NADAM_DEFAULTS, lr };
      const s = nadamInitState(p);
      return (q, g) => nadamStep(q, g, s, h);
    }
  }
}

/** Runs one optimizer from the surface's start; returns steps to the goal (Infinity if never) and the path. */
export function descend(surface: Surface, name: OptimizerName, lr: number, maxSteps: number, { keepPath = false } = {}): { steps: number; finalValue: number; path: [number, number][] } {
  const p = Float64Array.from(surface.start);
  const g = new Float64Array(2);
  const step = stepper(name, lr, p);
  const path: [number, number][] = keepPath ? [[p[0]!, p[1]!]] : [];
  let f = surface.f(p[0]!, p[1]!);
  for (let t = 1; t <= maxSteps; t++) {
    [g[0], g[1]] = surface.grad(p[0]!, p[1]!);
    step(p, g);
    f = surface.f(p[0]!, p[1]!);
    if (keepPath) path.push([p[0]!, p[1]!]);
    if (f <= surface.goal) return { steps: t, finalValue: f, path };
    if (!Number.isFinite(f) || Math.abs(f) > 1e12) return { steps: Infinity, finalValue: f, path };
  }
  return { steps: Infinity, finalValue: f, path };
}

function thin(path: [number, number][], max = 300): [number, number][] {
  if (path.length <= max) return path;
  const out: [number, number][] = [];
  // Dense at the start, where optimizers differ most: square-spaced indices.
  for (let k = 0; k < max; k++) out.push(path[Math.round(((k / (max - 1)) ** 2) * (path.length - 1))]!);
  return out;
}

function runSurface(s: Surface, o: Required<OptimizersOptions>): SurfaceResult {
  const runs = OPTIMIZER_NAMES.map((name): SurfaceRun => {
    const sweep = o.lrs.map((lr) => ({ lr, ...descend(s, name, lr, o.maxSteps) }));
    const reached = sweep.filter((r) => Number.isFinite(r.steps));
    const best = reached.length > 0
      ? reached.reduce((a, b) => (b.steps < a.steps ? b : a))
      : sweep.reduce((a, b) => (Number.isFinite(b.finalValue) && !(b.finalValue >= a.finalValue) ? b : a));
    const path = descend(s, name, best.lr, o.maxSteps, { keepPath: true }).path;
    return { optimizer: name, lr: best.lr, steps: best.steps, sweep: sweep.map((r) => ({ lr: r.lr, steps: r.steps })), finalValue: best.finalValue, path: thin(path) };
  });
  return { surface: s.name, formula: s.formula, goal: s.goal, runs };
}

const MLP_LR: Record<OptimizerName, number> = { gd: 0.5, momentum: 0.05, nesterov: 0.05, rmsprop: 0.01, adam: 0.01, nadam: 0.01 };

function runMlp(o: Required<OptimizersOptions>): MlpRun[] {
  const ds = moons({ n: 200, noise: 0.1, seed: o.seed });
  return OPTIMIZER_NAMES.map((name) => {
    const gen = new Generator(o.seed);
    const model = new Sequential(new Linear({ inFeatures: 2, outFeatures: 16, generator: gen }), new Tanh(), new Linear({ inFeatures: 16, outFeatures: 16, generator: gen }), new Tanh(), new Linear({ inFeatures: 16, outFeatures: 1, generator: gen }));
    const lr = MLP_LR[name];
    const ps = model.parameters();
    const opt: Optimizer = name === 'rmsprop' ? new RMSprop(ps, { lr }) : name === 'adam' ? new Adam(ps, { lr }) : name === 'nadam' ? new NAdam(ps, { lr })
      : new SGD(ps, { lr, momentum: name === 'gd' ? 0 : 0.9, nesterov: name === 'nesterov' });
    const rec = new GradientFlowRecorder({ filter: (n) => n === '0' }).attach(model);
    const losses = trainBinary({ model, optimizer: opt, x: ds.x, y: ds.y, steps: o.mlpSteps, afterStep: () => rec.step() });
    const ratios = rec.series('0', 'updateRatio').sort((a, b) => a - b);
    rec.detach();
    return { optimizer: name, lr, losses, accuracy: accuracy(model, ds.x, ds.y), medianUpdateRatio: ratios[Math.floor(ratios.length / 2)] ?? NaN };
  });
}

/** Sweeps learning rates on every surface, then trains one MLP with each optimizer. */
export async function optimizers(opts: OptimizersOptions = {}): Promise<OptimizersResult> {
  const o: Required<OptimizersOptions> = { seed: 0, lrs: [1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1], maxSteps: 20000, mlpSteps: 150, surfaces: SURFACES.map((s) => s.name), ...opts };
  const surfaces = SURFACES.filter((s) => o.surfaces.includes(s.name)).map((s) => runSurface(s, o));
  return { options: o, surfaces, mlp: o.mlpSteps > 0 ? runMlp(o) : [] };
}

const lrLabel = (lr: number): string => (lr >= 0.1 ? String(lr) : lr.toExponential(0).replace('e-', 'e-'));

/** Steps-to-goal table, contour plots with trajectories, and the MLP loss curves. */
export async function renderOptimizers(r: OptimizersResult): Promise<LessonReport> {
  const charts = [];
  for (const s of r.surfaces) {
    const surf = SURFACES.find((x) => x.name === s.surface)!;
    const n = 60;
    const xs = Array.from({ length: n }, (_, i) => surf.view.x[0] + ((surf.view.x[1] - surf.view.x[0]) * (i + 0.5)) / n);
    const ys = Array.from({ length: n }, (_, j) => surf.view.y[0] + ((surf.view.y[1] - surf.view.y[0]) * (j + 0.5)) / n);
    const values = ys.map((y) => xs.map((x) => surf.f(x, y)));
    charts.push({ name: `surface-${s.surface}`, svg: await contourWithPaths({ grid: { xs, ys, values }, paths: s.runs.map((run) => ({ name: `${run.optimizer} ${lrLabel(run.lr)}`, points: run.path })), target: surf.argmin, fName: 'f', title: `${s.surface}: f = ${s.formula}`, subtitle: 'each optimizer at its best learning rate (in the legend)', log: s.surface === 'saddle' ? false : undefined }) });
  }
  if (r.mlp.length > 0) {
    charts.push({ name: 'mlp-loss', svg: await lineChart(r.mlp.map((m) => ({ name: `${m.optimizer} (lr ${m.lr})`, x: m.losses.map((_, i) => i), y: m.losses })), { title: 'The same MLP (2-16-16-1 tanh) on moons, trained by each optimizer', xLabel: 'step (full batch)', yLabel: 'BCE loss', logY: true }) });
  }
  const steps = (v: number): string => (Number.isFinite(v) ? String(v) : `> ${r.options.maxSteps}`);
  return {
    name: 'optimizers',
    title: 'Optimizers: GD, momentum, Nesterov, RMSprop, Adam, Nadam',
    text:
      "Momentum accumulates past gradients (Delta theta_(i+1) = alpha Delta theta_i + eta grad), Nesterov evaluates the\n" +
      'gradient at the look-ahead point, RMSprop divides by a running RMS of the gradient, Adam is RMSprop with momentum\n' +
      'and Nadam is Adam with Nesterov momentum. On each surface every optimizer runs at each learning rate of the sweep;\n' +
      'the table shows the steps needed to reach the goal at its best rate (the trajectories at that rate are drawn over\n' +
      'the contours). The last table trains the same MLP with each optimizer; the update/weight ratio comes from the\n' +
      'gradient-flow recorder.',
    tables: [
      ...r.surfaces.map((s) => ({
        title: `${s.surface}: f = ${s.formula}, goal f <= ${s.goal}`,
        header: ['optimizer', 'best lr', 'steps to goal', 'final f'],
        rows: s.runs.map((run) => [run.optimizer, String(run.lr), steps(run.steps), fmtNum(run.finalValue)]),
      })),
      ...(r.mlp.length > 0 ? [{
        title: `MLP on moons, ${r.options.mlpSteps} full-batch steps`,
        header: ['optimizer', 'lr', 'final loss', 'accuracy', 'median update/weight (layer 0)'],
        rows: r.mlp.map((m) => [m.optimizer, String(m.lr), fmtNum(m.losses.at(-1)!), fmtPct(m.accuracy), fmtNum(m.medianUpdateRatio)]),
      }] : []),
    ],
    charts,
  };
}

/** The optimizers lesson. */
export const optimizersLesson: Lesson<OptimizersOptions, OptimizersResult> = {
  name: 'optimizers',
  title: 'Optimizers on 2-D surfaces and an MLP',
  summary: 'GD, momentum, Nesterov, RMSprop, Adam, Nadam on Rosenbrock, Beale, a narrow quadratic, a saddle, and an MLP',
  run: optimizers,
  render: renderOptimizers,
};
