// A grid of values as one Vega-Lite rect layer: values banded into color levels and equal
// neighbours merged, shared by feature maps and contour plots.

import { ValueError } from '../errors.js';
import { cellRuns, round6, type CheckedGrid, type SkipCounter } from './chart-data.js';

/** How a heatmap maps values to color bands. */
export interface BandOptions {
  /** Number of color bands (default 32). */
  levels?: number;
  /** Band on log10(value - min + delta) instead of the value (for functions like Rosenbrock). */
  log?: boolean;
  /** Value range of the bands (default: the grid's finite min and max). */
  domain?: [number, number];
}

/** The transform applied before banding, and the value range it maps. */
export interface Banding {
  levels: number;
  lo: number;
  hi: number;
  /** Value -> banded coordinate (log10 offset or the value), NaN for non-finite values. */
  t: (v: number) => number;
  /** Legend title suffix, e.g. `log10(f - min)`. */
  label: (name: string) => string;
}

/** Finite min and max of a grid's values (NaN, NaN when there are none). */
export function finiteRange(values: Float64Array): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (Number.isFinite(v)) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return lo <= hi ? [lo, hi] : [Number.NaN, Number.NaN];
}

/** Builds the banding of a grid; throws when no value is finite. */
export function banding(fn: string, g: CheckedGrid, opts: BandOptions): Banding {
  const levels = opts.levels ?? 32;
  if (!Number.isInteger(levels) || levels < 2 || levels > 256) throw new ValueError(`${fn}: levels must be an integer in [2, 256], got ${String(levels)}`);
  const [lo, hi] = opts.domain ?? finiteRange(g.values);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) throw new ValueError(`${fn}: the grid has no finite value to draw`);
  if (opts.log !== true) return { levels, lo, hi, t: (v) => (Number.isFinite(v) ? v : Number.NaN), label: (n) => n };
  // NOTE: log bands use log10(v - min + delta) so a minimum of 0 (Rosenbrock) or below is fine;
  // delta = 1e-6 of the range keeps ~6 decades of detail around the minimum.
  const delta = Math.max((hi - lo) * 1e-6, Number.MIN_VALUE);
  const t = (v: number) => (Number.isFinite(v) ? Math.log10(Math.max(v - lo, 0) + delta) : Number.NaN);
  return { levels, lo: t(lo), hi: t(hi), t, label: (n) => `log10(${n} - min)` };
}

/** Rect rows `{x, x2, y, y2, v}` with `v` the band center in banded coordinates. */
export function heatmapRows(g: CheckedGrid, b: Banding, skips: SkipCounter): { x: number; x2: number; y: number; y2: number; v: number }[] {
  for (const v of g.values) skips.keep(v);
  const span = b.hi - b.lo;
  const band = (v: number) => {
    const t = b.t(v);
    if (Number.isNaN(t)) return Number.NaN;
    if (span <= 0) return b.lo;
    const k = Math.min(b.levels - 1, Math.max(0, Math.floor(((t - b.lo) / span) * b.levels)));
    return b.lo + ((k + 0.5) / b.levels) * span;
  };
  // NOTE: each rect reaches half a cell into its right and upper neighbours, which are drawn later
  // and cover it; abutting rects would leave anti-aliasing seams in PNGs.
  const dx = ((g.xEdges[g.nx] as number) - (g.xEdges[0] as number)) / g.nx / 2;
  const dy = ((g.yEdges[g.ny] as number) - (g.yEdges[0] as number)) / g.ny / 2;
  return cellRuns(g, band).map((r) => ({ x: round6(r.x), x2: round6(r.x2 + dx), y: round6(r.y), y2: round6(r.y2 + dy), v: round6(r.v) }));
}

/** x/y encodings spanning exactly the grid's cells, without grid lines. */
export function gridAxes(g: CheckedGrid, xLabel: string, yLabel: string) {
  return {
    x: { field: 'x', type: 'quantitative', title: xLabel, scale: { domain: [round6(g.xEdges[0] as number), round6(g.xEdges[g.nx] as number)], nice: false, zero: false }, axis: { grid: false } },
    y: { field: 'y', type: 'quantitative', title: yLabel, scale: { domain: [round6(g.yEdges[0] as number), round6(g.yEdges[g.ny] as number)], nice: false, zero: false }, axis: { grid: false } },
  };
}
