// `pad` with PyTorch's modes: 'constant' is the pad primitive; 'reflect', 'replicate' and 'circular'
// are composites of slice, expand and concat, so their gradients need no rule of their own.

import { ShapeError, ValueError, fmtShape } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkKeys } from './check-options.js';
import { concat, expand, padPrim, slice } from './shape.js';

/** How `pad` fills the new cells (PyTorch's `F.pad` modes). */
export type PadMode = 'constant' | 'reflect' | 'replicate' | 'circular';

/** Options of `pad`. */
export interface PadOptions {
  /**
   * 'constant' (default): `value`; 'reflect': the mirror image without the edge (`[a b c]` padded by 2
   * on the left gives `c b a b c`); 'replicate': the edge value repeated; 'circular': the other end
   * (wrapping around, as if the axis were periodic).
   */
  mode?: PadMode;
  /** The fill value of 'constant' mode (default 0; an error with the other modes, as in PyTorch). */
  value?: number;
}

const MODES: readonly PadMode[] = ['constant', 'reflect', 'replicate', 'circular'];

/**
 * Pads x: `widths[i] = [before, after]` for axis i (missing trailing axes get none).
 * NOTE: widths run from the first axis, unlike PyTorch's `F.pad`, which lists them from the last
 * axis backwards (`F.pad(x, (left, right, top, bottom))` is `pad(x, [[0, 0], [0, 0], [top, bottom],
 * [left, right]])` for NCHW). Modes as `torch.nn.functional.pad`, on any axis: 'reflect' needs
 * widths < the axis's size, 'circular' widths <= its size, 'replicate' a non-empty axis.
 */
export function pad(x: Tensor, widths: readonly (readonly [number, number])[], opts: PadOptions = {}): Tensor {
  checkKeys('pad', opts, ['mode', 'value']);
  const { mode = 'constant' } = opts;
  if (!MODES.includes(mode)) throw new ValueError(`pad: mode must be one of ${MODES.map((m) => `'${m}'`).join(', ')}, got '${String(mode)}'`);
  if (mode !== 'constant' && opts.value !== undefined) throw new ValueError(`pad: mode '${mode}' takes no value (got value ${opts.value})`);
  if (widths.length > x.ndim) throw new ShapeError(`pad: ${widths.length} pad widths for a tensor of rank ${x.ndim}`);
  const lo = x.shape.map((_, i) => widths[i]?.[0] ?? 0);
  const hi = x.shape.map((_, i) => widths[i]?.[1] ?? 0);
  if ([...lo, ...hi].some((w) => !Number.isInteger(w) || w < 0)) {
    throw new ValueError(`pad: widths must be non-negative integers, got ${JSON.stringify(widths)}`);
  }
  if (mode === 'constant') return padPrim(x, { lo, hi, interior: x.shape.map(() => 0), value: opts.value ?? 0 });
  let y = x;
  x.shape.forEach((n, axis) => {
    const [b, a] = [lo[axis]!, hi[axis]!];
    if (b === 0 && a === 0) return;
    checkWidths(mode, x, axis, n, Math.max(b, a));
    y = concat([edge(mode, y, axis, n, b, 'before'), y, edge(mode, y, axis, n, a, 'after')].filter((t) => t.shape[axis]! > 0), axis);
  });
  return y;
}

function checkWidths(mode: PadMode, x: Tensor, axis: number, n: number, w: number): void {
  const bad = mode === 'reflect' ? w >= n : mode === 'circular' ? w > n : n === 0;
  if (!bad) return;
  const need = mode === 'reflect' ? `less than the axis size ${n}` : mode === 'circular' ? `at most the axis size ${n}` : 'a non-empty axis';
  throw new ShapeError(`pad: mode '${mode}' needs widths ${need}, got width ${w} on axis ${axis} of ${fmtShape(x.shape)}`);
}

/** The `w` cells added before or after axis `axis` (of size n) of y. */
function edge(mode: PadMode, y: Tensor, axis: number, n: number, w: number, side: 'before' | 'after'): Tensor {
  const cell = (i: number): Tensor => slice(y, axis, { start: i, end: i + 1 });
  if (w === 0) return slice(y, axis, { start: 0, end: 0 });
  if (mode === 'replicate') {
    const e = cell(side === 'before' ? 0 : n - 1);
    return expand(e, e.shape.map((d, i) => (i === axis ? w : d)));
  }
  if (mode === 'circular') return side === 'before' ? slice(y, axis, { start: n - w }) : slice(y, axis, { start: 0, end: w });
  // reflect: before = y[w], ..., y[1]; after = y[n-2], ..., y[n-1-w]
  const idx = Array.from({ length: w }, (_, k) => (side === 'before' ? w - k : n - 2 - k));
  return concat(idx.map(cell), axis);
}
