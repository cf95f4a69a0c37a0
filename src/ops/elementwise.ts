// Elementwise ops: arithmetic with broadcasting and PyTorch type promotion, unary math, comparisons,
// where, clamp and casts. Each is one primitive or a short composite of primitives.

import { DTypeError } from '../errors.js';
import { run } from '../autograd/engine.js';
import { noGrad } from '../autograd/grad-mode.js';
import { checkDType, isFloat, type DType } from '../tensor/dtype.js';
import { broadcastShapes } from '../tensor/shape.js';
import { Tensor, type TensorLike } from '../tensor/tensor.js';

/**
 * Wraps a number as a 0-d tensor whose dtype follows PyTorch's rule for Python scalars: it takes the
 * tensor's float dtype, an integer value keeps an int32 tensor int32, a fraction makes float32.
 */
export function scalarLike(value: number, like: Tensor): Tensor {
  let dtype: DType;
  if (isFloat(like.dtype)) dtype = like.dtype;
  else dtype = Number.isInteger(value) ? 'int32' : 'float32';
  return Tensor.fromRaw(dtype, [], [value]);
}

function pair(op: string, a: TensorLike, b: TensorLike): [Tensor, Tensor] {
  if (a instanceof Tensor && b instanceof Tensor) {
    broadcastShapes(op, a.shape, b.shape);
    return [a, b];
  }
  if (a instanceof Tensor && typeof b === 'number') return [a, scalarLike(b, a)];
  if (b instanceof Tensor && typeof a === 'number') return [scalarLike(a, b), b];
  if (typeof a === 'number' && typeof b === 'number') {
    return [Tensor.fromRaw('float32', [], [a]), Tensor.fromRaw('float32', [], [b])];
  }
  throw new DTypeError(`${op}: expected tensors or numbers, got ${typeof a} and ${typeof b}`);
}

/** a + b (broadcasting). */
export function add(a: TensorLike, b: TensorLike): Tensor { return run('add', pair('add', a, b), {}); }
/** a - b (broadcasting). */
export function sub(a: TensorLike, b: TensorLike): Tensor { return run('sub', pair('sub', a, b), {}); }
/** a * b (broadcasting). */
export function mul(a: TensorLike, b: TensorLike): Tensor { return run('mul', pair('mul', a, b), {}); }
/** a / b, true division (integers divide to float32, as in PyTorch). */
export function div(a: TensorLike, b: TensorLike): Tensor { return run('div', pair('div', a, b), {}); }
/** a ** b; d/da = b a^(b-1) (0 where b = 0, also at a = 0, as PyTorch), d/db = a^b ln a (0 at a = 0). */
export function pow(a: TensorLike, b: TensorLike): Tensor { return run('pow', pair('pow', a, b), {}); }
/** Elementwise maximum (NaN propagates; ties split the gradient; at a NaN both sides get the whole gradient, as PyTorch). */
export function maximum(a: TensorLike, b: TensorLike): Tensor { return run('maximum', pair('maximum', a, b), {}); }
/** Elementwise minimum (NaN propagates; ties split the gradient; at a NaN both sides get the whole gradient, as PyTorch). */
export function minimum(a: TensorLike, b: TensorLike): Tensor { return run('minimum', pair('minimum', a, b), {}); }
/** a == b as bool. */
export function eq(a: TensorLike, b: TensorLike): Tensor { return run('eq', pair('eq', a, b), {}); }
/** a != b as bool. */
export function ne(a: TensorLike, b: TensorLike): Tensor { return run('ne', pair('ne', a, b), {}); }
/** a < b as bool. */
export function lt(a: TensorLike, b: TensorLike): Tensor { return run('lt', pair('lt', a, b), {}); }
/** a <= b as bool. */
export function le(a: TensorLike, b: TensorLike): Tensor { return run('le', pair('le', a, b), {}); }
/** a > b as bool. */
export function gt(a: TensorLike, b: TensorLike): Tensor { return run('gt', pair('gt', a, b), {}); }
/** a >= b as bool. */
export function ge(a: TensorLike, b: TensorLike): Tensor { return run('ge', pair('ge', a, b), {}); }

