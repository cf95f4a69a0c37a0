// Lesson "exploding": the lecture's construction — every weight 100, biases chosen so every
// pre-activation is 0 — makes each sigmoid layer multiply the gradient by 100 * sigma'(0) = 100/4 = 25.

import { GradientFlowRecorder } from '../diagnostics/gradient-flow.js';
import { Sigmoid } from '../nn/activation.js';
import { constant } from '../nn/init.js';
import { Linear } from '../nn/linear.js';
import { Sequential } from '../nn/sequential.js';
import { SGD } from '../optim/sgd.js';
import { barChart } from '../report/histogram.js';
import { tensor } from '../tensor/creation.js';
import { Generator } from '../tensor/random.js';
import { fmtNum, type Lesson, type LessonOptions, type LessonReport } from './lesson.js';

/** Options of the exploding lesson. */
export interface ExplodingOptions extends LessonOptions {
  /** Number of layers N (default 6). */
  layers?: number;
  /** The weight every layer gets (default the lecture's 100). */
  weight?: number;
  /** The input x (default 0.5, the value sigma(0) every later layer sees, so all layers are alike). */
  input?: number;
  /** Learning rate of the one SGD step that shows the update/weight ratios (default 0.01). */
  lr?: number;
}

/** One layer's numbers (j = 1 is the first layer). */
export interface ExplodingLayer {
  layer: number;
  /** |dQ/dw_j| measured by the gradient-flow recorder. */
  gradNorm: number;
  /** |dQ/dw_j| / |dQ/dw_{j+1}| (NaN for the last layer). */
  ratioToNext: number;
  /** The lecture's growth (100 * 1/4)^(N - j + 1), up to the common factor of the last layer. */
  predicted: number;
  /** |dQ/dw_j| with default (PyTorch) initialisation, for comparison. */
  defaultInitGradNorm: number;
  /** ||delta w|| / ||w|| after one SGD step with the construction. */
  updateRatio: number;
}

/** Result of the exploding lesson. */
export interface ExplodingResult {
  options: Required<ExplodingOptions>;
  /** weight * sigma'(0) = 25 for the lecture's numbers. */
  factor: number;
  layers: ExplodingLayer[];
  /** Largest |ratioToNext / factor - 1| over the layers. */
  maxRelativeError: number;
  /** After that one SGD step: the share of saturated sigmoid outputs, and |dQ/dw_1| (the gradient died). */
  saturatedAfterStep: number;
  firstGradAfterStep: number;
}

function chain(n: number, gen: Generator): Sequential {
  const seq = new Sequential();
  for (let j = 0; j < n; j++) seq.append(new Linear({ inFeatures: 1, outFeatures: 1, generator: gen, dtype: 'float64' })).append(new Sigmoid());
  return seq;
}

/** Per-layer weight gradients (via the recorder) of a chain of N one-neuron sigmoid layers, Q = (1 - a_N)^2. */
function measure(model: Sequential, x: number, lr: number) {
  const rec = new GradientFlowRecorder().attach(model);
  const input = tensor([[x]], { dtype: 'float64' });
  const opt = new SGD(model.parameters(), { lr });
  const pass = (): number => {
    opt.zeroGrad();
    const loss = tensor([[1]], { dtype: 'float64' }).sub(model.call(input)).square().mean();
    loss.backward();
    return loss.item();
  };
  pass();
  opt.step();
  const first = rec.step().layers;
  pass();
  const after = rec.step().layers;
  rec.detach();
  const linear = (ls: typeof first) => ls.filter((l) => l.type === 'Linear');
  const saturated = after.filter((l) => l.type === 'Sigmoid').map((l) => l.activation!.saturatedFraction!);
  return {
    grads: linear(first).map((l) => l.params!.weight!.gradNorm),
    ratios: linear(first).map((l) => l.updateRatio!),
    gradsAfter: linear(after).map((l) => l.params!.weight!.gradNorm),
    saturatedAfter: saturated.reduce((a, b) => a + b, 0) / saturated.length,
  };
}

/**
 * Builds the lecture's chain: N layers z_j = w_j a_{j-1} + b_j, a_j = sigma(z_j) with every w_j = 100
 * and b_j = -100 a_{j-1} so that z_j = 0 and sigma'(z_j) = 1/4. Then dQ/dw_j = dQ/da_N (1/4)(25)^(N-j) a_{j-1}:
 * each layer towards the input multiplies the gradient by 25.
 */
