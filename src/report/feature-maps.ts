// Several small heatmaps side by side: e.g. what each hidden neuron z_i(x) computes over the
// plane (the lecture's "hidden neurons create features"), with the data points on top.

import type { TopLevelSpec } from 'vega-lite';
import { ValueError } from '../errors.js';
import { SkipCounter, checkGrid, checkSize, describe, subtitle, type ChartOptions, type Grid } from './chart-data.js';
import { CLASS_COLORS, checkClassNames, plotSize, pointRows, type LabeledPoint } from './decision-boundary.js';
import { banding, finiteRange, gridAxes, heatmapRows } from './heatmap-layer.js';
import { renderSvg } from './render-spec.js';

/** One map: a title (e.g. "z1(x)") and the values over the plane. */
export interface FeatureMap {
  title: string;
  grid: Grid;
}

/** Input of `featureMaps`. */
export interface FeatureMapsInput extends ChartOptions {
  maps: readonly FeatureMap[];
  /** Data points drawn on every map (needs `classNames`). */
  points?: readonly LabeledPoint[];
  classNames?: readonly string[];
  /** Maps per row (default: all in one row up to 4). */
  columns?: number;
  /** One color scale for all maps (default true); false gives each map its own range and legend. */
  sharedScale?: boolean;
  /** Color bands per map (default 32). */
  levels?: number;
  /** A Vega color scheme name (default "viridis"). */
  scheme?: string;
  /** Legend title (default "value"). */
  valueLabel?: string;
  xLabel?: string;
  yLabel?: string;
}

/** The Vega-Lite spec of `featureMaps`. */
export function featureMapsSpec(input: FeatureMapsInput): TopLevelSpec {
  const fn = 'featureMaps';
  if (input === null || typeof input !== 'object') throw new ValueError(`${fn}: expected { maps: [{ title, grid }] }, got ${describe(input)}`);
  if (!Array.isArray(input.maps) || input.maps.length === 0) throw new ValueError(`${fn}: maps must be a non-empty array of { title, grid }`);
  const grids = input.maps.map((m, i) => {
    if (m === null || typeof m !== 'object' || typeof m.title !== 'string') throw new ValueError(`${fn}: maps[${i}] must be { title: string, grid }`);
    return checkGrid(`${fn} (maps[${i}])`, m.grid);
  });
  const skips = new SkipCounter();
  let points: { x: number; y: number; cls: string }[] = [];
  let classNames: readonly string[] = [];
  if (input.points !== undefined) {
    classNames = checkClassNames(fn, input.classNames);
    points = pointRows(fn, input.points, classNames, skips);
  }
  const columns = input.columns ?? Math.min(grids.length, 4);
  if (!Number.isInteger(columns) || columns < 1) throw new ValueError(`${fn}: columns must be a positive integer, got ${describe(columns)}`);
  const shared = input.sharedScale ?? true;
  let domain: [number, number] | undefined;
  if (shared) {
    const ranges = grids.map((g) => finiteRange(g.values)).filter(([lo]) => Number.isFinite(lo));
    if (ranges.length === 0) throw new ValueError(`${fn}: no map has a finite value to draw`);
    domain = [Math.min(...ranges.map((r) => r[0])), Math.max(...ranges.map((r) => r[1]))];
  }
  const width = checkSize(fn, 'width', input.width, grids.length === 1 ? 360 : 170);
  const valueLabel = input.valueLabel ?? 'value';
  const charts = grids.map((g, i) => {
    const b = banding(`${fn} (maps[${i}])`, g, { levels: input.levels ?? 32, domain });
    const { x, y } = gridAxes(g, input.xLabel ?? 'x1', input.yLabel ?? 'x2');
    const size = plotSize(g, width);
    const layers: object[] = [{
      data: { values: heatmapRows(g, b, skips) },
      mark: { type: 'rect', clip: true, aria: false },
      encoding: { x, x2: { field: 'x2' }, y, y2: { field: 'y2' }, color: { field: 'v', type: 'quantitative', title: valueLabel, scale: { scheme: input.scheme ?? 'viridis', domain: [b.lo, b.hi] }, legend: { gradientLength: Math.min(size.height, 150) } } },
    }];
    if (points.length > 0) {
      // NOTE: points use the `fill` channel so the maps' `color` scale (and legend) stays one.
      const colors = classNames.length === 2 ? ['#ffffff', '#e41a1c'] : classNames.map((_c, k) => CLASS_COLORS[k % CLASS_COLORS.length] as string);
      layers.push({
        data: { values: points },
        mark: { type: 'point', shape: 'circle', size: 22, stroke: 'black', strokeWidth: 0.7, clip: true },
        encoding: { x, y, fill: { field: 'cls', type: 'nominal', title: 'class', scale: { domain: [...classNames], range: colors } } },
      });
    }
    return { title: { text: input.maps[i]?.title ?? '', fontSize: 13 }, width: size.width, height: checkSize(fn, 'height', input.height, size.height), layer: layers };
  });
  return {
    title: { text: input.title ?? 'Feature maps', subtitle: subtitle(input.subtitle, skips.note()) },
    columns,
    concat: charts,
    spacing: 18,
    resolve: { scale: { color: shared ? 'shared' : 'independent', fill: 'shared' } },
  } as TopLevelSpec;
}

/**
 * Draws several maps over the same kind of plane side by side (e.g. a hidden layer's neurons) with
 * optional data points; returns SVG. Values are banded into `levels` colors.
 */
export async function featureMaps(input: FeatureMapsInput): Promise<string> {
  return renderSvg(featureMapsSpec(input));
}
