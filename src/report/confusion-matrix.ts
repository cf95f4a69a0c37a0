// Confusion matrix heatmap: rows are true classes, columns predicted ones, counts written in the
// cells; the row-normalized view shows each class's recall on the diagonal.

import type { TopLevelSpec } from 'vega-lite';
import { ShapeError, ValueError } from '../errors.js';
import { checkNumbers, checkSize, describe, round6, subtitle, type ChartOptions } from './chart-data.js';
import { renderSvg } from './render-spec.js';

/** Options of `confusionMatrix`. */
export interface ConfusionMatrixOptions extends ChartOptions {
  /** Color each row by its share of the row total (cells show the count and the percentage). */
  normalize?: boolean;
}

/** The Vega-Lite spec of `confusionMatrix`. */
export function confusionMatrixSpec(matrix: ArrayLike<ArrayLike<number>>, classNames: readonly string[], opts: ConfusionMatrixOptions = {}): TopLevelSpec {
  const fn = 'confusionMatrix';
  if (matrix === null || typeof matrix !== 'object' || typeof matrix.length !== 'number') throw new ValueError(`${fn}: matrix must be an array of rows, got ${describe(matrix)}`);
  const k = matrix.length;
  if (k === 0) throw new ValueError(`${fn}: the matrix is empty (no classes)`);
  if (!Array.isArray(classNames) || classNames.some((c) => typeof c !== 'string')) throw new ValueError(`${fn}: classNames must be an array of strings`);
  if (classNames.length !== k) throw new ShapeError(`${fn}: ${classNames.length} class names for a ${k} x ${k} matrix`);
  if (new Set(classNames).size !== k) throw new ValueError(`${fn}: class names must be distinct (got ${classNames.join(', ')})`);
  const rows: { t: string; p: string; count: number; share: number; label: string }[] = [];
  let max = 0;
  for (let i = 0; i < k; i++) {
    const row = checkNumbers(fn, `matrix[${i}]`, matrix[i]);
    if (row.length !== k) throw new ShapeError(`${fn}: matrix[${i}] has ${row.length} entries but the matrix has ${k} rows (it must be square)`);
    let total = 0;
    for (let j = 0; j < k; j++) {
      const c = row[j] as number;
      if (!Number.isFinite(c) || c < 0) throw new ValueError(`${fn}: matrix[${i}][${j}] is ${c}; counts must be finite and >= 0`);
      total += c;
      max = Math.max(max, c);
    }
    for (let j = 0; j < k; j++) {
      const c = row[j] as number;
      const share = total > 0 ? c / total : 0;
      const count = Number.isInteger(c) ? String(c) : String(round6(c));
      rows.push({ t: classNames[i] as string, p: classNames[j] as string, count: c, share: round6(share), label: opts.normalize === true ? `${count}\n${(share * 100).toFixed(0)}%` : count });
    }
  }
  const cell = Math.max(18, Math.min(60, Math.floor(420 / k)));
  const size = checkSize(fn, 'width', opts.width, cell * k);
  const height = checkSize(fn, 'height', opts.height, size);
  const field = opts.normalize === true ? 'share' : 'count';
  const domainMax = opts.normalize === true ? 1 : Math.max(max, 1);
  const fontSize = Math.max(7, Math.min(13, Math.floor((size / k) / 3.2)));
  const sorted = [...classNames];
  const total = rows.reduce((s, r) => s + r.count, 0);
  const correct = classNames.reduce((s, _c, i) => s + ((matrix[i] as ArrayLike<number>)[i] as number), 0);
  const acc = total > 0 ? `accuracy ${((100 * correct) / total).toFixed(2)}% of ${round6(total)}` : 'no samples';
  return {
    title: { text: opts.title ?? (opts.normalize === true ? 'Confusion matrix (row-normalized)' : 'Confusion matrix'), subtitle: subtitle(opts.subtitle, acc) },
    width: size,
    height,
    data: { values: rows },
    encoding: {
      x: { field: 'p', type: 'ordinal', title: 'predicted', sort: sorted, axis: { labelAngle: k > 6 ? -45 : 0, orient: 'bottom' } },
      y: { field: 't', type: 'ordinal', title: 'true', sort: sorted },
    },
    layer: [
      {
        mark: { type: 'rect', stroke: 'white', strokeWidth: 1 },
        encoding: {
          color: { field, type: 'quantitative', title: opts.normalize === true ? 'row share' : 'count', scale: { scheme: 'blues', domain: [0, domainMax] }, legend: { gradientLength: Math.min(height, 200) } },
        },
      },
      ...(k <= 30
        ? [{
            mark: { type: 'text', fontSize, lineBreak: '\n' },
            encoding: {
              text: { field: 'label', type: 'nominal' },
              color: { condition: { test: `datum.${field} > ${domainMax / 2}`, value: 'white' }, value: '#222' },
            },
          }]
        : []),
    ],
  } as TopLevelSpec;
}

/**
 * Draws a confusion matrix (`matrix[i][j]` = samples of true class i predicted as j) with the counts
 * in the cells and the accuracy under the title; returns SVG. Text is left out above 30 classes.
 */
export async function confusionMatrix(matrix: ArrayLike<ArrayLike<number>>, classNames: readonly string[], opts: ConfusionMatrixOptions = {}): Promise<string> {
  return renderSvg(confusionMatrixSpec(matrix, classNames, opts));
}
