// docs/zoo.md's library code runs as written (through the built package entry `neurite`), so the
// usage shown next to each architecture stays true.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The first ```ts block after `marker` in docs/zoo.md. */
function codeAfter(marker: string): string {
  const doc = readFileSync(join(root, 'docs/zoo.md'), 'utf8');
  const at = doc.indexOf(marker);
  assert.ok(at >= 0, `docs/zoo.md has no "${marker}"`);
  const m = /```ts\n([\s\S]*?)```/.exec(doc.slice(at));
  assert.ok(m, `no ts code block after "${marker}"`);
  return m[1]!;
}

function runTs(code: string, tag: string): string {
  assert.ok(existsSync(join(root, 'dist/src/index.js')), 'dist/ is missing: run `npm run build` first (npm test does)');
  const dir = join(root, '.tmp');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `zoo-doc-${tag}-${process.pid}.ts`);
  writeFileSync(file, code);
  try {
    const r = spawnSync(process.execPath, ['--import', 'tsx', file], { cwd: root, encoding: 'utf8', timeout: 120_000 });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout;
  } finally {
    rmSync(file, { force: true });
  }
}

test('docs/zoo.md: the Markov chain usage runs and prints P_hat, pi, the likelihood and the text scores', () => {
  const out = runTs(codeAfter('**From the library**'), 'mc');
  assert.match(out, /0\.6\d+/); // pi_0 near 0.625
  assert.match(out, /-\d+\.\d+/); // a log-likelihood
  assert.match(out, /^16\.9\d+ .* 3$/m); // held-out perplexity of the character chain, then back.numStates
});

test('docs/zoo.md: the cellsOf example runs', () => {
  const code = `${codeAfter('```ts\nimport { nn, zoo }').replace(/^/, '')}\nconsole.log(JSON.stringify(zoo.cellsOf(ff).groups.map((g) => g.size)), svg.startsWith('<svg'));\n`;
  assert.match(runTs(code, 'cells'), /^\[2,3,1\] true$/m);
});
