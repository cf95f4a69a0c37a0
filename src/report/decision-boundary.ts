// Decision boundaries like the lecture's and TensorFlow Playground's pictures: class regions (or
// the probability of the positive class) over the plane, with the data points on top.

import type { TopLevelSpec } from 'vega-lite';
import { ValueError } from '../errors.js';
import { SkipCounter, checkGrid, checkSize, describe, round6, subtitle, type ChartOptions, type CheckedGrid, type Grid } from './chart-data.js';
import { gridAxes, heatmapRows } from './heatmap-layer.js';
import { renderSvg } from './render-spec.js';

/** One data point; `label` is a class index into `classNames`. */
export interface LabeledPoint {
  x: number;
  y: number;
  label: number;
}

/** Colors of classes 0, 1, ... (Tableau 10; binary charts use TensorFlow Playground's orange/blue). */
export const CLASS_COLORS = ['#4c78a8', '#f58518', '#e45756', '#72b7b2', '#54a24b', '#eeca3b', '#b279a2', '#ff9da6', '#9d755d', '#bab0ac'];
const BINARY_COLORS = ['#f59322', '#0877bd'];

/** Input of `decisionBoundary`. */
export interface DecisionBoundaryInput extends ChartOptions {
  /** Model output over the plane: a class index per cell, or P(class 1) per cell for binary tasks. */
  grid: Grid;
  /** Data points drawn on top (may be empty). */
  points?: readonly LabeledPoint[];
  classNames: readonly string[];
  /** What `grid.values` hold (default: 'probability' when there are 2 classes and a non-integer value, else 'class'). */
  values?: 'class' | 'probability';
  xLabel?: string;
  yLabel?: string;
  /** Probability shading levels (default 20); finer looks smoother, coarser draws fewer marks. */
  levels?: number;
}

/** Region rows for class mode (one merged rect per run of equal class). */
function classRegions(fn: string, g: CheckedGrid, k: number, classNames: readonly string[], skips: SkipCounter) {
  for (let n = 0; n < g.values.length; n++) {
    const v = g.values[n] as number;
    if (!Number.isFinite(v)) continue;
    if (!Number.isInteger(v) || v < 0 || v >= k) throw new ValueError(`${fn}: grid.values[${Math.floor(n / g.nx)}][${n % g.nx}] = ${v} is not a class index in [0, ${k}) (pass values: 'probability' for P(class 1))`);
  }
  const bands = { levels: k, lo: -0.5, hi: k - 0.5, t: (v: number) => v, label: (n: string) => n };
  return heatmapRows(g, bands, skips).map((r) => ({ x: r.x, x2: r.x2, y: r.y, y2: r.y2, cls: classNames[Math.round(r.v)] as string }));
}

/** Checks points and turns them into rows with class names; non-finite coordinates are skipped. */
export function pointRows(fn: string, points: readonly LabeledPoint[] | undefined, classNames: readonly string[], skips: SkipCounter) {
  if (points === undefined) return [];
  if (!Array.isArray(points)) throw new ValueError(`${fn}: points must be an array of { x, y, label }, got ${describe(points)}`);
  const rows: { x: number; y: number; cls: string }[] = [];
  points.forEach((p, i) => {
    if (p === null || typeof p !== 'object' || typeof p.x !== 'number' || typeof p.y !== 'number') throw new ValueError(`${fn}: points[${i}] must be { x, y, label } with numbers, got ${describe(p)}`);
    if (!Number.isInteger(p.label) || p.label < 0 || p.label >= classNames.length) {
      throw new ValueError(`${fn}: points[${i}].label is ${describe(p.label)}; expected a class index in [0, ${classNames.length})`);
    }
    if (skips.keep(p.x) && skips.keep(p.y)) rows.push({ x: round6(p.x), y: round6(p.y), cls: classNames[p.label] as string });
  });
  return rows;
}

/** Checks class names: a non-empty array of distinct strings. */
export function checkClassNames(fn: string, classNames: unknown): readonly string[] {
  if (!Array.isArray(classNames) || classNames.length === 0 || classNames.some((c) => typeof c !== 'string')) {
    throw new ValueError(`${fn}: classNames must be a non-empty array of strings, got ${describe(classNames)}`);
  }
  if (new Set(classNames).size !== classNames.length) throw new ValueError(`${fn}: class names must be distinct (got ${classNames.join(', ')})`);
  return classNames as string[];
}

/** Plot size keeping the data's aspect ratio (one unit in x as long as one in y), within bounds. */
export function plotSize(g: CheckedGrid, width: number): { width: number; height: number } {
  const xr = (g.xEdges[g.nx] as number) - (g.xEdges[0] as number);
  const yr = (g.yEdges[g.ny] as number) - (g.yEdges[0] as number);
  return { width, height: Math.round(Math.max(0.4 * width, Math.min(1.5 * width, (width * yr) / xr))) };
}

