// Reads CSV text into a header and string rows with the 1-based line number of each row, using
// csv-parse's browser build (no Node Buffer needed) and turning its failures into one-line errors.

import { parse } from 'csv-parse/browser/esm/sync';
import { ValueError } from '../errors.js';

/** A CSV table: header names, rows of raw strings, and the line each row starts on (header = line 1). */
export interface CsvTable {
  header: string[];
  rows: string[][];
  lines: number[];
}

/** Options of `readCsvTable`. */
export interface ReadCsvOptions {
  /** File name used in error messages (default "CSV"). */
  file?: string;
  /** Field delimiter (default ","). */
  delimiter?: string;
}

interface ParsedRecord {
  record: string[];
  raw: string;
  info: { lines: number };
}

function countNewlines(s: string): number {
  let k = 0;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === 10) k++;
  return k;
}

/**
 * Parses CSV text with a required header row. Fields are trimmed; empty lines are skipped; quoted
 * fields may hold delimiters and newlines. Throws a `ValueError` naming the file and line for an
 * empty file, an empty or duplicate header name, a row with a different number of fields than the
 * header, or malformed quoting.
 */
export function readCsvTable(text: string, { file = 'CSV', delimiter = ',' }: ReadCsvOptions = {}): CsvTable {
  if (typeof text !== 'string') throw new ValueError(`${file}: expected CSV text (a string)`);
  let records: ParsedRecord[];
  try {
    records = parse(text, {
      delimiter,
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
      raw: true,
    }) as unknown as ParsedRecord[];
  } catch (e) {
    throw new ValueError(`${file}: malformed CSV: ${(e as Error).message}`);
  }
  if (records.length === 0) throw new ValueError(`${file}: the file is empty (expected a header row with column names)`);
  // NOTE: info.lines is the line a record ends on; subtract the newlines inside the record (quoted
  // fields) so messages point at the line where the record starts. Leading newlines in `raw` are
  // skipped empty lines, the trailing one is the record delimiter.
  const lines = records.map((r) => r.info.lines - countNewlines(r.raw.replace(/^[\r\n\s]+/, '').replace(/\r?\n$/, '')));
  const headerRec = records[0]!;
  const header = headerRec.record;
  const seen = new Map<string, number>();
  header.forEach((h, i) => {
    if (h === '') throw new ValueError(`${file}: line ${lines[0]}: column ${i + 1} of the header has an empty name`);
    const prev = seen.get(h);
    if (prev !== undefined) throw new ValueError(`${file}: line ${lines[0]}: duplicate column name "${h}" in the header (columns ${prev + 1} and ${i + 1})`);
    seen.set(h, i);
  });
  const rows: string[][] = [];
  const rowLines: number[] = [];
  for (let i = 1; i < records.length; i++) {
    const rec = records[i]!.record;
    if (rec.length !== header.length) {
      throw new ValueError(`${file}: line ${lines[i]}: expected ${header.length} fields (as in the header), found ${rec.length}`);
    }
    rows.push(rec);
    rowLines.push(lines[i]!);
  }
  return { header, rows, lines: rowLines };
}
