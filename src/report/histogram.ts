// Histograms of several value sets on shared bins (weights under L1 vs L2) and bar charts of
// named values (per-layer gradient norms, optionally grouped and on a log scale).

import type { TopLevelSpec } from 'vega-lite';
import { ValueError } from '../errors.js';
import { SkipCounter, checkNumbers, checkSize, describe, round6, subtitle, type ChartOptions } from './chart-data.js';
import { CLASS_COLORS } from './decision-boundary.js';
import { renderSvg } from './render-spec.js';

/** Options of `histogram`. */
export interface HistogramOptions extends ChartOptions {
  /** Number of equal-width bins over the range of all series (default 30). */
  bins?: number;
  /** Bin range (default: min and max of all finite values). */
  range?: [number, number];
  xLabel?: string;
  /** Symmetric-log count axis, so a tall bin at 0 (L1) does not flatten the rest. */
  logY?: boolean;
  /** Show each series' share of its values instead of counts (series of different sizes). */
  density?: boolean;
}

/** Counts of `values` in `bins` equal bins over `[lo, hi]` (the last bin includes `hi`). */
export function binCounts(values: ArrayLike<number>, bins: number, lo: number, hi: number): number[] {
  const counts = new Array<number>(bins).fill(0);
  const w = (hi - lo) / bins;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isFinite(v) || v < lo || v > hi) continue;
    const k = w > 0 ? Math.min(bins - 1, Math.floor((v - lo) / w)) : 0;
    counts[k] = (counts[k] as number) + 1;
  }
  return counts;
}

/** A symmetric-log count scale with ticks at 0 and 1-2-5 steps (vega's default symlog ticks crowd). */
function symlogAxis(counts: number[], density: boolean) {
  const max = Math.max(...counts, density ? 0.01 : 1);
  const values = [0];
  for (let e = density ? -4 : 0; 10 ** e <= max * 1.0001; e++) for (const m of [1, 2, 5]) if (m * 10 ** e <= max * 1.0001) values.push(round6(m * 10 ** e));
  return { scale: { type: 'symlog', constant: density ? 1e-3 : 1 }, axis: { values, format: density ? '~g' : 'd' } };
}

/** The Vega-Lite spec of `histogram`. */
export function histogramSpec(valuesBySeries: Readonly<Record<string, ArrayLike<number>>>, opts: HistogramOptions = {}): TopLevelSpec {
  const fn = 'histogram';
  if (valuesBySeries === null || typeof valuesBySeries !== 'object' || Array.isArray(valuesBySeries)) {
    throw new ValueError(`${fn}: expected { seriesName: number[] }, got ${describe(valuesBySeries)}`);
  }
  const names = Object.keys(valuesBySeries);
  if (names.length === 0) throw new ValueError(`${fn}: no series to draw (got an empty object)`);
  const bins = opts.bins ?? 30;
  if (!Number.isInteger(bins) || bins < 1 || bins > 1000) throw new ValueError(`${fn}: bins must be an integer in [1, 1000], got ${describe(bins)}`);
  const skips = new SkipCounter();
  let lo = Infinity;
  let hi = -Infinity;
  for (const n of names) {
    const vs = checkNumbers(fn, `series "${n}"`, valuesBySeries[n]);
    for (let i = 0; i < vs.length; i++) {
      const v = vs[i] as number;
      if (skips.keep(v)) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
    }
  }
  if (opts.range !== undefined) {
    const r = opts.range;
    if (!Array.isArray(r) || r.length !== 2 || !r.every(Number.isFinite) || !(r[1] > r[0])) throw new ValueError(`${fn}: range must be [lo, hi] with lo < hi, got ${describe(r)}`);
    [lo, hi] = r;
  }
  if (!(lo <= hi)) throw new ValueError(`${fn}: no finite values to draw`);
  if (lo === hi) [lo, hi] = [lo - 0.5, hi + 0.5];
  const w = (hi - lo) / bins;
  const rows: { lo: number; hi: number; count: number; series: string }[] = [];
  for (const n of names) {
    const vs = valuesBySeries[n] as ArrayLike<number>;
    const counts = binCounts(vs, bins, lo, hi);
    const total = counts.reduce((a, c) => a + c, 0);
    counts.forEach((c, k) => rows.push({ lo: round6(lo + k * w), hi: round6(lo + (k + 1) * w), count: opts.density === true ? round6(total > 0 ? c / total : 0) : c, series: n }));
  }
  const colors = names.map((_n, k) => CLASS_COLORS[k % CLASS_COLORS.length] as string);
  return {
    title: { text: opts.title ?? 'Histogram', subtitle: subtitle(opts.subtitle, skips.note()) },
    width: checkSize(fn, 'width', opts.width, 500),
    height: checkSize(fn, 'height', opts.height, 300),
    data: { values: rows },
    mark: { type: 'rect', opacity: names.length > 1 ? 0.55 : 0.9, stroke: 'white', strokeWidth: 0.3 },
    encoding: {
      x: { field: 'lo', type: 'quantitative', title: opts.xLabel ?? 'value', scale: { domain: [round6(lo), round6(hi)], nice: false, zero: false } },
      x2: { field: 'hi' },
      y: { field: 'count', type: 'quantitative', title: opts.density === true ? 'share of values' : 'count', stack: null, ...(opts.logY === true ? symlogAxis(rows.map((r) => r.count), opts.density === true) : {}) },
      y2: { datum: 0 },
      color: { field: 'series', type: 'nominal', title: null, scale: { domain: names, range: colors }, legend: names.length > 1 ? {} : null },
    },
  } as TopLevelSpec;
}

