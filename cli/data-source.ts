// Loads what `--data` names (a dataset name or a CSV path) for the CLI, refuses data a network cannot
// train on (NaN/Inf features, empty splits) with a message naming the dataset, row and feature.

import { basename } from 'node:path';
import { concat, data, tensor, ValueError, type Tensor } from '../src/index.js';
import { isCsvPath, loadCsv, loadDataset, readTextFile } from '../src/node.js';
import type { RunDescription } from './run-dir.js';

/** Options that affect how `--data` is read. */
export interface DataOptions {
  target?: string;
  impute?: 'mean' | 'median' | 'mostFrequent';
  seed?: number;
  n?: number;
  noise?: number;
  /** A schema to encode a CSV with (eval of a CSV-trained model on new CSV data). */
  schema?: data.CsvSchema;
  /** CSV text encoding (default UTF-8). */
  encoding?: 'latin1';
}

/**
 * Refuses training data a model cannot learn from although it loads: a classification target
 * with a single class (every row has the same label), naming the class and the row count.
 */
export function checkTrainable(ds: data.DatasetBundle): void {
  if (ds.task !== 'classification') return;
  const seen = new Set(ds.y.data);
  if (seen.size < 2) {
    const only = [...seen][0];
    const name = only === undefined ? '(none)' : (ds.classNames?.[only] ?? String(only));
    throw new ValueError(`dataset '${ds.name}': the classification target has only one class ("${name.length > 80 ? `${name.slice(0, 60)}...` : name}", all ${ds.y.size} training rows); a classifier needs at least 2 classes (or pick another --target)`);
  }
}

/** Throws when a feature tensor holds NaN or ±Infinity, naming the first bad row and feature. */
export function checkFinite(x: Tensor, what: string): void {
  const d = x.data;
  const row = x.shape.slice(1).reduce((a, b) => a * b, 1);
  for (let i = 0; i < d.length; i++) {
    if (!Number.isFinite(d[i]!)) {
      throw new ValueError(`${what}: row ${Math.floor(i / row)}, feature ${i % row} is ${d[i]} (use --impute for missing CSV values)`);
    }
  }
}

/** Loads `--data` as a train/test split and checks it. */
export function loadData(nameOrPath: string, o: DataOptions): data.DatasetSplit {
  const opts: Parameters<typeof loadDataset>[1] = { seed: o.seed ?? 0 };
  if (o.target !== undefined) opts.target = o.target;
  if (o.impute !== undefined) opts.impute = o.impute;
  if (o.n !== undefined) opts.n = o.n;
  if (o.noise !== undefined) opts.noise = o.noise;
  if (o.encoding !== undefined) opts.encoding = o.encoding;
  const split = loadDataset(nameOrPath, opts);
  for (const [part, ds] of [['train', split.train], ['test', split.test]] as const) {
    if (ds.x.shape[0] === 0) throw new ValueError(`dataset '${ds.name}': the ${part} split has no rows`);
    checkFinite(ds.x, `dataset '${ds.name}' (${part})`);
    if (ds.task === 'regression') checkFinite(ds.y, `dataset '${ds.name}' (${part} targets)`);
  }
  return split;
}

/** The text encoding a run's CSV data was read with (as options of `readTextFile`). */
export function encodingOf(desc: RunDescription): { encoding?: 'latin1' } {
  return desc.training.encoding === 'latin1' ? { encoding: 'latin1' } : {};
}

/**
 * Loads data to evaluate a saved model on. A CSV is encoded with the model's own schema when it
 * has one (same categories and class indices as in training); every row becomes a test row.
 */
export function loadEvalData(nameOrPath: string, desc: RunDescription, split: 'test' | 'train' | 'all'): data.DatasetBundle {
  if (isCsvPath(nameOrPath) && desc.schema) {
    const enc = data.encodeCsvRows(readTextFile(nameOrPath, 'CSV file', encodingOf(desc)), desc.schema, { file: nameOrPath });
    if (!enc.y) throw new ValueError(`${nameOrPath}: has no target column "${desc.schema.target}" to evaluate against (use neurite predict for unlabelled rows)`);
    const name = basename(nameOrPath).replace(/\.csv$/i, '');
    const ds: data.DatasetBundle = {
      name, source: nameOrPath, task: desc.task, x: enc.x, y: enc.y,
      featureNames: desc.featureNames ?? [], inputShape: enc.x.shape.slice(1), ...(desc.classNames ? { classNames: desc.classNames } : {}),
    };
    checkFinite(ds.x, `dataset '${ds.name}'`);
    return ds;
  }
  if (isCsvPath(nameOrPath)) return remapLabels(loadCsv(nameOrPath, encodingOf(desc)), desc);
  const s = loadData(nameOrPath, desc.training);
  if (split === 'train') return s.train;
  if (split === 'test') return s.test;
  return { ...s.test, x: concat([s.train.x, s.test.x], 0), y: concat([s.train.y, s.test.y], 0) };
}

/**
 * A CSV read for evaluation (all rows are test rows) with its labels expressed in the model's class
 * indices: by class name when the CSV's labels are among the model's class names, else by value
 * when the labels are integers. Anything else names the label the model does not know.
 */
function remapLabels(ds: data.DatasetBundle, desc: RunDescription): data.DatasetBundle {
  if (ds.task !== 'classification' || desc.task !== 'classification' || !ds.classNames) return ds;
  const model = desc.classNames ?? [];
  const byName = ds.classNames.every((c) => model.includes(c));
  const map = ds.classNames.map((c) => {
    if (byName) return model.indexOf(c);
    const v = Number(c);
    if (!Number.isInteger(v)) throw new ValueError(`${ds.source}: label "${c}" is not one of the model's classes (${model.join(', ')})`);
    return v;
  });
  const y = new Int32Array(ds.y.size);
  ds.y.data.forEach((v, i) => { y[i] = map[v]!; });
  return { ...ds, y: tensor(y, { shape: [y.length], dtype: 'int32' }), classNames: model };
}
