// The Node-only part of the data area (file and package loaders, the dataset registry); exported
// from src/node.ts only, never from the browser-safe src/index.ts.

export { loadMnist, mnistLocation } from './node-mnist.js';
export { loadIris } from './node-iris.js';
export { loadCsv, readTextFile } from './node-csv.js';
export {
  FASHION_MNIST_DIR,
  FASHION_MNIST_INSTALL_HINT,
  fashionMnistAvailable,
  findIdxFile,
  findIdxFiles,
  loadFashionMnist,
  loadIdxDataset,
  readIdxBytes,
} from './node-idx.js';
export type { IdxLoadOptions } from './node-idx.js';
export { isCsvPath, listDatasets, loadDataset } from './node-registry.js';
export type { DatasetInfo, LoadDatasetOptions } from './node-registry.js';
