// Batch normalization of image batches (Ioffe & Szegedy 2015): BatchNorm1d's statistics taken per
// channel over the batch and both spatial axes.

import { ShapeError, ValueError, fmtShape } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { BatchNorm1d } from './batch-norm.js';

/**
 * Batch normalization over inputs [N, C, H, W]: y = (x - mean) / sqrt(var + eps) * gamma + beta, with
 * mean and the biased variance per channel c over N, H and W while training, and the running
 * averages in eval. Same options, parameters (`weight`, `bias`) and buffers (`runningMean`,
 * `runningVar`, `numBatchesTracked`) as `BatchNorm1d`; the running variance uses the unbiased
 * n/(n-1) factor with n = N*H*W (as PyTorch).
 */
export class BatchNorm2d extends BatchNorm1d {
  override forward(x: Tensor): Tensor {
    const c = this.numFeatures;
    if (x.ndim !== 4 || x.shape[1] !== c) throw new ShapeError(`BatchNorm2d: expected input [N, ${c}, H, W], got ${fmtShape(x.shape)}`);
    const [n, , h, w] = x.shape as [number, number, number, number];
    if (this.training && n * h * w <= 1) {
      throw new ValueError(`BatchNorm2d: expected more than 1 value per channel when training, got input ${fmtShape(x.shape)}`);
    }
    return super.forward(x.reshape([n, c, h * w])).reshape(x.shape);
  }
}
