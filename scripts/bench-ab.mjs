// npm run bench:ab -- <git ref> [--workloads cnn,128,32] [--threads 2] [--rounds 12]
// Checks out <git ref> into .tmp/ab/<ref> (a git worktree sharing this node_modules) and runs
// bench/ab.ts, which times it against the working tree in one process.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { resolve } from 'node:path';

const [ref, ...rest] = process.argv.slice(2);
if (!ref || ref.startsWith('--')) {
  console.error('usage: npm run bench:ab -- <git ref> [--workloads cnn,128,32] [--threads 2] [--rounds 12]');
  process.exit(2);
}
const sha = execFileSync('git', ['rev-parse', '--verify', `${ref}^{commit}`], { encoding: 'utf8' }).trim();
const dir = resolve('.tmp/ab', sha.slice(0, 12));
if (!existsSync(dir)) {
  mkdirSync(resolve('.tmp/ab'), { recursive: true });
  execFileSync('git', ['worktree', 'add', '--detach', dir, sha], { stdio: 'inherit' });
}
if (!existsSync(resolve(dir, 'node_modules'))) symlinkSync(resolve('node_modules'), resolve(dir, 'node_modules'), 'dir');
execFileSync(process.execPath, ['--import', 'tsx', 'bench/ab.ts', '--old', dir, ...rest], { stdio: 'inherit' });
