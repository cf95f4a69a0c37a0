// Every activation function of the lecture as a module, so it can sit in a Sequential. The math lives
// in src/ops/activations.ts; PReLU and Swish add their learnable parameters here.

import { ShapeError, ValueError, fmtShape } from '../errors.js';
import { elu, leakyRelu, logSoftmax, prelu, relu, sigmoid, silu, softmax, swish, tanh } from '../ops/activations.js';
import { full } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';

/** Logistic sigmoid, sigma(x) = 1 / (1 + e^-x), with |sigma'(x)| <= 1/4 (the lecture's vanishing-gradient culprit). */
export class Sigmoid extends Module {
  forward(x: Tensor): Tensor { return sigmoid(x); }
}

/** tanh(x) = (e^x - e^-x) / (e^x + e^-x), range [-1, 1], |tanh'(x)| <= 1. */
export class Tanh extends Module {
  forward(x: Tensor): Tensor { return tanh(x); }
}

/** ReLU, R(x) = max(0, x), with R'(x) in {0, 1} and R'(0) := 0 (Nair & Hinton 2010). */
export class ReLU extends Module {
  forward(x: Tensor): Tensor { return relu(x); }
}

/** Leaky ReLU: x for x > 0, negativeSlope * x otherwise (Maas et al. 2013; default slope 0.01). */
export class LeakyReLU extends Module {
  readonly negativeSlope: number;
  constructor({ negativeSlope = 0.01 }: { negativeSlope?: number } = {}) {
    super();
    if (!Number.isFinite(negativeSlope)) throw new ValueError(`LeakyReLU: negativeSlope must be finite, got ${negativeSlope}`);
    this.negativeSlope = negativeSlope;
  }
  forward(x: Tensor): Tensor { return leakyRelu(x, this.negativeSlope); }
  override extraRepr(): string { return `negativeSlope=${this.negativeSlope}`; }
}

/**
 * Parametric ReLU (He et al. 2015): x for x > 0, a * x otherwise, with learnable slope a — one shared
 * value (`numParameters = 1`) or one per channel (axis 1 of the input). Default init a = 0.25, as PyTorch.
 */
export class PReLU extends Module {
  weight: Parameter;
  constructor({ numParameters = 1, init = 0.25, dtype = 'float32' }: { numParameters?: number; init?: number; dtype?: 'float32' | 'float64' } = {}) {
    super();
    if (!Number.isInteger(numParameters) || numParameters < 1) {
      throw new ValueError(`PReLU: numParameters must be a positive integer, got ${numParameters}`);
    }
    this.weight = new Parameter(full([numParameters], init, { dtype }));
  }
  forward(x: Tensor): Tensor {
    if (this.weight.size > 1 && (x.ndim < 2 || x.shape[1] !== this.weight.size)) {
      throw new ShapeError(`PReLU: ${this.weight.size} slopes need an input with ${this.weight.size} channels on axis 1, got ${fmtShape(x.shape)}`);
    }
    return prelu(x, this.weight);
  }
  override extraRepr(): string { return `numParameters=${this.weight.size}`; }
}

/** ELU (Clevert et al. 2016): x for x > 0, alpha (e^x - 1) otherwise (default alpha = 1); gradient alpha at 0, as PyTorch. */
export class ELU extends Module {
  readonly alpha: number;
  constructor({ alpha = 1 }: { alpha?: number } = {}) {
    super();
    if (!Number.isFinite(alpha)) throw new ValueError(`ELU: alpha must be finite, got ${alpha}`);
    this.alpha = alpha;
  }
  forward(x: Tensor): Tensor { return elu(x, this.alpha); }
  override extraRepr(): string { return `alpha=${this.alpha}`; }
}

/**
 * Swish (Ramachandran et al. 2017), the lecture's swish(x) = x / (1 + e^(-beta x)) = x sigma(beta x).
 * beta = 1 is SiLU; beta -> 0 gives x/2; beta -> infinity approaches ReLU. With `learnBeta`, beta is a
 * Parameter of shape [1] (initialised to `beta`); otherwise a fixed number.
 */
export class Swish extends Module {
  readonly beta: number | Parameter;
  constructor({ beta = 1, learnBeta = false, dtype = 'float32' }: { beta?: number; learnBeta?: boolean; dtype?: 'float32' | 'float64' } = {}) {
    super();
    if (!Number.isFinite(beta)) throw new ValueError(`Swish: beta must be finite, got ${beta}`);
    this.beta = learnBeta ? new Parameter(full([1], beta, { dtype })) : beta;
  }
  forward(x: Tensor): Tensor { return swish(x, this.beta); }
  override extraRepr(): string {
    return typeof this.beta === 'number' ? `beta=${this.beta}` : `beta=${this.beta.item()}, learnBeta=true`;
  }
}

/** SiLU (sigmoid linear unit, Elfwing et al. 2018), x sigma(x): swish with beta = 1. */
export class SiLU extends Module {
  forward(x: Tensor): Tensor { return silu(x); }
}

/** Softmax along `axis` (default -1): e^(x_i) / sum_j e^(x_j), computed shifted by the max for stability. */
export class Softmax extends Module {
  readonly axis: number;
  constructor({ axis = -1 }: { axis?: number } = {}) {
    super();
    this.axis = axis;
  }
  forward(x: Tensor): Tensor { return softmax(x, this.axis); }
  override extraRepr(): string { return `axis=${this.axis}`; }
}

/** log softmax along `axis` (default -1): x - logsumexp(x), stable for large logits (pair with nllLoss). */
export class LogSoftmax extends Module {
  readonly axis: number;
  constructor({ axis = -1 }: { axis?: number } = {}) {
    super();
    this.axis = axis;
  }
  forward(x: Tensor): Tensor { return logSoftmax(x, this.axis); }
  override extraRepr(): string { return `axis=${this.axis}`; }
}
