// Channel dropout (Tompson et al. 2015, "Efficient Object Localization Using Convolutional
// Networks"): drops whole feature maps, since neighbouring pixels of one map are strongly correlated.

import { ShapeError, fmtShape } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { Dropout } from './dropout.js';

/**
 * Zeroes each channel x[n, c, :, :] as a whole with probability p in training mode (one Bernoulli(1 - p)
 * mask value m[n, c] per channel). Input [N, C, H, W] or [C, H, W]. Scaling as `Dropout`:
 * `'train'` (default) y = m x / (1 - p) while training and y = x in eval; `'test'` (the lecture's
 * form) y = m x while training and y = (1 - p) x in eval. Either way E[y_train] = y_eval.
 */
export class Dropout2d extends Dropout {
  override forward(x: Tensor): Tensor {
    if (x.ndim !== 3 && x.ndim !== 4) throw new ShapeError(`Dropout2d: expected input [N, C, H, W] or [C, H, W], got ${fmtShape(x.shape)}`);
    return super.forward(x);
  }

  /** One mask value per channel, broadcast over H and W. */
  protected override maskShape(x: Tensor): readonly number[] {
    return x.shape.map((d, i) => (i < x.ndim - 2 ? d : 1));
  }
}
