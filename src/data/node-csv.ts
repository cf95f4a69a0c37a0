// Node-only CSV loader: reads a file as UTF-8 and hands the text to the browser-safe `csvDataset`.

import { readFileSync } from 'node:fs';
import { ValueError } from '../errors.js';
import type { DatasetBundle } from './dataset-bundle.js';
import { csvDataset, type CsvDatasetOptions } from './csv-dataset.js';
import type { CsvSchema } from './csv-schema.js';

/** Reads a text file, turning a missing or unreadable file into a one-line `ValueError`. */
export function readTextFile(path: string, what = 'file'): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    throw new ValueError(`cannot read ${what} ${path}: ${why}`);
  }
}

/** Loads a labelled dataset from a CSV file (see `csvDataset` for the rules and options). */
export function loadCsv(path: string, opts: Omit<CsvDatasetOptions, 'file'> = {}): DatasetBundle & { schema: CsvSchema } {
  return csvDataset(readTextFile(path, 'CSV file'), { ...opts, file: path });
}
