// Datasets, loaders and preprocessing (browser-safe part). The Node-only loaders (files, npm
// packages, the registry) are in node-index.ts, exported from src/node.ts.

export { TensorDataset, Subset, randomSplit, splitLengths, gatherRows, canGatherBatch } from './dataset.js';
export type { Dataset, BatchGather } from './dataset.js';
export { DataLoader, collate } from './data-loader.js';
export type { DataLoaderOptions, Collated } from './data-loader.js';
export { Standardizer } from './standardizer.js';
export type { StandardizerJSON } from './standardizer.js';
export { MinMaxScaler } from './min-max-scaler.js';
export type { MinMaxScalerJSON, MinMaxScalerOptions } from './min-max-scaler.js';
export { oneHot } from './one-hot.js';
export { trainTestSplit, takeRows, checkBundle, numClasses } from './dataset-bundle.js';
export type { DatasetBundle, DatasetSplit, Task, TrainTestSplitOptions } from './dataset-bundle.js';
export { circles, xor, gaussians, spiral, moons } from './toy-classification.js';
export type { GaussiansOptions, SpiralOptions } from './toy-classification.js';
export { sine1d, plane, gaussianBump } from './toy-regression.js';
export type { ToyOptions } from './toy-common.js';
export { mnistFromDigits, MNIST_SPLIT_SEED, MNIST_TRAIN_SIZE } from './mnist.js';
export type { MnistOptions } from './mnist.js';
export { parseIdx, idxDataset, pixelNames, IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC, FASHION_MNIST_CLASSES } from './idx.js';
export type { IdxArray, IdxDatasetOptions } from './idx.js';
export { irisFromRows, IRIS_FEATURES, IRIS_CLASSES } from './iris.js';
export { readCsvTable } from './csv-read.js';
export type { CsvTable, ReadCsvOptions } from './csv-read.js';
export { csvDataset } from './csv-dataset.js';
export type { CsvDatasetOptions, ImputeStrategy } from './csv-dataset.js';
export { encodeCsvRows, encodeRecords, checkCsvSchema, parseNumber, canonicalLabel, DEFAULT_MISSING } from './csv-schema.js';
export type { CsvSchema, CsvColumn, NumericColumn, CategoricalColumn, EncodeOptions, EncodedRows } from './csv-schema.js';
export { planeGrid, labeledPoints } from './plane-grid.js';
export type { PlaneGridOptions } from './plane-grid.js';
