// The README's "Train a network" code is executed as written (through the built package entry
// points `neurite` and `neurite/node`) and must reach the accuracy it claims.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The first ```ts block after the given heading. */
function codeAfter(heading: string): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const at = readme.indexOf(`\n${heading}\n`);
  assert.ok(at >= 0, `README has no "${heading}" section`);
  const m = /```ts\n([\s\S]*?)```/.exec(readme.slice(at));
  assert.ok(m, `no ts code block under "${heading}"`);
  return m[1]!;
}

test('README "Train a network": the code runs and reaches >= 94% test accuracy on the digits', () => {
  assert.ok(existsSync(join(root, 'dist/src/index.js')), 'dist/ is missing: run `npm run build` first (npm test does)');
  const dir = join(root, '.tmp');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `readme-train-${process.pid}.ts`);
  writeFileSync(file, codeAfter('## Train a network'));
  try {
    const r = spawnSync(process.execPath, ['--import', 'tsx', file], { cwd: root, encoding: 'utf8', timeout: 300_000 });
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines.length, 11, r.stdout);
    const m = /^final test accuracy (\d\.\d+)$/.exec(lines.at(-1)!);
    assert.ok(m, r.stdout);
    assert.ok(Number(m[1]) >= 0.94, `test accuracy ${m[1]}`);
  } finally {
    rmSync(file, { force: true });
  }
});
