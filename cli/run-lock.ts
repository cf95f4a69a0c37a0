// One writer per run directory: a lock file created with O_EXCL that holds the owner's pid, host and
// command, removed when the owner ends; a lock whose process is gone (killed with SIGKILL, a crash)
// is stale and taken over, so a second `neurite train --out D` is refused while the first runs.

import { closeSync, linkSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { UsageError } from './errors.js';

/** Name of the lock file inside a run directory. */
export const LOCK_FILE = '.neurite.lock';

/** What the lock file holds. */
export interface LockOwner {
  pid: number;
  host: string;
  command: string;
  /** The owner's start time from /proc/<pid>/stat (Linux), so a reused pid is not taken for the owner. */
  startTime?: string;
  since: string;
}

/** A held lock; `release()` removes the lock file (also done when the process exits). */
export interface RunLock {
  dir: string;
  release(): void;
}

/** The start time of a process from /proc (Linux), or undefined where there is none. */
function startTimeOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // fields after the parenthesised command name; the start time is field 22 (index 19 after it)
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/** True while the lock's owner (on this host) is running. */
function alive(owner: LockOwner): boolean {
  try {
    process.kill(owner.pid, 0);
  } catch (e) {
    if ((e as { code?: string }).code === 'ESRCH') return false;
    // EPERM: a process of another user holds the pid, so it runs
  }
  if (owner.startTime === undefined) return true;
  const now = startTimeOf(owner.pid);
  return now === undefined || now === owner.startTime;
}

function readOwner(path: string): LockOwner | null {
  try {
    const o = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockOwner>;
    if (typeof o.pid === 'number' && typeof o.host === 'string') return o as LockOwner;
  } catch {
    // missing (released meanwhile) or half-written by an owner that is still creating it
  }
  return null;
}

const held = new Map<string, string>(); // lock path -> our token, released on exit
let exitHook = false;

function removeOurs(path: string, token: string): void {
  try {
    if (readFileSync(path, 'utf8').includes(token)) unlinkSync(path);
  } catch {
    // already gone
  }
}

/**
 * Takes the lock of run directory `dir` (which must exist) for `command`, or throws a `UsageError`
 * ("runs/x is in use by neurite train (pid 1234)") when a running process holds it. A lock left by
 * a process that is gone on this host is taken over. NOTE: the lock file is written complete under
 * a temporary name and then hard-linked to its name, which fails when the name exists; so the
 * lock either exists whole or not at all, and of two racing writers exactly one wins.
 */
export function lockRun(dir: string, command: string): RunLock {
  const path = join(dir, LOCK_FILE);
  const token = randomBytes(8).toString('hex');
  const owner = { pid: process.pid, host: hostname(), command, startTime: startTimeOf(process.pid), since: new Date().toISOString(), token };
  const tmp = `${path}.${process.pid}-${token}`;
  const fd = openSync(tmp, 'wx', 0o644);
  try {
    writeSync(fd, `${JSON.stringify(owner)}\n`);
  } finally {
    closeSync(fd);
  }
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        linkSync(tmp, path);
        break;
      } catch (e) {
        if ((e as { code?: string }).code !== 'EEXIST' || attempt >= 3) throw e;
      }
      const other = readOwner(path);
      if (other === null) {
        if (attempt >= 2) throw new UsageError(`${dir} is in use by neurite (the lock file ${path} is being written or is unreadable; remove it if no neurite runs there)`);
        continue;
      }
      if (other.host !== owner.host || alive(other)) {
        throw new UsageError(`${dir} is in use by neurite${other.command ? ` ${other.command}` : ''} (pid ${other.pid}${other.host !== owner.host ? ` on ${other.host}` : ''}); wait for it to finish or stop it`);
      }
      // Stale: move it aside under a unique name, and put it back if it turned out to be a new owner's.
      const aside = `${path}.stale-${token}`;
      try {
        renameSync(path, aside);
      } catch {
        continue;
      }
      const moved = readOwner(aside);
      if (moved && moved.pid !== other.pid) {
        try {
          linkSync(aside, path);
        } catch {
          // someone else took the lock meanwhile; the next attempt reports them
        }
      }
      unlinkSync(aside);
    }
  } finally {
    unlinkSync(tmp);
  }
  held.set(path, token);
  if (!exitHook) {
    exitHook = true;
    process.on('exit', () => {
      for (const [p, t] of held) removeOurs(p, t);
    });
  }
  return {
    dir,
    release(): void {
      if (!held.has(path)) return;
      held.delete(path);
      removeOurs(path, token);
    },
  };
}

/** The owner of `dir`'s lock when a running process holds it, else null. */
export function lockOwner(dir: string): LockOwner | null {
  const o = readOwner(join(dir, LOCK_FILE));
  return o && (o.host !== hostname() || alive(o)) ? o : null;
}
