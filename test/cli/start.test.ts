// `neurite start` (npm start) trains the MLP on the bundled digits to >= 94% test accuracy and
// prints where the model and the report were written.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './helpers.js';

test('neurite start reaches >= 94% test accuracy on the bundled digits and saves model and report', () => {
  const dir = mkdtempSync(join(tmpdir(), 'neurite-start-'));
  try {
    const r = runCli(['start', '--out', join(dir, 'run'), '--json'], { timeoutMs: 300_000 });
    assert.equal(r.status, 0, r.stderr);
    const o = JSON.parse(r.stdout) as { testAccuracy: number; epochs: number; model: string; pictures: string[]; metrics: string[] };
    assert.equal(o.epochs, 10, 'ten epochs');
    assert.ok(o.testAccuracy >= 0.94, `test accuracy ${o.testAccuracy}`);
    for (const p of [o.model, ...o.pictures, ...o.metrics]) assert.ok(existsSync(p), `${p} was written`);
    assert.match(r.stderr, /model: .*model\.safetensors/);
    assert.match(r.stderr, /report: .*metrics\.json/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
