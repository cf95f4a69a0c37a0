// Durable file writes for Node: data reaches the disk before its name does, so a crash or a
// kill at any moment leaves either the old file or the new one, never a torn mixture.

import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { CheckpointError } from './checkpoint-error.js';

const CHUNK = 1 << 23; // 8 MiB per write call

/** Writes all of `bytes` to an open file descriptor (write may write less than asked). */
function writeAll(fd: number, bytes: Uint8Array): void {
  for (let pos = 0; pos < bytes.length;) {
    pos += writeSync(fd, bytes, pos, Math.min(CHUNK, bytes.length - pos));
  }
}

/** Creates or truncates `path`, writes `bytes` and fsyncs the file (no rename: for files not yet referenced). */
export function writeFileDurable(path: string, bytes: Uint8Array): void {
  const fd = openSync(path, 'w', 0o644);
  try {
    writeAll(fd, bytes);
    fsyncSync(fd);
  } catch (e) {
    // write and fsync errors (ENOSPC, EIO, EDQUOT) carry no path of their own: name the file
    if (typeof e === 'object' && e !== null && (e as { path?: unknown }).path === undefined) (e as { path?: string }).path = path;
    throw e;
  } finally {
    closeSync(fd);
  }
}

const errCode = (e: unknown): string | undefined => (typeof e === 'object' && e !== null ? (e as { code?: string }).code : undefined);

/**
 * Creates `dir` and its missing parents one level at a time (like `mkdir -p`). NOTE: Node's
 * recursive `mkdirSync` loops forever under /proc and reports a read-only file system (EROFS) as
 * ENOENT; creating each level ourselves after finding the deepest existing one gives the real cause
 * and always ends. Throws the file system's error (with its code and path), or a `CheckpointError`
 * when an existing component is not a directory or a file system refuses new entries.
 */
export function makeDirs(dir: string): void {
  const missing: string[] = [];
  for (let p = resolve(dir); ; p = dirname(p)) {
    let isDir: boolean;
    try {
      isDir = statSync(p).isDirectory();
    } catch (e) {
      if (errCode(e) !== 'ENOENT' || dirname(p) === p) throw e;
      missing.push(p);
      continue;
    }
    if (!isDir) throw new CheckpointError(`cannot create a directory under it: ${p} exists and is not a directory`, { file: dir });
    break;
  }
  for (const m of missing.reverse()) {
    try {
      mkdirSync(m);
    } catch (e) {
      if (errCode(e) === 'EEXIST' && statSync(m).isDirectory()) continue;
      // the parent exists (found above or just made), so ENOENT means this file system (/proc, /sys) takes no new entries
      if (errCode(e) === 'ENOENT') throw new CheckpointError(`cannot create directory ${m}: the file system of ${dirname(m)} does not allow new entries`, { file: dir });
      throw e;
    }
  }
}

/**
 * Flushes a directory's entries (new names, renames, deletions) to disk. NOTE: some platforms
 * and file systems cannot fsync a directory (Windows, some network mounts answer EISDIR, EPERM,
 * EINVAL or ENOTSUP); there the rename is as durable as the system makes it, and we go on.
 */
export function fsyncDir(dir: string): void {
  let fd: number;
  try {
    fd = openSync(dir, 'r');
  } catch (e) {
    if (isCode(e, ['EISDIR', 'EPERM', 'EACCES'])) return;
    throw e;
  }
  try {
    fsyncSync(fd);
  } catch (e) {
    if (!isCode(e, ['EISDIR', 'EPERM', 'EINVAL', 'ENOTSUP', 'EBADF'])) throw e;
  } finally {
    closeSync(fd);
  }
}

function isCode(e: unknown, codes: string[]): boolean {
  return typeof e === 'object' && e !== null && codes.includes((e as { code?: string }).code ?? '');
}

/** The temporary-file prefix `writeFileAtomic` uses for `name` (for cleaning up after a crash). */
export function atomicTempPrefix(name: string): string {
  return `.${name}.tmp-`;
}

/**
 * Replaces `path` with `bytes` atomically and durably: writes a temporary file in the same
 * directory, fsyncs it, renames it over `path` (atomic on POSIX file systems) and fsyncs the
 * directory. Readers see the old content or the new, never a part; after a crash the old file is
 * intact (a stray `.<name>.tmp-*` file may remain). The temporary file is removed on error.
 */
export function writeFileAtomic(path: string, bytes: Uint8Array): void {
  const dir = dirname(path);
  const tmp = join(dir, `${atomicTempPrefix(basename(path))}${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    writeFileDurable(tmp, bytes);
    renameSync(tmp, path);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // already renamed or never created
    }
    throw e;
  }
  fsyncDir(dir);
}
