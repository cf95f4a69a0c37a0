// Input preprocessing from the lecture ("zero-centered data, normalized data"): subtract each
// feature's training mean and divide by its training standard deviation.

import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { applyAffine, applyInverseAffine, featureStats, jsonFeatureShape, jsonNumbers, jsonObject } from './affine-scaler.js';

/** What `Standardizer.toJSON()` writes (saved with a model so prediction uses the same scaling). */
export interface StandardizerJSON {
  type: 'Standardizer';
  featureShape: number[];
  mean: number[];
  std: number[];
}

/**
 * Standardizes features to zero mean and unit variance: `x' = (x - mean) / std`, per feature
 * (every position after the first axis), with mean and population std fitted on the training data
 * only (like scikit-learn's `StandardScaler`). A constant feature gets std 1, so it maps to 0.
 * Transforms copy the data and record no gradient: this is preprocessing, not part of the model.
 */
export class Standardizer {
  private fitted: { featureShape: number[]; mean: Float64Array; std: Float64Array } | null = null;

  /** Per-feature means (after `fit`). */
  get mean(): Float64Array {
    return this.state('mean').mean;
  }
  /** Per-feature standard deviations used for scaling (after `fit`; 1 for constant features). */
  get std(): Float64Array {
    return this.state('std').std;
  }
  /** Whether `fit` (or `fromJSON`) has set the statistics. */
  get isFitted(): boolean {
    return this.fitted !== null;
  }

  /** Fits mean and std on training data `x` of shape [N, ...features]. */
  fit(x: Tensor): this {
    const s = featureStats('Standardizer.fit', x);
    const std = s.std.map((v) => (v > 0 ? v : 1));
    this.fitted = { featureShape: s.featureShape, mean: s.mean, std };
    return this;
  }

  /** `(x - mean) / std` with the fitted statistics. */
  transform(x: Tensor): Tensor {
    const s = this.state('transform');
    return applyAffine('Standardizer.transform', x, s.featureShape, s.mean, s.std);
  }

  /** `x * std + mean`: undoes `transform` (e.g. to report regression predictions in data units). */
  inverseTransform(x: Tensor): Tensor {
    const s = this.state('inverseTransform');
    return applyInverseAffine('Standardizer.inverseTransform', x, s.featureShape, s.mean, s.std);
  }

  /** `fit(x)` then `transform(x)`. */
  fitTransform(x: Tensor): Tensor {
    return this.fit(x).transform(x);
  }

  /** The fitted statistics as plain JSON. */
  toJSON(): StandardizerJSON {
    const s = this.state('toJSON');
    return { type: 'Standardizer', featureShape: [...s.featureShape], mean: Array.from(s.mean), std: Array.from(s.std) };
  }

  /** Rebuilds a fitted standardizer from `toJSON()` output, validating every field. */
  static fromJSON(json: unknown): Standardizer {
    const op = 'Standardizer.fromJSON';
    const o = jsonObject(op, json, 'Standardizer');
    const featureShape = jsonFeatureShape(op, o);
    const f = featureShape.reduce((a, b) => a * b, 1);
    const mean = jsonNumbers(op, o, 'mean', f);
    const std = jsonNumbers(op, o, 'std', f);
    if (std.some((v) => v <= 0)) throw new ValueError(`${op}: every std must be positive`);
    const s = new Standardizer();
    s.fitted = { featureShape, mean, std };
    return s;
  }

  private state(method: string): { featureShape: number[]; mean: Float64Array; std: Float64Array } {
    if (!this.fitted) throw new ValueError(`Standardizer.${method}: not fitted yet; call fit(xTrain) first`);
    return this.fitted;
  }
}
