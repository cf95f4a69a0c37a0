// Multi-series line charts: gradient norms per layer, activations and their derivatives, loss
// against wall time. The building block of `lossCurves` too.

import type { TopLevelSpec } from 'vega-lite';
import { ValueError } from '../errors.js';
import { SkipCounter, checkNumbers, checkSameLength, checkSize, describe, round6, subtitle, type ChartOptions } from './chart-data.js';
import { renderSvg } from './render-spec.js';

/** One named line: `y[k]` drawn at `x[k]`. */
export interface Series {
  name: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
}

/** Options of `lineChart`. */
export interface LineChartOptions extends ChartOptions {
  xLabel?: string;
  yLabel?: string;
  /** Logarithmic y axis (values <= 0 are skipped with a note). */
  logY?: boolean;
  /** Logarithmic x axis (values <= 0 are skipped with a note). */
  logX?: boolean;
  /** Draw a dot at every point (default: only when a series has at most 40 points). */
  points?: boolean;
  /** Dashed lines for these series names (e.g. the derivatives next to the activations). */
  dashed?: readonly string[];
  /** Legend title (default none). */
  legendTitle?: string;
}

interface Row {
  x: number;
  y: number;
  series: string;
}

/** Checks series and flattens them to rows, skipping NaN/Inf (and <= 0 on log axes). */
export function seriesRows(fn: string, series: readonly Series[], opts: { logX?: boolean; logY?: boolean }, skips: SkipCounter): Row[] {
  if (!Array.isArray(series)) throw new ValueError(`${fn}: series must be an array of { name, x, y }, got ${describe(series)}`);
  if (series.length === 0) throw new ValueError(`${fn}: no series to draw (got an empty array)`);
  const rows: Row[] = [];
  const names = new Set<string>();
  series.forEach((s, k) => {
    if (s === null || typeof s !== 'object' || typeof s.name !== 'string') throw new ValueError(`${fn}: series[${k}] must be { name: string, x, y }`);
    if (names.has(s.name)) throw new ValueError(`${fn}: two series are named "${s.name}"`);
    names.add(s.name);
    const x = checkNumbers(fn, `series "${s.name}" x`, s.x);
    const y = checkNumbers(fn, `series "${s.name}" y`, s.y);
    checkSameLength(fn, [`series "${s.name}" x`, 'y'], x, y);
    if (x.length === 0) throw new ValueError(`${fn}: series "${s.name}" has no points`);
    for (let i = 0; i < x.length; i++) {
      const xv = x[i] as number;
      const yv = y[i] as number;
      if (skips.keep(xv, { log: opts.logX }) && skips.keep(yv, { log: opts.logY })) rows.push({ x: round6(xv), y: round6(yv), series: s.name });
    }
  });
  if (rows.length === 0) throw new ValueError(`${fn}: every value is NaN/Inf${opts.logY === true || opts.logX === true ? ' or <= 0 on a log axis' : ''}; nothing to draw`);
  return rows;
}

/** The Vega-Lite layer of a multi-series line chart (used alone or inside a concat). */
export function lineLayer(rows: Row[], names: string[], opts: LineChartOptions & { width: number; height: number; integerX?: boolean }): TopLevelSpec {
  const maxPoints = Math.max(...names.map((n) => rows.filter((r) => r.series === n).length));
  const points = opts.points ?? maxPoints <= 40;
  const dashed = new Set(opts.dashed ?? []);
  const legend = names.length > 1 ? { orient: 'right', symbolStrokeWidth: 2, symbolSize: 200 } : null;
  return {
    width: opts.width,
    height: opts.height,
    data: { values: rows },
    mark: { type: 'line', point: points ? { size: 30, filled: true } : false, strokeWidth: 2, clip: true },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: opts.xLabel ?? 'x', scale: { ...(opts.logX === true ? { type: 'log' } : { zero: false, nice: false, padding: 8 }), ...padDomain(rows.map((r) => r.x), opts.logX) },
        ...(opts.integerX === true ? { axis: { tickMinStep: 1, format: 'd' } } : {}) },
      y: { field: 'y', type: 'quantitative', title: opts.yLabel ?? 'y', scale: { ...(opts.logY === true ? { type: 'log' } : { zero: false }), ...padDomain(rows.map((r) => r.y), opts.logY) } },
      color: { field: 'series', type: 'nominal', title: opts.legendTitle ?? null, scale: { domain: names }, legend },
      ...(dashed.size > 0
        ? { strokeDash: { field: 'series', type: 'nominal', title: opts.legendTitle ?? null, scale: { domain: names, range: names.map((n) => (dashed.has(n) ? [6, 3] : [1, 0])) }, legend } }
        : {}),
      order: { field: 'x', type: 'quantitative' },
    },
  } as TopLevelSpec;
}

/**
 * An explicit domain around a single value (one epoch, a constant series), where vega would show
 * a zero-width axis with one odd label; empty otherwise.
 */
export function padDomain(values: number[], log: boolean | undefined): { domain?: [number, number] } {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  if (lo !== hi) return {};
  if (log === true) return { domain: [lo / 2, lo * 2] };
  const d = lo === 0 ? 1 : Math.abs(lo) * 0.5;
  return { domain: [lo - d, lo + d] };
}

/** The Vega-Lite spec of `lineChart` (for callers that render it themselves, e.g. with vega-embed). */
export function lineChartSpec(series: readonly Series[], opts: LineChartOptions = {}): TopLevelSpec {
  const fn = 'lineChart';
  const skips = new SkipCounter();
  const rows = seriesRows(fn, series, opts, skips);
  const width = checkSize(fn, 'width', opts.width, series.length > 1 ? 500 : 580);
  const height = checkSize(fn, 'height', opts.height, 320);
  const spec = lineLayer(rows, series.map((s) => s.name), { ...opts, width, height });
  return { ...spec, title: { text: opts.title ?? 'Line chart', subtitle: subtitle(opts.subtitle, skips.note()) } } as TopLevelSpec;
}

/**
 * Draws several named series as lines on shared axes and returns the SVG text.
 * @example
 * const svg = await report.lineChart([{ name: 'layer 1', x: steps, y: norms1 }], { title: 'Gradient norms', logY: true });
 */
export async function lineChart(series: readonly Series[], opts: LineChartOptions = {}): Promise<string> {
  return renderSvg(lineChartSpec(series, opts));
}