export async function exploding(opts: ExplodingOptions = {}): Promise<ExplodingResult> {
  const o: Required<ExplodingOptions> = { seed: 0, layers: 6, weight: 100, input: 0.5, lr: 0.01, ...opts };
  const model = chain(o.layers, new Generator(o.seed));
  let a = o.input;
  for (const m of model) {
    if (!(m instanceof Linear)) continue;
    constant(m.weight, o.weight);
    constant(m.bias!, -o.weight * a);
    a = 0.5;
  }
  const built = measure(model, o.input, o.lr);
  const plain = measure(chain(o.layers, new Generator(o.seed)), o.input, o.lr);
  const factor = o.weight / 4;
  const n = o.layers;
  const layers = built.grads.map((g, j) => ({
    layer: j + 1,
    gradNorm: g,
    ratioToNext: j + 1 < n ? g / built.grads[j + 1]! : NaN,
    predicted: built.grads[n - 1]! * factor ** (n - 1 - j),
    defaultInitGradNorm: plain.grads[j]!,
    updateRatio: built.ratios[j]!,
  }));
  const maxRelativeError = Math.max(...layers.slice(0, -1).map((l) => Math.abs(l.ratioToNext / factor - 1)));
  return { options: o, factor, layers, maxRelativeError, saturatedAfterStep: built.saturatedAfter, firstGradAfterStep: built.gradsAfter[0]! };
}

/** Explanation, per-layer table and a log-scale bar chart of the gradients against the prediction. */
export async function renderExploding(r: ExplodingResult): Promise<LessonReport> {
  const svg = await barChart(r.layers.flatMap((l) => [
    { label: `layer ${l.layer}`, value: l.gradNorm, series: 'all weights = 100' },
    { label: `layer ${l.layer}`, value: l.predicted, series: `prediction ${r.factor}^(N-j)` },
    { label: `layer ${l.layer}`, value: l.defaultInitGradNorm, series: 'default init' },
  ]), { title: `Exploding gradient: |dQ/dw_j| grows by ${r.factor} per layer towards the input`, subtitle: `N = ${r.options.layers} one-neuron sigmoid layers, w = ${r.options.weight}, every pre-activation 0`, xLabel: 'layer j', yLabel: '|dQ/dw_j|', logY: true });
  return {
    name: 'exploding',
    title: 'Exploding gradients: all weights = 100',
    text:
      `The lecture's artificial example: initialise every weight to ${r.options.weight} and choose the biases so that every\n` +
      "pre-activation z_i = 0. Then each df_i/df_{i-1} = w * sigma'(0) = " + `${r.options.weight} * 1/4 = ${r.factor}, and the gradient of layer j\n` +
      `grows like (${r.factor})^(N-j+1). Measured with the gradient-flow recorder on a chain of ${r.options.layers} layers, every ratio\n` +
      `|dQ/dw_j| / |dQ/dw_(j+1)| is ${r.factor} (largest relative error ${fmtNum(r.maxRelativeError)}). One SGD step (lr ${r.options.lr})\n` +
      `moves the first layer by ${fmtNum(r.layers[0]!.updateRatio)} times its weight; afterwards ${(100 * r.saturatedAfterStep).toFixed(0)}% of the sigmoid\n` +
      `outputs are saturated and |dQ/dw_1| drops from ${fmtNum(r.layers[0]!.gradNorm)} to ${fmtNum(r.firstGradAfterStep)}: the model is unstable.\n` +
      'With the default initialisation the same chain shows the opposite problem: vanishing gradients.',
    tables: [{
      title: 'Per-layer gradients (layer 1 is nearest the input)',
      header: ['layer j', '|dQ/dw_j|', 'ratio to j+1', 'predicted', 'default init', 'update/weight'],
      rows: r.layers.map((l) => [String(l.layer), fmtNum(l.gradNorm), fmtNum(l.ratioToNext, 6), fmtNum(l.predicted), fmtNum(l.defaultInitGradNorm), fmtNum(l.updateRatio)]),
    }],
    charts: [{ name: 'gradient-growth', svg }],
  };
}

/** The exploding lesson. */
export const explodingLesson: Lesson<ExplodingOptions, ExplodingResult> = {
  name: 'exploding',
  title: 'Exploding gradients',
  summary: 'all weights 100, pre-activations 0: per-layer gradient growth by 100 * 1/4 = 25',
  run: exploding,
  render: renderExploding,
};
