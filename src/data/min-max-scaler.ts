// Input preprocessing that maps each feature's training range onto a fixed interval (default [0, 1]),
// the other common normalization next to standardization.

import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { applyAffine, applyInverseAffine, featureStats, jsonFeatureShape, jsonNumbers, jsonObject } from './affine-scaler.js';

/** Options of `MinMaxScaler`. */
export interface MinMaxScalerOptions {
  /** Interval the training range of each feature maps to (default [0, 1]). */
  featureRange?: readonly [number, number];
}

/** What `MinMaxScaler.toJSON()` writes. */
export interface MinMaxScalerJSON {
  type: 'MinMaxScaler';
  featureRange: [number, number];
  featureShape: number[];
  dataMin: number[];
  dataMax: number[];
}

interface Fitted {
  featureShape: number[];
  dataMin: Float64Array;
  dataMax: Float64Array;
  center: Float64Array;
  scale: Float64Array;
}

/**
 * Scales each feature linearly so its training minimum and maximum map to `featureRange`:
 * `x' = lo + (x - min) * (hi - lo) / (max - min)` (like scikit-learn's `MinMaxScaler`). A constant
 * feature is treated as having range 1, so it maps to `lo`. Values outside the training range map
 * outside `featureRange` (no clipping). Fitted on training data only; no gradient is recorded.
 */
export class MinMaxScaler {
  readonly featureRange: readonly [number, number];
  private fitted: Fitted | null = null;

  constructor({ featureRange = [0, 1] }: MinMaxScalerOptions = {}) {
    const [lo, hi] = featureRange;
    if (!Number.isFinite(lo) || !Number.isFinite(hi) || !(lo < hi)) {
      throw new ValueError(`MinMaxScaler: featureRange must be [lo, hi] with lo < hi, got [${lo}, ${hi}]`);
    }
    this.featureRange = [lo, hi];
  }

  /** Per-feature training minima (after `fit`). */
  get dataMin(): Float64Array {
    return this.state('dataMin').dataMin;
  }
  /** Per-feature training maxima (after `fit`). */
  get dataMax(): Float64Array {
    return this.state('dataMax').dataMax;
  }
  /** Whether `fit` (or `fromJSON`) has set the statistics. */
  get isFitted(): boolean {
    return this.fitted !== null;
  }

  /** Fits per-feature minima and maxima on training data `x` of shape [N, ...features]. */
  fit(x: Tensor): this {
    const s = featureStats('MinMaxScaler.fit', x);
    this.fitted = this.derive(s.featureShape, s.min, s.max);
    return this;
  }

  /** Maps each feature's fitted range onto `featureRange`. */
  transform(x: Tensor): Tensor {
    const s = this.state('transform');
    return applyAffine('MinMaxScaler.transform', x, s.featureShape, s.center, s.scale);
  }

  /** Undoes `transform`. */
  inverseTransform(x: Tensor): Tensor {
    const s = this.state('inverseTransform');
    return applyInverseAffine('MinMaxScaler.inverseTransform', x, s.featureShape, s.center, s.scale);
  }

  /** `fit(x)` then `transform(x)`. */
  fitTransform(x: Tensor): Tensor {
    return this.fit(x).transform(x);
  }

  /** The fitted statistics as plain JSON. */
  toJSON(): MinMaxScalerJSON {
    const s = this.state('toJSON');
    return {
      type: 'MinMaxScaler',
      featureRange: [this.featureRange[0], this.featureRange[1]],
      featureShape: [...s.featureShape],
      dataMin: Array.from(s.dataMin),
      dataMax: Array.from(s.dataMax),
    };
  }

  /** Rebuilds a fitted scaler from `toJSON()` output, validating every field. */
  static fromJSON(json: unknown): MinMaxScaler {
    const op = 'MinMaxScaler.fromJSON';
    const o = jsonObject(op, json, 'MinMaxScaler');
    const range = jsonNumbers(op, o, 'featureRange', 2);
    const featureShape = jsonFeatureShape(op, o);
    const f = featureShape.reduce((a, b) => a * b, 1);
    const dataMin = jsonNumbers(op, o, 'dataMin', f);
    const dataMax = jsonNumbers(op, o, 'dataMax', f);
    if (dataMin.some((v, i) => v > dataMax[i]!)) throw new ValueError(`${op}: every dataMin must be <= dataMax`);
    const s = new MinMaxScaler({ featureRange: [range[0]!, range[1]!] });
    s.fitted = s.derive(featureShape, dataMin, dataMax);
    return s;
  }

  private derive(featureShape: number[], dataMin: Float64Array, dataMax: Float64Array): Fitted {
    const [lo, hi] = this.featureRange;
    const scale = dataMin.map((mn, j) => ((dataMax[j]! - mn) > 0 ? dataMax[j]! - mn : 1) / (hi - lo));
    const center = dataMin.map((mn, j) => mn - lo * scale[j]!);
    return { featureShape, dataMin, dataMax, center, scale };
  }

  private state(method: string): Fitted {
    if (!this.fitted) throw new ValueError(`MinMaxScaler.${method}: not fitted yet; call fit(xTrain) first`);
    return this.fitted;
  }
}
