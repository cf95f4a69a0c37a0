// A run directory: what `neurite train` writes and `eval/predict/info` read. The model description
// (model.json: architecture, preprocessing, class names, training config) travels with the weights
// (model.safetensors) through the crash-safe checkpoint protocol of src/io/node-checkpoint.ts.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { data, io, nn, ValueError, type Tensor } from '../src/index.js';
import { loadCheckpoint, MANIFEST_FILE, type Checkpoint } from '../src/node.js';
import type { TrainConfig } from './train-config.js';

/** Format tag of model.json. */
export const RUN_FORMAT = 'neurite-model';

/** What model.json holds. */
export interface RunDescription {
  format: typeof RUN_FORMAT;
  formatVersion: 1;
  architecture: nn.LayerSpec[];
  task: data.Task;
  /** Shape of one input row (e.g. [784]). */
  inputShape: number[];
  classNames?: string[];
  /** Feature names, except for images (where they are just pixel indices). */
  featureNames?: string[];
  dataset: { name: string; source: string };
  /** For CSV data: how to encode new rows (categories, class names). */
  schema?: data.CsvSchema;
  /** The fitted input standardizer (training data only), if `--standardize` was used. */
  standardizer?: data.StandardizerJSON;
  /** The options the run was trained with (what `--resume` reuses). */
  training: TrainConfig;
}

/** A loaded run: the rebuilt model with its weights, the description and the raw checkpoint. */
export interface LoadedRun {
  dir: string;
  model: nn.Sequential;
  description: RunDescription;
  standardizer: data.Standardizer | null;
  /** The run's input preprocessing (the saved standardizer, or identity). */
  prep: (x: Tensor) => Tensor;
  checkpoint: Checkpoint;
}

/** True when `dir` holds a finished checkpoint. */
export function hasCheckpoint(dir: string): boolean {
  return existsSync(join(dir, MANIFEST_FILE));
}

function checkDescription(d: unknown, file: string): RunDescription {
  const o = d as Partial<RunDescription> | null;
  if (typeof o !== 'object' || o === null || o.format !== RUN_FORMAT) {
    throw new ValueError(`${file}: not a neurite model description (format should be "${RUN_FORMAT}")`);
  }
  if (o.formatVersion !== 1) throw new ValueError(`${file}: unsupported formatVersion ${String(o.formatVersion)} (this neurite reads 1)`);
  if (!Array.isArray(o.inputShape) || !o.training || (o.task !== 'classification' && o.task !== 'regression')) {
    throw new ValueError(`${file}: model description lacks inputShape, task or training`);
  }
  nn.checkModelSpec(o.architecture);
  return o as RunDescription;
}

/**
 * Loads a run directory: verifies the checkpoint (manifest checksums, safetensors structure),
 * rebuilds the model from model.json and checks the weights' names, dtypes and shapes against it.
 */
export function loadRun(dir: string): LoadedRun {
  const checkpoint = loadCheckpoint(dir);
  const file = join(dir, 'model.json');
  const description = checkDescription(checkpoint.description, file);
  const model = nn.buildModel(description.architecture);
  // Names every missing, unexpected, mis-shaped or wrongly typed tensor of model.safetensors (one
  // error naming the file); once it passes, loadStateDict has nothing left to refuse.
  io.validateStateDict(model.stateDict(), checkpoint.model, { source: join(dir, 'model.safetensors') });
  model.loadStateDict(checkpoint.model);
  const standardizer = description.standardizer ? data.Standardizer.fromJSON(description.standardizer) : null;
  const prep = (x: Tensor): Tensor => (standardizer ? standardizer.transform(x) : x);
  return { dir, model, description, standardizer, prep, checkpoint };
}

/** Feature count of one input row. */
export function rowSize(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/**
 * Checks that a dataset fits a run's model: the same input size and, for classification, labels
 * within the model's classes. Errors name both sides.
 */
export function checkDataFitsModel(desc: RunDescription, ds: data.DatasetBundle, where: string): void {
  const want = rowSize(desc.inputShape);
  const got = rowSize(ds.inputShape);
  if (want !== got) {
    throw new ValueError(`${where}: the model expects ${want} input features (${desc.dataset.name}) but '${ds.name}' has ${got}`);
  }
  if (desc.task !== ds.task) throw new ValueError(`${where}: the model does ${desc.task} but '${ds.name}' is a ${ds.task} dataset`);
  if (desc.task === 'classification') {
    const k = desc.classNames?.length ?? 0;
    const y = ds.y.data;
    for (let i = 0; i < y.length; i++) {
      if (y[i]! < 0 || y[i]! >= k) throw new ValueError(`${where}: label ${y[i]} of row ${i} of '${ds.name}' is out of range for the model's ${k} classes`);
    }
  }
}
