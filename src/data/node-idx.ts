// Node-only IDX loader: finds train/t10k image and label files (plain or .gz) in a directory,
// decompresses with node:zlib and builds the split; by default the Debian Fashion-MNIST location.

import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ValueError } from '../errors.js';
import type { DatasetSplit } from './dataset-bundle.js';
import { FASHION_MNIST_CLASSES, idxDataset } from './idx.js';

/** Where the Debian package `dataset-fashion-mnist` installs the IDX files. */
export const FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

/** How to get Fashion-MNIST when it is missing. */
export const FASHION_MNIST_INSTALL_HINT = 'install it with: sudo apt-get install dataset-fashion-mnist';

const PARTS = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

/** The path of an IDX file in `dir` under any usual name (`x-idx3-ubyte`, `x.idx3-ubyte`, plus `.gz`), or null. */
export function findIdxFile(dir: string, base: string): string | null {
  const dotted = base.replace(/-(idx\d-ubyte)$/, '.$1');
  for (const name of [base, `${base}.gz`, dotted, `${dotted}.gz`]) {
    const p = join(dir, name);
    if (existsSync(p)) return p;
  }
  return null;
}

/** The paths of the four IDX files in `dir`, or the list of missing ones. */
export function findIdxFiles(dir: string): { files: Record<keyof typeof PARTS, string> } | { missing: string[] } {
  const files: Partial<Record<keyof typeof PARTS, string>> = {};
  const missing: string[] = [];
  for (const [key, base] of Object.entries(PARTS) as [keyof typeof PARTS, string][]) {
    const p = findIdxFile(dir, base);
    if (p) files[key] = p;
    else missing.push(`${base}[.gz]`);
  }
  return missing.length ? { missing } : { files: files as Record<keyof typeof PARTS, string> };
}

/** Reads an IDX file, gunzipping it when it starts with the gzip magic bytes. */
export function readIdxBytes(path: string): Uint8Array {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (e) {
    throw new ValueError(`${path}: cannot read: ${(e as Error).message}`);
  }
  if (buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) {
    try {
      buf = gunzipSync(buf);
    } catch (e) {
      throw new ValueError(`${path}: corrupt gzip data: ${(e as Error).message}`);
    }
  } else if (path.endsWith('.gz')) {
    throw new ValueError(`${path}: named .gz but not gzip-compressed`);
  }
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

/** Options of `loadIdxDataset`. */
export interface IdxLoadOptions {
  /** Directory holding the four IDX files. */
  dir: string;
  /** Dataset name (default "idx"). */
  name?: string;
  /** Class names by label (default '0'..'9'). */
  classNames?: readonly string[];
  /** [N, 784] (default true) or [N, 1, 28, 28]. */
  flatten?: boolean;
  /** Added to the "not found" error (e.g. how to install the data). */
  installHint?: string;
}

/**
 * Loads train (train-*) and test (t10k-*) parts from IDX files in `dir` (plain or gzip), with every
 * header checked (see `parseIdx`). Works for Fashion-MNIST and the original MNIST files alike.
 */
export function loadIdxDataset(opts: IdxLoadOptions): DatasetSplit {
  const { dir, name = 'idx', flatten = true } = opts;
  const classNames = [...(opts.classNames ?? ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'])];
  const hint = opts.installHint ? `; ${opts.installHint}` : '';
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new ValueError(`${name}: directory ${dir} not found${hint}`);
  const found = findIdxFiles(dir);
  if ('missing' in found) throw new ValueError(`${name}: ${dir} lacks ${found.missing.join(', ')}${hint}`);
  const f = found.files;
  const part = (images: string, labels: string): ReturnType<typeof idxDataset> =>
    idxDataset(readIdxBytes(images), readIdxBytes(labels), {
      name,
      source: `IDX files in ${dir}`,
      classNames,
      flatten,
      imagesFile: images,
      labelsFile: labels,
    });
  return { train: part(f.trainImages, f.trainLabels), test: part(f.testImages, f.testLabels), split: 'predefined' };
}

/**
 * Fashion-MNIST (Xiao et al. 2017: 60,000 train / 10,000 test 28x28 clothing images, 10 classes)
 * from `dir` (default: the Debian package's location, `FASHION_MNIST_DIR`).
 */
export function loadFashionMnist({ dir = FASHION_MNIST_DIR, flatten = true }: { dir?: string; flatten?: boolean } = {}): DatasetSplit {
  return loadIdxDataset({ dir, name: 'fashion-mnist', classNames: FASHION_MNIST_CLASSES, flatten, installHint: FASHION_MNIST_INSTALL_HINT });
}

/** Whether the Fashion-MNIST files are present in `dir`. */
export function fashionMnistAvailable(dir = FASHION_MNIST_DIR): boolean {
  return existsSync(dir) && 'files' in findIdxFiles(dir);
}
