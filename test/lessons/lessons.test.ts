// The lessons' claims, measured: each lesson runs (seeded, lighter settings where the claim allows)
// and its numbers must show what the lecture says.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { lessons, ValueError } from '../../src/index.js';

const NAMES = ['nonlinearity', 'backprop', 'gd-vs-sgd', 'local-minimum', 'optimizers', 'vanishing', 'exploding', 'activations', 'regularization', 'dropout', 'normalization', 'bias', 'depth', 'features'];

describe('registry', () => {
  test('fourteen lessons in the lecture order; unknown names list the valid ones', () => {
    assert.deepEqual(lessons.lessonNames(), NAMES);
    assert.throws(() => lessons.getLesson('nope'), (e: unknown) => e instanceof ValueError && e.message.includes(NAMES.join(', ')));
  });
});

describe('claims', () => {
  test('exploding: every per-layer ratio is 25 within 1%, and grows as 25^(N-j)', async () => {
    const r = await lessons.exploding();
    assert.equal(r.factor, 25);
    for (const l of r.layers.slice(0, -1)) assert.ok(Math.abs(l.ratioToNext / 25 - 1) < 0.01, `layer ${l.layer}: ${l.ratioToNext}`);
    for (const l of r.layers) assert.ok(Math.abs(l.gradNorm / l.predicted - 1) < 0.01);
    assert.ok(r.layers[0]!.defaultInitGradNorm < r.layers.at(-1)!.defaultInitGradNorm, 'default init vanishes instead');
    assert.ok(r.saturatedAfterStep > 0.9 && r.layers[0]!.updateRatio > 10);
    const rep = await lessons.renderExploding(r);
    assert.match(rep.charts[0]!.svg, /^<svg/);
    assert.match(lessons.formatReport(rep), /ratio to j\+1/);
  });

  test('vanishing: first-to-last ratio < 1e-3 for sigmoid, > 1e-1 with residual connections; the 1/4 bound holds', async () => {
    const r = await lessons.vanishing({ steps: 0 });
    const by = (v: string) => r.variants.find((x) => x.variant === v)!;
    assert.ok(by('sigmoid').firstToLast < 1e-3, String(by('sigmoid').firstToLast));
    assert.ok(by('sigmoid').weightFirstToLast < 1e-3);
    assert.ok(by('sigmoid-residual').firstToLast > 1e-1, String(by('sigmoid-residual').firstToLast));
    assert.ok(by('relu-he').firstToLast > 1e-1 && by('sigmoid-batchnorm').firstToLast > 1e-1);
    assert.equal(r.bounds.length, 8);
    for (const b of r.bounds) assert.ok(b.measuredRatio <= b.bound * (1 + 1e-6), `layer ${b.layer}: ${b.measuredRatio} > ${b.bound}`);
  });

  test('optimizers: Adam and Nadam reach the Rosenbrock tolerance in fewer steps than GD at their best rates', async () => {
    const r = await lessons.optimizers({ surfaces: ['rosenbrock'], mlpSteps: 0 });
    const runs = r.surfaces[0]!.runs;
    const steps = (n: string) => runs.find((x) => x.optimizer === n)!.steps;
    assert.ok(Number.isFinite(steps('gd')), 'GD reaches it within the budget');
    assert.ok(steps('adam') < steps('gd') && steps('nadam') < steps('gd'), `gd ${steps('gd')}, adam ${steps('adam')}, nadam ${steps('nadam')}`);
    for (const run of runs) if (Number.isFinite(run.steps)) assert.ok(run.finalValue <= 1e-4);
    // The closed-form gradients are right: a central difference on every surface.
    for (const s of lessons.SURFACES) {
      const [x, y] = [0.7, -0.3];
      const h = 1e-6;
      const [gx, gy] = s.grad(x, y);
      assert.ok(Math.abs(gx - (s.f(x + h, y) - s.f(x - h, y)) / (2 * h)) < 1e-4 * Math.max(1, Math.abs(gx)), s.name);
      assert.ok(Math.abs(gy - (s.f(x, y + h) - s.f(x, y - h)) / (2 * h)) < 1e-4 * Math.max(1, Math.abs(gy)), s.name);
    }
  });

  test('nonlinearity: the 2-3-1 sigmoid network >= 95% on circles, logistic regression <= 65%', async () => {
    const r = await lessons.nonlinearity({ gridSize: 10, restarts: 1 });
    const c = r.datasets.find((d) => d.dataset === 'circles')!;
    assert.ok(c.mlpTestAccuracy >= 0.95 && c.mlpTrainAccuracy >= 0.95, `${c.mlpTrainAccuracy} ${c.mlpTestAccuracy}`);
    assert.ok(c.logisticTestAccuracy <= 0.65 && c.logisticTrainAccuracy <= 0.65, `${c.logisticTrainAccuracy} ${c.logisticTestAccuracy}`);
    assert.equal(c.maps.hidden.length, 3);
    const x = r.datasets.find((d) => d.dataset === 'xor')!;
    assert.ok(x.mlpTestAccuracy >= 0.9 && x.logisticTestAccuracy <= 0.65, `${x.mlpTestAccuracy} ${x.logisticTestAccuracy}`);
  });

  test('activations: sigma\' <= 1/4, tanh\' <= 1, ReLU\' in {0, 1}, swish limits', async () => {
    const r = await lessons.activations();
    const by = (n: string) => r.curves.find((c) => c.name === n)!;
    assert.ok(Math.abs(by('sigmoid').maxDerivative - 0.25) < 1e-12 && by('sigmoid').minDerivative > 0);
    assert.ok(Math.abs(by('tanh').maxDerivative - 1) < 1e-12 && by('tanh').minDerivative > 0);
    assert.deepEqual(by('relu').derivativeValues, [0, 1]);
    assert.equal(r.reluDerivativeAtZero, 0);
    assert.ok(r.swishLimits.toHalfX < 0.01 && r.swishLimits.toRelu < 1e-3);
  });

  test('backprop: every chain-rule partial equals autodiff; the step lowers the loss; the lecture table', async () => {
    const r = await lessons.backprop();
    assert.equal(r.partials.length, 21);
    assert.ok(r.maxAbsDiff < 1e-12);
    assert.ok(r.lossAfterStep < r.forward.loss);
    assert.ok(Math.abs(r.worked.wNew - 0.28) < 1e-12 && Math.abs(r.worked.bNew - 1.18) < 1e-12);
  });

  test('gd-vs-sgd: per epoch SGD gets further than GD, and is noisier', async () => {
    const r = await lessons.gdVsSgd({ epochs: 5, n: 60 });
    const [gd, mini, single] = r.runs;
    assert.deepEqual(r.runs.map((x) => x.updates), [5, 20, 300]);
    assert.ok(single!.epochLoss.at(-1)! < gd!.epochLoss.at(-1)! && mini!.epochLoss.at(-1)! < gd!.epochLoss.at(-1)!);
    assert.equal(gd!.increaseFraction, 0);
    assert.ok(single!.increaseFraction > 0.1 && single!.gradNoise > gd!.gradNoise);
  });

  test('regularization: L1 leaves a larger share of near-zero weights than L2, and both shrink the weights', async () => {
    const r = await lessons.regularization({ steps: 300, sweep: [] });
    const [none, l1, l2] = r.runs;
    assert.ok(l1!.nearZero > l2!.nearZero + 0.2, `${l1!.nearZero} vs ${l2!.nearZero}`);
    assert.ok(l1!.weightNorm < none!.weightNorm && l2!.weightNorm < none!.weightNorm);
  });

  test('dropout: both scalings agree with evaluation in expectation', async () => {
    const r = await lessons.dropout({ steps: 60, hidden: 32, samples: 2000 });
    const [inv, lect] = r.expectation;
    assert.ok(inv!.relativeError < 0.01 && lect!.relativeError < 0.01);
    assert.ok(Math.abs(lect!.evalMean - 0.5 * inv!.evalMean) < 1e-12, 'the lecture scales by (1 - p) at test time');
    assert.equal(r.runs.length, 3);
  });

  test('normalization: standardized inputs reach the target sooner; batch norm tolerates larger rates', async () => {
    const r = await lessons.normalization({ lrs: [0.1, 1, 3, 10], stabilityEpochs: 30 });
    const [raw, std, rawBn, stdBn] = r.runs;
    assert.ok(std!.epochsToTarget < raw!.epochsToTarget, `${std!.epochsToTarget} vs ${raw!.epochsToTarget}`);
    assert.ok(stdBn!.epochsToTarget < std!.epochsToTarget);
    assert.ok(rawBn!.largestStableLr >= raw!.largestStableLr && stdBn!.largestStableLr >= std!.largestStableLr);
    assert.ok(raw!.saturatedAtInit > 0.9 && std!.saturatedAtInit < 0.2);
  });
});
