// Scoped anomaly mode (like torch.autograd.detect_anomaly): stop at the first NaN/Inf, naming the op
// and the module, instead of training on with a silent NaN loss.

import { setAnomalyEnabled } from '../autograd/grad-mode.js';

/**
 * Runs `fn` with anomaly mode on and restores the previous mode afterwards (also when `fn` throws,
 * and after the promise settles when `fn` is async). The first primitive whose output in forward, or
 * whose gradient in backward, holds NaN/Inf computed from finite values throws an `AnomalyError`
 * with `op`, `scope` (the module's dotted name) and `phase`.
 * @example
 * diagnostics.detectAnomaly(() => { loss(model.call(x)).backward(); });
 */
export function detectAnomaly<T>(fn: () => T): T {
  const prev = setAnomalyEnabled(true);
  let async = false;
  try {
    const r = fn();
    if (r instanceof Promise) {
      async = true;
      return r.finally(() => setAnomalyEnabled(prev)) as T;
    }
    return r;
  } finally {
    if (!async) setAnomalyEnabled(prev);
  }
}
