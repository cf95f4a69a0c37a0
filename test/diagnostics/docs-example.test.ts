// The diagnostics API's documented example (docs/diagnostics.md, first ts block) runs as written
// against the built package and prints per-layer statistics.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const root = fileURLToPath(new URL('../..', import.meta.url));

test('docs/diagnostics.md: the recorder example runs and prints gradient norms', () => {
  assert.ok(existsSync(join(root, 'dist/src/index.js')), 'dist/ is missing: run `npm run build` first (npm test does)');
  const doc = readFileSync(join(root, 'docs/diagnostics.md'), 'utf8');
  const code = /```ts\n([\s\S]*?)```/.exec(doc)?.[1];
  assert.ok(code, 'a ts code block');
  mkdirSync(join(root, '.tmp'), { recursive: true });
  const file = join(root, '.tmp', `diagnostics-example-${process.pid}.ts`);
  writeFileSync(file, code);
  try {
    const r = spawnSync(process.execPath, ['--import', 'tsx', file], { cwd: root, encoding: 'utf8', timeout: 120_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^0 grad \d/m);
    assert.match(r.stdout, /saturated/);
  } finally {
    rmSync(file, { force: true });
  }
});
