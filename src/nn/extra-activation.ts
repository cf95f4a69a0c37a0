// Module forms of the activations PyTorch users reach for beyond the lecture's (torch.nn names):
// GELU, Softplus, LogSigmoid, Softsign, Hardtanh, ReLU6, Hardswish, Mish and SELU. The math lives in
// src/ops/extra-activations.ts and src/ops/activations.ts.

import { ValueError } from '../errors.js';
import { softplus, type SoftplusOptions } from '../ops/activations.js';
import { checkKeys } from '../ops/check-options.js';
import {
  gelu, hardswish, hardtanh, logSigmoid, mish, relu6, selu, softsign, type GeluOptions, type HardtanhOptions,
} from '../ops/extra-activations.js';
import type { Tensor } from '../tensor/tensor.js';
import { Module } from './module.js';

/** GELU x Phi(x) (Hendrycks & Gimpel 2016), exact (erf) or with `approximate: 'tanh'`; see `gelu`. */
export class GELU extends Module {
  readonly approximate: 'none' | 'tanh';
  constructor(opts: GeluOptions = {}) {
    super();
    checkKeys('GELU', opts, ['approximate']);
    const { approximate = 'none' } = opts;
    if (approximate !== 'none' && approximate !== 'tanh') throw new ValueError(`GELU: approximate must be 'none' or 'tanh', got '${String(approximate)}'`);
    this.approximate = approximate;
  }
  forward(x: Tensor): Tensor { return gelu(x, { approximate: this.approximate }); }
  override extraRepr(): string { return `approximate=${this.approximate}`; }
}

/** Softplus (1/beta) log(1 + e^(beta x)), linear where beta x > threshold (defaults 1 and 20, as PyTorch); see `softplus`. */
export class Softplus extends Module {
  readonly beta: number;
  readonly threshold: number;
  constructor(opts: SoftplusOptions = {}) {
    super();
    checkKeys('Softplus', opts, ['beta', 'threshold']);
    const { beta = 1, threshold = 20 } = opts;
    if (!(beta > 0)) throw new ValueError(`Softplus: beta must be positive, got ${beta}`);
    if (typeof threshold !== 'number' || Number.isNaN(threshold)) throw new ValueError(`Softplus: threshold must be a number, got ${String(threshold)}`);
    this.beta = beta;
    this.threshold = threshold;
  }
  forward(x: Tensor): Tensor { return softplus(x, { beta: this.beta, threshold: this.threshold }); }
  override extraRepr(): string { return `beta=${this.beta}, threshold=${this.threshold}`; }
}

/** log sigma(x), computed stably; see `logSigmoid`. */
export class LogSigmoid extends Module {
  forward(x: Tensor): Tensor { return logSigmoid(x); }
}

/** Softsign x / (1 + |x|); see `softsign`. */
export class Softsign extends Module {
  forward(x: Tensor): Tensor { return softsign(x); }
}

/** Hardtanh: x clipped to [minVal, maxVal] (default [-1, 1]), gradient 0 at the ends (PyTorch); see `hardtanh`. */
export class Hardtanh extends Module {
  readonly minVal: number;
  readonly maxVal: number;
  constructor(opts: HardtanhOptions = {}) {
    super();
    checkKeys('Hardtanh', opts, ['minVal', 'maxVal']);
    const { minVal = -1, maxVal = 1 } = opts;
    if (!Number.isFinite(minVal) || !Number.isFinite(maxVal) || minVal > maxVal) {
      throw new ValueError(`Hardtanh: needs finite minVal <= maxVal, got minVal ${minVal} and maxVal ${maxVal}`);
    }
    this.minVal = minVal;
    this.maxVal = maxVal;
  }
  forward(x: Tensor): Tensor { return hardtanh(x, { minVal: this.minVal, maxVal: this.maxVal }); }
  override extraRepr(): string { return `minVal=${this.minVal}, maxVal=${this.maxVal}`; }
}

/** ReLU6 min(max(0, x), 6); see `relu6`. */
export class ReLU6 extends Module {
  forward(x: Tensor): Tensor { return relu6(x); }
}

/** Hardswish x relu6(x + 3) / 6 (Howard et al. 2019); see `hardswish`. */
export class Hardswish extends Module {
  forward(x: Tensor): Tensor { return hardswish(x); }
}

/** Mish x tanh(softplus(x)) (Misra 2019); see `mish`. */
export class Mish extends Module {
  forward(x: Tensor): Tensor { return mish(x); }
}

/** SELU, scaled ELU with PyTorch's alpha and scale (Klambauer et al. 2017); see `selu`. */
export class SELU extends Module {
  forward(x: Tensor): Tensor { return selu(x); }
}
