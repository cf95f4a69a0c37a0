// The fitted encoding of a CSV dataset (feature kinds, categories, fill values, class names) and the
// function that encodes new rows with it, so prediction sees exactly the columns training saw.

import { ValueError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import type { Task } from './dataset-bundle.js';
import { clipValue, listValues, readCsvTable } from './csv-read.js';

/** Largest magnitude a float32 holds (features are float32). */
const FLOAT32_MAX = 3.4028234663852886e38;

/** The message for a number outside float32's range, or null when it fits. */
export function float32RangeProblem(v: number, text: string): string | null {
  return Math.abs(v) > FLOAT32_MAX ? `${clipValue(text)} exceeds float32's range (about ±3.4e38)` : null;
}

/** A numeric feature column; `fill` replaces missing values (set when the data was imputed). */
export interface NumericColumn {
  name: string;
  kind: 'numeric';
  fill?: number;
}

/** A categorical feature column, one-hot encoded over `categories` (sorted); `fill` replaces missing values. */
export interface CategoricalColumn {
  name: string;
  kind: 'categorical';
  categories: string[];
  fill?: string;
}

/** One input column of a CSV schema. */
export type CsvColumn = NumericColumn | CategoricalColumn;

/** The JSON-serializable encoding fitted by `csvDataset` (saved with a model, used by `encodeCsvRows`). */
export interface CsvSchema {
  format: 'neurite-csv-schema';
  version: 1;
  /** Target column name. */
  target: string;
  task: Task;
  /** Input columns, in encoding order. */
  columns: CsvColumn[];
  /** Encoded feature names (`age`, `color=red`, ...), one per column of x. */
  featureNames: string[];
  /** Class names by index; labels are matched as strings (numeric labels in canonical form, "1.0" → "1"). */
  classNames?: string[];
  /** Strings read as missing values. */
  missingValues: string[];
  delimiter: string;
}

/** Strings read as a missing value (case-sensitive, after trimming), as pandas reads them, plus "?". */
export const DEFAULT_MISSING: readonly string[] = ['', 'NA', 'N/A', 'n/a', 'NaN', 'nan', 'null', 'NULL', 'None', '?', '#N/A'];

const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** The number a CSV field holds, or null when it is not a plain decimal number. */
export function parseNumber(s: string): number | null {
  return NUMBER_RE.test(s) ? Number(s) : null;
}

/** The canonical class name of a numeric label ("1.0" and "1" are the same class "1"). */
export function canonicalLabel(s: string): string {
  const v = parseNumber(s);
  return v === null ? s : String(v);
}

/** Options of `encodeCsvRows` / `encodeRecords`. */
export interface EncodeOptions {
  /** File name for messages (default "CSV"). */
  file?: string;
  /** A category not seen in training: 'error' (default) or 'ignore' (all-zero one-hot). */
  unknownCategory?: 'error' | 'ignore';
}

/** Encoded rows: x float32 [N, features]; y when the target column is present. */
export interface EncodedRows {
  x: Tensor;
  y?: Tensor;
}

/**
 * Encodes CSV text with a fitted schema (as `csvDataset` fitted it): columns are found by header
 * name (order may differ, extra columns are ignored), missing values take the schema's fill values
 * or fail, categories one-hot encode over the training categories. When the target column is
 * present, `y` is encoded too. Errors name the line (header = line 1) and the column.
 */
export function encodeCsvRows(text: string, schema: CsvSchema, opts: EncodeOptions = {}): EncodedRows {
  const file = opts.file ?? 'CSV';
  const table = readCsvTable(text, { file, delimiter: schema.delimiter });
  return encodeTable(table.header, table.rows, { file, where: (i) => `${file}: line ${table.lines[i]}` }, schema, opts);
}

/**
 * Encodes plain objects (e.g. rows of a JSON file) with a fitted schema; values may be strings,
 * numbers or null. Errors name the record (0-based index) and the column.
 */
export function encodeRecords(records: readonly Record<string, unknown>[], schema: CsvSchema, opts: EncodeOptions = {}): EncodedRows {
  const file = opts.file ?? 'input';
  records.forEach((r, i) => {
    if (r === null || typeof r !== 'object' || Array.isArray(r)) throw new ValueError(`${file}: record ${i} is not an object`);
  });
  const hasTarget = records.length > 0 && records.every((r) => schema.target in r);
  const header = [...schema.columns.map((c) => c.name), ...(hasTarget ? [schema.target] : [])];
  const rows = records.map((r, i) =>
    header.map((h) => {
      if (!(h in r)) throw new ValueError(`${file}: record ${i}: column "${h}" is missing`);
      const v = r[h];
      return v === null ? '' : String(v).trim();
    }),
  );
  return encodeTable(header, rows, { file, where: (i) => `${file}: record ${i}` }, schema, opts);
}

/** Encodes string rows whose columns are named by `header`. */
export function encodeTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  loc: { file: string; where: (row: number) => string },
  schema: CsvSchema,
  { unknownCategory = 'error' }: EncodeOptions = {},
): EncodedRows {
  // NOTE: column positions and category indices are looked up once, not per row and column
  // (indexOf per cell made 30,000 columns take seconds and 10^6 columns hang).
  const position = new Map<string, number>();
  header.forEach((h, i) => { if (!position.has(h)) position.set(h, i); });
  const col = (name: string): number => position.get(name) ?? -1;
  const missing = new Set(schema.missingValues);
  for (const c of schema.columns) {
    if (col(c.name) < 0) throw new ValueError(`${loc.file}: column ${clipValue(c.name)} is missing (the model was trained on: ${listValues(schema.columns.map((k) => k.name))})`);
  }
  const cols = schema.columns.map((c) => col(c.name));
  const categoryIndex = schema.columns.map((c) => (c.kind === 'categorical' ? new Map(c.categories.map((v, k) => [v, k])) : null));
  const f = schema.featureNames.length;
  const n = rows.length;
  const x = new Float32Array(n * f);
  for (let i = 0; i < n; i++) {
    const row = rows[i]!;
    let o = i * f;
    for (let j = 0; j < schema.columns.length; j++) {
      const c = schema.columns[j]!;
      let v = row[cols[j]!]!;
      const at = (): string => `${loc.where(i)}, column ${clipValue(c.name)}`;
      if (c.kind === 'numeric') {
        let num = missing.has(v) ? null : parseNumber(v);
        if (num === null) {
          if (c.fill === undefined) {
            throw new ValueError(missing.has(v) ? `${at()}: missing value` : `${at()}: ${clipValue(v)} is not a number`);
          }
          num = c.fill;
        }
        const range = float32RangeProblem(num, v);
        if (range !== null) throw new ValueError(`${at()}: ${range}`);
        x[o++] = num;
      } else {
        if (missing.has(v)) {
          if (c.fill === undefined) throw new ValueError(`${at()}: missing value`);
          v = c.fill;
        }
        const k = categoryIndex[j]!.get(v) ?? -1;
        if (k < 0 && unknownCategory === 'error') {
          throw new ValueError(`${at()}: unknown category ${clipValue(v)} (known: ${listValues(c.categories)})`);
        }
        if (k >= 0) x[o + k] = 1;
        o += c.categories.length;
      }
    }
  }
  const out: EncodedRows = { x: new Tensor(x, [n, f], 'float32') };
  const t = col(schema.target);
  if (t >= 0) out.y = encodeTarget(rows.map((r) => r[t]!), (i) => `${loc.where(i)}, column ${clipValue(schema.target)}`, schema, missing);
  return out;
}

