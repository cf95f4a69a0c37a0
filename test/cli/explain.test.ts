// `neurite explain backprop` prints the lecture's worked example, and the CLI basics behave.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from './helpers.js';
import { VERSION } from '../../src/index.js';

test('explain backprop prints the lecture table', () => {
  const r = runCli(['explain', 'backprop']);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  const header = lines.at(-3)!.trim().split(/\s+/);
  const values = lines.at(-1)!.trim().split(/\s+/);
  assert.deepEqual(header, ['y', 'Q', 'dQ/dy', 'dQ/dw', 'dQ/db', 'w_new', 'b_new']);
  assert.deepEqual(values, ['1.1', '0.81', '-1.8', '-1.8', '-1.8', '0.28', '1.18']);
});

test('explain backprop --json matches the lecture to 1e-6 and accepts other values', () => {
  const r = runCli(['explain', 'backprop', '--json']);
  assert.equal(r.status, 0, r.stderr);
  const o = JSON.parse(r.stdout) as Record<string, number>;
  const expected = { y: 1.1, Q: 0.81, dQdy: -1.8, dQdw: -1.8, dQdb: -1.8, wNew: 0.28, bNew: 1.18 };
  for (const [k, v] of Object.entries(expected)) assert.ok(Math.abs(o[k]! - v) < 1e-6, `${k}: ${o[k]} vs ${v}`);
  const r2 = runCli(['explain', 'backprop', '--x', '2', '--w', '0.5', '--b', '0', '--target', '3', '--lr', '0.05', '--json']);
  const o2 = JSON.parse(r2.stdout) as Record<string, number>;
  // y = 1, Q = 4, dQ/dy = -4, dQ/dw = -8, dQ/db = -4, w = 0.5 + 0.4, b = 0 + 0.2
  assert.ok(Math.abs(o2.y! - 1) < 1e-12 && Math.abs(o2.Q! - 4) < 1e-12);
  assert.ok(Math.abs(o2.dQdw! + 8) < 1e-12 && Math.abs(o2.wNew! - 0.9) < 1e-12 && Math.abs(o2.bNew! - 0.2) < 1e-12);
});

test('--version and --help', () => {
  const v = runCli(['--version']);
  assert.equal(v.status, 0);
  assert.equal(v.stdout.trim(), VERSION);
  const h = runCli(['--help']);
  assert.equal(h.status, 0);
  assert.match(h.stdout, /Usage: neurite/);
  assert.match(h.stdout, /explain/);
});

test('user errors exit 2 with one line and no stack trace', () => {
  for (const args of [['explain', 'backprop', '--x', 'abc'], ['no-such-command'], ['explain', 'backprop', '--bogus']]) {
    const r = runCli(args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  }
});
