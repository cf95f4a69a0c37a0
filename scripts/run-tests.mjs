// Runs every test file under test/ with Node's test runner (TypeScript through tsx).
// Usage: node scripts/run-tests.mjs [filter] [--source]   (filter: a substring of the test file path;
// --source: CLI tests run cli/*.ts through tsx instead of the compiled dist/cli, e.g. before a rebuild)
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const filter = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? '';
const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (name.endsWith('.test.ts') && p.includes(filter)) files.push(p);
  }
};
walk('test');
if (files.length === 0) {
  console.error(`run-tests: no test files match '${filter}'`);
  process.exit(1);
}
// `npm test` builds dist/ first, so CLI tests may run the compiled CLI (2-3 s less per process than
// compiling the TypeScript through tsx each time); `--source` (or running a test file directly) uses cli/*.ts.
const env = { ...process.env };
if (!process.argv.includes('--source') && existsSync('dist/cli/neurite.js')) env.NEURITE_TEST_CLI ??= 'dist';
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], { stdio: 'inherit', env });
process.exit(r.status ?? 1);
