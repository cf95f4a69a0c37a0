// Shared helpers of the generated 2-D data sets: option checking, the seeded generator, balanced class
// counts and the assembly of a shuffled DatasetBundle.

import { ValueError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { Generator } from '../tensor/random.js';
import type { DatasetBundle } from './dataset-bundle.js';

/** Options shared by every generated data set. */
export interface ToyOptions {
  /** Number of points (default 500 for classification, 200 for regression sets). */
  n?: number;
  /** Standard deviation of the Gaussian noise added to the points (classification) or targets (regression). */
  noise?: number;
  /** Seed of a fresh generator (default 0), used when `generator` is not given. */
  seed?: number;
  /** Generator to draw from (takes precedence over `seed`). */
  generator?: Generator;
}

/** Checked `n` and `noise`, and the generator to use. */
export function toyParams(op: string, opts: ToyOptions, defaults: { n: number; noise: number }): { n: number; noise: number; gen: Generator; seed: string } {
  const n = opts.n ?? defaults.n;
  const noise = opts.noise ?? defaults.noise;
  if (!Number.isInteger(n) || n < 1) throw new ValueError(`${op}: n must be a positive integer, got ${n}`);
  if (!Number.isFinite(noise) || noise < 0) throw new ValueError(`${op}: noise must be a non-negative number, got ${noise}`);
  if (opts.seed !== undefined && !Number.isFinite(opts.seed)) throw new ValueError(`${op}: seed must be a finite number, got ${opts.seed}`);
  const gen = opts.generator ?? new Generator(opts.seed ?? 0);
  const seed = opts.generator ? 'generator' : `seed=${opts.seed ?? 0}`;
  return { n, noise, gen, seed };
}

/** Standard normal sample. */
export function normal(gen: Generator): number {
  return gen.nextNormalPair()[0];
}

/** Uniform sample in [lo, hi). */
export function uniform(gen: Generator, lo: number, hi: number): number {
  return lo + (hi - lo) * gen.nextDouble();
}

/**
 * Builds a balanced, shuffled classification set: class c gets floor(n/k) points, plus one for the
 * first n mod k classes; `sample(c)` returns one 2-D point of class c.
 */
export function balancedClassification(
  meta: { name: string; source: string; classNames: string[] },
  n: number,
  gen: Generator,
  sample: (c: number) => [number, number],
): DatasetBundle {
  const k = meta.classNames.length;
  if (n < k) throw new ValueError(`${meta.name}: n must be at least the number of classes (${k}), got ${n}`);
  const xs = new Float32Array(n * 2);
  const ys = new Int32Array(n);
  let row = 0;
  for (let c = 0; c < k; c++) {
    const count = Math.floor(n / k) + (c < n % k ? 1 : 0);
    for (let i = 0; i < count; i++, row++) {
      const [a, b] = sample(c);
      xs[2 * row] = a;
      xs[2 * row + 1] = b;
      ys[row] = c;
    }
  }
  const perm = gen.permutation(n);
  const x = new Float32Array(n * 2);
  const y = new Int32Array(n);
  perm.forEach((r, i) => {
    x[2 * i] = xs[2 * r]!;
    x[2 * i + 1] = xs[2 * r + 1]!;
    y[i] = ys[r]!;
  });
  return {
    name: meta.name,
    source: meta.source,
    task: 'classification',
    x: new Tensor(x, [n, 2], 'float32'),
    y: new Tensor(y, [n], 'int32'),
    featureNames: ['x1', 'x2'],
    classNames: meta.classNames,
    inputShape: [2],
  };
}

/** Builds a regression set from n samples of `sample()` → [features, target]. */
export function regressionSet(
  meta: { name: string; source: string; featureNames: string[] },
  n: number,
  sample: () => [number[], number],
): DatasetBundle {
  const f = meta.featureNames.length;
  const x = new Float32Array(n * f);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const [xi, yi] = sample();
    x.set(xi, i * f);
    y[i] = yi;
  }
  return {
    name: meta.name,
    source: meta.source,
    task: 'regression',
    x: new Tensor(x, [n, f], 'float32'),
    y: new Tensor(y, [n, 1], 'float32'),
    featureNames: meta.featureNames,
    inputShape: [f],
  };
}