/**
 * Draws histograms of one or more value sets on shared bins, overlaid; returns SVG.
 * @example
 * await report.histogram({ L1: weightsL1, L2: weightsL2 }, { bins: 40, title: 'Weights' });
 */
export async function histogram(valuesBySeries: Readonly<Record<string, ArrayLike<number>>>, opts: HistogramOptions = {}): Promise<string> {
  return renderSvg(histogramSpec(valuesBySeries, opts));
}

/** One bar; bars with a `series` are grouped side by side per label. */
export interface Bar {
  label: string;
  value: number;
  series?: string;
}

/** Options of `barChart`. */
export interface BarChartOptions extends ChartOptions {
  xLabel?: string;
  yLabel?: string;
  /** Logarithmic value axis (values <= 0 skipped with a note), e.g. gradient norms over layers. */
  logY?: boolean;
}

/** Whole decades around positive values: `[1e-6, 1]` for values in [3e-6, 0.5]. */
function logDomain(values: number[]): [number, number] {
  const lo = 10 ** Math.floor(Math.log10(Math.min(...values) * 0.999));
  let hi = 10 ** Math.ceil(Math.log10(Math.max(...values)));
  if (hi <= lo) hi = lo * 10;
  return [lo, hi];
}

/** The Vega-Lite spec of `barChart`. */
export function barChartSpec(bars: readonly Bar[], opts: BarChartOptions = {}): TopLevelSpec {
  const fn = 'barChart';
  if (!Array.isArray(bars) || bars.length === 0) throw new ValueError(`${fn}: bars must be a non-empty array of { label, value, series? }`);
  const skips = new SkipCounter();
  const labels: string[] = [];
  const series: string[] = [];
  const rows: { label: string; value: number; series: string }[] = [];
  bars.forEach((b, i) => {
    if (b === null || typeof b !== 'object' || typeof b.label !== 'string' || typeof b.value !== 'number' || (b.series !== undefined && typeof b.series !== 'string')) {
      throw new ValueError(`${fn}: bars[${i}] must be { label: string, value: number, series?: string }, got ${describe(b)}`);
    }
    if (!labels.includes(b.label)) labels.push(b.label);
    const s = b.series ?? '';
    if (!series.includes(s)) series.push(s);
    if (skips.keep(b.value, { log: opts.logY })) rows.push({ label: b.label, value: round6(b.value), series: s });
  });
  if (rows.length === 0) throw new ValueError(`${fn}: every value is NaN/Inf${opts.logY === true ? ' or <= 0 on a log axis' : ''}; nothing to draw`);
  const grouped = series.length > 1 || series[0] !== '';
  const colors = series.map((_n, k) => CLASS_COLORS[k % CLASS_COLORS.length] as string);
  return {
    title: { text: opts.title ?? 'Bar chart', subtitle: subtitle(opts.subtitle, skips.note()) },
    width: checkSize(fn, 'width', opts.width, grouped ? 480 : 560),
    height: checkSize(fn, 'height', opts.height, 300),
    data: { values: rows },
    mark: { type: 'bar' },
    encoding: {
      x: { field: 'label', type: 'nominal', title: opts.xLabel ?? null, sort: labels, axis: { labelAngle: labels.length > 8 ? -45 : 0 } },
      y: { field: 'value', type: 'quantitative', title: opts.yLabel ?? 'value', ...(opts.logY === true ? { scale: { type: 'log', domain: logDomain(rows.map((r) => r.value)) }, axis: { format: '.0e' } } : {}) },
      // NOTE: on a log axis a bar cannot start at 0; it starts at the bottom of the domain.
      ...(opts.logY === true ? { y2: { datum: logDomain(rows.map((r) => r.value))[0] } } : {}),
      ...(grouped ? { xOffset: { field: 'series', sort: series }, color: { field: 'series', type: 'nominal', title: null, scale: { domain: series, range: colors } } } : { color: { value: CLASS_COLORS[0] } }),
    },
  } as TopLevelSpec;
}

/**
 * Draws one bar per label (grouped by `series` when given, in input order); returns SVG.
 * @example
 * await report.barChart(norms.map((v, i) => ({ label: `layer ${i + 1}`, value: v, series: 'sigmoid' })), { logY: true });
 */
export async function barChart(bars: readonly Bar[], opts: BarChartOptions = {}): Promise<string> {
  return renderSvg(barChartSpec(bars, opts));
}
