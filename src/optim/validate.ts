// Hyperparameter checks shared by optimizers and schedulers, so every message has one shape:
// `SGD: invalid learning rate -1 (must be >= 0)`.

import { ValueError } from '../errors.js';

/** Throws unless `value` is a finite number >= 0. `what` reads like "learning rate" or "weightDecay value". */
export function checkNonNegative(owner: string, what: string, value: number): void {
  if (typeof value !== 'number' || !(value >= 0)) throw new ValueError(`${owner}: invalid ${what} ${String(value)} (must be >= 0)`);
  if (!Number.isFinite(value)) throw new ValueError(`${owner}: invalid ${what} ${String(value)} (must be finite)`);
}

/** Throws unless `value` lies in [lo, hi] (or [lo, hi) with `openHigh`). */
export function checkRange(owner: string, what: string, value: number, lo: number, hi: number, { openHigh = false } = {}): void {
  const ok = typeof value === 'number' && value >= lo && (openHigh ? value < hi : value <= hi);
  if (!ok) throw new ValueError(`${owner}: invalid ${what} ${String(value)} (must be in [${lo}, ${hi}${openHigh ? ')' : ']'})`);
}

/** Throws unless `betas` is a pair of numbers in [0, 1). */
export function checkBetas(owner: string, betas: readonly number[]): void {
  if (!Array.isArray(betas) || betas.length !== 2) {
    throw new ValueError(`${owner}: betas must be a pair [beta1, beta2], got ${JSON.stringify(betas)}`);
  }
  betas.forEach((b, i) => {
    if (typeof b !== 'number' || !(b >= 0 && b < 1)) throw new ValueError(`${owner}: invalid beta at index ${i}: ${String(b)} (must be in [0, 1))`);
  });
}

/** Throws unless `value` is an integer >= `min`. */
export function checkInteger(owner: string, what: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) throw new ValueError(`${owner}: invalid ${what} ${String(value)} (must be an integer >= ${min})`);
}

/** Throws unless `value` is a finite number > 0. */
export function checkPositive(owner: string, what: string, value: number): void {
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) {
    throw new ValueError(`${owner}: invalid ${what} ${String(value)} (must be a finite number > 0)`);
  }
}
