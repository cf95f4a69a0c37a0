// The per-layer numbers of gradient-flow diagnostics, computed from plain tensors: norms, the
// update/weight ratio, and activation statistics (saturation of sigmoid/tanh, dead ReLU units).

import { ValueError } from '../errors.js';
import type { AnyModule } from '../nn/module.js';
import { ReLU, Sigmoid, Tanh } from '../nn/activation.js';
import type { Tensor } from '../tensor/tensor.js';

/** How an activation's output is judged: saturation for sigmoid/tanh, dead units for ReLU. */
export type ActivationKind = 'sigmoid' | 'tanh' | 'relu' | 'other';

/** Statistics of one module's output over a batch. */
export interface ActivationStats {
  kind: ActivationKind;
  mean: number;
  std: number;
  /** sigmoid/tanh: share of outputs within `saturation` of a bound (0/1 or -1/1), where the derivative is ~0. */
  saturatedFraction?: number;
  /** relu: share of units (last axis) that output 0 for every example of the batch. */
  deadFraction?: number;
  /** relu: share of outputs that are exactly 0. */
  zeroFraction?: number;
}

/** Options of `activationStats`. */
export interface ActivationStatsOptions {
  /** Distance from a bound counted as saturated (default 0.05, i.e. sigmoid outside [0.05, 0.95], where sigma' < 0.048). */
  saturation?: number;
}

/** The kind of a module for activation statistics (by class: Sigmoid, Tanh, ReLU; else 'other'). */
export function activationKind(module: AnyModule): ActivationKind {
  if (module instanceof Sigmoid) return 'sigmoid';
  if (module instanceof Tanh) return 'tanh';
  if (module instanceof ReLU) return 'relu';
  return 'other';
}

/** Euclidean (Frobenius) norm of a tensor or of several, as if concatenated: sqrt(sum x^2). */
export function l2Norm(...ts: (Tensor | ArrayLike<number>)[]): number {
  let s = 0;
  for (const t of ts) {
    const d = 'data' in t && !Array.isArray(t) ? (t as Tensor).data : (t as ArrayLike<number>);
    for (let i = 0; i < d.length; i++) {
      const v = Number(d[i]);
      s += v * v;
    }
  }
  return Math.sqrt(s);
}

/** ||after - before|| / ||before||: the relative size of an optimizer step (healthy training is ~1e-3). */
export function updateRatio(before: ArrayLike<number>, after: ArrayLike<number>): number {
  if (before.length !== after.length) throw new ValueError(`updateRatio: lengths differ (${before.length} and ${after.length})`);
  let du = 0;
  let w = 0;
  for (let i = 0; i < before.length; i++) {
    const b = before[i]!;
    const d = after[i]! - b;
    du += d * d;
    w += b * b;
  }
  return w === 0 ? (du === 0 ? 0 : Infinity) : Math.sqrt(du / w);
}

/**
 * Mean, standard deviation (population) and, by `kind`, the saturated share (sigmoid, tanh) or the
 * dead-unit share (relu) of a module's output. Units are the entries of the last axis.
 */
export function activationStats(output: Tensor, kind: ActivationKind, { saturation = 0.05 }: ActivationStatsOptions = {}): ActivationStats {
  if (!(saturation >= 0 && saturation < 1)) throw new ValueError(`activationStats: saturation must be in [0, 1), got ${saturation}`);
  const d = output.data;
  const n = d.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += Number(d[i]);
  const mean = n > 0 ? s / n : NaN;
  let v = 0;
  for (let i = 0; i < n; i++) v += (Number(d[i]) - mean) ** 2;
  const stats: ActivationStats = { kind, mean, std: n > 0 ? Math.sqrt(v / n) : NaN };
  if (kind === 'sigmoid' || kind === 'tanh') {
    const lo = kind === 'sigmoid' ? saturation : -1 + saturation;
    const hi = 1 - saturation;
    let sat = 0;
    for (let i = 0; i < n; i++) if (Number(d[i]) <= lo || Number(d[i]) >= hi) sat++;
    stats.saturatedFraction = n > 0 ? sat / n : NaN;
  } else if (kind === 'relu') {
    const units = output.ndim === 0 ? 1 : output.shape[output.ndim - 1]!;
    const alive = new Uint8Array(units);
    let zeros = 0;
    for (let i = 0; i < n; i++) {
      if (Number(d[i]) > 0) alive[i % units] = 1;
      else zeros++;
    }
    stats.deadFraction = units > 0 ? alive.reduce((a, x) => a + (x === 0 ? 1 : 0), 0) / units : NaN;
    stats.zeroFraction = n > 0 ? zeros / n : NaN;
  }
  return stats;
}
