// How the CLI ends: exit 0 on success, 2 with a one-line message for user errors (bad input, and
// every file-system fault: a full disk, a read-only mount, a symlink loop), 1 for internal errors.

import { CommanderError } from 'commander';
import { NeuriteError } from '../src/index.js';

/** A mistake in the command line or its inputs (exit code 2). */
export class UsageError extends Error {}

/**
 * The cause of each errno a file operation can raise, in words (POSIX and Node's libuv names).
 * Every code here becomes exit 2 with one line naming the path and the cause; a code missing here
 * still does, with Node's own wording.
 */
export const ERRNO_CAUSES: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  ENOSPC: 'disk full',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  ELOOP: 'too many levels of symbolic links (a symlink loop?)',
  EMFILE: 'too many open files in this process',
  ENFILE: 'too many open files in the system',
  ENAMETOOLONG: 'file name too long',
  EEXIST: 'already exists',
  ENOTEMPTY: 'directory not empty',
  EBUSY: 'resource busy or locked',
  ETXTBSY: 'text file busy',
  EIO: 'input/output error (a failing disk or network file system?)',
  EXDEV: 'cannot move across file systems',
  EFBIG: 'file too large for this file system',
  EOVERFLOW: 'value too large for this file system',
  EINVAL: 'invalid argument for this file system',
  EAGAIN: 'resource temporarily unavailable',
  EWOULDBLOCK: 'resource temporarily unavailable',
  EBADF: 'bad file descriptor',
  EMLINK: 'too many links',
  ENXIO: 'no such device or address',
  ENODEV: 'no such device',
  ESPIPE: 'cannot seek (a pipe?)',
  ESTALE: 'stale network file handle',
  ETIMEDOUT: 'timed out',
  EINTR: 'interrupted',
  ENOTSUP: 'operation not supported by this file system',
  EOPNOTSUPP: 'operation not supported by this file system',
  ENOSYS: 'function not implemented on this system',
  ENOMEM: 'out of memory',
  ECANCELED: 'operation canceled',
  EFAULT: 'bad address',
  ENOTCONN: 'not connected (a network file system?)',
  EHOSTDOWN: 'host is down (a network file system?)',
  ECONNRESET: 'connection reset (a network file system?)',
  ENOLCK: 'no locks available',
  EDEADLK: 'resource deadlock avoided',
  ENOTBLK: 'block device required',
  ENOTTY: 'inappropriate ioctl for device',
  EILSEQ: 'illegal byte sequence in the file name',
  ENOBUFS: 'no buffer space available',
  ENODATA: 'no data available',
  ENOEXEC: 'exec format error',
  ECHARSET: 'invalid character in the file name',
  EUNATCH: 'protocol driver not attached',
  EREMOTEIO: 'remote input/output error',
};

/** What each system call was doing, for messages ("cannot open ..."). */
const ACTIONS: Readonly<Record<string, string>> = {
  open: 'open', read: 'read', write: 'write', mkdir: 'create directory', rmdir: 'remove directory', unlink: 'delete',
  rename: 'rename', stat: 'access', lstat: 'access', fstat: 'access', scandir: 'list', readdir: 'list', fsync: 'sync',
  link: 'link', symlink: 'link', copyfile: 'copy', close: 'close', access: 'access', realpath: 'resolve', chmod: 'change mode of',
};

/** A Node file-system error: a string `code` such as ENOSPC, usually with `syscall` and `path`. */
export interface FsError {
  code: string;
  syscall?: string;
  path?: string;
  dest?: string;
  message: string;
}

/** True for an error that carries an errno code (ENOSPC, EROFS, ...) from a system call. */
export function isFsError(e: unknown): e is FsError {
  if (typeof e !== 'object' || e === null) return false;
  const { code, syscall, errno } = e as { code?: unknown; syscall?: unknown; errno?: unknown };
  return typeof code === 'string' && /^E[A-Z0-9]+$/.test(code) && (typeof syscall === 'string' || typeof errno === 'number' || code in ERRNO_CAUSES);
}

/** The cause of a file-system error in words (`disk full`, `read-only file system`, ...). */
export function fsCause(e: FsError): string {
  return ERRNO_CAUSES[e.code] ?? e.message.replace(/^E[A-Z0-9]+: /, '').replace(/, \w+ .*$/, '').split('\n')[0]!;
}

/** A path cut to about 120 characters (its start and its end), with its length. */
export function clipPath(p: string, max = 120): string {
  return p.length <= max ? p : `${p.slice(0, 50)}...${p.slice(-50)} (a path of ${p.length} characters)`;
}

/** One line for a file-system error: `cannot write runs/x/model.json.next: disk full (ENOSPC)`. */
export function formatFsError(e: FsError): string {
  const action = e.syscall ? (ACTIONS[e.syscall] ?? e.syscall) : 'use';
  const where = e.path === undefined ? '' : ` ${clipPath(e.path)}${e.dest !== undefined ? ` -> ${clipPath(e.dest)}` : ''}`;
  return `cannot ${action}${where}: ${fsCause(e)} (${e.code})`;
}

/** Prints `err` the way a user should see it and returns the exit code. */
export function reportError(err: unknown): number {
  if (err instanceof CommanderError) {
    // commander already printed its message; help and version exit cleanly.
    return err.exitCode === 0 || err.code === 'commander.helpDisplayed' || err.code === 'commander.version' ? 0 : 2;
  }
  if (err instanceof UsageError || err instanceof NeuriteError) {
    process.stderr.write(`neurite: ${err.message.split('\n')[0]}\n`);
    return 2;
  }
  if (isFsError(err)) {
    process.stderr.write(`neurite: ${formatFsError(err)}\n`);
    return 2;
  }
  process.stderr.write(`neurite: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  return 1;
}
