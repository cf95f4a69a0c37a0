// Layer normalization (Ba et al. 2016): normalize each sample over its last axes, the same in training
// and evaluation (no batch statistics), as transformers and RNNs use it.

import { ShapeError, ValueError, fmtShape } from '../errors.js';
import { ones, zeros } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';

/** Options of `LayerNorm`. */
export interface LayerNormOptions {
  /** Shape of the trailing axes to normalize over (a number for the last axis only). */
  normalizedShape: number | readonly number[];
  /** Added to the variance before the square root (default 1e-5). */
  eps?: number;
  /** Learn an elementwise scale (init 1) and shift (init 0) of normalizedShape (default true). */
  elementwiseAffine?: boolean;
  /** Learn the shift when elementwiseAffine (default true). */
  bias?: boolean;
  /** dtype of the parameters (default float32). */
  dtype?: 'float32' | 'float64';
}

/**
 * y = (x - mean) / sqrt(var + eps) * gamma + beta, with mean and the biased variance over the last
 * `normalizedShape.length` axes of each sample. Parameters `weight` (gamma) and `bias` (beta) have
 * shape normalizedShape.
 */
export class LayerNorm extends Module {
  readonly normalizedShape: readonly number[];
  readonly eps: number;
  weight: Parameter | null;
  bias: Parameter | null;

  constructor({ normalizedShape, eps = 1e-5, elementwiseAffine = true, bias = true, dtype = 'float32' }: LayerNormOptions) {
    super();
    const shape = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
    if (shape.length === 0 || !shape.every((d) => Number.isInteger(d) && d > 0)) {
      throw new ValueError(`LayerNorm: normalizedShape must be positive integers, got ${JSON.stringify(normalizedShape)}`);
    }
    if (!(eps > 0)) throw new ValueError(`LayerNorm: eps must be positive, got ${eps}`);
    this.normalizedShape = shape;
    this.eps = eps;
    this.weight = elementwiseAffine ? new Parameter(ones(shape, { dtype })) : null;
    this.bias = elementwiseAffine && bias ? new Parameter(zeros(shape, { dtype })) : null;
  }

  forward(x: Tensor): Tensor {
    const k = this.normalizedShape.length;
    const tail = x.shape.slice(x.ndim - k);
    if (x.ndim < k || tail.some((d, i) => d !== this.normalizedShape[i])) {
      throw new ShapeError(`LayerNorm: input ${fmtShape(x.shape)} does not end with normalizedShape ${fmtShape(this.normalizedShape)}`);
    }
    const axes = tail.map((_, i) => x.ndim - k + i);
    const mean = x.mean(axes, { keepdim: true });
    const variance = x.var(axes, { correction: 0, keepdim: true });
    let y = x.sub(mean).div(variance.add(this.eps).sqrt());
    if (this.weight) y = y.mul(this.weight);
    if (this.bias) y = y.add(this.bias);
    return y;
  }

  override extraRepr(): string {
    return `${fmtShape(this.normalizedShape)}, eps=${this.eps}, elementwiseAffine=${this.weight !== null}`;
  }
}
