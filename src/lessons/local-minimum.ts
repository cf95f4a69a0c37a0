// Lesson "local-minimum": full-batch gradient descent started in the shallow basin of
// f(x) = x^4 - 3x^2 + x stays there; the same descent with noisy gradients (as SGD's mini-batches
// give) gets over the barrier into the deeper basin in a measured share of 20 seeded runs.

import { Parameter } from '../nn/parameter.js';
import { SGD } from '../optim/sgd.js';
import { lineChart } from '../report/line-chart.js';
import { Generator } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';
import { fmtNum, fmtPct, type Lesson, type LessonOptions, type LessonReport } from './lesson.js';

/** Options of the local-minimum lesson. */
export interface LocalMinimumOptions extends LessonOptions {
  /** Independent runs, run i seeded with `seed + i` (default 20). */
  runs?: number;
  /** Learning rate of every run (default 0.01). */
  lr?: number;
  /** Steps with noise (default 1000), then `settleSteps` of plain descent to find the basin. */
  steps?: number;
  /** Noise-free steps after the noisy phase (default 500). */
  settleSteps?: number;
  /** Standard deviations of the Gaussian noise added to the gradient (default 0, 2, 4, 6, 8, 10, 12, 16, 20). */
  noiseLevels?: number[];
}

/** The runs at one noise level. */
export interface LocalMinimumLevel {
  noise: number;
  /** Final x of every run. */
  finalX: number[];
  /** Share of runs that end in the global basin (x below the local maximum). */
  globalFraction: number;
  /** Share of runs that end within 1e-3 of the local minimum. */
  localFraction: number;
}

/** Result of the local-minimum lesson. */
export interface LocalMinimumResult {
  options: Required<LocalMinimumOptions>;
  /** The stationary points of f: global minimum, local maximum (the barrier), local minimum. */
  globalMin: number;
  barrier: number;
  localMin: number;
  /** Start of each run, uniform in (barrier + 0.3, 2): all in the local basin. */
  starts: number[];
  levels: LocalMinimumLevel[];
  /** The run pictured: the first that ends in the global basin at `pathNoise` (0 if none does). */
  pathRun: number;
  /** x at every step of that run, without noise and at `pathNoise` (the first level where half the runs escape). */
  pathGd: number[];
  pathNoisy: number[];
  pathNoise: number;
}

/** The loss f(x) = x^4 - 3x^2 + x. */
export function doubleWell(x: number): number {
  return x ** 4 - 3 * x ** 2 + x;
}

/** Root of f'(x) = 4x^3 - 6x + 1 near x0 (Newton). */
function stationary(x0: number): number {
  let x = x0;
  for (let i = 0; i < 100; i++) x -= (4 * x ** 3 - 6 * x + 1) / (12 * x ** 2 - 6);
  return x;
}

/**
 * Runs `starts.length` descents at once: x is one Parameter with one entry per run (the loss is the
 * sum of f over the entries, so each entry gets its own gradient), stepped by `optim.SGD`; the noise
 * of run i comes from its own generator.
 */
function descend(starts: number[], gens: Generator[], o: Required<LocalMinimumOptions>, noise: number): number[][] {
  const x = new Parameter(new Tensor(Float64Array.from(starts), [starts.length], 'float64'));
  const opt = new SGD([x], { lr: o.lr });
  const path: number[][] = [Array.from(x.data, Number)];
  for (let t = 0; t < o.steps + o.settleSteps; t++) {
    opt.zeroGrad();
    x.pow(4).sub(x.square().mul(3)).add(x).sum().backward();
    if (noise > 0 && t < o.steps) {
      const g = x.grad!.data;
      for (let i = 0; i < g.length; i++) g[i]! += noise * gens[i]!.nextNormalPair()[0];
    }
    opt.step();
    path.push(Array.from(x.data, Number));
  }
  return path;
}

/** Descends from 20 seeded starts in the local basin, with and without gradient noise. */
export async function localMinimum(opts: LocalMinimumOptions = {}): Promise<LocalMinimumResult> {
  const o: Required<LocalMinimumOptions> = { seed: 0, runs: 20, lr: 0.01, steps: 1000, settleSteps: 500, noiseLevels: [0, 2, 4, 6, 8, 10, 12, 16, 20], ...opts };
  const globalMin = stationary(-1.5);
  const barrier = stationary(0);
  const localMin = stationary(1.5);
  const starts = Array.from({ length: o.runs }, (_, i) => barrier + 0.3 + (2 - barrier - 0.3) * new Generator(o.seed + i).nextDouble());
  const levels: LocalMinimumLevel[] = [];
  const paths = new Map<number, number[][]>();
  for (const noise of o.noiseLevels) {
    // Every level draws its noise from fresh generators seeded like the starts (offset so they differ).
    const gens = Array.from({ length: o.runs }, (_, i) => new Generator(o.seed + i + 1_000_003));
    const path = descend(starts, gens, o, noise);
    paths.set(noise, path);
    const finalX = path.at(-1)!;
    levels.push({
      noise,
      finalX,
      globalFraction: finalX.filter((v) => v < barrier).length / o.runs,
      localFraction: finalX.filter((v) => Math.abs(v - localMin) < 1e-3).length / o.runs,
    });
  }
  const pathNoise = levels.find((l) => l.noise > 0 && l.globalFraction >= 0.5)?.noise ?? Math.max(...o.noiseLevels);
  const noisyPaths = paths.get(pathNoise)!;
  // The run pictured: the first one that the noise takes to the global basin (run 0 if none does).
  const pathRun = Math.max(0, noisyPaths.at(-1)!.findIndex((v) => v < barrier));
  const pathGd = (paths.get(0) ?? descend(starts, [], o, 0)).map((p) => p[pathRun]!);
  const pathNoisy = noisyPaths.map((p) => p[pathRun]!);
  return { options: o, globalMin, barrier, localMin, starts, levels, pathRun, pathGd, pathNoisy, pathNoise };
}

