// Linear (fully connected) layer: the affine map z = x W^T + b of every neuron in a layer at once.

import { ValueError } from '../errors.js';
import { linear } from '../ops/linalg.js';
import { zeros } from '../tensor/creation.js';
import type { Generator } from '../tensor/random.js';
import type { Tensor } from '../tensor/tensor.js';
import { kaimingUniform, uniform } from './init.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';

/** Options of `Linear`. */
export interface LinearOptions {
  inFeatures: number;
  outFeatures: number;
  /** Learn an additive bias b (default true). */
  bias?: boolean;
  /** Random source of the initial weights (default: the global generator). */
  generator?: Generator;
  /** Parameter dtype (default float32). */
  dtype?: 'float32' | 'float64';
}

/**
 * Fully connected layer, `y = x W^T + b` (the lecture's neuron z = sum_j w_j x_j + b, for all
 * outFeatures neurons at once), with W of shape [outFeatures, inFeatures] and b of [outFeatures].
 * Input [..., inFeatures], output [..., outFeatures].
 *
 * Default init (as PyTorch): W ~ kaimingUniform with a = sqrt(5), which is U(-1/sqrt(inFeatures),
 * 1/sqrt(inFeatures)); b ~ U(-1/sqrt(inFeatures), 1/sqrt(inFeatures)).
 */
export class Linear extends Module {
  readonly inFeatures: number;
  readonly outFeatures: number;
  weight: Parameter;
  bias: Parameter | null;

  constructor({ inFeatures, outFeatures, bias = true, generator, dtype = 'float32' }: LinearOptions) {
    super();
    for (const [k, v] of [['inFeatures', inFeatures], ['outFeatures', outFeatures]] as const) {
      if (!Number.isInteger(v) || v < 0) throw new ValueError(`Linear: ${k} must be a non-negative integer, got ${v}`);
    }
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    this.weight = new Parameter(zeros([outFeatures, inFeatures], { dtype }));
    this.bias = bias ? new Parameter(zeros([outFeatures], { dtype })) : null;
    this.resetParameters(generator);
  }

  /** Re-draws the parameters with the default init (see the class doc). */
  resetParameters(generator?: Generator): void {
    if (this.weight.size > 0) kaimingUniform(this.weight, { a: Math.sqrt(5), generator });
    if (this.bias) {
      const bound = this.inFeatures > 0 ? 1 / Math.sqrt(this.inFeatures) : 0;
      uniform(this.bias, { a: -bound, b: bound, generator });
    }
  }

  forward(x: Tensor): Tensor {
    return linear(x, this.weight, this.bias);
  }

  override extraRepr(): string {
    return `inFeatures=${this.inFeatures}, outFeatures=${this.outFeatures}, bias=${this.bias !== null}`;
  }
}
