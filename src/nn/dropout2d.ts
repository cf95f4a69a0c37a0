// Channel dropout (Tompson et al. 2015, "Efficient Object Localization Using Convolutional
// Networks"): drops whole feature maps, since neighbouring pixels of one map are strongly correlated.

import { ShapeError, ValueError, fmtShape } from '../errors.js';
import { rand } from '../tensor/creation.js';
import type { Generator } from '../tensor/random.js';
import type { Tensor } from '../tensor/tensor.js';
import type { DropoutOptions, DropoutScaling } from './dropout.js';
import { Module } from './module.js';

/**
 * Zeroes each channel x[n, c, :, :] as a whole with probability p in training mode (one Bernoulli(1 - p)
 * mask value m[n, c] per channel). Input [N, C, H, W] or [C, H, W]. Scaling as `Dropout`:
 * `'train'` (default) y = m x / (1 - p) while training and y = x in eval; `'test'` (the lecture's
 * form) y = m x while training and y = (1 - p) x in eval. Either way E[y_train] = y_eval.
 */
export class Dropout2d extends Module {
  readonly p: number;
  readonly scaling: DropoutScaling;
  readonly generator: Generator | undefined;

  constructor({ p = 0.5, scaling = 'train', generator }: DropoutOptions = {}) {
    super();
    if (!(p >= 0 && p <= 1)) throw new ValueError(`Dropout2d: p must be a probability in [0, 1], got ${p}`);
    if (scaling !== 'train' && scaling !== 'test') throw new ValueError(`Dropout2d: scaling must be 'train' or 'test', got '${String(scaling)}'`);
    this.p = p;
    this.scaling = scaling;
    this.generator = generator;
  }

  forward(x: Tensor): Tensor {
    if (x.ndim !== 3 && x.ndim !== 4) throw new ShapeError(`Dropout2d: expected input [N, C, H, W] or [C, H, W], got ${fmtShape(x.shape)}`);
    const keepProb = 1 - this.p;
    if (!this.training) return this.scaling === 'test' && this.p > 0 ? x.mul(keepProb) : x;
    if (this.p === 0) return x;
    if (this.p === 1) return x.mul(0);
    const maskShape = x.shape.map((d, i) => (i < x.ndim - 2 ? d : 1));
    // u ~ U[0, 1) in float64, so P(u >= p) = 1 - p exactly as a probability.
    const mask = rand(maskShape, { dtype: 'float64', generator: this.generator }).ge(this.p).to(x.dtype);
    const kept = x.mul(mask);
    return this.scaling === 'train' ? kept.div(keepProb) : kept;
  }

  override extraRepr(): string {
    return `p=${this.p}, scaling=${this.scaling}`;
  }
}
