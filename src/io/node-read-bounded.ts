// Reads a file only as far as the caller trusts it: a regular file no larger than a bound, checked
// with fstat on the open descriptor before any byte is read, so a link to /dev/zero, a FIFO or a huge
// file ends in a one-line error instead of an endless read or an out-of-memory crash.

import { closeSync, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { CheckpointError } from './checkpoint-error.js';

/** Options of `readFileBounded`. */
export interface ReadBoundedOptions {
  /** Largest size accepted, in bytes. */
  maxBytes: number;
  /** Says where the bound comes from in the error (e.g. "the manifest says 1234"). */
  sizeNote?: string;
}

/** What a non-regular file is, for messages. */
export function describeFileType(st: Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

function readOpen(fd: number, size: number): Uint8Array {
  // NOTE: read at most size + 1 bytes: a file that grows while it is read is caught, not followed.
  const buf = new Uint8Array(size + 1);
  let pos = 0;
  for (;;) {
    const n = readSync(fd, buf, pos, buf.length - pos, null);
    if (n === 0) break;
    pos += n;
    if (pos === buf.length) break;
  }
  return buf.subarray(0, pos);
}

/**
 * Reads `path` whole when it is a regular file of at most `maxBytes`; otherwise throws a
 * `CheckpointError` naming the file and what it is (a device, a FIFO, too large), without reading.
 * Errors from the file system itself (ENOENT, EACCES, ELOOP, ...) propagate unchanged.
 */
export function readFileBounded(path: string, { maxBytes, sizeNote }: ReadBoundedOptions): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new CheckpointError(`is ${describeFileType(st)}, not a regular file; refusing to read it`, { file: path });
    if (st.size > maxBytes) {
      throw new CheckpointError(`file is ${st.size} bytes, more than expected (${sizeNote ?? `at most ${maxBytes}`}); refusing to read it`, { file: path });
    }
    const b = readOpen(fd, st.size);
    if (b.length > maxBytes) throw new CheckpointError(`file grew while being read (past ${maxBytes} bytes); refusing it`, { file: path });
    return b;
  } finally {
    closeSync(fd);
  }
}

/** Reads `path` when it is a regular file of exactly `bytes` bytes; null otherwise (or when it cannot be opened). */
export function tryReadExact(path: string, bytes: number): Uint8Array | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return null;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile() || st.size !== bytes) return null;
    const b = readOpen(fd, bytes);
    return b.length === bytes ? b : null;
  } finally {
    closeSync(fd);
  }
}
