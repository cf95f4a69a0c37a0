// The registry: all 27 architectures in the lecture's order with the chart's names, lookups by
// abbreviation or chart name, and clear errors for unknown or unbuilt ones.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ValueError, zoo } from '../../src/index.js';

// The chart's names as the lecture writes them (specs/zoo.md, "The 27, in the lecture's order").
const CHART = [
  'Perceptron (P)', 'Feed Forward (FF)', 'Radial Basis Network (RBF)', 'Deep Feed Forward (DFF)', 'Recurrent Neural Network (RNN)',
  'Long / Short Term Memory (LSTM)', 'Gated Recurrent Unit (GRU)', 'Auto Encoder (AE)', 'Variational AE (VAE)', 'Denoising AE (DAE)',
  'Sparse AE (SAE)', 'Markov Chain (MC)', 'Hopfield Network (HN)', 'Boltzmann Machine (BM)', 'Restricted BM (RBM)', 'Deep Belief Network (DBN)',
  'Deep Convolutional Network (DCN)', 'Deconvolutional Network (DN)', 'Deep Convolutional Inverse Graphics Network (DCIGN)',
  'Generative Adversarial Network (GAN)', 'Liquid State Machine (LSM)', 'Extreme Learning Machine (ELM)', 'Echo State Network (ESN)',
  'Deep Residual Network (DRN)', 'Kohonen Network (KN)', 'Support Vector Machine (SVM)', 'Neural Turing Machine (NTM)',
];

test('the zoo lists the 27 chart architectures in the lecture order, named by lower-case abbreviation', () => {
  assert.deepEqual(zoo.ZOO.map(zoo.chartName), CHART);
  for (const e of zoo.ZOO) {
    assert.equal(e.name, e.abbr.toLowerCase());
    assert.ok(e.status === 'built' || e.status === 'not yet');
    for (const k of ['summary', 'paper', 'task', 'metric'] as const) assert.ok(e[k].length > 0, `${e.name}.${k}`);
    assert.ok(['<', '<=', '>', '>='].includes(e.bar.op) && Number.isFinite(e.bar.value), `${e.name} bar`);
  }
  assert.ok(zoo.builtNames().includes('mc'));
});

test('findEntry takes the abbreviation in any case, the chart name, or "Title (ABBR)"', () => {
  for (const n of ['mc', 'MC', 'Markov Chain', 'markov chain (mc)', 'Markov-Chain']) assert.equal(zoo.findEntry(n).name, 'mc');
  assert.equal(zoo.findEntry('Long / Short Term Memory').name, 'lstm');
  assert.equal(zoo.findEntry('long short term memory (LSTM)').name, 'lstm');
  assert.throws(() => zoo.findEntry('perceptrons'), (e: unknown) => e instanceof ValueError && /unknown architecture 'perceptrons'; valid names: p, ff, rbf, .* ntm$/.test(e.message));
  assert.throws(() => zoo.getEntry('lstm'), /Long \/ Short Term Memory \(LSTM\) is not built yet; built architectures: .*mc/);
});

test('built entries draw a valid cell from their model; bars compare as their op says', async () => {
  for (const e of zoo.ZOO) {
    if (e.status !== 'built') continue;
    const d = zoo.checkDiagram(e.name, e.cells());
    assert.ok(d.groups.length > 0);
  }
  assert.equal(zoo.formatBar({ op: '<', value: 0.05 }), '< 0.05');
  assert.equal(zoo.meetsBar(NaN, { op: '<', value: 1 }), false);
  assert.equal(zoo.meetsBar(0.95, { op: '>=', value: 0.95 }), true);
});
