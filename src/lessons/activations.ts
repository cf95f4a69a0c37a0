// Lesson "activations": every activation of the lecture and its derivative (by autodiff), swish for
// several beta, and the derivative bounds the lecture states: sigma' <= 1/4, tanh' <= 1, R' in {0, 1}.

import { elu, leakyRelu, relu, sigmoid, swish, tanh } from '../ops/activations.js';
import { lineChart } from '../report/line-chart.js';
import { linspace } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { fmtNum, type Lesson, type LessonOptions, type LessonReport } from './lesson.js';

/** Options of the activations lesson. */
export interface ActivationsOptions extends LessonOptions {
  /** Half-width of the x range [-range, range] (default 6). */
  range?: number;
  /** Number of points (default 241, so 0 is one of them). */
  points?: number;
  /** Swish betas to draw (default [0.1, 0.5, 1, 2, 10]). */
  betas?: number[];
}

/** One activation sampled with its derivative. */
export interface ActivationCurve {
  name: string;
  y: number[];
  dy: number[];
  minDerivative: number;
  maxDerivative: number;
  /** The distinct derivative values (for ReLU: 0 and 1). */
  derivativeValues: number[];
}

/** Result of the activations lesson. */
export interface ActivationsResult {
  options: Required<ActivationsOptions>;
  x: number[];
  curves: ActivationCurve[];
  swish: ActivationCurve[];
  /** max |swish_beta(x) - x/2| for a tiny beta, and max |swish_beta(x) - relu(x)| for a large one. */
  swishLimits: { smallBeta: number; toHalfX: number; largeBeta: number; toRelu: number };
  /** ReLU's derivative at exactly 0 (the library defines R'(0) := 0). */
  reluDerivativeAtZero: number;
}

function curve(name: string, x: number[], f: (t: Tensor) => Tensor): ActivationCurve {
  const t = linspace(x[0]!, x.at(-1)!, x.length, { dtype: 'float64' }).requiresGrad_();
  const y = f(t);
  y.sum().backward();
  const dy = Array.from(t.grad!.data, Number);
  return { name, y: Array.from(y.data, Number), dy, minDerivative: Math.min(...dy), maxDerivative: Math.max(...dy), derivativeValues: [...new Set(dy.map((v) => Number(v.toPrecision(12))))].sort((a, b) => a - b).slice(0, 8) };
}

/** Samples every activation and its autodiff derivative on [-range, range]. */
export async function activations(opts: ActivationsOptions = {}): Promise<ActivationsResult> {
  const o: Required<ActivationsOptions> = { seed: 0, range: 6, points: 241, betas: [0.1, 0.5, 1, 2, 10], ...opts };
  const x = Array.from({ length: o.points }, (_, i) => -o.range + (2 * o.range * i) / (o.points - 1));
  const curves = [
    curve('sigmoid', x, sigmoid),
    curve('tanh', x, tanh),
    curve('relu', x, relu),
    curve('leaky relu (0.1)', x, (t) => leakyRelu(t, 0.1)),
    curve('elu', x, (t) => elu(t, 1)),
    curve('swish (beta 1) = silu', x, (t) => swish(t, 1)),
  ];
  const sw = o.betas.map((b) => curve(`swish beta=${b}`, x, (t) => swish(t, b)));
  const small = curve('small', x, (t) => swish(t, 1e-3));
  const large = curve('large', x, (t) => swish(t, 100));
  const relu0 = curve('relu0', [0, 0], relu).dy[0]!;
  return {
    options: o,
    x,
    curves,
    swish: sw,
    swishLimits: {
      smallBeta: 1e-3,
      toHalfX: Math.max(...small.y.map((v, i) => Math.abs(v - x[i]! / 2))),
      largeBeta: 100,
      toRelu: Math.max(...large.y.map((v, i) => Math.abs(v - Math.max(0, x[i]!)))),
    },
    reluDerivativeAtZero: relu0,
  };
}

/** Bounds table, and charts of the activations, their derivatives and the swish family. */
export async function renderActivations(r: ActivationsResult): Promise<LessonReport> {
  const sel = (cs: ActivationCurve[], key: 'y' | 'dy') => cs.map((c) => ({ name: c.name, x: r.x, y: c[key] }));
  const by = (n: string) => r.curves.find((c) => c.name === n)!;
  return {
    name: 'activations',
    title: 'Activation functions and their derivatives',
    text:
      "Sigmoid squeezes into [0, 1] with |sigma'(x)| <= 1/4, tanh into [-1, 1] with |tanh'(x)| <= 1, ReLU keeps R^+ with\n" +
      "R'(x) in {0, 1} (R'(0) := 0 here); leaky ReLU and ELU are variants with a non-zero left side.\n" +
      'swish(x) = x sigma(beta x): beta = 1 is SiLU, beta -> 0 gives x/2, beta -> infinity approaches ReLU.\n' +
      'Derivatives below are computed by autodiff on the sampled grid, so the bounds are measured, not assumed.',
    tables: [
      {
        title: `Derivative range on [-${r.options.range}, ${r.options.range}]`,
        header: ['activation', 'min derivative', 'max derivative', 'lecture'],
        rows: r.curves.map((c) => [c.name, fmtNum(c.minDerivative), fmtNum(c.maxDerivative), c.name === 'sigmoid' ? '<= 1/4' : c.name === 'tanh' ? '<= 1' : c.name === 'relu' ? `in {${by('relu').derivativeValues.join(', ')}}` : '']),
      },
      {
        title: 'Swish limits',
        header: ['beta', 'compared with', 'max |difference|'],
        rows: [[String(r.swishLimits.smallBeta), 'x / 2', fmtNum(r.swishLimits.toHalfX)], [String(r.swishLimits.largeBeta), 'relu(x)', fmtNum(r.swishLimits.toRelu)]],
      },
    ],
    charts: [
      { name: 'activations', svg: await lineChart(sel(r.curves, 'y'), { title: 'Activation functions', xLabel: 'x', yLabel: 'a(x)', points: false }) },
      { name: 'derivatives', svg: await lineChart(sel(r.curves, 'dy'), { title: "Their derivatives (autodiff): sigma' <= 1/4, tanh' <= 1, R' in {0, 1}", xLabel: 'x', yLabel: "a'(x)", points: false }) },
      { name: 'swish', svg: await lineChart(sel(r.swish, 'y'), { title: 'swish(x) = x sigma(beta x) for several beta', subtitle: 'beta -> 0: x/2; beta -> infinity: ReLU', xLabel: 'x', yLabel: 'swish(x)', points: false }) },
    ],
  };
}

/** The activations lesson. */
export const activationsLesson: Lesson<ActivationsOptions, ActivationsResult> = {
  name: 'activations',
  title: 'Activation functions',
  summary: "every activation and its derivative; swish for several beta; sigma' <= 1/4, tanh' <= 1, R' in {0, 1}",
  run: activations,
  render: renderActivations,
};