/** -x */
export function neg(x: Tensor): Tensor { return run('neg', [x], {}); }
/** e^x; d/dx = e^x. */
export function exp(x: Tensor): Tensor { return run('exp', [x], {}); }
/** Natural log; log(0) = -Infinity, log(x<0) = NaN (never clamped). */
export function log(x: Tensor): Tensor { return run('log', [x], {}); }
/** Square root; d/dx = 1 / (2 sqrt x). */
export function sqrt(x: Tensor): Tensor { return run('sqrt', [x], {}); }
/** |x|; d/dx = sign(x), 0 at 0 and 0 at NaN (PyTorch). */
export function abs(x: Tensor): Tensor { return run('abs', [x], {}); }
/** sin x; d/dx = cos x. */
export function sin(x: Tensor): Tensor { return run('sin', [x], {}); }
/** cos x; d/dx = -sin x. */
export function cos(x: Tensor): Tensor { return run('cos', [x], {}); }
/** sign(x) in {-1, 0, 1} (NaN stays NaN); gradient 0. */
export function sign(x: Tensor): Tensor { return run('sign', [x], {}); }
/**
 * The error function erf(x) = 2/sqrt(pi) int_0^x e^(-t^2) dt (`torch.erf`); erf'(x) = 2/sqrt(pi) e^(-x^2).
 * A primitive (see primitives.ts), accurate to a few ulp in float64.
 */
export function erf(x: Tensor): Tensor { return run('erf', [x], {}); }
/** x^2 as x * x. */
export function square(x: Tensor): Tensor { return mul(x, x); }

/** Elementwise `cond ? a : b` with broadcasting; `cond` is bool (other dtypes are tested != 0). */
export function where(cond: Tensor, a: TensorLike, b: TensorLike): Tensor {
  const c = cond.dtype === 'bool' ? cond : cast(cond, 'bool');
  const [ta, tb] = a instanceof Tensor || b instanceof Tensor
    ? pair('where', a, b)
    : [Tensor.fromRaw('float32', [], [a]), Tensor.fromRaw('float32', [], [b])];
  broadcastShapes('where', c.shape, broadcastShapes('where', ta.shape, tb.shape));
  return run('where', [c, ta, tb], {});
}

/**
 * Limits values to [min, max] (`torch.clamp`; with min > max every value becomes max, as PyTorch).
 * The gradient passes where min <= x <= max (boundaries included, as in PyTorch) and is 0 outside.
 * NaN stays NaN and, as PyTorch's mask `min <= x <= max` is false there, gets gradient 0 (the NaN rule,
 * docs/nan-gradients.md).
 */
export function clamp(x: Tensor, { min, max }: { min?: number; max?: number }): Tensor {
  if (min === undefined && max === undefined) return x;
  // NOTE: the clamped values come from a detached x; the gradient flows only through the `inside` branch.
  const xd = x.detach();
  let c = xd;
  if (min !== undefined) c = where(lt(c, min), scalarLike(min, x), c);
  if (max !== undefined) c = where(gt(c, max), scalarLike(max, x), c);
  let y = max === undefined ? x : where(le(x, max), x, c);
  if (min !== undefined) y = where(ge(x, min), y, c);
  return y;
}

/** Converts to another dtype (float -> int truncates toward zero, anything -> bool is x != 0). */
export function cast(x: Tensor, dtype: DType): Tensor {
  checkDType('cast', dtype);
  if (x.dtype === dtype) return x;
  return run('cast', [x], { dtype });
}

/** A copy with its own storage; gradients pass through unchanged. */
export function clone(x: Tensor): Tensor {
  return run('expand', [x], { shape: [...x.shape] });
}

/** a + b without recording (for gradient accumulation). */
export function noGradAdd(a: Tensor, b: Tensor): Tensor {
  return noGrad(() => add(a, b));
}
