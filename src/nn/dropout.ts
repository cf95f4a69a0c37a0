// Dropout (Srivastava et al. 2014), the lecture's regularizer: switch neurons off with probability p
// while training, and rescale so the expected activation in training equals the one in evaluation.

import { ValueError } from '../errors.js';
import { rand } from '../tensor/creation.js';
import type { Generator } from '../tensor/random.js';
import type { Tensor } from '../tensor/tensor.js';
import { Module } from './module.js';

/** Where Dropout rescales: while training (inverted dropout, the default) or at test time (the lecture). */
export type DropoutScaling = 'train' | 'test';

/** Options of `Dropout`. */
export interface DropoutOptions {
  /** Probability of zeroing an element (default 0.5), in [0, 1]. */
  p?: number;
  /** 'train' (default): y = x * m / (1 - p) while training, y = x in eval. 'test': y = x * m while training, y = (1 - p) x in eval. */
  scaling?: DropoutScaling;
  /** Random source of the masks (default: the global generator). */
  generator?: Generator;
}

/**
 * Zeroes each element independently with probability p in training mode, with a Bernoulli(1 - p) mask m.
 *
 * - `scaling: 'train'` (default, inverted dropout as PyTorch/Keras): y = m x / (1 - p) while training and
 *   y = x in eval, so E[y_train] = x = y_eval.
 * - `scaling: 'test'` (the lecture's form): train with y = m x unscaled, and at test time use the
 *   modified activation a'(x, w) = (1 - p) a(x, w), so again E[y_train] = (1 - p) x = y_eval.
 *
 * NOTE: the factor is always (1 - p), the keep probability, never p (a bug two JS libraries shipped).
 */
export class Dropout extends Module {
  readonly p: number;
  readonly scaling: DropoutScaling;
  readonly generator: Generator | undefined;

  constructor({ p = 0.5, scaling = 'train', generator }: DropoutOptions = {}) {
    super();
    const name = new.target.name; // Dropout2d reuses this constructor
    if (!(p >= 0 && p <= 1)) throw new ValueError(`${name}: p must be a probability in [0, 1], got ${p}`);
    if (scaling !== 'train' && scaling !== 'test') throw new ValueError(`${name}: scaling must be 'train' or 'test', got '${String(scaling)}'`);
    this.p = p;
    this.scaling = scaling;
    this.generator = generator;
  }

  forward(x: Tensor): Tensor {
    const keepProb = 1 - this.p;
    if (!this.training) return this.scaling === 'test' && this.p > 0 ? x.mul(keepProb) : x;
    if (this.p === 0) return x;
    if (this.p === 1) return x.mul(0);
    // u ~ U[0, 1) in float64, so P(u >= p) = 1 - p exactly as a probability.
    const mask = rand(this.maskShape(x), { dtype: 'float64', generator: this.generator }).ge(this.p).to(x.dtype);
    const kept = x.mul(mask);
    return this.scaling === 'train' ? kept.div(keepProb) : kept;
  }

  /** Shape of the Bernoulli mask, broadcast over `x`: one value per element here (Dropout2d: per channel). */
  protected maskShape(x: Tensor): readonly number[] {
    return x.shape;
  }

  override extraRepr(): string {
    return `p=${this.p}, scaling=${this.scaling}`;
  }
}
