// Lesson "backprop": the lecture's worked example (one neuron, one step), then one full backward pass
// through the 2-3-1 sigmoid network, every partial derivative of the chain rule next to autodiff's value.

import { tensor } from '../tensor/creation.js';
import { Generator } from '../tensor/random.js';
import { barChart } from '../report/histogram.js';
import { fmtNum, type Lesson, type LessonOptions, type LessonReport } from './lesson.js';
import { workedExample, type WorkedExampleResult } from './worked-example.js';

/** Options of the backprop lesson. */
export interface BackpropOptions extends LessonOptions {
  /** Input (x1, x2) of the network example (default [1, -0.5]). */
  x?: [number, number];
  /** Target y (default 1). */
  target?: number;
  /** Learning rate of the one gradient step (default 0.5). */
  lr?: number;
}

/** One partial derivative: the chain-rule formula, its value by hand, and autodiff's value. */
export interface Partial {
  name: string;
  formula: string;
  chainRule: number;
  autograd: number;
}

/** Result of the backprop lesson. */
export interface BackpropResult {
  options: Required<BackpropOptions>;
  worked: WorkedExampleResult;
  /** Weights of the network: w[i] = [w_0i, w_1i, w_2i] (hidden neuron i), k = [k0, k1, k2, k3]. */
  weights: { w: number[][]; k: number[] };
  forward: { z: number[]; a: number; loss: number };
  partials: Partial[];
  /** Largest |chain rule - autograd| over all partials. */
  maxAbsDiff: number;
  /** Loss after one gradient step theta - lr * dQ/dtheta (smaller than `forward.loss`). */
  lossAfterStep: number;
}

const sig = (v: number): number => 1 / (1 + Math.exp(-v));

/**
 * Computes, for a(x) = sigma(k0 + sum_i k_i z_i), z_i = sigma(w_0i + w_1i x1 + w_2i x2) and
 * Q = (y - a)^2, every partial derivative by the chain rule (dQ/da = -2(y - a), da/ds = a(1 - a),
 * dz_i/du_i = z_i(1 - z_i), ...) and by autodiff (float64), and takes one gradient step.
 */
export async function backprop(opts: BackpropOptions = {}): Promise<BackpropResult> {
  const o: Required<BackpropOptions> = { seed: 0, x: [1, -0.5], target: 1, lr: 0.5, ...opts };
  const gen = new Generator(o.seed);
  const r = (): number => Math.round((gen.nextDouble() * 2 - 1) * 100) / 100;
  const w = [0, 1, 2].map(() => [r(), r(), r()]);
  const k = [r(), r(), r(), r()];
  const [x1, x2] = o.x;
  // By hand.
  const u = w.map((wi) => wi[0]! + wi[1]! * x1 + wi[2]! * x2);
  const z = u.map(sig);
  const s = k[0]! + z.reduce((acc, zi, i) => acc + k[i + 1]! * zi, 0);
  const a = sig(s);
  const loss = (o.target - a) ** 2;
  const dQda = -2 * (o.target - a);
  const dQds = dQda * a * (1 - a);
  const dQdz = z.map((_, i) => dQds * k[i + 1]!);
  const dQdu = z.map((zi, i) => dQdz[i]! * zi * (1 - zi));
  // By autodiff.
  const f64 = { dtype: 'float64' as const };
  const W = tensor(w, { ...f64, requiresGrad: true });
  const K = tensor(k, { ...f64, requiresGrad: true });
  const X = tensor([1, x1, x2], f64);
  const U = W.matmul(X).retainGrad();
  const Z = U.sigmoid().retainGrad();
  const S = K.index(0).add(K.slice(0, { start: 1 }).mul(Z).sum()).retainGrad();
  const A = S.sigmoid().retainGrad();
  const Q = tensor(o.target, f64).sub(A).square();
  Q.backward();
  const partials: Partial[] = [
    { name: 'dQ/da', formula: '-2 (y - a)', chainRule: dQda, autograd: A.grad!.item() },
    { name: 'dQ/ds', formula: 'dQ/da * a (1 - a)', chainRule: dQds, autograd: S.grad!.item() },
    { name: 'dQ/dk0', formula: 'dQ/ds * 1', chainRule: dQds, autograd: K.grad!.data[0]! },
  ];
  for (let i = 0; i < 3; i++) partials.push({ name: `dQ/dk${i + 1}`, formula: `dQ/ds * z${i + 1}`, chainRule: dQds * z[i]!, autograd: K.grad!.data[i + 1]! });
  for (let i = 0; i < 3; i++) partials.push({ name: `dQ/dz${i + 1}`, formula: `dQ/ds * k${i + 1}`, chainRule: dQdz[i]!, autograd: Z.grad!.data[i]! });
  for (let i = 0; i < 3; i++) partials.push({ name: `dQ/du${i + 1}`, formula: `dQ/dz${i + 1} * z${i + 1} (1 - z${i + 1})`, chainRule: dQdu[i]!, autograd: U.grad!.data[i]! });
  for (let i = 0; i < 3; i++) {
    const xs = [1, x1, x2];
    for (let j = 0; j < 3; j++) {
      partials.push({ name: `dQ/dw_${j}${i + 1}`, formula: `dQ/du${i + 1} * ${j === 0 ? '1' : `x${j}`}`, chainRule: dQdu[i]! * xs[j]!, autograd: W.grad!.data[3 * i + j]! });
    }
  }
  const maxAbsDiff = Math.max(...partials.map((p) => Math.abs(p.chainRule - p.autograd)));
  // One gradient step, theta_{i+1} = theta_i - eta dQ/dtheta, and the new loss.
  const w2 = w.map((wi, i) => wi.map((v, j) => v - o.lr * W.grad!.data[3 * i + j]!));
  const k2 = k.map((v, i) => v - o.lr * K.grad!.data[i]!);
  const z2 = w2.map((wi) => sig(wi[0]! + wi[1]! * x1 + wi[2]! * x2));
  const a2 = sig(k2[0]! + z2.reduce((acc, zi, i) => acc + k2[i + 1]! * zi, 0));
  return { options: o, worked: workedExample(), weights: { w, k }, forward: { z, a, loss }, partials, maxAbsDiff, lossAfterStep: (o.target - a2) ** 2 };
}

