// Crash safety: a process saving a checkpoint is SIGKILLed (by itself at every step of the save
// protocol, and by this test mid-way through writing a 128 MiB file); the directory must then
// load as exactly the previous checkpoint or exactly the new one, and the next save must work.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCheckpoint, saveCheckpoint } from '../../src/io/node-index.js';
import { checkpointA, checkpointB } from './fixtures/checkpoints.js';
import { assertSameCheckpoint, withTempDirAsync } from './checkpoint-helpers.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const child = fileURLToPath(new URL('./fixtures/crash-child.ts', import.meta.url));

interface Ended {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Whether `killWhen` became true (and the child was then SIGKILLed by this process). */
  killed: boolean;
}

/** Runs the crash child; when `killWhen` is given, polls it every millisecond and SIGKILLs the child once it holds. */
async function runChild(args: string[], killWhen?: () => boolean): Promise<Ended> {
  const proc = spawn(process.execPath, ['--import', 'tsx', child, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  let running = true;
  const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) => proc.on('close', (c, s) => resolve([c, s])));
  void exited.then(() => (running = false));
  let killed = false;
  while (killWhen && running && !killed) {
    if (killWhen()) killed = proc.kill('SIGKILL');
    else await new Promise((r) => setTimeout(r, 1));
  }
  const [status, signal] = await exited;
  return { status, signal, stdout, stderr, killed };
}

const NAMES = ['model.json', 'model.safetensors', 'optimizer.safetensors', 'optimizer.json', 'state.json'];
const BEFORE_COMMIT = NAMES.map((n) => `wrote ${n}.next`);
const AFTER_COMMIT = ['commit', ...NAMES.map((n) => `renamed ${n}`), 'manifest', 'done'];

describe('a save killed at each step of the protocol leaves the old checkpoint or the new one', { concurrency: 2 }, () => {
  for (const step of [...BEFORE_COMMIT, ...AFTER_COMMIT]) {
    const committed = AFTER_COMMIT.includes(step);
    test(`killed after '${step}' -> ${committed ? 'new' : 'old'} checkpoint`, () => withTempDirAsync(async (dir) => {
      saveCheckpoint(dir, checkpointA());
      const r = await runChild([dir, 'step', step]);
      assert.equal(r.signal, 'SIGKILL', `child was not killed: status ${r.status}, ${r.stderr}`);
      assert.equal(r.stdout, '');
      assertSameCheckpoint(loadCheckpoint(dir), committed ? checkpointB() : checkpointA());
      // The next save recovers (rolls forward or cleans up) and leaves only its own files.
      writeFileSync(join(dir, 'report.svg'), '<svg/>');
      saveCheckpoint(dir, checkpointA());
      assertSameCheckpoint(loadCheckpoint(dir), checkpointA());
      assert.deepEqual(readdirSync(dir).sort(), ['checkpoint.json', ...NAMES, 'report.svg'].sort());
    }));
  }

  test('a save that finishes leaves no trace of the protocol', () => withTempDirAsync(async (dir) => {
    saveCheckpoint(dir, checkpointA());
    const r = await runChild([dir, 'step', 'never']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, 'finished\n');
    assert.deepEqual(readdirSync(dir).sort(), ['checkpoint.json', ...NAMES].sort());
    assertSameCheckpoint(loadCheckpoint(dir), checkpointB());
  }));
});

describe('killed from outside while writing a large file', () => {
  test('saveCheckpoint of a 128 MiB tensor killed mid-write: the previous checkpoint loads intact', (t) => withTempDirAsync(async (dir) => {
    saveCheckpoint(dir, checkpointA());
    const next = join(dir, 'model.safetensors.next');
    const r = await runChild([dir, 'big'], () => existsSync(next));
    assert.ok(r.killed, `the child ended before its temporary file was seen: status ${r.status}, ${r.stderr}`);
    assert.equal(r.signal, 'SIGKILL');
    t.diagnostic(`killed with ${statSync(next).size} bytes of the 128 MiB model.safetensors.next written`);
    assertSameCheckpoint(loadCheckpoint(dir), checkpointA());
    saveCheckpoint(dir, checkpointB());
    assert.equal(existsSync(next), false, 'leftover .next file not cleaned up');
    assertSameCheckpoint(loadCheckpoint(dir), checkpointB());
  }));

  test('writeFileAtomic killed mid-write: the target keeps its old bytes', () => withTempDirAsync(async (dir) => {
    const target = join(dir, 'weights.bin');
    writeFileSync(target, 'old contents');
    // The temporary file is .weights.bin.tmp-<pid>-<random>, in the target's directory.
    const r = await runChild([target, 'atomic', '128'], () => readdirSync(dir).some((f) => f.startsWith('.weights.bin.tmp-')));
    assert.ok(r.killed, `the child ended before its temporary file was seen: status ${r.status}, ${r.stderr}`);
    assert.equal(r.signal, 'SIGKILL');
    assert.equal(readFileSync(target, 'utf8'), 'old contents');
  }));

  test('writeFileAtomic that finishes replaces the target and leaves no temporary file', () => withTempDirAsync(async (dir) => {
    const target = join(dir, 'weights.bin');
    writeFileSync(target, 'old contents');
    const r = await runChild([target, 'atomic', '1']);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(readdirSync(dir), ['weights.bin']);
    const b = readFileSync(target);
    assert.equal(b.length, 1024 * 1024);
    assert.ok(b.every((x) => x === 7));
  }));
});
