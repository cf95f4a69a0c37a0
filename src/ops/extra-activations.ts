// The activations PyTorch users reach for beyond the lecture's (torch.nn.functional names, PyTorch
// formulas and conventions at kinks and at NaN), each a composite of primitives: GELU, log-sigmoid,
// softsign, hardtanh, ReLU6, hardswish, mish and SELU.

import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { elu, softplus } from './activations.js';
import { checkKeys } from './check-options.js';
import { erf, where } from './elementwise.js';

/** Options of `gelu`. */
export interface GeluOptions {
  /** 'none' (default): the exact x Phi(x) with erf; 'tanh': the tanh approximation (PyTorch's names). */
  approximate?: 'none' | 'tanh';
}

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

/**
 * GELU (Hendrycks & Gimpel 2016), `torch.nn.functional.gelu`: x Phi(x) = x/2 (1 + erf(x / sqrt 2))
 * with the standard normal CDF Phi; with `approximate: 'tanh'`,
 * x/2 (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))). Smooth: gelu'(0) = 1/2 in both forms.
 */
export function gelu(x: Tensor, opts: GeluOptions = {}): Tensor {
  checkKeys('gelu', opts, ['approximate']);
  const { approximate = 'none' } = opts;
  if (approximate === 'tanh') {
    return x.mul(0.5).mul(x.mul(x).mul(x).mul(0.044715).add(x).mul(SQRT_2_OVER_PI).tanh().add(1));
  }
  if (approximate !== 'none') throw new ValueError(`gelu: approximate must be 'none' or 'tanh', got '${String(approximate)}'`);
  return x.mul(0.5).mul(erf(x.mul(Math.SQRT1_2)).add(1));
}

/**
 * log sigma(x) (`torch.nn.functional.logsigmoid`), stable for any x: -log(1 + e^-x) for x >= 0 and
 * x - log(1 + e^x) for x < 0, so no exponential overflows. NOTE: each branch sees only its own half of
 * x (double where), so the gradient 1 - sigma(x) is exact everywhere, including x = 0.
 */
export function logSigmoid(x: Tensor): Tensor {
  const nonneg = x.ge(0);
  const a = where(nonneg, x, 0);
  const b = where(nonneg, 0, x);
  return where(nonneg, a.neg().exp().add(1).log().neg(), b.sub(b.exp().add(1).log()));
}

/** Softsign x / (1 + |x|) (`torch.nn.functional.softsign`); derivative 1 / (1 + |x|)^2, 1 at 0. */
export function softsign(x: Tensor): Tensor {
  return x.div(x.abs().add(1));
}

/** Options of `hardtanh`. */
export interface HardtanhOptions {
  /** Lower end of the linear range (default -1). */
  minVal?: number;
  /** Upper end of the linear range (default 1). */
  maxVal?: number;
}

/**
 * Hardtanh (`torch.nn.functional.hardtanh`): x clipped to [minVal, maxVal] (default [-1, 1]).
 * Unlike `clamp`, and as PyTorch's hardtanh_backward, the gradient is 0 at the boundaries themselves
 * (1 only for minVal < x < maxVal), and a NaN input passes the gradient (its mask
 * `x <= minVal || x >= maxVal -> 0` is false there).
 */
export function hardtanh(x: Tensor, opts: HardtanhOptions = {}): Tensor {
  checkKeys('hardtanh', opts, ['minVal', 'maxVal']);
  const { minVal = -1, maxVal = 1 } = opts;
  if (!Number.isFinite(minVal) || !Number.isFinite(maxVal) || minVal > maxVal) {
    throw new ValueError(`hardtanh: needs finite minVal <= maxVal, got minVal ${minVal} and maxVal ${maxVal}`);
  }
  return where(x.le(minVal), minVal, where(x.ge(maxVal), maxVal, x));
}

/** ReLU6 min(max(0, x), 6) (`torch.nn.functional.relu6`, Krizhevsky 2010) = hardtanh(x, 0, 6): gradient 0 at 0 and 6. */
export function relu6(x: Tensor): Tensor {
  return hardtanh(x, { minVal: 0, maxVal: 6 });
}

/**
 * Hardswish x relu6(x + 3) / 6 (Howard et al. 2019, MobileNetV3; `torch.nn.functional.hardswish`):
 * 0 for x < -3, x (x + 3) / 6 for -3 <= x <= 3, x above. The derivative is PyTorch's: (2x + 3) / 6
 * on the closed interval [-3, 3], so -1/2 at x = -3 and 3/2 at x = 3 (the middle piece's one-sided values).
 */
export function hardswish(x: Tensor): Tensor {
  return where(x.lt(-3), 0, where(x.le(3), x.mul(x.add(3)).div(6), x));
}

/** Mish x tanh(softplus(x)) (Misra 2019, `torch.nn.functional.mish`); smooth, mish'(0) = tanh(log 2) = 0.6. */
export function mish(x: Tensor): Tensor {
  return x.mul(softplus(x).tanh());
}

/** SELU's alpha (Klambauer et al. 2017), as PyTorch. */
export const SELU_ALPHA = 1.6732632423543772;
/** SELU's scale (Klambauer et al. 2017), as PyTorch. */
export const SELU_SCALE = 1.0507009873554805;

/**
 * SELU (Klambauer et al. 2017, `torch.nn.functional.selu`): scale * (x for x > 0, alpha (e^x - 1)
 * otherwise), with PyTorch's alpha ~ 1.6733 and scale ~ 1.0507, so that activations keep mean 0 and
 * variance 1. As PyTorch, selu'(0) = scale * alpha (the left piece's value).
 */
export function selu(x: Tensor): Tensor {
  return elu(x, SELU_ALPHA).mul(SELU_SCALE);
}