/** The worked-example table, the table of partials and a bar chart of the parameter gradients. */
export async function renderBackprop(r: BackpropResult): Promise<LessonReport> {
  const we = r.worked;
  const params = r.partials.filter((p) => /dQ\/d(k|w_)/.test(p.name));
  const svg = await barChart(params.flatMap((p) => [
    { label: p.name.slice(3), value: p.chainRule, series: 'chain rule' },
    { label: p.name.slice(3), value: p.autograd, series: 'autodiff' },
  ]), { title: 'dQ/dtheta of every parameter of the 2-3-1 network', subtitle: `x = (${r.options.x.join(', ')}), y = ${r.options.target}: the chain rule by hand and autodiff agree`, xLabel: 'parameter', yLabel: 'dQ/dtheta' });
  return {
    name: 'backprop',
    title: 'Back-propagation: the chain rule, step by step',
    text:
      "The lecture's example: one neuron y = x w + b, Q = (y_target - y)^2, x = 1, w = 0.1, b = 1, y_target = 2,\n" +
      'eta = 0.1. Then the 2-3-1 sigmoid network: u_i = w_0i + w_1i x1 + w_2i x2, z_i = sigma(u_i),\n' +
      's = k0 + sum_i k_i z_i, a = sigma(s), Q = (y - a)^2. Back-propagation multiplies local derivatives from the\n' +
      'loss backwards: dQ/dw_ji = dQ/da * sigma\'(s) * k_i * sigma\'(u_i) * x_j, with sigma\' = sigma (1 - sigma).\n' +
      `Every partial computed by hand matches autodiff (largest difference ${fmtNum(r.maxAbsDiff)}); one step with\n` +
      `eta = ${r.options.lr} lowers the loss from ${fmtNum(r.forward.loss)} to ${fmtNum(r.lossAfterStep)}.`,
    tables: [
      { title: 'Worked example (one neuron)', header: ['y', 'Q', 'dQ/dy', 'dQ/dw', 'dQ/db', 'w_new', 'b_new'], rows: [[we.y, we.Q, we.dQdy, we.dQdw, we.dQdb, we.wNew, we.bNew].map((v) => fmtNum(v, 6))] },
      { title: `2-3-1 network: z = (${r.forward.z.map((v) => fmtNum(v)).join(', ')}), a = ${fmtNum(r.forward.a)}, Q = ${fmtNum(r.forward.loss)}`, header: ['partial', 'chain rule (formula)', 'by hand', 'autodiff'], rows: r.partials.map((p) => [p.name, p.formula, fmtNum(p.chainRule, 6), fmtNum(p.autograd, 6)]) },
    ],
    charts: [{ name: 'parameter-gradients', svg }],
  };
}

/** The backprop lesson. */
export const backpropLesson: Lesson<BackpropOptions, BackpropResult> = {
  name: 'backprop',
  title: 'Back-propagation',
  summary: "the lecture's worked example, then every chain-rule partial of the 2-3-1 network vs autodiff",
  run: backprop,
  render: renderBackprop,
};
