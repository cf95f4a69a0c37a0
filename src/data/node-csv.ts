// Node-only CSV loader: reads a file (a regular file of bounded size) as UTF-8, refusing invalid
// UTF-8 with the line it is on (or as Latin-1 when asked), and hands the text to `csvDataset`.

import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { ValueError } from '../errors.js';
import type { DatasetBundle } from './dataset-bundle.js';
import { csvDataset, type CsvDatasetOptions } from './csv-dataset.js';
import type { CsvSchema } from './csv-schema.js';

/** Largest text file read (V8 strings hold at most about 2^29 characters). */
export const MAX_TEXT_FILE_BYTES = 400 * 1024 * 1024;

/** Text encodings `readTextFile` reads. */
export type TextEncodingName = 'utf8' | 'latin1';

/** Options of `readTextFile`. */
export interface ReadTextOptions {
  /** 'utf8' (default: invalid UTF-8 is an error naming its line) or 'latin1' (every byte is a character). */
  encoding?: TextEncodingName;
  /** Largest file accepted, in bytes (default `MAX_TEXT_FILE_BYTES`). */
  maxBytes?: number;
}

/** The byte offset of the first invalid UTF-8 sequence in `b`, or -1 (RFC 3629: no overlongs, surrogates or code points past U+10FFFF). */
export function firstInvalidUtf8(b: Uint8Array): number {
  for (let i = 0; i < b.length;) {
    const c = b[i]!;
    if (c < 0x80) { i++; continue; }
    let n: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) n = 1;
    else if (c >= 0xe0 && c <= 0xef) { n = 2; if (c === 0xe0) lo = 0xa0; if (c === 0xed) hi = 0x9f; }
    else if (c >= 0xf0 && c <= 0xf4) { n = 3; if (c === 0xf0) lo = 0x90; if (c === 0xf4) hi = 0x8f; }
    else return i;
    for (let k = 1; k <= n; k++) {
      const d = b[i + k];
      if (d === undefined || d < (k === 1 ? lo : 0x80) || d > (k === 1 ? hi : 0xbf)) return i;
    }
    i += n + 1;
  }
  return -1;
}

function why(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a directory';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'ELOOP') return 'too many levels of symbolic links';
  return (e as Error).message.split('\n')[0]!;
}

/**
 * Reads a text file, turning a missing or unreadable file, one that is not a regular file (a
 * device, a FIFO), one larger than `maxBytes`, or invalid UTF-8 (naming line and column) into a
 * one-line `ValueError`.
 */
export function readTextFile(path: string, what = 'file', { encoding = 'utf8', maxBytes = MAX_TEXT_FILE_BYTES }: ReadTextOptions = {}): string {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw new ValueError(`cannot read ${what} ${path}: ${why(e)}`);
  }
  let bytes: Uint8Array;
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw new ValueError(`cannot read ${what} ${path}: is a directory`);
    if (!st.isFile()) throw new ValueError(`cannot read ${what} ${path}: not a regular file (a device, FIFO or socket); refusing to read it`);
    if (st.size > maxBytes) throw new ValueError(`cannot read ${what} ${path}: the file is ${st.size} bytes, more than the ${maxBytes} neurite reads as text`);
    bytes = new Uint8Array(st.size);
    let pos = 0;
    while (pos < bytes.length) {
      const n = readSync(fd, bytes, pos, bytes.length - pos, null);
      if (n === 0) break;
      pos += n;
    }
    bytes = bytes.subarray(0, pos);
  } catch (e) {
    if (e instanceof ValueError) throw e;
    throw new ValueError(`cannot read ${what} ${path}: ${why(e)}`);
  } finally {
    closeSync(fd);
  }
  if (encoding === 'latin1') return new TextDecoder('latin1').decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // find where, below
  }
  const bad = firstInvalidUtf8(bytes);
  {
    let line = 1;
    let start = 0;
    for (let i = 0; i < bad; i++) if (bytes[i] === 10) { line++; start = i + 1; }
    throw new ValueError(`${path}: line ${line} is not valid UTF-8 (byte 0x${(bytes[bad] ?? 0).toString(16).padStart(2, '0')} at byte ${bad - start + 1} of the line); save the file as UTF-8, or pass --encoding latin1`);
  }
}

/** Options of `loadCsv`: those of `csvDataset` and the file's text encoding. */
export type LoadCsvOptions = Omit<CsvDatasetOptions, 'file'> & { encoding?: TextEncodingName };

/** Loads a labelled dataset from a CSV file (see `csvDataset` for the rules and options). */
export function loadCsv(path: string, { encoding, ...opts }: LoadCsvOptions = {}): DatasetBundle & { schema: CsvSchema } {
  return csvDataset(readTextFile(path, 'CSV file', encoding === undefined ? {} : { encoding }), { ...opts, file: path });
}
