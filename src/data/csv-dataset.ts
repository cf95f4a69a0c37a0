// Turns a CSV table into a DatasetBundle: picks the target, decides numeric vs categorical columns,
// checks every value (errors name line and column), imputes when asked, detects the task and fits
// the schema that encodes new rows the same way at prediction time.

import { ValueError } from '../errors.js';
import type { DatasetBundle, Task } from './dataset-bundle.js';
import { clipValue, listValues, readCsvTable } from './csv-read.js';
import { DEFAULT_MISSING, canonicalLabel, encodeTable, parseNumber, type CsvColumn, type CsvSchema } from './csv-schema.js';

/** How to fill missing values: the training column's mean, median, or most frequent value. */
export type ImputeStrategy = 'mean' | 'median' | 'mostFrequent';

/** Options of `csvDataset`. */
export interface CsvDatasetOptions {
  /** File name for messages and `source` (default "CSV"). */
  file?: string;
  /** Dataset name (default: the file's base name without extension). */
  name?: string;
  /** Target column (default: the last column). */
  target?: string;
  /** 'classification', 'regression' or 'auto' (default): see `csvDataset`. */
  task?: Task | 'auto';
  /**
   * Fill missing and non-numeric values of numeric columns with the column's mean, median or most
   * frequent value, and missing categories with the most frequent one (default: such values are errors).
   */
  impute?: ImputeStrategy;
  /** Columns to treat as categorical (one-hot) even if they look numeric. */
  categorical?: readonly string[];
  /** Columns to treat as numeric even if most of their values are not numbers. */
  numeric?: readonly string[];
  /** Columns to leave out (ids, free text). */
  ignore?: readonly string[];
  /** An all-integer target with at most this many distinct values is a classification target (default 20). */
  maxClasses?: number;
  /** Field delimiter (default ","). */
  delimiter?: string;
  /** Strings read as missing (default `DEFAULT_MISSING`: "", NA, N/A, NaN, null, None, ?, ...). */
  missingValues?: readonly string[];
}

function mostFrequent<T>(values: readonly T[], order: (a: T, b: T) => number): T {
  const counts = new Map<T, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  // NOTE: ties go to the smallest value, so the fill does not depend on row order.
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || order(a[0], b[0]))[0]![0];
}

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Reads a labelled dataset from CSV text (header row required). Input columns are numeric when at
 * least half of their non-missing values are numbers (so a typo in a numeric column is reported, not
 * silently one-hot encoded), categorical otherwise; `categorical`/`numeric` override this. The task
 * is classification when the target has a non-numeric value, or only integers with at most
 * `maxClasses` distinct values (and at most half as many as rows); otherwise regression. Class
 * names are the sorted distinct labels (numerically when all are numbers). Every failure names
 * the line (header = line 1) and the column. The returned bundle carries the fitted `schema`.
 */
