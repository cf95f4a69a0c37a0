// Helpers of the checkpoint tests: exact comparison of checkpoints and scratch directories.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packState } from '../../src/io/index.js';
import type { Checkpoint } from '../../src/io/node-index.js';
import { assertSameTensors } from './helpers.js';

/** Asserts that two checkpoints hold the same tensors (bit for bit) and the same JSON. */
export function assertSameCheckpoint(actual: Checkpoint, expected: Checkpoint): void {
  assertSameTensors(actual.model, expected.model);
  assert.deepEqual(actual.description, expected.description);
  const a = packState(actual.optimizer);
  const e = packState(expected.optimizer);
  assert.deepEqual(a.json, e.json);
  assertSameTensors(a.tensors, e.tensors);
  assert.deepEqual(actual.trainerState, expected.trainerState);
  assert.deepEqual(actual.metadata, expected.metadata ?? {});
}

/** Runs async `fn` with a fresh temporary directory, removed when it settles. */
export async function withTempDirAsync<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'neurite-io-'));
  try {
    return await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `fn` with a fresh temporary directory, removed afterwards. */
export function withTempDir<T>(fn: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'neurite-io-'));
  try {
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
