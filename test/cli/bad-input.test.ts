// Bad input to the CLI: each case exits with code 2 and one line naming the problem (no stack
// trace), and leaves every valid file it touched byte-for-byte unchanged.

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'neurite-bad-'));
const run = join(dir, 'run');
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

/** Every file of a directory with its bytes (to show nothing was overwritten). */
function snapshot(d: string): Map<string, string> {
  return new Map(readdirSync(d).sort().map((f) => [f, readFileSync(join(d, f)).toString('base64')]));
}

function expectUserError(args: string[], message: RegExp): void {
  const r = runCli(args);
  assert.equal(r.status, 2, `exit code for ${args.join(' ')}: stdout ${r.stdout} stderr ${r.stderr}`);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one line: ${r.stderr}`);
  assert.match(lines[0]!, /^neurite: /);
  assert.match(lines[0]!, message);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
}

before(() => {
  const r = runCli(['train', '--data', 'circles', '--layers', '3', '--epochs', '2', '--out', run, '--quiet']);
  assert.equal(r.status, 0, r.stderr);
});

const CASES: [string, () => string[], RegExp][] = [
  ['unknown dataset', () => ['train', '--data', 'nosuch'], /unknown dataset "nosuch"; available: mnist, fashion-mnist, iris/],
  ['missing CSV file', () => ['train', '--data', join(dir, 'missing.csv')], /cannot read CSV file .*missing\.csv: no such file/],
  ['malformed CSV (ragged row)', () => ['train', '--data', file('ragged.csv', 'a,b,label\n1,2,x\n3\n4,5,y\n')], /ragged\.csv: line 3/],
  ['NaN in the data', () => ['train', '--data', file('nan.csv', 'a,b,label\n1,2,x\n3,NaN,y\n4,5,x\n6,7,y\n')], /nan\.csv: line 3.*column "b"/],
  ['Infinity in the data', () => ['train', '--data', file('inf.csv', 'a,b,label\n1,2,x\n3,1e999,y\n4,5,x\n6,7,y\n')], /inf\.csv.*line 3|row \d+, feature 1 is Infinity/],
  ['missing --data', () => ['train'], /--data is required/],
  ['bad --layers', () => ['train', '--data', 'circles', '--layers', '12,x'], /--layers: expected comma-separated positive integers/],
  ['bad --lr', () => ['train', '--data', 'circles', '--lr=-1'], /--lr must be > 0/],
  ['bad --optimizer', () => ['train', '--data', 'circles', '--optimizer', 'adamm'], /option '--optimizer <name>' argument 'adamm' is invalid/],
  ['bad --epochs', () => ['train', '--data', 'circles', '--epochs', 'ten'], /--epochs <n>.*expected a non-negative integer, got 'ten'/],
  ['model and data do not match (features)', () => ['eval', '--model', run, '--data', 'iris'], /the model expects 2 input features .* but 'iris' has 4/],
  ['labels out of range for the model', () => ['eval', '--model', run, '--data', file('three.csv', 'x1,x2,label\n0,0,0\n1,1,1\n0,1,2\n1,0,0\n0.5,0.5,1\n0.2,0.1,2\n0.3,0.3,0\n0.9,0.9,1\n0.8,0.1,2\n0.1,0.8,0\n')], /label 2 .* out of range for the model's 2 classes/],
  ['eval of a directory that is not a run', () => ['eval', '--model', join(dir, 'nowhere')], /no such checkpoint directory/],
  ['predict with the wrong number of columns', () => ['predict', '--model', run, '--input', file('cols.csv', '1,2,3\n')], /cols\.csv: line 1 has 3 values; the model expects 2/],
  ['predict with a non-number', () => ['predict', '--model', run, '--input', file('nn.json', '[[1, "a"]]')], /nn\.json: row 0, value 1 is "a"/],
  ['predict with NaN', () => ['predict', '--model', run, '--input', file('nan.json', '[[1, 2], [null, 1]]')], /nan\.json: row 1, value 0 is null/],
  ['predict with a missing input file', () => ['predict', '--model', run, '--input', join(dir, 'none.csv')], /cannot read input file .*none\.csv: no such file/],
  ['--resume without a checkpoint', () => ['train', '--resume', dir], /no checkpoint there/],
];

for (const [name, args, message] of CASES) {
  test(`bad input: ${name}`, () => {
    const before = snapshot(run);
    expectUserError(args(), message);
    assert.deepEqual(snapshot(run), before, 'the run directory is unchanged');
  });
}

test('train into a directory that holds a model refuses without --force and changes nothing', () => {
  const before = snapshot(run);
  expectUserError(['train', '--data', 'circles', '--out', run], /already holds a trained model; use --resume/);
  assert.deepEqual(snapshot(run), before);
});

// --- damaged checkpoints: each refused by eval, info and train --resume, and left as it was ---

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** Replaces model.safetensors and updates the manifest (as if another tool had written the file). */
function replaceWeights(d: string, bytes: Uint8Array): void {
  writeFileSync(join(d, 'model.safetensors'), bytes);
  const m = JSON.parse(readFileSync(join(d, 'checkpoint.json'), 'utf8')) as { files: { name: string; bytes: number; sha256: string }[] };
  const e = m.files.find((f) => f.name === 'model.safetensors')!;
  e.bytes = bytes.length;
  e.sha256 = sha256(bytes);
  writeFileSync(join(d, 'checkpoint.json'), `${JSON.stringify(m, null, 2)}\n`);
}

type Header = Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }>;

/** Rewrites the header of model.safetensors (data unchanged). */
function editHeader(d: string, edit: (h: Header) => void): void {
  const b = readFileSync(join(d, 'model.safetensors'));
  const n = Number(b.readBigUInt64LE(0));
  const h = JSON.parse(b.subarray(8, 8 + n).toString('utf8')) as Header;
  edit(h);
  const hb = Buffer.from(JSON.stringify(h));
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(hb.length));
  replaceWeights(d, Buffer.concat([len, hb, b.subarray(8 + n)]));
}

const DAMAGE: [string, (d: string) => void, RegExp][] = [
  ['truncated weights', (d) => writeFileSync(join(d, 'model.safetensors'), readFileSync(join(d, 'model.safetensors')).subarray(0, 60)), /model\.safetensors: .*truncated/],
  ['a lying header length', (d) => {
    const b = readFileSync(join(d, 'model.safetensors'));
    b.writeBigUInt64LE(1_000_000n);
    replaceWeights(d, b);
  }, /model\.safetensors: header length 1000000 is larger than the rest of the file/],
  ['out-of-range offsets', (d) => editHeader(d, (h) => { h['2.bias']!.data_offsets = [h['2.bias']!.data_offsets[0], 99_999]; }), /model\.safetensors: tensor '2\.bias'.*out of range/],
  ['overlapping offsets', (d) => editHeader(d, (h) => {
    const [a, b] = [h['0.bias']!, h['0.weight']!];
    const first = a.data_offsets[0] < b.data_offsets[0] ? a : b;
    const second = first === a ? b : a;
    second.data_offsets = [first.data_offsets[0], first.data_offsets[0] + (second.data_offsets[1] - second.data_offsets[0])];
  }), /model\.safetensors: .*overlap/],
  ['a wrong dtype', (d) => editHeader(d, (h) => { h['0.weight']!.dtype = 'I32'; }), /model\.safetensors.*'0\.weight': expected float32 \[3,2\], the file has int32 \[3,2\]/],
  ['a manifest that lists a missing file', (d) => rmSync(join(d, 'optimizer.safetensors')), /optimizer\.safetensors: file is missing/],
];

for (const [name, damage, message] of DAMAGE) {
  test(`damaged checkpoint: ${name} is refused by eval, info and --resume, and left as it was`, () => {
    const d = join(dir, `damaged-${name.replace(/\W+/g, '-')}`);
    cpSync(run, d, { recursive: true });
    damage(d);
    const before = snapshot(d);
    expectUserError(['eval', '--model', d], message);
    expectUserError(['info', '--model', d], message);
    expectUserError(['train', '--resume', d], message);
    assert.deepEqual(snapshot(d), before, 'nothing in the damaged run was overwritten');
  });
}

test('regression: a closed stdout pipe (neurite ... | head -1) ends quietly, without an EPIPE stack trace', async () => {
  const { spawn } = await import('node:child_process');
  const { fileURLToPath } = await import('node:url');
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const entry = process.env.NEURITE_TEST_CLI === 'dist' ? [`${root}/dist/cli/neurite.js`] : ['--import', 'tsx', `${root}/cli/neurite.ts`];
  const child = spawn(process.execPath, [...entry, 'train', '--data', 'iris', '--epochs', '200', '--batch-size', '4', '--out', join(dir, 'epipe')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (c: string) => { stderr += c; });
  child.stdout.once('data', () => child.stdout.destroy());
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  assert.equal(code, 0, stderr);
  assert.doesNotMatch(stderr, /EPIPE|Unhandled/);
});
