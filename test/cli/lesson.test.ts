// `neurite lesson`: --list shows all fourteen, a lesson writes its pictures (SVG + PNG) and --json prints
// one object; an unknown name exits 2 with one line naming the valid lessons.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './helpers.js';

const NAMES = ['nonlinearity', 'backprop', 'gd-vs-sgd', 'local-minimum', 'optimizers', 'vanishing', 'exploding', 'activations', 'regularization', 'dropout', 'normalization', 'bias', 'depth', 'features'];

test('lesson --list shows all fourteen', () => {
  const r = runCli(['lesson', '--list']);
  assert.equal(r.status, 0, r.stderr);
  const names = r.stdout.trim().split('\n').map((l) => l.split(/\s+/)[0]);
  assert.deepEqual(names, NAMES);
});

test('lesson exploding writes its pictures and prints their paths; --json prints one object', () => {
  const dir = mkdtempSync(join(tmpdir(), 'neurite-lesson-'));
  try {
    const r = runCli(['lesson', 'exploding', '--out', dir]);
    assert.equal(r.status, 0, r.stderr);
    const svg = join(dir, 'gradient-growth.svg');
    const png = join(dir, 'gradient-growth.png');
    assert.ok(r.stdout.includes(svg) && r.stdout.includes(png));
    assert.match(r.stdout, /ratio to j\+1/);
    assert.match(readFileSync(svg, 'utf8'), /^<svg/);
    assert.deepEqual([...readFileSync(png).subarray(1, 4)], [...Buffer.from('PNG')]);
    const j = runCli(['lesson', 'exploding', '--out', dir, '--json', '--seed', '3']);
    assert.equal(j.status, 0, j.stderr);
    const o = JSON.parse(j.stdout) as { lesson: string; seed: number; result: { factor: number }; pictures: { svg: string }[] };
    assert.equal(o.lesson, 'exploding');
    assert.equal(o.seed, 3);
    assert.equal(o.result.factor, 25);
    assert.ok(existsSync(o.pictures[0]!.svg));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an unknown lesson exits 2 with one line listing the valid names', () => {
  const r = runCli(['lesson', 'nope']);
  assert.equal(r.status, 2);
  assert.equal(r.stderr.trim().split('\n').length, 1);
  assert.match(r.stderr, /unknown lesson 'nope'; valid lessons: nonlinearity, backprop, .*normalization/);
  const none = runCli(['lesson']);
  assert.equal(none.status, 2);
});

test('every lesson runs with its default settings and writes its pictures (SVG and PNG)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'neurite-lessons-'));
  try {
    for (const name of NAMES) {
      const r = runCli(['lesson', name, '--out', join(dir, name), '--json'], { timeoutMs: 120_000 });
      assert.equal(r.status, 0, `${name}: ${r.stderr}`);
      const o = JSON.parse(r.stdout) as { lesson: string; pictures: { svg: string; png: string }[] };
      assert.equal(o.lesson, name);
      assert.ok(o.pictures.length >= 1, `${name} has pictures`);
      for (const p of o.pictures) {
        assert.match(readFileSync(p.svg, 'utf8'), /^<svg/, `${name}: ${p.svg}`);
        assert.deepEqual([...readFileSync(p.png).subarray(1, 4)], [...Buffer.from('PNG')], `${name}: ${p.png}`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
