// AdamW (torch.optim.AdamW): Adam with weight decay applied to the parameter directly instead of
// through the gradient, so the adaptive denominator does not weaken it.

import type { ParamsInput } from './optimizer.js';
import type { AdamHyper, AdamOptions } from './adam.js';
import { Adam, ADAM_DEFAULTS } from './adam.js';

/** AdamW's defaults, as in PyTorch (weightDecay 1e-2, decoupled). */
export const ADAMW_DEFAULTS: Readonly<AdamHyper> = Object.freeze({ ...ADAM_DEFAULTS, weightDecay: 1e-2, decoupledWeightDecay: true });

/** Options of `new AdamW(...)` (decoupled weight decay is what makes it AdamW, so it is not an option). */
export type AdamWOptions = Omit<AdamOptions, 'decoupledWeightDecay'>;

/**
 * AdamW (Loshchilov & Hutter 2019, "Decoupled Weight Decay Regularization"), as `torch.optim.AdamW`:
 * theta_t = theta_{t-1} * (1 - lr * wd), then Adam's step with the raw gradient. Its pure update
 * is `adamUpdate({ ..., decoupledWeightDecay: true })`.
 */
export class AdamW extends Adam {
  constructor(params: ParamsInput<AdamHyper>, options: AdamWOptions = {}) {
    super(params, { ...ADAMW_DEFAULTS, ...options, decoupledWeightDecay: true });
  }
}
