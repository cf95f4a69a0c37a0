// Batch normalization (Ioffe & Szegedy 2015): normalize each feature with the batch's statistics while
// training and with running averages in evaluation, one of the lecture's ways of reaching stability.

import { ShapeError, ValueError, fmtShape } from '../errors.js';
import { noGrad } from '../autograd/grad-mode.js';
import { ones, zeros } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';

/** Options of `BatchNorm1d`. */
export interface BatchNormOptions {
  /** C, the number of features (channels). */
  numFeatures: number;
  /** Added to the variance before the square root (default 1e-5). */
  eps?: number;
  /** Weight of the new batch in the running averages (default 0.1); null = cumulative average. */
  momentum?: number | null;
  /** Learn a per-feature scale gamma (init 1) and shift beta (init 0) (default true). */
  affine?: boolean;
  /** Keep running mean/variance for eval (default true); otherwise batch statistics are always used. */
  trackRunningStats?: boolean;
  /** dtype of parameters and running statistics (default float32). */
  dtype?: 'float32' | 'float64';
}

/**
 * Batch normalization over inputs [N, C] or [N, C, L] (statistics per feature c over N and L):
 * y = (x - mean) / sqrt(var + eps) * gamma + beta.
 *
 * Training: mean and the biased variance of the batch normalize; the running statistics are updated as
 * running = (1 - momentum) running + momentum * batchStat, with the unbiased variance n/(n-1) var for
 * runningVar (as PyTorch). Eval: runningMean and runningVar normalize. Buffers: `runningMean` (init 0),
 * `runningVar` (init 1), `numBatchesTracked`. Parameters: `weight` (gamma), `bias` (beta).
 */
export class BatchNorm1d extends Module {
  readonly numFeatures: number;
  readonly eps: number;
  readonly momentum: number | null;
  readonly trackRunningStats: boolean;
  weight: Parameter | null;
  bias: Parameter | null;
  declare runningMean: Tensor | null;
  declare runningVar: Tensor | null;
  declare numBatchesTracked: Tensor | null;

  constructor({ numFeatures, eps = 1e-5, momentum = 0.1, affine = true, trackRunningStats = true, dtype = 'float32' }: BatchNormOptions) {
    super();
    const name = new.target.name; // BatchNorm2d reuses this constructor
    if (!Number.isInteger(numFeatures) || numFeatures < 1) throw new ValueError(`${name}: numFeatures must be a positive integer, got ${numFeatures}`);
    if (!(eps > 0)) throw new ValueError(`${name}: eps must be positive, got ${eps}`);
    if (momentum !== null && !(momentum >= 0 && momentum <= 1)) throw new ValueError(`${name}: momentum must be in [0, 1] or null, got ${momentum}`);
    this.numFeatures = numFeatures;
    this.eps = eps;
    this.momentum = momentum;
    this.trackRunningStats = trackRunningStats;
    this.weight = affine ? new Parameter(ones([numFeatures], { dtype })) : null;
    this.bias = affine ? new Parameter(zeros([numFeatures], { dtype })) : null;
    this.registerBuffer('runningMean', trackRunningStats ? zeros([numFeatures], { dtype }) : null);
    this.registerBuffer('runningVar', trackRunningStats ? ones([numFeatures], { dtype }) : null);
    this.registerBuffer('numBatchesTracked', trackRunningStats ? zeros([], { dtype: 'int32' }) : null);
  }

  /** Resets the running statistics to mean 0, variance 1 and the batch counter to 0. */
  resetRunningStats(): void {
    this.runningMean?.data.fill(0);
    this.runningVar?.data.fill(1);
    this.numBatchesTracked?.data.fill(0);
  }

  forward(x: Tensor): Tensor {
    const c = this.numFeatures;
    if ((x.ndim !== 2 && x.ndim !== 3) || x.shape[1] !== c) {
      throw new ShapeError(`BatchNorm1d: expected input [N, ${c}] or [N, ${c}, L], got ${fmtShape(x.shape)}`);
    }
    const axes = x.ndim === 2 ? [0] : [0, 2];
    const bshape = x.ndim === 2 ? [1, c] : [1, c, 1];
    const n = x.ndim === 2 ? x.shape[0]! : x.shape[0]! * x.shape[2]!;
    let mean: Tensor;
    let variance: Tensor;
    if (this.training || !this.runningMean || !this.runningVar) {
      if (this.training && n <= 1) {
        throw new ValueError(`BatchNorm1d: expected more than 1 value per feature when training, got input ${fmtShape(x.shape)}`);
      }
      mean = x.mean(axes, { keepdim: true });
      variance = x.var(axes, { correction: 0, keepdim: true });
      if (this.training && this.runningMean && this.runningVar) this.updateRunningStats(mean, variance, n);
    } else {
      mean = this.runningMean.reshape(bshape);
      variance = this.runningVar.reshape(bshape);
    }
    let y = x.sub(mean).div(variance.add(this.eps).sqrt());
    if (this.weight) y = y.mul(this.weight.reshape(bshape));
    if (this.bias) y = y.add(this.bias.reshape(bshape));
    return y;
  }

  private updateRunningStats(mean: Tensor, variance: Tensor, n: number): void {
    noGrad(() => {
      const count = this.numBatchesTracked!;
      count.data[0] = count.data[0]! + 1;
      const f = this.momentum ?? 1 / count.data[0]!;
      const rm = this.runningMean!;
      const rv = this.runningVar!;
      const m = mean.data;
      const v = variance.data;
      const unbiased = n / (n - 1);
      for (let i = 0; i < this.numFeatures; i++) {
        rm.data[i] = (1 - f) * rm.data[i]! + f * m[i]!;
        rv.data[i] = (1 - f) * rv.data[i]! + f * v[i]! * unbiased;
      }
    });
  }

  override extraRepr(): string {
    return `${this.numFeatures}, eps=${this.eps}, momentum=${this.momentum}, affine=${this.weight !== null}, trackRunningStats=${this.trackRunningStats}`;
  }
}
