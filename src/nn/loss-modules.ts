// Module wrappers of the loss functions (like torch.nn.MSELoss): options fixed at construction,
// `loss.call(output, target)` computes the loss. The functions in losses.ts are the real work.

import type { Tensor } from '../tensor/tensor.js';
import { crossEntropy, hingeLoss, nllLoss, type CrossEntropyOptions, type HingeLossOptions, type NLLLossOptions } from './classification-losses.js';
import {
  bceLoss, bceWithLogitsLoss, huberLoss, huberOptions, klDiv, l1Loss, mseLoss, smoothL1Loss, smoothL1Options,
  type BCELossOptions, type BCEWithLogitsOptions, type HuberLossOptions, type KLDivOptions, type LossOptions, type SmoothL1LossOptions,
} from './losses.js';
import { Module } from './module.js';

/** Base of the loss modules: forward(input, target) with options fixed at construction. */
abstract class Loss<Opts extends object> extends Module<[Tensor, Tensor], Tensor> {
  readonly options: Readonly<Opts>;
  constructor(options: Opts) {
    super();
    this.options = Object.freeze({ ...options });
  }
  override extraRepr(): string {
    return Object.entries(this.options)
      .map(([k, v]) => `${k}=${v instanceof Object && 'shape' in v ? 'Tensor' : String(v)}`)
      .join(', ');
  }
}

/** `mseLoss` as a module: the lecture's Q = (y_target - y)^2, averaged. */
export class MSELoss extends Loss<LossOptions> {
  constructor(options: LossOptions = {}) { super(options); }
  forward(input: Tensor, target: Tensor): Tensor { return mseLoss(input, target, this.options); }
}

/** `l1Loss` as a module: mean |input - target|. */
export class L1Loss extends Loss<LossOptions> {
  constructor(options: LossOptions = {}) { super(options); }
  forward(input: Tensor, target: Tensor): Tensor { return l1Loss(input, target, this.options); }
}

/** `bceLoss` as a module (input: probabilities). */
export class BCELoss extends Loss<BCELossOptions> {
  constructor(options: BCELossOptions = {}) { super(options); }
  forward(input: Tensor, target: Tensor): Tensor { return bceLoss(input, target, this.options); }
}

/** `bceWithLogitsLoss` as a module (input: logits; stable). */
export class BCEWithLogitsLoss extends Loss<BCEWithLogitsOptions> {
  constructor(options: BCEWithLogitsOptions = {}) { super(options); }
  forward(input: Tensor, target: Tensor): Tensor { return bceWithLogitsLoss(input, target, this.options); }
}

/** `crossEntropy` as a module (input: logits; target: int32 labels or class probabilities). */
export class CrossEntropyLoss extends Loss<CrossEntropyOptions> {
  constructor(options: CrossEntropyOptions = {}) { super(options); }
  forward(input: Tensor, target: Tensor): Tensor { return crossEntropy(input, target, this.options); }
}

/** `nllLoss` as a module (input: log-probabilities, e.g. from LogSoftmax). */
export class NLLLoss extends Loss<NLLLossOptions> {
  constructor(options: NLLLossOptions = {}) { super(options); }
  forward(input: Tensor, target: Tensor): Tensor { return nllLoss(input, target, this.options); }
}

/** `hingeLoss` as a module (binary labels in {-1, 1}, or multi-class int32 labels). */
export class HingeLoss extends Loss<HingeLossOptions> {
  constructor(options: HingeLossOptions = {}) { super(options); }
  forward(input: Tensor, target: Tensor): Tensor { return hingeLoss(input, target, this.options); }
}

/** `klDiv` as a module (input: log-probabilities). */
export class KLDivLoss extends Loss<KLDivOptions> {
  constructor(options: KLDivOptions = {}) { super(options); }
  forward(input: Tensor, target: Tensor): Tensor { return klDiv(input, target, this.options); }
}

/** `smoothL1Loss` as a module (`torch.nn.SmoothL1Loss`): quadratic below `beta`, linear above. */
export class SmoothL1Loss extends Loss<SmoothL1LossOptions> {
  constructor(options: SmoothL1LossOptions = {}) {
    super(options);
    smoothL1Options('SmoothL1Loss', options); // bad options fail here, not at the first call
  }
  forward(input: Tensor, target: Tensor): Tensor { return smoothL1Loss(input, target, this.options); }
}

/** `huberLoss` as a module (`torch.nn.HuberLoss`): quadratic below `delta`, delta-scaled linear above. */
export class HuberLoss extends Loss<HuberLossOptions> {
  constructor(options: HuberLossOptions = {}) {
    super(options);
    huberOptions('HuberLoss', options);
  }
  forward(input: Tensor, target: Tensor): Tensor { return huberLoss(input, target, this.options); }
}
