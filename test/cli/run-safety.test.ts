// Nothing lost (issue 15, items 1-5): one writer per run directory (real concurrent processes),
// foreign directories refused, unfinished saves recovered by every command, file-system faults
// (disk full on a small tmpfs, read-only mounts, symlink loops, /proc, /sys) as one-line exit 2.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCheckpoint, saveCheckpoint } from '../../src/node.js';
import { runCli, spawnCli } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'neurite-safety-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const TRAIN = ['train', '--data', 'circles', '--layers', '3', '--quiet', '--no-progress'];

function userError(r: { status: number | null; stderr: string }, re: RegExp): void {
  assert.equal(r.status, 2, r.stderr);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0]!, re);
  assert.doesNotMatch(r.stderr, /internal error|\n\s+at /);
}

test('three concurrent trains on one --out: exactly one writes, the others exit 2 naming the owner, and the run is whole', async () => {
  const out = join(dir, 'race');
  const runs = await Promise.all([0, 1, 2].map(() => spawnCli([...TRAIN, '--epochs', '30', '--out', out], () => {})));
  const ok = runs.filter((r) => r.status === 0);
  assert.equal(ok.length, 1, runs.map((r) => `${r.status}: ${r.stderr}`).join('\n'));
  for (const r of runs.filter((x) => x.status !== 0)) userError(r, /is in use by neurite train \(pid \d+\)|already holds a trained model/);
  const ckpt = loadCheckpoint(out);
  assert.equal((ckpt.trainerState as { trainer: { epoch: number } }).trainer.epoch, 30);
  assert.ok(!existsSync(join(out, '.neurite.lock')), 'the lock is released');
  assert.deepEqual(readdirSync(out).filter((f) => f.includes('.next') || f.includes('.tmp-')), []);
});

test('a second writer while the first trains: exit 2 with "<dir> is in use by neurite train (pid N)"', async () => {
  const out = join(dir, 'busy');
  let second: ReturnType<typeof runCli> | null = null;
  let ownerPid = 0;
  const first = await spawnCli([...TRAIN.filter((a) => a !== '--quiet'), '--epochs', '400', '--out', out], (line, child) => {
    if (second === null && /^epoch \d+/.test(line)) {
      ownerPid = child.pid!;
      second = runCli([...TRAIN, '--epochs', '1', '--out', out, '--force']); // --force does not override the lock
      const resume = runCli(['train', '--resume', out, '--quiet']);
      userError(resume, /is in use by neurite train/);
      child.kill('SIGINT');
    }
  });
  assert.notEqual(second, null, first.stdout + first.stderr);
  userError(second!, new RegExp(`${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is in use by neurite train \\(pid ${ownerPid}\\)`));
  assert.ok([0, 130].includes(first.status ?? -1), first.stderr);
  assert.ok(!existsSync(join(out, '.neurite.lock')));
});

test('a stale lock (its process is gone) is taken over', () => {
  const out = join(dir, 'stale');
  mkdirSync(out);
  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  writeFileSync(join(out, '.neurite.lock'), JSON.stringify({ pid: Number(dead.stdout), host: hostname(), command: 'train', since: 'then' }));
  const r = runCli([...TRAIN, '--epochs', '1', '--out', out]);
  assert.equal(r.status, 0, r.stderr);
  assert.ok(!existsSync(join(out, '.neurite.lock')));
});

