// Residual (skip) connection, y = x + f(x) (He et al. 2016, "Deep Residual Learning"): the identity
// path carries the gradient past f, so deep stacks do not lose it (the vanishing lesson's fix).

import { ShapeError, fmtShape } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { Module } from './module.js';
import type { TensorModule } from './sequential.js';

/**
 * Wraps a module f whose output has the input's shape and returns y = x + f(x), so
 * dy/dx = I + df/dx: the gradient reaching x is at least the one reaching y, whatever f does.
 * The wrapped module is the child `body` (parameters read `body.weight` or `body.0.weight`).
 */
export class Residual extends Module {
  body: TensorModule;

  constructor(body: TensorModule) {
    super();
    this.body = body;
  }

  forward(x: Tensor): Tensor {
    const fx = this.body.call(x);
    if (fx.shape.length !== x.shape.length || fx.shape.some((d, i) => d !== x.shape[i])) {
      throw new ShapeError(`Residual: the body maps ${fmtShape(x.shape)} to ${fmtShape(fx.shape)}; y = x + f(x) needs the same shape`);
    }
    return x.add(fx);
  }
}
