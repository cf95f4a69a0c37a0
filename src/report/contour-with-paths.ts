// A 2-D function as filled contour bands (log-spaced for valleys like Rosenbrock's) with optimizer
// trajectories drawn over it: the optimizers lesson's picture.

import type { TopLevelSpec } from 'vega-lite';
import { ValueError } from '../errors.js';
import { SkipCounter, checkGrid, checkSize, describe, round6, subtitle, type ChartOptions, type Grid } from './chart-data.js';
import { CLASS_COLORS, plotSize } from './decision-boundary.js';
import { banding, gridAxes, heatmapRows } from './heatmap-layer.js';
import { renderSvg } from './render-spec.js';

/** One trajectory: the iterates `[x, y]` in order. */
export interface Path2D {
  name: string;
  points: readonly (readonly [number, number])[];
}

/** Input of `contourWithPaths`. */
export interface ContourWithPathsInput extends ChartOptions {
  /** The function's values: `grid.values[j][i] = f(xs[i], ys[j])`. */
  grid: Grid;
  paths?: readonly Path2D[];
  /** Log-spaced bands (default: true when the values span more than 3 decades above their minimum). */
  log?: boolean;
  /** Number of contour bands (default 16). */
  levels?: number;
  /** A marked point, e.g. the minimum `[1, 1]` of Rosenbrock. */
  target?: readonly [number, number];
  /** Name of the function for the legend (default "f"). */
  fName?: string;
  xLabel?: string;
  yLabel?: string;
}

/** The Vega-Lite spec of `contourWithPaths`. */
export function contourWithPathsSpec(input: ContourWithPathsInput): TopLevelSpec {
  const fn = 'contourWithPaths';
  if (input === null || typeof input !== 'object') throw new ValueError(`${fn}: expected { grid, paths }, got ${describe(input)}`);
  const g = checkGrid(fn, input.grid);
  const skips = new SkipCounter();
  const paths = input.paths ?? [];
  if (!Array.isArray(paths)) throw new ValueError(`${fn}: paths must be an array of { name, points }, got ${describe(paths)}`);
  const rows: { x: number; y: number; step: number; path: string }[] = [];
  const names: string[] = [];
  paths.forEach((p, k) => {
    if (p === null || typeof p !== 'object' || typeof p.name !== 'string' || !Array.isArray(p.points)) throw new ValueError(`${fn}: paths[${k}] must be { name: string, points: [x, y][] }`);
    if (names.includes(p.name)) throw new ValueError(`${fn}: two paths are named "${p.name}"`);
    names.push(p.name);
    const pts: readonly unknown[] = p.points;
    pts.forEach((pt, i) => {
      if (!Array.isArray(pt) || pt.length !== 2 || typeof pt[0] !== 'number' || typeof pt[1] !== 'number') {
        throw new ValueError(`${fn}: path "${p.name}" point ${i} must be [x, y] numbers, got ${describe(pt)}`);
      }
      if (skips.keep(pt[0]) && skips.keep(pt[1])) rows.push({ x: round6(pt[0]), y: round6(pt[1]), step: i, path: p.name });
    });
  });
  const auto = (() => {
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of g.values) if (Number.isFinite(v)) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
    const mid = g.values.filter(Number.isFinite).sort((a, b) => a - b)[Math.floor(g.values.length / 2)] ?? hi;
    return hi - lo > 1e3 * Math.max(mid - lo, Number.MIN_VALUE) || hi - lo > 1e3;
  })();
  const b = banding(fn, g, { levels: input.levels ?? 16, log: input.log ?? auto });
  const fName = input.fName ?? 'f';
  const { x, y } = gridAxes(g, input.xLabel ?? 'x', input.yLabel ?? 'y');
  const base = plotSize(g, checkSize(fn, 'width', input.width, 460));
  const height = checkSize(fn, 'height', input.height, base.height);
  const layers: object[] = [{
    data: { values: heatmapRows(g, b, skips) },
    mark: { type: 'rect', clip: true, aria: false },
    encoding: { x, x2: { field: 'x2' }, y, y2: { field: 'y2' }, fill: { field: 'v', type: 'quantitative', title: b.label(fName), scale: { scheme: 'greys', domain: [b.lo, b.hi], range: ['#f7f7f7', '#8a8a8a'] }, legend: { gradientLength: Math.min(height, 160), format: '.2~g' } } },
  }];
  if (rows.length > 0) {
    const pathColor = { field: 'path', type: 'nominal', title: 'optimizer', scale: { domain: names, range: names.map((_n, k) => CLASS_COLORS[k % CLASS_COLORS.length] as string) } };
    const maxLen = Math.max(...paths.map((p) => p.points.length));
    // NOTE: the bands use the `fill` channel and the paths `color`, so each gets its own scale and legend.
    layers.push({ data: { values: rows }, mark: { type: 'line', strokeWidth: 1.8, clip: true, point: maxLen <= 60 ? { size: 14, filled: true } : false }, encoding: { x, y, order: { field: 'step', type: 'quantitative' }, color: pathColor } });
    const starts = rows.filter((r) => r.step === 0);
    if (starts.length > 0) layers.push({ data: { values: starts }, mark: { type: 'point', shape: 'square', size: 50, filled: true, color: 'black', clip: true }, encoding: { x, y } });
  }
  if (input.target !== undefined) {
    const t = input.target;
    if (!Array.isArray(t) || t.length !== 2 || !t.every(Number.isFinite)) throw new ValueError(`${fn}: target must be [x, y] finite numbers, got ${describe(t)}`);
    layers.push({ data: { values: [{ x: round6(t[0]), y: round6(t[1]) }] }, mark: { type: 'point', shape: 'cross', size: 120, filled: true, color: '#d62728', clip: true }, encoding: { x, y } });
  }
  return {
    title: { text: input.title ?? 'Contours and optimizer paths', subtitle: subtitle(input.subtitle, skips.note()) },
    width: base.width,
    height,
    layer: layers,
  } as TopLevelSpec;
}

/**
 * Draws `f` over a grid as filled contour bands with optimizer trajectories on top (start: black
 * square; `target`: red cross); returns SVG. Diverged iterates (NaN/Inf) are skipped with a note.
 */
export async function contourWithPaths(input: ContourWithPathsInput): Promise<string> {
  return renderSvg(contourWithPathsSpec(input));
}
