// Activation functions of the lecture as differentiable ops. sigmoid, tanh and relu are primitives
// (for numerical stability and speed); the others are composites of primitives.

import { ShapeError, ValueError, fmtShape } from '../errors.js';
import { run } from '../autograd/engine.js';
import type { Tensor } from '../tensor/tensor.js';
import { normAxis } from '../tensor/shape.js';
import { checkKeys } from './check-options.js';
import { where } from './elementwise.js';
import { logsumexp, max } from './reduce.js';

/** Logistic sigmoid sigma(x) = 1 / (1 + e^-x); sigma'(x) = sigma(x)(1 - sigma(x)) <= 1/4. */
export function sigmoid(x: Tensor): Tensor { return run('sigmoid', [x], {}); }

/** tanh(x) = (e^x - e^-x) / (e^x + e^-x); tanh'(x) = 1 - tanh(x)^2 <= 1. */
export function tanh(x: Tensor): Tensor { return run('tanh', [x], {}); }

/**
 * ReLU max(0, x); R'(x) in {0, 1}, with R'(0) := 0 as in PyTorch. A NaN input gives NaN and passes the
 * gradient through (PyTorch's threshold_backward; docs/nan-gradients.md).
 */
export function relu(x: Tensor): Tensor { return run('relu', [x], {}); }

/** Leaky ReLU: x for x > 0, negativeSlope * x otherwise (Maas et al. 2013). */
export function leakyRelu(x: Tensor, negativeSlope = 0.01): Tensor {
  return where(x.gt(0), x, x.mul(negativeSlope));
}

/**
 * ELU: x for x > 0, alpha (e^x - 1) otherwise (Clevert et al. 2016). Derivative 1 for x > 0 and
 * alpha e^x for x <= 0, so elu'(0) = alpha (PyTorch's convention; 1 for the default alpha = 1, where
 * ELU is smooth).
 */
export function elu(x: Tensor, alpha = 1): Tensor {
  // NOTE: exp of where(x > 0, 0, x), so the unused branch cannot overflow into a NaN gradient, and the
  // gradient at x = 0 goes whole to the exp branch (minimum(x, 0) split it at the tie: alpha/2).
  const pos = x.gt(0);
  return where(pos, x, where(pos, 0, x).exp().sub(1).mul(alpha));
}

/**
 * PReLU (He et al. 2015): x for x > 0, a * x otherwise, with learnable `weight` a of one element
 * (shared) or one per channel (axis 1 of the input).
 */
export function prelu(x: Tensor, weight: Tensor): Tensor {
  let a = weight;
  if (weight.size !== 1) {
    if (x.ndim < 2 || weight.ndim !== 1 || weight.shape[0] !== x.shape[1]) {
      throw new ShapeError(`prelu: weight ${fmtShape(weight.shape)} needs one value or one per channel of input ${fmtShape(x.shape)}`);
    }
    a = weight.reshape([weight.shape[0]!, ...new Array<number>(x.ndim - 2).fill(1)]);
  } else {
    a = weight.reshape([]);
  }
  return where(x.gt(0), x, x.mul(a));
}

/** Options of `softplus` (PyTorch's `beta` and `threshold`). */
export interface SoftplusOptions {
  /** Sharpness (default 1, must be positive). */
  beta?: number;
  /** Where beta x > threshold the result is x itself (default 20, as PyTorch; Infinity never switches). */
  threshold?: number;
}

/**
 * Softplus (1/beta) log(1 + e^(beta x)), computed stably as m + log(e^-m + e^(bx - m)) with
 * m = max(bx, 0), over beta; like PyTorch it is x itself where beta x > threshold (default 20, where
 * the two differ by less than e^-20 / beta). Its derivative is sigma(beta x) up to the threshold, 1 above.
 * NOTE: m is detached: the value does not depend on it, and the gradient then never meets the
 * kinks of relu/abs at 0 (the old relu(bx) + log(1 + e^-|bx|) form had derivative 0 at x = 0).
 */
export function softplus(x: Tensor, opts: SoftplusOptions = {}): Tensor {
  checkKeys('softplus', opts, ['beta', 'threshold']);
  const { beta = 1, threshold = 20 } = opts;
  if (!(beta > 0)) throw new ValueError(`softplus: beta must be positive, got ${beta}`);
  if (typeof threshold !== 'number' || Number.isNaN(threshold)) throw new ValueError(`softplus: threshold must be a number, got ${String(threshold)}`);
  const bx = x.mul(beta);
  const m = relu(bx.detach());
  const smooth = m.add(m.neg().exp().add(bx.sub(m).exp()).log()).div(beta);
  return threshold === Infinity ? smooth : where(bx.gt(threshold), x, smooth);
}

/**
 * Swish (Ramachandran et al. 2017): swish(x) = x sigma(beta x) = x / (1 + e^(-beta x)).
 * beta = 1 is SiLU; beta -> 0 gives x/2; beta -> infinity approaches ReLU. `beta` may be a
 * tensor (learnable).
 */
export function swish(x: Tensor, beta: number | Tensor = 1): Tensor {
  return x.mul(sigmoid(x.mul(beta)));
}

/** SiLU (sigmoid linear unit), swish with beta = 1: x sigma(x). */
export function silu(x: Tensor): Tensor {
  return swish(x, 1);
}

/** Softmax along `axis`: e^(x_i - max) / sum_j e^(x_j - max) (shifted for stability). */
export function softmax(x: Tensor, axis = -1): Tensor {
  const a = normAxis('softmax', axis, x.ndim, x.shape);
  const e = x.sub(max(x, a, { keepdim: true }).detach()).exp();
  return e.div(e.sum(a, { keepdim: true }));
}

/** log softmax along `axis`: x - logsumexp(x), stable for large logits. */
export function logSoftmax(x: Tensor, axis = -1): Tensor {
  const a = normAxis('logSoftmax', axis, x.ndim, x.shape);
  return x.sub(logsumexp(x, a, { keepdim: true }));
}
