// The MC gate: from 10,000 sampled steps max |P_hat - P| < 0.05 and stationary error < 0.04, from
// 100,000 < 0.02 and < 0.015 (seed 0, both in the gate: counting is fast); the same seed is bit-identical.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { zoo } from '../../src/index.js';

test('mc gate: the 3-state chain is recovered within the bars from 10,000 and 100,000 steps', async () => {
  const r = (await zoo.getEntry('mc').run({ seed: 0 })) as zoo.McResult;
  const at = (n: number): zoo.McEstimate => r.estimates.find((e) => e.steps === n)!;
  assert.ok(at(10_000).matrixError < 0.05, `10k matrix error ${at(10_000).matrixError}`);
  assert.ok(at(10_000).stationaryError < 0.04, `10k stationary error ${at(10_000).stationaryError}`);
  assert.ok(at(100_000).matrixError < 0.02, `100k matrix error ${at(100_000).matrixError}`);
  assert.ok(at(100_000).stationaryError < 0.015, `100k stationary error ${at(100_000).stationaryError}`);
  assert.ok(r.eigenGap < 1e-9);
  assert.ok(r.text.heldOutPerplexity < r.text.unigramPerplexity);
  assert.equal(r.value, at(10_000).matrixError);
  assert.deepEqual(r.bar, { op: '<', value: 0.05 });
  assert.equal(r.pass, true);
  assert.ok(r.checks.every((c) => c.pass === zoo.meetsBar(c.value, c.bar)));
  assert.equal(r.text.lstmPerplexity, null); // the character LSTM waits for nn.LSTM
  const progress: zoo.ZooProgress[] = [];
  const again = (await zoo.getEntry('mc').run({ seed: 0, onProgress: (p) => progress.push(p) })) as zoo.McResult;
  assert.deepEqual(again.checks, r.checks);
  assert.deepEqual(again.model.transition.data, r.model.transition.data);
  assert.equal(again.text.sample, r.text.sample);
  assert.ok(progress.length >= 2 && progress[progress.length - 1]!.step === progress[progress.length - 1]!.total);
  const other = (await zoo.getEntry('mc').run({ seed: 1 })) as zoo.McResult;
  assert.notDeepEqual(other.model.transition.data, r.model.transition.data);
  const rep = await zoo.getEntry('mc').render(r);
  assert.deepEqual(rep.charts.map((c) => c.name), ['cell', 'convergence', 'perplexity']);
  for (const c of rep.charts) assert.match(c.svg, /^<svg/);
  assert.match(rep.text, /Text sampled from the character chain/);
});

test('mc --full: over 100 seeds each bar holds on at least 95% of them', async () => {
  const r = (await zoo.getEntry('mc').run({ seed: 0, full: true })) as zoo.McResult;
  assert.equal(r.seeds!.count, 100);
  for (const [i, s] of r.seeds!.shares.entries()) assert.ok(s >= 0.95, `bar ${i} holds on ${s} of the seeds`);
  assert.equal(r.pass, true);
});
