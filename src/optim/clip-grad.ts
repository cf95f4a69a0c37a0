// Gradient clipping (torch.nn.utils.clip_grad_norm_ / clip_grad_value_): rescale or clamp the
// gradients in place between backward() and step(), against exploding gradients.

import { ValueError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';

/** Options of `clipGradNorm`. */
export interface ClipGradNormOptions {
  /** The largest total norm allowed. */
  maxNorm: number;
  /** p of the p-norm (default 2); `Infinity` or 'inf' for the largest absolute value. */
  normType?: number | 'inf';
  /** Throw if the total norm is NaN or infinite instead of scaling by it (default false). */
  errorIfNonfinite?: boolean;
}

function gradsOf(params: Iterable<Tensor> | Tensor): (Float32Array | Float64Array)[] {
  const list = params instanceof Tensor ? [params] : [...params];
  const out: (Float32Array | Float64Array)[] = [];
  for (const p of list) {
    const g = p.grad;
    if (g !== null && (g.data instanceof Float32Array || g.data instanceof Float64Array)) out.push(g.data);
  }
  return out;
}

/**
 * Scales all gradients together so that their total norm is at most `maxNorm`, in place, and
 * returns the total norm before clipping (like `torch.nn.utils.clip_grad_norm_`). The total norm
 * is the p-norm of all gradients seen as one vector; each gradient is multiplied by
 * min(1, maxNorm / (total + 1e-6)) (the 1e-6 keeps the division finite). Parameters without a
 * gradient are skipped; with none at all the result is 0.
 */
export function clipGradNorm(params: Iterable<Tensor> | Tensor, { maxNorm, normType = 2, errorIfNonfinite = false }: ClipGradNormOptions): number {
  if (typeof maxNorm !== 'number' || Number.isNaN(maxNorm)) throw new ValueError(`clipGradNorm: maxNorm must be a number, got ${String(maxNorm)}`);
  const p = normType === 'inf' ? Infinity : normType;
  if (typeof p !== 'number' || !(p > 0)) throw new ValueError(`clipGradNorm: invalid normType ${String(normType)} (must be > 0 or Infinity)`);
  const grads = gradsOf(params);
  if (grads.length === 0) return 0;
  let total: number;
  if (p === Infinity) {
    total = 0;
    for (const g of grads) for (let i = 0; i < g.length; i++) {
      const a = Math.abs(g[i]!);
      if (a > total || Number.isNaN(a)) total = a;
    }
  } else {
    let sum = 0;
    for (const g of grads) {
      if (p === 2) for (let i = 0; i < g.length; i++) sum += g[i]! * g[i]!;
      else if (p === 1) for (let i = 0; i < g.length; i++) sum += Math.abs(g[i]!);
      else for (let i = 0; i < g.length; i++) sum += Math.abs(g[i]!) ** p;
    }
    total = p === 1 ? sum : sum ** (1 / p);
  }
  if (errorIfNonfinite && !Number.isFinite(total)) {
    throw new ValueError(`clipGradNorm: the total norm of order ${String(normType)} of the gradients is ${total}, so they cannot be clipped; pass errorIfNonfinite: false to scale anyway`);
  }
  const coef = Math.min(maxNorm / (total + 1e-6), 1);
  // NOTE: as in PyTorch, a NaN norm makes every gradient NaN (coef is NaN); a coef of 1 changes nothing.
  if (coef !== 1) for (const g of grads) for (let i = 0; i < g.length; i++) g[i] = g[i]! * coef;
  return total;
}

/** Clamps every gradient element into [-clipValue, clipValue], in place (like `torch.nn.utils.clip_grad_value_`). */
export function clipGradValue(params: Iterable<Tensor> | Tensor, { clipValue }: { clipValue: number }): void {
  if (typeof clipValue !== 'number' || !(clipValue >= 0)) throw new ValueError(`clipGradValue: invalid clipValue ${String(clipValue)} (must be >= 0)`);
  for (const g of gradsOf(params)) {
    for (let i = 0; i < g.length; i++) {
      const v = g[i]!;
      if (v > clipValue) g[i] = clipValue;
      else if (v < -clipValue) g[i] = -clipValue;
    }
  }
}
