// Learning-rate schedulers: lr sequences against their closed forms (and PyTorch's recursive
// cosine form), chaining warm-up then cosine, ReduceLROnPlateau's rules, state dicts, validation.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  SGD, StepLR, MultiStepLR, ExponentialLR, CosineAnnealingLR, LinearLR, LambdaLR, SequentialLR, ReduceLROnPlateau,
} from '../../src/optim/index.js';
import type { Scheduler } from '../../src/optim/index.js';
import { ValueError, tensor } from '../../src/index.js';
import { param } from './helpers.js';

/** An SGD with two groups (lr 1 and lr 0.1). */
function makeOpt(): SGD {
  return new SGD([{ params: [param([1])] }, { params: [param([2])], lr: 0.1 }], { lr: 1 });
}

/** getLastLr() right after construction, then after each of `steps` steps; checks the optimizer agrees. */
function lrs(s: Scheduler, opt: SGD, steps: number, metric?: (e: number) => number): number[][] {
  const out = [s.getLastLr()];
  for (let e = 1; e <= steps; e++) {
    s.step(metric?.(e));
    out.push(s.getLastLr());
    assert.deepEqual(opt.paramGroups.map((g) => g.lr), s.getLastLr());
  }
  return out;
}

function assertClose(actual: number[][], expected: number[][], tol = 1e-15): void {
  assert.equal(actual.length, expected.length);
  actual.forEach((row, e) => row.forEach((v, i) => assert.ok(Math.abs(v - expected[e]![i]!) <= tol * Math.max(1, Math.abs(expected[e]![i]!)), `epoch ${e} group ${i}: ${v} vs ${expected[e]![i]}`)));
}

const bases = [1, 0.1];
const closed = (f: (e: number, base: number) => number, steps: number): number[][] =>
  Array.from({ length: steps + 1 }, (_, e) => bases.map((b) => f(e, b)));

