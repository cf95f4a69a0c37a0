// Reads CSV text into a header and string rows with the 1-based line number of each row, using
// csv-parse's browser build (no Node Buffer needed) and turning its failures into one-line errors.

import { parse } from 'csv-parse/browser/esm/sync';
import { ValueError } from '../errors.js';
import { scanCsv } from './csv-scan.js';

/** Longest record (line, or lines of one quoted record) read, in characters. */
export const MAX_CSV_RECORD_CHARS = 32 * 1024 * 1024;
/** Longest field read, in characters. */
export const MAX_CSV_FIELD_CHARS = 1024 * 1024;

/**
 * Cuts a value quoted in a message to about 80 characters, saying how long it was, so a 50 MB
 * field cannot make a 50 MB one-line error: `"aaaa..." (52428800 characters)`.
 */
export function clipValue(v: string, max = 80): string {
  const q = JSON.stringify(v.length > max ? v.slice(0, max - 20) : v);
  return v.length > max ? `${q.slice(0, -1)}..." (${v.length} characters)` : q;
}

/** Joins names for a message, at most `max` of them, each clipped. */
export function listValues(vs: readonly string[], max = 10): string {
  const shown = vs.slice(0, max).map((v) => (v.length > 40 ? clipValue(v, 40) : v)).join(', ');
  return vs.length > max ? `${shown}, ... (${vs.length} in all)` : shown;
}

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

/** csv-parse's reading of `text` (used for files whose quoting the linear scanner refuses). */
function parseWithCsvParse(text: string, file: string, delimiter: string): { records: string[][]; lines: number[] } {
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
      max_record_size: MAX_CSV_RECORD_CHARS,
    }) as unknown as ParsedRecord[];
  } catch (e) {
    const { code, lines } = e as { code?: unknown; lines?: unknown };
    if (code === 'CSV_MAX_RECORD_SIZE') {
      throw new ValueError(`${file}: line ${typeof lines === 'number' ? lines : '?'}: a record longer than ${MAX_CSV_RECORD_CHARS} characters (an unclosed quote, or not a CSV file?)`);
    }
    const msg = String((e as Error).message).split('\n')[0]!;
    throw new ValueError(`${file}: malformed CSV: ${msg.length > 200 ? `${msg.slice(0, 180)}... (${msg.length} characters)` : msg}`);
  }
  // NOTE: info.lines is the line a record ends on; subtract the newlines inside the record (quoted
  // fields) so messages point at the line where the record starts. Leading newlines in `raw` are
  // skipped empty lines, the trailing one is the record delimiter.
  const lines = records.map((r) => r.info.lines - countNewlines(r.raw.replace(/^[\r\n\s]+/, '').replace(/\r?\n$/, '')));
  return { records: records.map((r) => r.record), lines };
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
  const scan = scanCsv(text, delimiter, { maxField: MAX_CSV_FIELD_CHARS, maxRecord: MAX_CSV_RECORD_CHARS });
  if (!scan.ok && !scan.quoting) throw new ValueError(`${file}: line ${scan.line}: ${scan.message} (an unclosed quote, or not a CSV file?)`);
  // NOTE: the linear scanner reads well-formed files; for quoting it cannot parse, csv-parse runs
  // so the message is its usual one (csv-parse is slower on wide rows, hence not the first choice).
  const { records: recs, lines } = scan.ok ? scan : parseWithCsvParse(text, file, delimiter);
  const records = recs.map((record) => ({ record }));
  if (records.length === 0) throw new ValueError(`${file}: the file is empty (expected a header row with column names)`);
  const headerRec = records[0]!;
  const header = headerRec.record;
  const seen = new Map<string, number>();
  header.forEach((h, i) => {
    if (h === '') throw new ValueError(`${file}: line ${lines[0]}: column ${i + 1} of the header has an empty name`);
    if (h.length > MAX_CSV_FIELD_CHARS) throw new ValueError(`${file}: line ${lines[0]}: column ${i + 1} of the header is ${h.length} characters long (at most ${MAX_CSV_FIELD_CHARS})`);
    const prev = seen.get(h);
    if (prev !== undefined) throw new ValueError(`${file}: line ${lines[0]}: duplicate column name ${clipValue(h)} in the header (columns ${prev + 1} and ${i + 1})`);
    seen.set(h, i);
  });
  const rows: string[][] = [];
  const rowLines: number[] = [];
  for (let i = 1; i < records.length; i++) {
    const rec = records[i]!.record;
    if (rec.length !== header.length) {
      throw new ValueError(`${file}: line ${lines[i]}: expected ${header.length} fields (as in the header), found ${rec.length}`);
    }
    for (let j = 0; j < rec.length; j++) {
      if (rec[j]!.length > MAX_CSV_FIELD_CHARS) {
        throw new ValueError(`${file}: line ${lines[i]}, column ${clipValue(header[j]!)}: a field of ${rec[j]!.length} characters (at most ${MAX_CSV_FIELD_CHARS}): ${clipValue(rec[j]!)}`);
      }
    }
    rows.push(rec);
    rowLines.push(lines[i]!);
  }
  return { header, rows, lines: rowLines };
}
