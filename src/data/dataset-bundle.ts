// The one shape every dataset loader returns (tensors plus the metadata a report or a saved model
// needs), and the seeded train/test split used when the source does not define one.

import { ShapeError, ValueError, fmtShape } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { defaultGenerator, type Generator } from '../tensor/random.js';
import { gatherRows } from './dataset.js';
import type { CsvSchema } from './csv-schema.js';

/** What the targets are: class indices or real values. */
export type Task = 'classification' | 'regression';

/**
 * A loaded dataset. `x` is float32 [N, ...inputShape]; `y` is int32 class indices [N] for
 * classification, or float32 [N, k] for regression. `classNames[i]` names class index i.
 */
export interface DatasetBundle {
  /** Short name (`mnist`, `circles`, a CSV file's base name). */
  name: string;
  /** Where the data came from (package, file path, generator and its options). */
  source: string;
  task: Task;
  x: Tensor;
  y: Tensor;
  /** One name per input feature (for images: `pixel0` ...; for one-hot columns: `color=red`). */
  featureNames: string[];
  /** Class names by index (classification only). */
  classNames?: string[];
  /** Shape of one input, `x.shape.slice(1)`. */
  inputShape: number[];
  /** For CSV data: the encoding (categories, class names) needed to encode new rows the same way. */
  schema?: CsvSchema;
}

/** A train/test pair; `split` says whether the source defined it or it was drawn with a seed. */
export interface DatasetSplit {
  train: DatasetBundle;
  test: DatasetBundle;
  split: 'predefined' | 'seeded';
}

/** Number of classes of a classification bundle (length of `classNames`). */
export function numClasses(ds: DatasetBundle): number {
  if (ds.task !== 'classification' || !ds.classNames) throw new ValueError(`numClasses: dataset '${ds.name}' is not a classification dataset`);
  return ds.classNames.length;
}

/** Checks that a bundle is consistent (shapes, dtypes, labels in range); returns it. */
export function checkBundle(ds: DatasetBundle): DatasetBundle {
  const op = `dataset '${ds.name}'`;
  const n = ds.x.shape[0];
  if (ds.x.ndim < 1 || ds.y.ndim < 1 || ds.y.shape[0] !== n) {
    throw new ShapeError(`${op}: x ${fmtShape(ds.x.shape)} and y ${fmtShape(ds.y.shape)} must have the same first dimension`);
  }
  if (ds.task === 'classification') {
    const c = ds.classNames?.length ?? 0;
    if (ds.y.dtype !== 'int32' || ds.y.ndim !== 1) throw new ShapeError(`${op}: classification labels must be int32 [N], got ${ds.y.dtype} ${fmtShape(ds.y.shape)}`);
    ds.y.data.forEach((v, i) => {
      if (v < 0 || v >= c) throw new ValueError(`${op}: label ${v} of row ${i} is out of range for ${c} classes`);
    });
  }
  return ds;
}

/** The rows `indices` of a bundle, with the same metadata. */
export function takeRows(ds: DatasetBundle, indices: ArrayLike<number>, { name = ds.name }: { name?: string } = {}): DatasetBundle {
  return { ...ds, name, x: gatherRows(ds.x, indices), y: gatherRows(ds.y, indices) };
}

/** Options of `trainTestSplit`. */
export interface TrainTestSplitOptions {
  /** Fraction of rows for the test set, in (0, 1) (default 0.2). */
  testFraction?: number;
  /** Generator the permutation is drawn from (default: the global generator). */
  generator?: Generator;
  /** Keep class proportions equal in both parts (classification only; default false). */
  stratify?: boolean;
}

/**
 * Splits a bundle into train and test parts by a seeded permutation: the test part gets
 * `round(N * testFraction)` rows (at least 1 and at most N - 1). With `stratify`, those rows are
 * shared among the classes in proportion to their sizes (largest remainders get the leftovers). Rows keep their permuted order in both parts.
 */
export function trainTestSplit(ds: DatasetBundle, { testFraction = 0.2, generator = defaultGenerator, stratify = false }: TrainTestSplitOptions = {}): DatasetSplit {
  if (!(testFraction > 0 && testFraction < 1)) throw new ValueError(`trainTestSplit: testFraction must be in (0, 1), got ${testFraction}`);
  const n = ds.x.shape[0]!;
  if (n < 2) throw new ValueError(`trainTestSplit: dataset '${ds.name}' has ${n} rows; need at least 2 to split`);
  const perm = generator.permutation(n);
  let train: number[];
  let test: number[];
  const k = Math.min(n - 1, Math.max(1, Math.round(n * testFraction)));
  if (stratify) {
    if (ds.task !== 'classification') throw new ValueError('trainTestSplit: stratify needs a classification dataset');
    const byClass = new Map<number, number[]>();
    for (const i of perm) {
      const c = ds.y.data[i]!;
      if (!byClass.has(c)) byClass.set(c, []);
      byClass.get(c)!.push(i);
    }
    const classes = [...byClass.keys()].sort((a, b) => a - b);
    // NOTE: largest-remainder apportionment, so the test part has exactly k rows in total.
    const quota = classes.map((c) => (byClass.get(c)!.length * k) / n);
    const take = quota.map(Math.floor);
    let rest = k - take.reduce((a, b) => a + b, 0);
    const order = classes.map((_, i) => i).sort((a, b) => quota[b]! - take[b]! - (quota[a]! - take[a]!) || a - b);
    for (let j = 0; rest > 0; j++, rest--) take[order[j % order.length]!]! += 1;
    train = [];
    test = [];
    classes.forEach((c, ci) => {
      const rows = byClass.get(c)!;
      test.push(...rows.slice(0, take[ci]));
      train.push(...rows.slice(take[ci]));
    });
    const pos = new Int32Array(n);
    perm.forEach((r, i) => (pos[r] = i));
    train.sort((a, b) => pos[a]! - pos[b]!);
    test.sort((a, b) => pos[a]! - pos[b]!);
  } else {
    test = Array.from(perm.subarray(0, k));
    train = Array.from(perm.subarray(k));
  }
  return { train: takeRows(ds, train), test: takeRows(ds, test), split: 'seeded' };
}
