// `neurite start` (npm start) trains the MLP on the bundled MNIST digits to >= 94% test accuracy.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from './helpers.js';

test('neurite start reaches >= 94% test accuracy on the bundled digits', () => {
  const r = runCli(['start', '--json'], { timeoutMs: 300_000 });
  assert.equal(r.status, 0, r.stderr);
  const o = JSON.parse(r.stdout) as { testAccuracy: number; epochs: unknown[] };
  assert.equal(o.epochs.length, 10, 'ten epochs');
  assert.ok(o.testAccuracy >= 0.94, `test accuracy ${o.testAccuracy}`);
});
