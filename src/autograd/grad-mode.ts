// Global switches of automatic differentiation: whether ops record the graph, and anomaly mode.

let enabled = true;
let anomaly = false;

/** True when new ops record their inputs for backward. */
export function isGradEnabled(): boolean {
  return enabled;
}

/** Runs `fn` without recording the graph (like `torch.no_grad()`), and returns its result. */
export function noGrad<T>(fn: () => T): T {
  return withGradMode(false, fn);
}

/** Runs `fn` with recording on, even inside `noGrad` (like `torch.enable_grad()`). */
export function enableGrad<T>(fn: () => T): T {
  return withGradMode(true, fn);
}

function withGradMode<T>(mode: boolean, fn: () => T): T {
  const prev = enabled;
  enabled = mode;
  try {
    const r = fn();
    if (r instanceof Promise) throw new TypeError('noGrad/enableGrad take a synchronous function');
    return r;
  } finally {
    enabled = prev;
  }
}

/** True when every primitive's output is checked for NaN/Inf (see `detectAnomaly`). */
export function isAnomalyEnabled(): boolean {
  return anomaly;
}

/** Turns anomaly detection on or off globally; returns the previous setting. */
export function setAnomalyEnabled(on: boolean): boolean {
  const prev = anomaly;
  anomaly = on;
  return prev;
}