test('--out naming a directory that is not a neurite run: refused without --force; the user\'s files are never replaced', () => {
  const out = join(dir, 'mine');
  mkdirSync(out);
  writeFileSync(join(out, 'model.json'), 'my own model\n');
  writeFileSync(join(out, 'notes.txt'), 'notes\n');
  userError(runCli([...TRAIN, '--epochs', '1', '--out', out]), /is not empty and is not a neurite run \(it holds .*"model\.json".*--force/);
  userError(runCli([...TRAIN, '--epochs', '1', '--out', out, '--force']), /"model\.json" would be replaced; neurite does not overwrite files it did not write/);
  assert.equal(readFileSync(join(out, 'model.json'), 'utf8'), 'my own model\n');
  rmSync(join(out, 'model.json'));
  assert.equal(runCli([...TRAIN, '--epochs', '1', '--out', out]).status, 2, 'notes.txt alone still needs --force');
  const r = runCli([...TRAIN, '--epochs', '1', '--out', out, '--force']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(readFileSync(join(out, 'notes.txt'), 'utf8'), 'notes\n');
});

/** A run whose last save was killed after its commit point, with model.json already renamed. */
function halfCommitted(name: string): string {
  const out = join(dir, name);
  assert.equal(runCli([...TRAIN, '--epochs', '2', '--out', out]).status, 0);
  const ck = loadCheckpoint(out);
  assert.throws(() => saveCheckpoint(out, { ...ck, metadata: { ...ck.metadata, epoch: 'next' } }, {
    onStep: (s) => { if (s === 'renamed model.json') throw new Error('killed'); },
  }), /killed/);
  writeFileSync(join(out, '.metrics.json.tmp-999-dead'), 'partial');
  assert.ok(existsSync(join(out, 'checkpoint.pending.json')) && existsSync(join(out, 'model.safetensors.next')));
  return out;
}

function assertRecovered(out: string): void {
  assert.deepEqual(readdirSync(out).filter((f) => f.endsWith('.next') || f.includes('.tmp-') || f === 'checkpoint.pending.json'), []);
  assert.equal(loadCheckpoint(out).metadata?.epoch, 'next', 'rolled forward to the committed save');
}

for (const [cmd, args] of [['info', (d: string) => ['info', '--model', d]], ['eval', (d: string) => ['eval', '--model', d]], ['train --resume (nothing left to train)', (d: string) => ['train', '--resume', d, '--quiet']]] as const) {
  test(`regression: ${cmd} rolls a committed-but-unfinished save forward before reading, and cleans *.next and temporary files`, () => {
    const out = halfCommitted(`half-${cmd.split(' ')[0]}-${cmd.length}`);
    const r = runCli(args(out));
    assert.equal(r.status, 0, r.stderr);
    assertRecovered(out);
  });
}

test('no command hangs on --out under /proc or /sys, or a symlink loop: exit 2 naming path and cause', () => {
  userError(runCli([...TRAIN, '--epochs', '1', '--out', '/proc/neurite-test/run'], { timeoutMs: 60_000 }), /\/proc\/neurite-test.*does not allow new entries|ENOENT|EACCES|EPERM/);
  userError(runCli([...TRAIN, '--epochs', '1', '--out', '/sys/neurite-test'], { timeoutMs: 60_000 }), /\/sys\/neurite-test.*(EPERM|EACCES|EROFS|does not allow)/);
  const loop = join(dir, 'loop');
  symlinkSync('loop', loop);
  userError(runCli([...TRAIN, '--epochs', '1', '--out', join(loop, 'x')]), /loop\/x.*symbolic links.*\(ELOOP\)/);
  userError(runCli(['eval', '--model', run0(), '--out', '/proc/neurite-test/pics'], { timeoutMs: 60_000 }), /\/proc\/neurite-test/);
  // a name longer than the file system allows, and a path through a file: their errnos, the long path cut
  const long = userError2(runCli([...TRAIN, '--epochs', '1', '--out', join(dir, 'n'.repeat(300), 'r')]), /file name too long \(ENAMETOOLONG\)/);
  assert.ok(long.length < 300, long);
  writeFileSync(join(dir, 'a-file'), 'x');
  userError(runCli([...TRAIN, '--epochs', '1', '--out', join(dir, 'a-file', 'r')]), /a-file\/r: a part of the path is not a directory \(ENOTDIR\)/);
});

function userError2(r: { status: number | null; stderr: string }, re: RegExp): string {
  userError(r, re);
  return r.stderr.trim();
}

let firstRun = '';
function run0(): string {
  if (firstRun) return firstRun;
  firstRun = join(dir, 'plain');
  assert.equal(runCli([...TRAIN, '--epochs', '1', '--out', firstRun]).status, 0);
  return firstRun;
}

const root = typeof process.getuid === 'function' && process.getuid() === 0;

/** Mounts a tmpfs of `size` at a fresh directory (root only); returns it, or null when mount fails. */
function tmpfs(size: string): string | null {
  const mnt = mkdtempSync(join(tmpdir(), 'neurite-tmpfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', mnt], { stdio: 'pipe' });
  } catch {
    return null;
  }
  process.on('exit', () => spawnSync('umount', ['-l', mnt]));
  return mnt;
}

test('disk full during a save (small tmpfs): exit 2 "disk full while saving ...; the previous checkpoint is intact", and resume works after', { skip: root ? false : 'needs root to mount a small tmpfs' }, (t) => {
  const mnt = tmpfs('3m');
  if (mnt === null) return t.skip('mount -t tmpfs failed (no CAP_SYS_ADMIN in this container)');
  const out = join(mnt, 'run');
  const big = ['train', '--data', 'circles', '--layers', '128,128', '--quiet', '--no-progress', '--out', out];
  assert.equal(runCli([...big, '--epochs', '1']).status, 0);
  // fill the disk, leaving less than one checkpoint's worth
  const filler = join(mnt, 'filler');
  spawnSync('dd', ['if=/dev/zero', `of=${filler}`, 'bs=4k'], { stdio: 'ignore' });
  const used = readFileSync(filler).length;
  rmSync(filler);
  writeFileSync(filler, new Uint8Array(Math.max(0, used - 60_000)));
  const r = runCli(['train', '--resume', out, '--epochs', '2', '--quiet']);
  userError(r, /disk full while saving .*run\/(model|optimizer)\.(safetensors|json); the previous checkpoint is intact \(ENOSPC\)/);
  assert.equal((loadCheckpoint(out).trainerState as { trainer: { epoch: number } }).trainer.epoch, 1, 'epoch 1 survives');
  rmSync(filler);
  const again = runCli(['train', '--resume', out, '--epochs', '2', '--quiet']);
  assert.equal(again.status, 0, again.stderr);
  assert.equal((loadCheckpoint(out).trainerState as { trainer: { epoch: number } }).trainer.epoch, 2);
});

test('a read-only file system: exit 2 naming EROFS (not ENOENT) for a new directory and for the lock', { skip: root ? false : 'needs root to mount a read-only tmpfs' }, (t) => {
  const mnt = tmpfs('1m');
  if (mnt === null) return t.skip('mount -t tmpfs failed');
  const out = join(mnt, 'run');
  assert.equal(runCli([...TRAIN, '--epochs', '1', '--out', out]).status, 0);
  execFileSync('mount', ['-o', 'remount,ro', mnt]);
  userError(runCli([...TRAIN, '--epochs', '1', '--out', join(mnt, 'new', 'deeper')]), /new.*read-only file system \(EROFS\)/);
  userError(runCli(['train', '--resume', out, '--epochs', '2', '--quiet']), /read-only file system \(EROFS\)/);
  const info = runCli(['info', '--model', out]);
  assert.equal(info.status, 0, info.stderr);
});
