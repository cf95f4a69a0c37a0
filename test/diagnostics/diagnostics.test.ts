// Diagnostics: layer statistics against closed forms, the gradient-flow recorder on a hand-checked
// model, and anomaly mode naming the module and op where a NaN/Inf appears (forward and backward).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnostics, isAnomalyEnabled, nn, optim, tensor, ValueError, type Tensor } from '../../src/index.js';

const close = (a: number, b: number, tol = 1e-6): void => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} vs ${b}`);

class Log extends nn.Module {
  forward(x: Tensor): Tensor { return x.log(); }
}
class Sqrt extends nn.Module {
  forward(x: Tensor): Tensor { return x.sqrt(); }
}

describe('layer statistics', () => {
  test('sigmoid saturation, mean and std', () => {
    const s = diagnostics.activationStats(tensor([0.01, 0.5, 0.99, 0.97]), 'sigmoid');
    assert.equal(s.saturatedFraction, 0.75);
    close(s.mean, (0.01 + 0.5 + 0.99 + 0.97) / 4);
    const m = s.mean;
    close(s.std, Math.sqrt([0.01, 0.5, 0.99, 0.97].reduce((a, v) => a + (v - m) ** 2, 0) / 4));
    assert.equal(diagnostics.activationStats(tensor([-0.99, 0, 0.2, 0.96]), 'tanh').saturatedFraction, 0.5);
  });
  test('relu dead units and zero share', () => {
    const s = diagnostics.activationStats(tensor([[0, 1, 0], [0, 2, 3]]), 'relu');
    assert.equal(s.deadFraction, 1 / 3);
    assert.equal(s.zeroFraction, 0.5);
    assert.equal(diagnostics.activationStats(tensor([1, 2]), 'other').deadFraction, undefined);
  });
  test('norms and update ratio', () => {
    assert.equal(diagnostics.l2Norm(tensor([3, 4]), [12]), 13);
    close(diagnostics.updateRatio([3, 4], [3, 4.5]), 0.1);
    assert.throws(() => diagnostics.updateRatio([1], [1, 2]), ValueError);
    assert.throws(() => diagnostics.activationStats(tensor([1]), 'sigmoid', { saturation: 1 }), ValueError);
  });
});

describe('GradientFlowRecorder', () => {
  test('records gradient norm, weight norm, update ratio and activations per layer', () => {
    const lin = new nn.Linear({ inFeatures: 2, outFeatures: 1, dtype: 'float64' });
    nn.init.constant(lin.weight, 0.5);
    nn.init.constant(lin.bias!, 0);
    const model = new nn.Sequential(lin, new nn.Sigmoid());
    const rec = new diagnostics.GradientFlowRecorder().attach(model);
    assert.deepEqual(rec.layers, ['0', '1']);
    const opt = new optim.SGD(model.parameters(), { lr: 0.1 });
    const x = tensor([[1, 2]], { dtype: 'float64' });
    const out = model.call(x);
    out.sum().backward();
    opt.step();
    const [l0, l1] = rec.step().layers;
    // a = sigma(1.5); dQ/dz = a (1 - a); dQ/dW = dQ/dz * x, dQ/db = dQ/dz.
    const a = 1 / (1 + Math.exp(-1.5));
    const dz = a * (1 - a);
    close(l0!.params!.weight!.gradNorm, dz * Math.sqrt(5));
    close(l0!.gradNorm!, dz * Math.sqrt(6));
    close(l0!.params!.weight!.updateRatio, (0.1 * dz * Math.sqrt(5)) / Math.sqrt(0.5));
    close(l0!.weightNorm!, Math.hypot(0.5 - 0.1 * dz, 0.5 - 0.2 * dz, -0.1 * dz));
    close(l0!.gradOutputNorm!, dz);
    close(l1!.activation!.mean, a);
    assert.equal(l1!.activation!.kind, 'sigmoid');
    assert.equal(l1!.gradOutputNorm, 1);
    assert.equal(l1!.params, undefined);
    assert.deepEqual(rec.series('0', 'gradNorm').length, 1);
    assert.equal(rec.series('1', 'mean')[0], l1!.activation!.mean);
    const json = JSON.parse(JSON.stringify(rec)) as diagnostics.GradientFlowJSON;
    assert.deepEqual(json.layers, ['0', '1']);
    assert.equal(json.steps.length, 1);
    rec.detach();
    assert.equal(rec.attached, false);
    assert.throws(() => rec.step(), /not attached/);
    assert.equal(rec.steps.length, 1, 'recorded steps stay after detach');
  });
  test('detach removes the hooks; bad options and names are errors', () => {
    const model = new nn.Sequential(new nn.Linear({ inFeatures: 2, outFeatures: 2 }), new nn.ReLU());
    const rec = new diagnostics.GradientFlowRecorder({ maxSteps: 2 }).attach(model);
    for (let i = 0; i < 3; i++) { model.call(tensor([[1, -1]])); rec.step(); }
    assert.equal(rec.steps.length, 2);
    assert.equal(rec.steps[0]!.step, 1);
    assert.ok(rec.latest()[1]!.activation!.deadFraction !== undefined);
    rec.detach();
    const before = rec.latest()[1]!.activation!.mean;
    model.call(tensor([[5, 5]]).mul(100));
    assert.throws(() => rec.step(), /not attached/);
    assert.equal(rec.latest()[1]!.activation!.mean, before, 'no hook ran after detach');
    assert.throws(() => new diagnostics.GradientFlowRecorder().latest(), ValueError);
    assert.throws(() => new diagnostics.GradientFlowRecorder({ maxSteps: 0 }), ValueError);
    assert.throws(() => new diagnostics.GradientFlowRecorder({ filter: () => false }).attach(model), /no module/);
    assert.throws(() => rec.series('nope', 'gradNorm'), /no layer named 'nope'/);
  });
});

describe('anomaly mode', () => {
  test('a network made to produce NaN in forward: the error names the module and the op', () => {
    const lin = new nn.Linear({ inFeatures: 1, outFeatures: 1 });
    nn.init.constant(lin.weight, -1);
    nn.init.constant(lin.bias!, 0);
    const model = new nn.Sequential(lin, new Log());
    assert.doesNotThrow(() => model.call(tensor([[2]])), 'without anomaly mode the NaN passes silently');
    assert.throws(
      () => diagnostics.detectAnomaly(() => model.call(tensor([[2]]))),
      (e: unknown) => e instanceof diagnostics.AnomalyError && e.op === 'log' && e.scope === '1' && e.phase === 'forward' && /op 'log' in module '1'/.test(e.message),
    );
    assert.equal(isAnomalyEnabled(), false, 'the previous mode is restored after the error');
  });
  test('a NaN/Inf born in backward names the forward op and its module', () => {
    const lin = new nn.Linear({ inFeatures: 1, outFeatures: 1 });
    nn.init.constant(lin.weight, 0);
    nn.init.constant(lin.bias!, 0);
    const model = new nn.Sequential(lin, new Sqrt());
    // sqrt(0) = 0 is finite; its gradient 1 / (2 sqrt(0)) is not.
    assert.throws(
      () => diagnostics.detectAnomaly(() => model.call(tensor([[1]])).sum().backward()),
      (e: unknown) => e instanceof diagnostics.AnomalyError && e.op === 'sqrt' && e.scope === '1' && e.phase === 'backward' && /gradient of op 'sqrt' in module '1'/.test(e.message),
    );
    model.call(tensor([[1]])).sum().backward();
    assert.ok(!Number.isFinite(lin.weight.grad!.item()) || Number.isNaN(lin.weight.grad!.item()), 'without anomaly mode the Inf/NaN reaches the gradient');
  });
  test('detectAnomaly returns the value and restores the mode for async functions', async () => {
    assert.equal(diagnostics.detectAnomaly(() => 3), 3);
    const p = diagnostics.detectAnomaly(async () => isAnomalyEnabled());
    assert.equal(await p, true);
    assert.equal(isAnomalyEnabled(), false);
  });
});

describe('recorder as a Trainer callback', () => {
  test('records after each optimizer step, before zeroGrad: the same numbers as a hand-written loop', async () => {
    const { Generator, data, train } = await import('../../src/index.js');
    const make = (): nn.Sequential => {
      const g = new Generator(5);
      return new nn.Sequential(new nn.Linear({ inFeatures: 2, outFeatures: 8, generator: g }), new nn.Tanh(), new nn.Linear({ inFeatures: 8, outFeatures: 2, generator: g }));
    };
    const { x, y } = data.moons({ n: 64, seed: 1 });
    // Trainer with the callback (no shuffling: one full batch per epoch, 5 epochs = 5 steps)
    const m1 = make();
    const r1 = new diagnostics.GradientFlowRecorder().attach(m1);
    const t = new train.Trainer({ model: m1, optimizer: new optim.SGD(m1.parameters(), { lr: 0.1 }), loss: (o, l) => nn.crossEntropy(o, l) });
    await t.fit({ x, y }, { epochs: 5, batchSize: 64, shuffle: false, callbacks: [r1.callback()] });
    // hand-written loop
    const m2 = make();
    const r2 = new diagnostics.GradientFlowRecorder().attach(m2);
    const opt = new optim.SGD(m2.parameters(), { lr: 0.1 });
    for (let i = 0; i < 5; i++) {
      opt.zeroGrad();
      nn.crossEntropy(m2.call(x), y).backward();
      opt.step();
      r2.step();
    }
    assert.equal(r1.steps.length, 5);
    assert.ok(r1.series('0', 'gradNorm').every((v) => v > 0), 'gradients seen before zeroGrad');
    assert.deepEqual(r1.series('0', 'gradNorm'), r2.series('0', 'gradNorm'));
    assert.deepEqual(r1.series('2', 'updateRatio'), r2.series('2', 'updateRatio'));
    const every2 = new diagnostics.GradientFlowRecorder();
    assert.throws(() => every2.callback({ every: 0 }), /every must be a positive integer/);
  });
});
