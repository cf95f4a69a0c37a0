// The run format (browser-safe): what model.json of a run directory describes (architecture, task,
// preprocessing, data schema, training options), its validation, and "build the model of a run from
// its description and weights". The CLI adds only files (cli/run-dir.ts); a playground reuses this.

import { fmtShape, ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import type { DatasetBundle, Task } from '../data/dataset-bundle.js';
import type { CsvSchema } from '../data/csv-schema.js';
import { Standardizer, type StandardizerJSON } from '../data/standardizer.js';
import { buildModel, checkModelSpec, type LayerSpec } from '../nn/model-spec.js';
import type { Sequential } from '../nn/sequential.js';
import { CheckpointError } from './checkpoint-error.js';
import { validateStateDict } from './validate-state-dict.js';

/** Format tag of model.json. */
export const RUN_FORMAT = 'neurite-model';

/** What model.json holds; `Training` is the front end's record of the options it trained with. */
export interface RunDescription<Training = Record<string, unknown>> {
  format: typeof RUN_FORMAT;
  formatVersion: 1;
  architecture: LayerSpec[];
  task: Task;
  /** Shape of one input row (e.g. [784]). */
  inputShape: number[];
  classNames?: string[];
  /** Feature names, except for images (where they are just pixel indices). */
  featureNames?: string[];
  dataset: { name: string; source: string };
  /** For CSV data: how to encode new rows (categories, class names). */
  schema?: CsvSchema;
  /** The fitted input standardizer (training data only), if the inputs were standardized. */
  standardizer?: StandardizerJSON;
  /** The options the run was trained with (what a resumed run reuses). */
  training: Training;
}

const isPosInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;

/**
 * Checks that `d` (model.json parsed) is a run description: format tag and version, task, input
 * shape, class names, dataset and training record; the architecture through `nn.checkModelSpec`.
 * Throws a `ValueError` naming `file` and the field.
 */
export function checkRunDescription<Training = Record<string, unknown>>(d: unknown, file: string): RunDescription<Training> {
  const o = d as Partial<RunDescription> | null;
  if (typeof o !== 'object' || o === null || o.format !== RUN_FORMAT) {
    throw new ValueError(`${file}: not a neurite model description (format should be "${RUN_FORMAT}")`);
  }
  if (o.formatVersion !== 1) throw new ValueError(`${file}: unsupported formatVersion ${String(o.formatVersion)} (this neurite reads 1)`);
  if (!Array.isArray(o.inputShape) || !o.training || (o.task !== 'classification' && o.task !== 'regression')) {
    throw new ValueError(`${file}: model description lacks inputShape, task or training`);
  }
  if (o.inputShape.length === 0 || !o.inputShape.every(isPosInt)) throw new ValueError(`${file}: inputShape must be a non-empty list of positive integers`);
  if (typeof o.training !== 'object' || Array.isArray(o.training)) throw new ValueError(`${file}: training must be an object`);
  if (o.classNames !== undefined && (!Array.isArray(o.classNames) || o.classNames.length < 2 || !o.classNames.every((c) => typeof c === 'string'))) {
    throw new ValueError(`${file}: classNames must be a list of at least 2 strings`);
  }
  if (typeof o.dataset !== 'object' || o.dataset === null || typeof o.dataset.name !== 'string' || typeof o.dataset.source !== 'string') {
    throw new ValueError(`${file}: dataset must be { name, source } strings`);
  }
  checkModelSpec(o.architecture);
  return o as RunDescription<Training>;
}

/**
 * The shapes of the tensors a spec's layers hold (`0.weight` [out, in], ...), computed from the
 * spec alone, so a description can be compared with a weight file before any layer allocates.
 * Layers without tensors contribute nothing.
 */
export function specTensorShapes(spec: readonly LayerSpec[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  spec.forEach((s, i) => {
    const put = (name: string, shape: number[]): void => void out.set(`${i}.${name}`, shape);
    if (s.type === 'linear') {
      put('weight', [s.outFeatures, s.inFeatures]);
      if (s.bias !== false) put('bias', [s.outFeatures]);
    } else if (s.type === 'conv2d') {
      put('weight', [s.outChannels, s.inChannels, s.kernelSize, s.kernelSize]);
      put('bias', [s.outChannels]);
    } else if (s.type === 'batchNorm1d' || s.type === 'batchNorm2d') {
      for (const n of ['weight', 'bias', 'runningMean', 'runningVar']) put(n, [s.numFeatures]);
    } else if (s.type === 'layerNorm') {
      put('weight', [...s.normalizedShape]);
      put('bias', [...s.normalizedShape]);
    }
  });
  return out;
}

/**
 * Checks a spec against the tensors of a weight file before the model is built: each tensor the
 * spec's layers need must be in the file with the same shape. NOTE: this bounds what building the
 * model allocates by what the (size-checked) file holds, so an edited model.json asking for a
 * layer of 10^9 features fails at once instead of allocating gigabytes first.
 */
export function checkSpecAgainstWeights(spec: readonly LayerSpec[], weights: Record<string, Tensor>, { source }: { source: string }): void {
  for (const [name, shape] of specTensorShapes(spec)) {
    const t = Object.prototype.hasOwnProperty.call(weights, name) ? weights[name] : undefined;
    const layer = Number(name.slice(0, name.indexOf('.')));
    const what = `layer ${layer} (${spec[layer]!.type}) needs ${name} of shape ${fmtShape(shape)}`;
    if (t === undefined) throw new CheckpointError(`the model description's ${what} but the weight file has no such tensor`, { file: source });
    if (t.shape.length !== shape.length || t.shape.some((d, k) => d !== shape[k])) {
      throw new CheckpointError(`the model description's ${what} but the weight file holds ${fmtShape(t.shape)}`, { file: source });
    }
  }
}

/** A run's model with its preprocessing, built from a description and its weights. */
export interface RunModel {
  model: Sequential;
  standardizer: Standardizer | null;
  /** The run's input preprocessing (the saved standardizer, or identity). */
  prep: (x: Tensor) => Tensor;
}

/**
 * Builds the model a description names and loads `weights` into it: first the spec against the
 * weights' shapes (nothing allocated yet), then every name, dtype and shape through
 * `validateStateDict` (one error naming `source`), then `loadStateDict`.
 */
export function buildRunModel(description: RunDescription<unknown>, weights: Record<string, Tensor>, { source }: { source: string }): RunModel {
  checkSpecAgainstWeights(description.architecture, weights, { source });
  const model = buildModel(description.architecture);
  validateStateDict(model.stateDict(), weights, { source });
  model.loadStateDict(weights);
  const standardizer = description.standardizer ? Standardizer.fromJSON(description.standardizer) : null;
  const prep = (x: Tensor): Tensor => (standardizer ? standardizer.transform(x) : x);
  return { model, standardizer, prep };
}

/** Feature count of one input row. */
export function rowSize(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/**
 * Checks that a dataset fits a run's model: the same input size and, for classification, labels
 * within the model's classes. Errors name both sides.
 */
export function checkDataFitsModel(desc: RunDescription<unknown>, ds: DatasetBundle, where: string): void {
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
