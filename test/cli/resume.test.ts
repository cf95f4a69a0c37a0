// Interrupted training resumes bit-identically: a run killed with SIGKILL (no chance to clean up)
// and a run stopped with Ctrl-C (SIGINT: finish the batch, save) both continue with `--resume` to
// exactly the weights of a run that was never interrupted, and the checkpoint left behind is intact.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io } from '../../src/index.js';
import { runCli, spawnCli } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'neurite-resume-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

// MNIST digits with dropout and batch norm, so the generator states (shuffling, dropout masks),
// Adam's moments and the running statistics all have to be restored for the weights to match.
const ARGS = ['train', '--data', 'mnist', '--layers', '48', '--dropout', '0.1', '--batchnorm', '--epochs', '4', '--batch-size', '32', '--seed', '3', '--no-progress'];

function weights(run: string): Record<string, Float32Array> {
  const { tensors } = io.decodeSafetensors(readFileSync(join(run, 'model.safetensors')));
  return Object.fromEntries(Object.entries(tensors).map(([k, t]) => [k, Float32Array.from(t.data as Float32Array)]));
}

function assertSameWeights(a: string, b: string): void {
  const wa = weights(a);
  const wb = weights(b);
  assert.deepEqual(Object.keys(wb).sort(), Object.keys(wa).sort());
  for (const k of Object.keys(wa)) assert.deepEqual(wb[k], wa[k], `tensor ${k} differs`);
}

const reference = join(dir, 'reference');

test('an uninterrupted reference run', () => {
  const r = runCli([...ARGS, '--out', reference]);
  assert.equal(r.status, 0, r.stderr);
});

test('SIGKILL during epoch 3: the last checkpoint loads, and --resume ends with identical weights', async () => {
  const run = join(dir, 'killed');
  const r = await spawnCli([...ARGS, '--out', run], (line, child) => {
    if (line.startsWith('epoch 2/4')) child.kill('SIGKILL');
  });
  assert.equal(r.signal, 'SIGKILL', `the run was killed (stdout: ${r.stdout})`);
  // the checkpoint that survived is complete and loadable (epoch 1 or 2, depending on when the kill landed)
  const info = runCli(['info', '--model', run, '--json']);
  assert.equal(info.status, 0, info.stderr);
  const done = (JSON.parse(info.stdout) as { epochsDone: number }).epochsDone;
  assert.ok(done === 1 || done === 2, `epochs done ${done}`);
  const resumed = runCli(['train', '--resume', run]);
  assert.equal(resumed.status, 0, resumed.stderr);
  assert.match(resumed.stdout, /resuming .* at epoch [23] of 4/);
  assertSameWeights(reference, run);
});

test('Ctrl-C (SIGINT) mid-epoch: stops after the batch, saves, exits 130; --resume ends with identical weights', async () => {
  const run = join(dir, 'interrupted');
  let sent = false;
  const r = await spawnCli([...ARGS, '--out', run], (line, child) => {
    if (!sent && line.startsWith('epoch 1/4')) {
      sent = true;
      setTimeout(() => child.kill('SIGINT'), 150);
    }
  });
  assert.equal(r.status, 130, r.stderr);
  assert.match(r.stdout, /interrupted: saved .* neurite train --resume/);
  const st = JSON.parse(readFileSync(join(run, 'state.json'), 'utf8')) as { trainer: { epoch: number; batch: number } };
  assert.ok(st.trainer.epoch >= 1, 'saved after epoch 1');
  const resumed = runCli(['train', '--resume', run]);
  assert.equal(resumed.status, 0, resumed.stderr);
  assertSameWeights(reference, run);
  const metrics = JSON.parse(readFileSync(join(run, 'metrics.json'), 'utf8')) as { epochs: { trainLoss: number }[] };
  const refMetrics = JSON.parse(readFileSync(join(reference, 'metrics.json'), 'utf8')) as { epochs: { trainLoss: number }[] };
  assert.deepEqual(metrics.epochs.map((e) => e.trainLoss), refMetrics.epochs.map((e) => e.trainLoss));
});

test('--resume can extend a finished run (more epochs)', () => {
  const r = runCli(['train', '--resume', reference, '--epochs', '5', '--json']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal((JSON.parse(r.stdout) as { epochs: number }).epochs, 5);
});