describe('epoch schedulers follow their closed forms', () => {
  test('StepLR: lr_0 * gamma^floor(e / stepSize)', () => {
    const opt = makeOpt();
    assertClose(lrs(new StepLR(opt, { stepSize: 3, gamma: 0.5 }), opt, 10), closed((e, b) => b * 0.5 ** Math.floor(e / 3), 10));
    assert.deepEqual(opt.paramGroups.map((g) => g.initialLr), [1, 0.1]);
  });

  test('MultiStepLR: lr_0 * gamma^(milestones passed)', () => {
    const opt = makeOpt();
    assertClose(lrs(new MultiStepLR(opt, { milestones: [2, 5], gamma: 0.1 }), opt, 7), closed((e, b) => b * 0.1 ** ((e >= 2 ? 1 : 0) + (e >= 5 ? 1 : 0)), 7));
  });

  test('ExponentialLR: lr_0 * gamma^e', () => {
    const opt = makeOpt();
    assertClose(lrs(new ExponentialLR(opt, { gamma: 0.9 }), opt, 20), closed((e, b) => b * 0.9 ** e, 20));
  });

  test('CosineAnnealingLR: etaMin + (lr_0 - etaMin)(1 + cos(pi e / tMax)) / 2, equal to PyTorch\'s recursive form, continuing past tMax', () => {
    const opt = makeOpt();
    const got = lrs(new CosineAnnealingLR(opt, { tMax: 10, etaMin: 0.01 }), opt, 25);
    assertClose(got, closed((e, b) => 0.01 + ((b - 0.01) * (1 + Math.cos((Math.PI * e) / 10))) / 2, 25));
    assert.ok(Math.abs(got[10]![0]! - 0.01) < 1e-15 && Math.abs(got[5]![0]! - 0.505) < 1e-15 && Math.abs(got[20]![0]! - 1) < 1e-15);
    // torch.optim.lr_scheduler.CosineAnnealingLR.get_lr, epoch by epoch from the previous lr.
    const T = 10;
    const m = 0.01;
    const rec = [bases];
    for (let e = 1; e <= 25; e++) {
      rec.push(rec[e - 1]!.map((lr, i) => {
        if ((e - 1 - T) % (2 * T) === 0) return lr + ((bases[i]! - m) * (1 - Math.cos(Math.PI / T))) / 2;
        return m + ((1 + Math.cos((Math.PI * e) / T)) / (1 + Math.cos((Math.PI * (e - 1)) / T))) * (lr - m);
      }));
    }
    assertClose(got, rec, 1e-12);
  });

  test('LinearLR: lr_0 * (start + (end - start) * min(e, totalIters) / totalIters), PyTorch defaults 1/3, 1, 5', () => {
    const opt = makeOpt();
    assertClose(lrs(new LinearLR(opt, { startFactor: 0.25, totalIters: 4 }), opt, 6), closed((e, b) => b * [0.25, 0.4375, 0.625, 0.8125, 1, 1, 1][e]!, 6));
    const opt2 = makeOpt();
    assertClose(lrs(new LinearLR(opt2), opt2, 6), closed((e, b) => b * (1 / 3 + ((2 / 3) * Math.min(e, 5)) / 5), 6));
  });

  test('LambdaLR: lr_0 * lrLambda(e)', () => {
    const opt = makeOpt();
    assertClose(lrs(new LambdaLR(opt, { lrLambda: (e) => 1 / (1 + e) }), opt, 5), closed((e, b) => b / (1 + e), 5));
  });

  test('warm-up then cosine with SequentialLR; every scheduler uses the original lr as its base', () => {
    const opt = makeOpt();
    const warm = new LinearLR(opt, { startFactor: 0.1, totalIters: 3 });
    const cos = new CosineAnnealingLR(opt, { tMax: 7 });
    assert.deepEqual(cos.baseLrs, [1, 0.1]);
    const seq = new SequentialLR(opt, { schedulers: [warm, cos], milestones: [3] });
    const expected = closed((e, b) => (e < 3 ? b * (0.1 + (0.9 * e) / 3) : (b * (1 + Math.cos((Math.PI * (e - 3)) / 7))) / 2), 10);
    assertClose(lrs(seq, opt, 10), expected);
    assert.ok(Math.abs(seq.getLastLr()[0]!) < 1e-15, 'ends at etaMin = 0');
  });

  test('the optimizer steps with the lr the scheduler set', () => {
    const p = param([0]);
    const opt = new SGD([p], { lr: 1 });
    const s = new StepLR(opt, { stepSize: 1, gamma: 0.5 });
    for (let e = 0; e < 3; e++) {
      p.grad = tensor([1], { dtype: 'float64' });
      opt.step();
      s.step();
    }
    assert.deepEqual(Array.from(p.data), [-(1 + 0.5 + 0.25)]);
  });

  test('state dicts: optimizer + scheduler saved after 7 epochs continue exactly like an uninterrupted run', () => {
    const build = (): [SGD, SequentialLR] => {
      const opt = makeOpt();
      const seq = new SequentialLR(opt, { schedulers: [new LinearLR(opt, { startFactor: 0.2, totalIters: 4 }), new StepLR(opt, { stepSize: 2, gamma: 0.7 })], milestones: [4] });
      return [opt, seq];
    };
    const [o1, s1] = build();
    const straight = lrs(s1, o1, 12);
    const [o2, s2] = build();
    lrs(s2, o2, 7);
    const saved = JSON.parse(JSON.stringify({ sched: s2.stateDict(), groups: o2.stateDict().paramGroups })) as { sched: ReturnType<Scheduler['stateDict']>; groups: ReturnType<SGD['stateDict']>['paramGroups'] };
    const [o3, s3] = build();
    o3.loadStateDict({ state: {}, paramGroups: saved.groups });
    s3.loadStateDict(saved.sched);
    assert.deepEqual(s3.getLastLr(), straight[7]);
    const rest = lrs(s3, o3, 5);
    assert.deepEqual(rest, straight.slice(7));
  });

  test('bad options are ValueErrors that name the scheduler', () => {
    const opt = makeOpt();
    const other = makeOpt();
    const table: [() => unknown, RegExp][] = [
      [() => new StepLR(opt, { stepSize: 0 }), /StepLR: invalid stepSize 0 \(must be an integer >= 1\)/],
      [() => new StepLR(opt, { stepSize: 1.5 }), /StepLR: invalid stepSize 1.5/],
      [() => new ExponentialLR(opt, { gamma: -1 }), /ExponentialLR: invalid gamma -1 \(must be >= 0\)/],
      [() => new CosineAnnealingLR(opt, { tMax: 0 }), /CosineAnnealingLR: invalid tMax 0/],
      [() => new LinearLR(opt, { startFactor: 0 }), /LinearLR: invalid startFactor 0 \(must be in \(0, 1\]\)/],
      [() => new LinearLR(opt, { endFactor: 1.5 }), /LinearLR: invalid endFactor 1.5 \(must be in \[0, 1\]\)/],
      [() => new MultiStepLR(opt, { milestones: [3, 2] }), /MultiStepLR: milestones must be increasing/],
      [() => new SequentialLR(opt, { schedulers: [new StepLR(opt, { stepSize: 1 })], milestones: [2] }), /SequentialLR: expected 0 milestones for 1 schedulers, got 1/],
      [() => new SequentialLR(opt, { schedulers: [new StepLR(opt, { stepSize: 1 }), new StepLR(other, { stepSize: 1 })], milestones: [2] }), /SequentialLR: scheduler 1 belongs to another optimizer/],
      [() => new ReduceLROnPlateau(opt, { factor: 1 }), /ReduceLROnPlateau: invalid factor 1 \(must be in \[0, 1\)\)/],
      [() => new ReduceLROnPlateau(opt, { mode: 'up' as 'min' }), /ReduceLROnPlateau: mode must be 'min' or 'max', got 'up'/],
      [() => new ReduceLROnPlateau(opt, { minLr: [0] }), /ReduceLROnPlateau: expected 2 minLr values \(one per parameter group\), got 1/],
      [() => new ReduceLROnPlateau(opt).step(), /ReduceLROnPlateau.step: needs the monitored metric/],
    ];
    for (const [fn, re] of table) assert.throws(fn, (e: Error) => e instanceof ValueError && re.test(e.message) ? true : assert.fail(`${re}: got ${e.message}`));
  });
});