export function csvDataset(text: string, opts: CsvDatasetOptions = {}): DatasetBundle & { schema: CsvSchema } {
  const file = opts.file ?? 'CSV';
  const delimiter = opts.delimiter ?? ',';
  const missingValues = [...(opts.missingValues ?? DEFAULT_MISSING)];
  const missing = new Set(missingValues);
  const { header, rows, lines } = readCsvTable(text, { file, delimiter });
  if (rows.length === 0) throw new ValueError(`${file}: has a header but no data rows`);
  const target = opts.target ?? header[header.length - 1]!;
  const columnNames = new Set(header);
  const known = (what: string, names: readonly string[] | undefined): void => {
    for (const c of names ?? []) {
      if (!columnNames.has(c)) throw new ValueError(`${file}: ${what} column ${clipValue(c)} not found; columns are: ${listValues(header)}`);
    }
  };
  known('target', [target]);
  known('categorical', opts.categorical);
  known('numeric', opts.numeric);
  known('ignored', opts.ignore);
  const maxClasses = opts.maxClasses ?? 20;
  if (!Number.isInteger(maxClasses) || maxClasses < 2) throw new ValueError(`${file}: maxClasses must be an integer >= 2, got ${maxClasses}`);
  const impute = opts.impute;
  if (impute !== undefined && !['mean', 'median', 'mostFrequent'].includes(impute)) {
    throw new ValueError(`${file}: impute must be 'mean', 'median' or 'mostFrequent', got ${JSON.stringify(impute)}`);
  }
  const ignored = new Set(opts.ignore ?? []);
  const featureIdx = header.map((_, i) => i).filter((i) => header[i] !== target && !ignored.has(header[i]!));
  if (featureIdx.length === 0) throw new ValueError(`${file}: no input columns left besides the target "${target}"`);
  const at = (r: number, c: number): string => `${file}: line ${lines[r]}, column ${clipValue(header[c]!)}`;
  const hint = "pass impute: 'mean' | 'median' | 'mostFrequent' to fill it";

  // Decide each column's kind, then check values row by row so the first bad line is reported.
  const kinds = featureIdx.map((c) => {
    const name = header[c]!;
    if (opts.categorical?.includes(name)) return 'categorical' as const;
    if (opts.numeric?.includes(name)) return 'numeric' as const;
    let present = 0;
    let numbers = 0;
    for (const r of rows) {
      if (missing.has(r[c]!)) continue;
      present++;
      if (parseNumber(r[c]!) !== null) numbers++;
    }
    if (present === 0 && impute === undefined) throw new ValueError(`${file}: column "${name}" has no values (all missing)`);
    return numbers * 2 >= present ? ('numeric' as const) : ('categorical' as const);
  });
  rows.forEach((r, ri) => {
    featureIdx.forEach((c, k) => {
      const v = r[c]!;
      if (impute !== undefined) return;
      if (missing.has(v)) throw new ValueError(`${at(ri, c)}: missing value (${hint})`);
      if (kinds[k] === 'numeric' && parseNumber(v) === null) {
        throw new ValueError(`${at(ri, c)}: ${clipValue(v)} is not a number (the column is numeric; fix the value, ${hint}, or declare the column categorical)`);
      }
    });
  });

  const columns: CsvColumn[] = featureIdx.map((c, k) => {
    const name = header[c]!;
    if (kinds[k] === 'numeric') {
      const vals = rows.map((r) => (missing.has(r[c]!) ? null : parseNumber(r[c]!))).filter((v): v is number => v !== null);
      if (impute === undefined) return { name, kind: 'numeric' };
      if (vals.length === 0) throw new ValueError(`${file}: column "${name}" has no numeric values to impute from`);
      return { name, kind: 'numeric', fill: numericFill(vals, impute) };
    }
    const vals = rows.map((r) => r[c]!).filter((v) => !missing.has(v));
    if (vals.length === 0) throw new ValueError(`${file}: column "${name}" has no values to impute from`);
    const categories = [...new Set(vals)].sort(byString);
    return impute === undefined ? { name, kind: 'categorical', categories } : { name, kind: 'categorical', categories, fill: mostFrequent(vals, byString) };
  });
  const featureNames = columns.flatMap((c) => (c.kind === 'numeric' ? [c.name] : c.categories.map((v) => `${c.name}=${v}`)));

  const tIdx = header.indexOf(target);
  const tVals = rows.map((r, ri) => {
    if (missing.has(r[tIdx]!)) throw new ValueError(`${at(ri, tIdx)}: missing target value (rows without a target cannot be used)`);
    return r[tIdx]!;
  });
  const task = detectTask(tVals, opts.task ?? 'auto', maxClasses, (ri) => at(ri, tIdx));
  let classNames: string[] | undefined;
  if (task === 'classification') {
    const labels = [...new Set(tVals.map(canonicalLabel))];
    const allNum = labels.every((l) => parseNumber(l) !== null);
    classNames = labels.sort(allNum ? (a, b) => Number(a) - Number(b) : byString);
  }
  const schema: CsvSchema = { format: 'neurite-csv-schema', version: 1, target, task, columns, featureNames, missingValues, delimiter };
  if (classNames) schema.classNames = classNames;
  const { x, y } = encodeTable(header, rows, { file, where: (i) => `${file}: line ${lines[i]}` }, schema);
  const base = file.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '');
  const out: DatasetBundle & { schema: CsvSchema } = {
    name: opts.name ?? (base || 'csv'),
    source: `CSV file ${file}`,
    task,
    x,
    y: y!,
    featureNames,
    inputShape: [featureNames.length],
    schema,
  };
  if (classNames) out.classNames = classNames;
  return out;
}

function numericFill(vals: number[], impute: ImputeStrategy): number {
  if (impute === 'mean') return vals.reduce((a, b) => a + b, 0) / vals.length;
  if (impute === 'median') {
    const s = [...vals].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
  }
  return mostFrequent(vals, (a, b) => a - b);
}

function detectTask(values: readonly string[], requested: Task | 'auto', maxClasses: number, at: (row: number) => string): Task {
  const firstNonNumeric = values.findIndex((v) => parseNumber(v) === null);
  if (requested === 'regression') {
    if (firstNonNumeric >= 0) throw new ValueError(`${at(firstNonNumeric)}: ${clipValue(values[firstNonNumeric]!)} is not a number (the target of a regression must be numeric)`);
    return 'regression';
  }
  if (requested === 'classification') return 'classification';
  if (requested !== 'auto') throw new ValueError(`task must be 'classification', 'regression' or 'auto', got ${JSON.stringify(requested)}`);
  if (firstNonNumeric >= 0) return 'classification';
  const nums = values.map((v) => parseNumber(v)!);
  if (!nums.every((v) => Number.isInteger(v))) return 'regression';
  const distinct = new Set(nums).size;
  return distinct <= maxClasses && distinct <= Math.max(2, Math.floor(values.length / 2)) ? 'classification' : 'regression';
}
