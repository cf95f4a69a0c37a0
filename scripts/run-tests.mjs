// Runs every test file under test/ with Node's test runner (TypeScript through tsx).
// Usage: node scripts/run-tests.mjs [filter]   (filter: a substring of the test file path)
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const filter = process.argv[2] ?? '';
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
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