describe('ReduceLROnPlateau', () => {
  test('mode min: reduces by factor after more than `patience` epochs without improvement', () => {
    const opt = makeOpt();
    const metrics = [10, 9, 9, 9, 9, 8, 8, 8, 8];
    const got = lrs(new ReduceLROnPlateau(opt, { patience: 2, factor: 0.5 }), opt, metrics.length, (e) => metrics[e - 1]!);
    assert.deepEqual(got.map((r) => r[0]), [1, 1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.25]);
    assert.deepEqual(got.map((r) => r[1]), [0.1, 0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05, 0.025]);
  });

  test('threshold: relative needs best * (1 - t), absolute needs best - t; mode max mirrors it', () => {
    const rel = new ReduceLROnPlateau(makeOpt(), { threshold: 0.1 });
    rel.step(10);
    rel.step(9.5);
    assert.equal(rel.best, 10);
    assert.equal(rel.numBadEpochs, 1);
    rel.step(8.9);
    assert.equal(rel.best, 8.9);
    const abs = new ReduceLROnPlateau(makeOpt(), { threshold: 0.4, thresholdMode: 'abs' });
    abs.step(10);
    abs.step(9.5);
    assert.equal(abs.best, 9.5);
    const max = new ReduceLROnPlateau(makeOpt(), { mode: 'max', patience: 0 });
    max.step(0.5);
    max.step(0.6);
    assert.equal(max.best, 0.6);
    max.step(0.6);
    assert.deepEqual(max.getLastLr(), [0.1, 0.010000000000000002]);
  });

  test('cooldown: the epochs after a reduction do not count as bad', () => {
    const opt = makeOpt();
    const got = lrs(new ReduceLROnPlateau(opt, { patience: 0, cooldown: 2, factor: 0.5 }), opt, 8, () => 1);
    assert.deepEqual(got.map((r) => r[0]), [1, 1, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.125]);
  });

  test('minLr bounds each group, and reductions smaller than eps are skipped', () => {
    const opt = makeOpt();
    const s = new ReduceLROnPlateau(opt, { patience: 0, factor: 0.5, minLr: [0.3, 0.09] });
    lrs(s, opt, 6, () => 1);
    assert.deepEqual(s.getLastLr(), [0.3, 0.09]);
    const tiny = new SGD([param([1])], { lr: 1e-8 });
    const t = new ReduceLROnPlateau(tiny, { patience: 0, factor: 0.5 });
    t.step(1);
    t.step(1);
    assert.deepEqual(t.getLastLr(), [1e-8]);
  });

  test('a NaN metric counts as an epoch without improvement', () => {
    const s = new ReduceLROnPlateau(makeOpt(), { patience: 1 });
    s.step(1);
    s.step(NaN);
    assert.equal(s.numBadEpochs, 1);
    assert.equal(s.best, 1);
  });

  test('its state dict survives JSON (including "no best yet") and resumes exactly', () => {
    const metrics = [5, 4, 4, 4.5, 4, 3, 3, 3, 3, 3];
    const opt1 = makeOpt();
    const straight = lrs(new ReduceLROnPlateau(opt1, { patience: 1, cooldown: 1, factor: 0.3 }), opt1, 10, (e) => metrics[e - 1]!);
    const opt2 = makeOpt();
    const s2 = new ReduceLROnPlateau(opt2, { patience: 1, cooldown: 1, factor: 0.3 });
    const empty = JSON.parse(JSON.stringify(s2.stateDict())) as ReturnType<Scheduler['stateDict']>;
    assert.equal(empty.best, 'none');
    lrs(s2, opt2, 4, (e) => metrics[e - 1]!);
    const saved = JSON.parse(JSON.stringify({ s: s2.stateDict(), g: opt2.stateDict().paramGroups })) as { s: ReturnType<Scheduler['stateDict']>; g: ReturnType<SGD['stateDict']>['paramGroups'] };
    const opt3 = makeOpt();
    const s3 = new ReduceLROnPlateau(opt3, { patience: 5 });
    opt3.loadStateDict({ state: {}, paramGroups: saved.g });
    s3.loadStateDict(saved.s);
    assert.equal(s3.patience, 1);
    assert.deepEqual(lrs(s3, opt3, 6, (e) => metrics[e + 3]!), straight.slice(4));
    const fresh = new ReduceLROnPlateau(makeOpt(), { mode: 'max' });
    fresh.loadStateDict(empty);
    assert.equal(fresh.best, Infinity);
  });
});
