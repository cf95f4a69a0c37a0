// Untrusted sizes bounded before work starts and valid-but-mistaken inputs refused (issue 15, items
// 6-8 and 11-14): a weight file linked to /dev/zero, an edited model.json or state.json (manifest
// re-hashed), one-class targets, non-UTF-8 CSV, a diverging learning rate, float32 overflow, and
// resume flags that contradict the run. Each is exit 2 with one line.

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'neurite-hostile-'));
const run = join(dir, 'run');
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const TRAIN = ['train', '--layers', '3', '--quiet', '--no-progress'];

function userError(args: string[], re: RegExp): string {
  const r = runCli(args, { timeoutMs: 90_000 });
  assert.equal(r.status, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0]!, re);
  assert.ok(lines[0]!.length < 400, `a short message (${lines[0]!.length} characters)`);
  return lines[0]!;
}

before(() => {
  const r = runCli([...TRAIN, '--data', 'circles', '--epochs', '2', '--out', run]);
  assert.equal(r.status, 0, r.stderr);
});

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** A copy of the run with one JSON file edited and the manifest re-hashed (as an attacker would). */
function edited(name: string, file: 'model.json' | 'state.json', edit: (j: Record<string, unknown>) => void): string {
  const d = join(dir, name);
  cpSync(run, d, { recursive: true });
  const j = JSON.parse(readFileSync(join(d, file), 'utf8')) as Record<string, unknown>;
  edit(j);
  const bytes = Buffer.from(`${JSON.stringify(j, null, 2)}\n`);
  writeFileSync(join(d, file), bytes);
  const m = JSON.parse(readFileSync(join(d, 'checkpoint.json'), 'utf8')) as { files: { name: string; bytes: number; sha256: string }[] };
  const e = m.files.find((f) => f.name === file)!;
  e.bytes = bytes.length;
  e.sha256 = sha256(bytes);
  writeFileSync(join(d, 'checkpoint.json'), `${JSON.stringify(m, null, 2)}\n`);
  return d;
}

test('regression: model.safetensors linked to /dev/zero is refused without reading it', () => {
  const d = join(dir, 'zero');
  cpSync(run, d, { recursive: true });
  rmSync(join(d, 'model.safetensors'));
  symlinkSync('/dev/zero', join(d, 'model.safetensors'));
  userError(['info', '--model', d], /model\.safetensors: is a character device, not a regular file/);
});

test('a weight file far larger than the manifest says is refused without reading it', () => {
  const d = join(dir, 'huge');
  cpSync(run, d, { recursive: true });
  writeFileSync(join(d, 'model.safetensors'), new Uint8Array(8 << 20));
  userError(['eval', '--model', d], /model\.safetensors: file is 8388608 bytes, more than expected \(the manifest says \d+\)/);
});

test('regression: an edited model.json asking for Linear(2 -> 60,000,000) fails against the weight file before building anything', () => {
  const d = edited('wide', 'model.json', (j) => {
    const a = j.architecture as { type: string; outFeatures?: number; inFeatures?: number }[];
    a[0]!.outFeatures = 60_000_000;
    a[2]!.inFeatures = 60_000_000;
  });
  userError(['info', '--model', d], /model\.safetensors: the model description's layer 0 \(linear\) needs 0\.weight of shape \[60000000,2\] but the weight file holds \[3,2\]/);
});

test('regression: an edited state.json (epoch -5) is refused by --resume, naming the field', () => {
  const d = edited('negative', 'state.json', (j) => { (j.trainer as { epoch: number }).epoch = -5; });
  userError(['train', '--resume', d], /state\.json: trainer\.epoch must be a non-negative integer, got -5/);
  const h = edited('history', 'state.json', (j) => { (j.trainer as { history: unknown[] }).history.pop(); });
  userError(['train', '--resume', h], /trainer\.history has 1 epochs but trainer\.epoch says 2 are done/);
  const b = edited('batch', 'state.json', (j) => { (j.trainer as { batch: number }).batch = 1e9; });
  userError(['train', '--resume', b], /trainer\.batch must be an integer in \[0, 7\)/);
  const g = edited('gen', 'state.json', (j) => { j.globalGenerator = { s: [1, 2] }; });
  userError(['train', '--resume', g], /globalGenerator must be/);
});

const csv = (name: string, text: string | Uint8Array): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

test('regression: a classification target with a single class is refused, saying what was found', () => {
  const rows = Array.from({ length: 20 }, (_, i) => `${i},${i * 2},yes`).join('\n');
  userError([...TRAIN, '--data', csv('one.csv', `a,b,label\n${rows}\n`), '--out', join(dir, 'one')], /only one class \("yes", all 16 training rows\)/);
});

test('regression: Latin-1 CSV text is refused naming the line, and --encoding latin1 reads it (two labels stay two)', () => {
  const lines = ['a,b,colour', ...Array.from({ length: 20 }, (_, i) => `${i},${(i * 7) % 5},${i % 2 ? 'r\xe9d' : 'r\xe8d'}`)];
  const p = csv('latin1.csv', Buffer.from(`${lines.join('\n')}\n`, 'latin1'));
  userError([...TRAIN, '--data', p, '--out', join(dir, 'l1')], /latin1\.csv: line 2 is not valid UTF-8 \(byte 0xe8 at byte 6 of the line\); .*--encoding latin1/);
  const r = runCli([...TRAIN, '--data', p, '--encoding', 'latin1', '--epochs', '1', '--out', join(dir, 'l1'), '--json']);
  assert.equal(r.status, 0, r.stderr);
  const info = JSON.parse(runCli(['info', '--model', join(dir, 'l1'), '--json']).stdout) as { classNames: string[] };
  assert.deepEqual(info.classNames, ['r\xe8d', 'r\xe9d']);
  assert.equal(runCli(['eval', '--model', join(dir, 'l1'), '--data', p]).status, 0, 'eval reads it with the run\'s encoding');
});

test('regression: --lr 1e30 stops at the first non-finite loss naming epoch and batch, and saves no NaN checkpoint', () => {
  const out = join(dir, 'diverge');
  userError([...TRAIN, '--data', 'circles', '--epochs', '3', '--lr', '1e30', '--out', out], /training diverged at epoch 1, batch \d+: the loss is (NaN|Infinity); try a smaller learning rate \(--lr 1e\+29 or less, now 1e\+30\); no checkpoint was saved/);
  assert.ok(!existsSync(join(out, 'checkpoint.json')));
});

test('regression: a value beyond float32 is named by CSV line and column', () => {
  const rows = Array.from({ length: 12 }, (_, i) => `${i},${i === 1 ? '3.5e38' : i},${i % 2}`).join('\n');
  userError([...TRAIN, '--data', csv('big.csv', `a,b,label\n${rows}\n`), '--out', join(dir, 'big')], /big\.csv: line 3, column "b": "3\.5e38" exceeds float32's range/);
});

test('regression: train --resume refuses data and model options that contradict the run, naming each', () => {
  userError(['train', '--resume', run, '--data', 'xor'], /--resume .*: --data xor \(the run has circles\) contradicts the run/);
  userError(['train', '--resume', run, '--layers', '5', '--seed', '9'], /--seed 9 \(the run has 1\); --layers 5 \(the run has 3\) contradict the run/);
  userError(['train', '--resume', run, '--out', join(dir, 'elsewhere')], /--out .*elsewhere \(a resumed run writes to/);
  // the run's own values, and --epochs, are fine
  const r = runCli(['train', '--resume', run, '--data', 'circles', '--layers', '3', '--epochs', '3', '--quiet']);
  assert.equal(r.status, 0, r.stderr);
});
