// Learning curves of a training run: train/validation loss per epoch, and accuracy in a second
// panel when the history has it (what `neurite train` writes as loss.svg/png).

import type { TopLevelSpec } from 'vega-lite';
import { ShapeError, ValueError } from '../errors.js';
import { SkipCounter, checkNumbers, checkSize, describe, subtitle, type ChartOptions } from './chart-data.js';
import { lineLayer, seriesRows, type Series } from './line-chart.js';
import { renderSvg } from './render-spec.js';

/** Per-epoch columns, e.g. built from `History.column(...)`. */
export interface LossHistory {
  epoch: ArrayLike<number>;
  trainLoss: ArrayLike<number>;
  valLoss?: ArrayLike<number | undefined>;
  trainAccuracy?: ArrayLike<number | undefined>;
  valAccuracy?: ArrayLike<number | undefined>;
}

/** One epoch's numbers, as in `History.toJSON()` / metrics.json. */
export interface LossRow {
  epoch: number;
  trainLoss: number;
  valLoss?: number;
  trainAccuracy?: number;
  valAccuracy?: number;
}

/** Options of `lossCurves`. */
export interface LossCurvesOptions extends ChartOptions {
  /** Logarithmic loss axis (losses <= 0 are skipped with a note). */
  logY?: boolean;
  /** Name of the loss in the axis title (default "loss"), e.g. "cross-entropy". */
  lossName?: string;
}

type Key = 'trainLoss' | 'valLoss' | 'trainAccuracy' | 'valAccuracy';

/** Columns from either input form; missing entries (undefined) become NaN and are skipped. */
function toColumns(fn: string, h: LossHistory | readonly LossRow[]): { epoch: ArrayLike<number>; cols: Partial<Record<Key, number[]>> } {
  if (h === null || typeof h !== 'object') throw new ValueError(`${fn}: history must be { epoch, trainLoss, ... } or an array of epoch rows, got ${describe(h)}`);
  const keys: Key[] = ['trainLoss', 'valLoss', 'trainAccuracy', 'valAccuracy'];
  const cols: Partial<Record<Key, number[]>> = {};
  if (Array.isArray(h)) {
    const rows = h as readonly LossRow[];
    if (rows.length === 0) throw new ValueError(`${fn}: the history is empty (no epochs to draw)`);
    const epoch = rows.map((r, i) => {
      if (r === null || typeof r !== 'object') throw new ValueError(`${fn}: history[${i}] must be an epoch row, got ${describe(r)}`);
      return r.epoch;
    });
    checkNumbers(fn, 'epoch', epoch);
    for (const k of keys) {
      if (rows.some((r) => r[k] !== undefined)) cols[k] = rows.map((r) => r[k] ?? Number.NaN);
    }
    if (cols.trainLoss === undefined) throw new ValueError(`${fn}: the history rows have no trainLoss`);
    return { epoch, cols };
  }
  const cols0 = h as LossHistory;
  const epoch = checkNumbers(fn, 'epoch', cols0.epoch);
  if (epoch.length === 0) throw new ValueError(`${fn}: the history is empty (no epochs to draw)`);
  for (const k of keys) {
    const c = cols0[k];
    if (c === undefined) continue;
    if (c === null || typeof c !== 'object' || typeof c.length !== 'number') throw new ValueError(`${fn}: ${k} must be an array of numbers, got ${describe(c)}`);
    if (c.length !== epoch.length) throw new ShapeError(`${fn}: ${k} has ${c.length} values but epoch has ${epoch.length}`);
    cols[k] = Array.from(c, (v) => v ?? Number.NaN);
    checkNumbers(fn, k, cols[k]);
  }
  if (cols.trainLoss === undefined) throw new ValueError(`${fn}: trainLoss is required`);
  return { epoch, cols };
}

/** The Vega-Lite spec of `lossCurves`. */
export function lossCurvesSpec(history: LossHistory | readonly LossRow[], opts: LossCurvesOptions = {}): TopLevelSpec {
  const fn = 'lossCurves';
  const { epoch, cols } = toColumns(fn, history);
  const series = (pairs: [Key, string][]): Series[] =>
    pairs.filter(([k]) => cols[k] !== undefined).map(([k, name]) => ({ name, x: epoch, y: cols[k] as number[] }));
  const lossSeries = series([['trainLoss', 'train'], ['valLoss', 'validation']]);
  const accSeries = series([['trainAccuracy', 'train'], ['valAccuracy', 'validation']]);
  const skips = new SkipCounter();
  const lossRows = seriesRows(fn, lossSeries, { logY: opts.logY }, skips);
  const accRows = accSeries.length > 0 ? seriesRows(`${fn} (accuracy)`, accSeries, {}, skips) : [];
  const names = ['train', 'validation'].filter((n) => lossSeries.some((s) => s.name === n) || accSeries.some((s) => s.name === n));
  const twoPanels = accRows.length > 0;
  const width = checkSize(fn, 'width', opts.width, twoPanels ? 250 : 500);
  const height = checkSize(fn, 'height', opts.height, 300);
  const common = { width, height, xLabel: 'epoch', integerX: true, legendTitle: 'split' };
  const loss = lineLayer(lossRows, names, { ...common, yLabel: opts.lossName ?? 'loss', logY: opts.logY, title: undefined });
  const title = { text: opts.title ?? (twoPanels ? 'Loss and accuracy' : 'Loss'), subtitle: subtitle(opts.subtitle, skips.note()) };
  if (!twoPanels) return { ...loss, title } as TopLevelSpec;
  const acc = lineLayer(accRows, names, { ...common, yLabel: 'accuracy' });
  return { title, hconcat: [loss, acc], resolve: { scale: { color: 'shared', strokeDash: 'shared' } } } as TopLevelSpec;
}

/**
 * Draws per-epoch train/validation loss (and accuracy in a second panel when present); returns SVG.
 * Takes columns (`{ epoch, trainLoss, valLoss?, trainAccuracy?, valAccuracy? }`) or epoch rows
 * (`History.toJSON()`). NaN/Inf values are skipped and counted in the subtitle.
 */
export async function lossCurves(history: LossHistory | readonly LossRow[], opts: LossCurvesOptions = {}): Promise<string> {
  return renderSvg(lossCurvesSpec(history, opts));
}