/** Encodes target strings: class indices (int32 [N]) or values (float32 [N, 1]). */
export function encodeTarget(values: readonly string[], at: (i: number) => string, schema: CsvSchema, missing: ReadonlySet<string>): Tensor {
  const n = values.length;
  if (schema.task === 'classification') {
    const classes = schema.classNames ?? [];
    const index = new Map(classes.map((c, i) => [c, i]));
    const y = new Int32Array(n);
    values.forEach((v, i) => {
      if (missing.has(v)) throw new ValueError(`${at(i)}: missing target value`);
      const k = index.get(canonicalLabel(v));
      if (k === undefined) throw new ValueError(`${at(i)}: unknown class ${clipValue(v)} (classes: ${listValues(classes)})`);
      y[i] = k;
    });
    return new Tensor(y, [n], 'int32');
  }
  const y = new Float32Array(n);
  values.forEach((v, i) => {
    if (missing.has(v)) throw new ValueError(`${at(i)}: missing target value`);
    const num = parseNumber(v);
    if (num === null) throw new ValueError(`${at(i)}: ${clipValue(v)} is not a number (the target of a regression must be numeric)`);
    const range = float32RangeProblem(num, v);
    if (range !== null) throw new ValueError(`${at(i)}: ${range}`);
    y[i] = num;
  });
  return new Tensor(y, [n, 1], 'float32');
}

/** Checks that `json` is a CsvSchema (as `JSON.parse` of a saved one gives) and returns it. */
export function checkCsvSchema(json: unknown): CsvSchema {
  const s = json as Partial<CsvSchema> | null;
  const bad = (what: string): never => {
    throw new ValueError(`CSV schema: ${what}`);
  };
  if (!s || typeof s !== 'object' || s.format !== 'neurite-csv-schema') bad('not a neurite CSV schema (format must be "neurite-csv-schema")');
  if (s!.version !== 1) bad(`unsupported version ${String(s!.version)}`);
  if (typeof s!.target !== 'string') bad('target must be a string');
  if (s!.task !== 'classification' && s!.task !== 'regression') bad(`task must be classification or regression`);
  if (!Array.isArray(s!.columns) || !Array.isArray(s!.featureNames) || !Array.isArray(s!.missingValues)) bad('columns, featureNames and missingValues must be arrays');
  const width = s!.columns!.reduce((a, c) => a + (c.kind === 'categorical' ? (Array.isArray(c.categories) ? c.categories.length : bad(`column ${c.name} has no categories`)) : 1), 0);
  if (width !== s!.featureNames!.length) bad(`columns encode ${width} features but featureNames has ${s!.featureNames!.length}`);
  if (s!.task === 'classification' && !Array.isArray(s!.classNames)) bad('classification needs classNames');
  if (typeof s!.delimiter !== 'string') bad('delimiter must be a string');
  return s as CsvSchema;
}