/** The Vega-Lite spec of `decisionBoundary`. */
export function decisionBoundarySpec(input: DecisionBoundaryInput): TopLevelSpec {
  const fn = 'decisionBoundary';
  if (input === null || typeof input !== 'object') throw new ValueError(`${fn}: expected { grid, points, classNames }, got ${describe(input)}`);
  const classNames = checkClassNames(fn, input.classNames);
  const k = classNames.length;
  const g = checkGrid(fn, input.grid);
  const skips = new SkipCounter();
  const auto = k === 2 && g.values.some((v) => Number.isFinite(v) && !Number.isInteger(v)) ? 'probability' : 'class';
  const mode = input.values ?? auto;
  if (mode !== 'class' && mode !== 'probability') throw new ValueError(`${fn}: values must be 'class' or 'probability', got ${describe(mode)}`);
  if (mode === 'probability' && k !== 2) throw new ValueError(`${fn}: probability shading needs exactly 2 classes, got ${k}`);
  const levels = input.levels ?? 20;
  if (!Number.isInteger(levels) || levels < 2 || levels > 256) throw new ValueError(`${fn}: levels must be an integer in [2, 256], got ${describe(levels)}`);
  const points = pointRows(fn, input.points, classNames, skips);
  const colors = k === 2 ? BINARY_COLORS : classNames.map((_c, i) => CLASS_COLORS[i % CLASS_COLORS.length] as string);
  const base = plotSize(g, checkSize(fn, 'width', input.width, 420));
  const size = { width: base.width, height: checkSize(fn, 'height', input.height, base.height) };
  const { x, y } = gridAxes(g, input.xLabel ?? 'x1', input.yLabel ?? 'x2');
  const classColor = { field: 'cls', type: 'nominal', title: 'class', scale: { domain: [...classNames], range: colors } };
  let regionLayer: object;
  if (mode === 'class') {
    const regions = classRegions(fn, g, k, classNames, skips);
    const tinted = { ...classColor, scale: { domain: [...classNames], range: colors.map((c) => tint(c, 0.65)) }, legend: null };
    regionLayer = { data: { values: regions }, mark: { type: 'rect', clip: true, aria: false }, encoding: { x, x2: { field: 'x2' }, y, y2: { field: 'y2' }, color: tinted } };
  } else {
    // NOTE: probabilities are shaded in `levels` bands (band centers), which also lets equal
    // neighbours merge into one rect; 20 bands look smooth and keep a 200 x 200 grid fast.
    for (const v of g.values) {
      if (Number.isFinite(v) && (v < 0 || v > 1)) throw new ValueError(`${fn}: probability ${v} is outside [0, 1]`);
    }
    const regions = heatmapRows(g, { levels, lo: 0, hi: 1, t: (v) => v, label: (n) => n }, skips).map((r) => ({ x: r.x, x2: r.x2, y: r.y, y2: r.y2, p: r.v }));
    regionLayer = {
      data: { values: regions },
      mark: { type: 'rect', clip: true, aria: false },
      encoding: {
        x, x2: { field: 'x2' }, y, y2: { field: 'y2' },
        color: { field: 'p', type: 'quantitative', title: `P(${classNames[1]})`, scale: { domain: [0, 0.5, 1], range: [tint(BINARY_COLORS[0] as string, 0.55), '#f4f4f4', tint(BINARY_COLORS[1] as string, 0.55)] }, legend: { gradientLength: 120 } },
      },
    };
  }
  const pointLayer = { data: { values: points }, mark: { type: 'point', filled: true, size: points.length > 500 ? 14 : 30, stroke: 'white', strokeWidth: 0.7, opacity: 0.95, clip: true }, encoding: { x, y, color: classColor } };
  return {
    title: { text: input.title ?? 'Decision boundary', subtitle: subtitle(input.subtitle, skips.note()) },
    ...size,
    layer: [regionLayer, pointLayer],
    resolve: { scale: { color: 'independent' } },
  } as TopLevelSpec;
}

/** Mixes a hex color with white: `amount` 0 keeps it, 1 gives white. */
function tint(hex: string, amount: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  const c = [n >> 16, (n >> 8) & 255, n & 255].map((v) => Math.round(v + (255 - v) * amount));
  return `#${c.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * Draws a classifier's regions over the plane with the data points on top; returns SVG.
 * `grid.values[j][i]` is the class index (or, for 2 classes, P(class 1)) at `(grid.xs[i], grid.ys[j])`.
 */
export async function decisionBoundary(input: DecisionBoundaryInput): Promise<string> {
  return renderSvg(decisionBoundarySpec(input));
}
