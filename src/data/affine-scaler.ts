// Shared machinery of the per-feature preprocessing scalers: statistics over the sample axis in
// float64 and the affine map y = (x - center) / scale applied row by row.

import { ShapeError, ValueError, fmtShape } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';

/** Per-feature statistics of `x` ([N, ...features]) over axis 0, in float64. */
export interface FeatureStats {
  featureShape: number[];
  count: number;
  mean: Float64Array;
  /** Population standard deviation (divides by N). */
  std: Float64Array;
  min: Float64Array;
  max: Float64Array;
}

/** Checks `x` is a non-empty [N, ...] numeric tensor and returns its feature count. */
export function featureCount(op: string, x: Tensor): number {
  if (!(x instanceof Tensor)) throw new ValueError(`${op}: expected a Tensor`);
  if (x.ndim < 1) throw new ShapeError(`${op}: expected a tensor of shape [N, ...features], got a 0-d tensor`);
  if (x.dtype === 'bool') throw new ValueError(`${op}: expected a numeric tensor, got bool`);
  const n = x.shape[0]!;
  return n === 0 ? x.shape.slice(1).reduce((a, b) => a * b, 1) : x.size / n;
}

/** Mean, population std, min and max of each feature; rejects NaN and infinities by row and feature. */
export function featureStats(op: string, x: Tensor): FeatureStats {
  const f = featureCount(op, x);
  const n = x.shape[0]!;
  if (n === 0) throw new ValueError(`${op}: cannot fit on an empty tensor (shape ${fmtShape(x.shape)})`);
  const d = x.data;
  const mean = new Float64Array(f);
  const min = new Float64Array(f).fill(Infinity);
  const max = new Float64Array(f).fill(-Infinity);
  for (let i = 0; i < n; i++) {
    const o = i * f;
    for (let j = 0; j < f; j++) {
      const v = d[o + j]!;
      if (!Number.isFinite(v)) throw new ValueError(`${op}: row ${i}, feature ${j} is ${v}; clean or impute the data first`);
      mean[j]! += v;
      if (v < min[j]!) min[j] = v;
      if (v > max[j]!) max[j] = v;
    }
  }
  for (let j = 0; j < f; j++) mean[j]! /= n;
  // NOTE: two-pass variance (sum of squared deviations), which stays accurate for large offsets.
  const std = new Float64Array(f);
  for (let i = 0; i < n; i++) {
    const o = i * f;
    for (let j = 0; j < f; j++) {
      const dv = d[o + j]! - mean[j]!;
      std[j]! += dv * dv;
    }
  }
  for (let j = 0; j < f; j++) std[j] = Math.sqrt(std[j]! / n);
  return { featureShape: x.shape.slice(1), count: n, mean, std, min, max };
}

/** y = (x - center) / scale per feature; float64 input stays float64, anything else becomes float32. */
export function applyAffine(op: string, x: Tensor, featureShape: readonly number[], center: Float64Array, scale: Float64Array): Tensor {
  checkFeatureShape(op, x, featureShape);
  const f = center.length;
  const n = x.shape[0]!;
  const out = x.dtype === 'float64' ? new Float64Array(n * f) : new Float32Array(n * f);
  const d = x.data;
  for (let i = 0; i < n; i++) {
    const o = i * f;
    for (let j = 0; j < f; j++) out[o + j] = (d[o + j]! - center[j]!) / scale[j]!;
  }
  return new Tensor(out, x.shape, x.dtype === 'float64' ? 'float64' : 'float32');
}

/** x = y * scale + center per feature (the inverse of `applyAffine`). */
export function applyInverseAffine(op: string, y: Tensor, featureShape: readonly number[], center: Float64Array, scale: Float64Array): Tensor {
  checkFeatureShape(op, y, featureShape);
  const f = center.length;
  const n = y.shape[0]!;
  const out = y.dtype === 'float64' ? new Float64Array(n * f) : new Float32Array(n * f);
  const d = y.data;
  for (let i = 0; i < n; i++) {
    const o = i * f;
    for (let j = 0; j < f; j++) out[o + j] = d[o + j]! * scale[j]! + center[j]!;
  }
  return new Tensor(out, y.shape, y.dtype === 'float64' ? 'float64' : 'float32');
}

function checkFeatureShape(op: string, x: Tensor, featureShape: readonly number[]): void {
  featureCount(op, x);
  const fs = x.shape.slice(1);
  if (fs.length !== featureShape.length || fs.some((v, i) => v !== featureShape[i])) {
    throw new ShapeError(
      `${op}: fitted on features of shape ${fmtShape(featureShape)} but got a tensor of shape ${fmtShape(x.shape)} ` +
        `(expected [N,${featureShape.join(',')}])`,
    );
  }
}

/** Reads a numeric array field of a scaler's JSON, checking its length. */
export function jsonNumbers(op: string, obj: Record<string, unknown>, key: string, length: number): Float64Array {
  const v = obj[key];
  if (!Array.isArray(v) || v.length !== length || !v.every((e) => typeof e === 'number' && Number.isFinite(e))) {
    throw new ValueError(`${op}: field '${key}' must be an array of ${length} finite numbers`);
  }
  return Float64Array.from(v as number[]);
}

/** Reads and checks the `featureShape` field of a scaler's JSON. */
export function jsonFeatureShape(op: string, obj: Record<string, unknown>): number[] {
  const v = obj.featureShape;
  if (!Array.isArray(v) || !v.every((e) => Number.isInteger(e) && (e as number) >= 0)) {
    throw new ValueError(`${op}: field 'featureShape' must be an array of non-negative integers`);
  }
  return v as number[];
}

/** Checks a scaler's JSON is an object with the expected `type` tag. */
export function jsonObject(op: string, json: unknown, type: string): Record<string, unknown> {
  if (json === null || typeof json !== 'object' || (json as Record<string, unknown>).type !== type) {
    throw new ValueError(`${op}: expected an object with type '${type}' (as written by toJSON())`);
  }
  return json as Record<string, unknown>;
}