/** Explanation, tables and charts (paths over the loss curve, x per step, global share per noise level). */
export async function renderLocalMinimum(r: LocalMinimumResult): Promise<LessonReport> {
  const grid = Array.from({ length: 161 }, (_, i) => -2 + (4.2 * i) / 160);
  const steps = (n: number) => Array.from({ length: n }, (_, i) => i);
  const gd0 = r.levels.find((l) => l.noise === 0);
  const best = r.levels.reduce((a, l) => (l.globalFraction > a.globalFraction ? l : a), r.levels[0]!);
  const charts = [
    { name: 'paths', svg: await lineChart([
      { name: 'f(x)', x: grid, y: grid.map(doubleWell) },
      { name: `noisy, sigma ${r.pathNoise}`, x: r.pathNoisy, y: r.pathNoisy.map(doubleWell) },
      { name: 'full-batch GD', x: r.pathGd, y: r.pathGd.map(doubleWell) },
    ], { title: `The stretch of f(x) = x^4 - 3x^2 + x that run ${r.pathRun} visits`, subtitle: `start x = ${fmtNum(r.starts[r.pathRun]!)}; local minimum ${fmtNum(r.localMin)}, barrier ${fmtNum(r.barrier)}, global minimum ${fmtNum(r.globalMin)}`, xLabel: 'x', yLabel: 'f(x)', points: false }) },
    { name: 'position', svg: await lineChart([
      { name: 'full-batch GD', x: steps(r.pathGd.length), y: r.pathGd },
      { name: `noisy, sigma ${r.pathNoise}`, x: steps(r.pathNoisy.length), y: r.pathNoisy },
    ], { title: `x over the steps of run ${r.pathRun}`, subtitle: `noise on for ${r.options.steps} steps, then ${r.options.settleSteps} plain steps; the barrier is at x = ${fmtNum(r.barrier)}`, xLabel: 'step', yLabel: 'x', points: false }) },
    { name: 'global-fraction', svg: await lineChart([
      { name: 'ends in the global basin', x: r.levels.map((l) => l.noise), y: r.levels.map((l) => l.globalFraction) },
    ], { title: `Share of ${r.options.runs} runs that escape the local minimum`, subtitle: `same starts, lr ${r.options.lr}; sigma = std of the Gaussian noise added to the gradient`, xLabel: 'noise sigma', yLabel: 'share in the global basin' }) },
  ];
  return {
    name: 'local-minimum',
    title: 'Noise gets gradient descent out of a local minimum',
    text:
      'The lecture: full-batch gradient descent follows a stable gradient, which can lead it into a local minimum and\n' +
      "keep it there; SGD's noisy steps can help it get out. Here the loss is f(x) = x^4 - 3x^2 + x, with a shallow\n" +
      `minimum at x = ${fmtNum(r.localMin)} (f = ${fmtNum(doubleWell(r.localMin))}) and the global one at x = ${fmtNum(r.globalMin)} (f = ${fmtNum(doubleWell(r.globalMin))}), separated by\n` +
      `a barrier at x = ${fmtNum(r.barrier)}. ${r.options.runs} runs start at seeded points in the shallow basin. Plain gradient descent ends at the\n` +
      `local minimum in ${fmtPct(gd0?.localFraction ?? NaN)} of them. Adding seeded Gaussian noise of standard deviation sigma to each gradient (what a\n` +
      'mini-batch gradient is: the full gradient plus noise) for the first steps, then letting plain descent settle, brings\n' +
      `${fmtPct(best.globalFraction)} of the runs to the global basin at sigma = ${best.noise}. Too little noise never climbs the barrier; strong\n` +
      'noise also kicks runs back over it, so with constant noise the share levels off below 100% (decaying noise or a\n' +
      'decaying learning rate would settle more of them). Noisy steps do not promise the global minimum; they make\n' +
      'leaving a shallow basin likely, which the stable full-batch gradient never does.',
    tables: [{
      title: `Where ${r.options.runs} runs end (lr ${r.options.lr}, ${r.options.steps} noisy + ${r.options.settleSteps} plain steps)`,
      header: ['noise sigma', 'global basin', 'at the local minimum', 'mean final x'],
      rows: r.levels.map((l) => [String(l.noise), fmtPct(l.globalFraction), fmtPct(l.localFraction), fmtNum(l.finalX.reduce((a, b) => a + b, 0) / l.finalX.length)]),
    }],
    charts,
  };
}

/** The local-minimum lesson. */
export const localMinimumLesson: Lesson<LocalMinimumOptions, LocalMinimumResult> = {
  name: 'local-minimum',
  title: 'Local minimum and noise',
  summary: 'f(x) = x^4 - 3x^2 + x from the shallow basin: GD stays in the local minimum, noisy gradients reach the global one',
  run: localMinimum,
  render: renderLocalMinimum,
};
