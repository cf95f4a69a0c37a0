// MarkovChain: counting fit, seeded sampling, stationary distribution (power iteration against the
// eigenvector), likelihood, save/load through safetensors, and bad input naming the class and shapes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Generator, ShapeError, ValueError, io, zoo } from '../../src/index.js';

const { MarkovChain } = zoo;

/** A random n-state chain with strictly positive entries (so it is irreducible and aperiodic). */
function randomChain(n: number, g: Generator): InstanceType<typeof MarkovChain> {
  const rows = Array.from({ length: n }, () => {
    const r = Array.from({ length: n }, () => 0.05 + g.nextDouble());
    const s = r.reduce((a, b) => a + b, 0);
    return r.map((v) => v / s);
  });
  return new MarkovChain({ numStates: n, transition: rows });
}

test('fit counts transitions: P_hat_ij = c_ij / sum_j c_ij, smoothing adds k to every count', () => {
  const mc = new MarkovChain({ numStates: 3 }).fit([[0, 1, 1, 2, 0, 0, 1]]);
  assert.deepEqual(Array.from(mc.transition.data), [1 / 3, 2 / 3, 0, 0, 0.5, 0.5, 1, 0, 0]);
  assert.deepEqual(Array.from(mc.initial.data), [1, 0, 0]);
  assert.deepEqual(Array.from(mc.counts([[0, 1, 1, 2, 0, 0, 1]]).data), [1, 2, 0, 0, 1, 1, 1, 0, 0]);
  const sm = new MarkovChain({ numStates: 3 }).fit([[0, 1, 1, 2, 0, 0, 1]], { smoothing: 1 });
  assert.deepEqual(Array.from(sm.transition.data).slice(0, 3), [2 / 6, 3 / 6, 1 / 6]);
  // state 2 is never left: its row is uniform, not NaN
  const never = new MarkovChain({ numStates: 3 }).fit([[0, 1, 0, 2]]);
  assert.deepEqual(Array.from(never.transition.data).slice(6), [1 / 3, 1 / 3, 1 / 3]);
});

test('sample follows P: the same generator seed gives the same sequence, another seed differs', () => {
  const mc = new MarkovChain({ numStates: 2, transition: [[0.9, 0.1], [0.5, 0.5]] });
  const a = mc.sample(2000, { generator: new Generator(5) });
  const b = mc.sample(2000, { generator: new Generator(5) });
  const c = mc.sample(2000, { generator: new Generator(6) });
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  assert.equal(mc.sample(5, { start: 1, generator: new Generator(0) })[0], 1);
  const det = new MarkovChain({ numStates: 3, transition: [[0, 1, 0], [0, 0, 1], [1, 0, 0]] });
  assert.deepEqual(Array.from(det.sample(7, { start: 2 })), [2, 0, 1, 2, 0, 1, 2]);
});

test('stationary(): power iteration agrees with the eigenvector for random chains, and pi P = pi', () => {
  const g = new Generator(11);
  for (const n of [2, 3, 5, 8, 20]) {
    const mc = randomChain(n, g);
    const pi = mc.stationary();
    const ex = mc.stationaryExact();
    const p = mc.transition.data;
    for (let j = 0; j < n; j++) {
      assert.ok(Math.abs(pi[j]! - ex[j]!) < 1e-10, `n=${n} state ${j}: ${pi[j]} vs ${ex[j]}`);
      let piP = 0;
      for (let i = 0; i < n; i++) piP += pi[i]! * p[i * n + j]!;
      assert.ok(Math.abs(piP - pi[j]!) < 1e-12);
    }
    assert.ok(Math.abs(pi.reduce((a, b) => a + b, 0) - 1) < 1e-12);
  }
  // the chain has pi = [0.625, 0.3125, 0.0625] exactly
  const task = new MarkovChain({ numStates: 3, transition: zoo.MC_TASK_P as number[][] });
  assert.deepEqual(Array.from(task.stationaryExact(), (v) => Number(v.toFixed(12))), [0.625, 0.3125, 0.0625]);
  // a periodic chain does not oscillate (lazy iteration); a reducible one has no unique eigenvector
  assert.deepEqual(Array.from(new MarkovChain({ numStates: 2, transition: [[0, 1], [1, 0]] }).stationary(), (v) => Number(v.toFixed(9))), [0.5, 0.5]);
  assert.throws(() => new MarkovChain({ numStates: 2, transition: [[1, 0], [0, 1]] }).stationaryExact(), /MarkovChain.stationaryExact: .*not unique/);
  assert.throws(() => randomChain(4, g).stationary({ maxIter: 1, tol: 0 }), /did not converge/);
});

test('logLikelihood and perplexity are the sums of log-probabilities', () => {
  const mc = new MarkovChain({ numStates: 2, transition: [[0.9, 0.1], [0.5, 0.5]], initial: [0.25, 0.75] });
  const want = Math.log(0.25) + Math.log(0.1) + Math.log(0.5) + Math.log(0.5);
  assert.ok(Math.abs(mc.logLikelihood([0, 1, 1, 0]) - want) < 1e-15);
  assert.ok(Math.abs(mc.logLikelihood([0, 1, 1, 0], { includeInitial: false }) - (want - Math.log(0.25))) < 1e-15);
  assert.equal(new MarkovChain({ numStates: 2, transition: [[1, 0], [0, 1]] }).logLikelihood([0, 1]), -Infinity);
  assert.ok(Math.abs(new MarkovChain({ numStates: 7 }).perplexity([[0, 3, 6, 1], [2, 2]]) - 7) < 1e-12);
  assert.throws(() => mc.perplexity([[1]]), /no transition/);
});

test('save/load: the transition matrix goes through safetensors bit-identically', () => {
  const truth = new MarkovChain({ numStates: 3, transition: zoo.MC_TASK_P as number[][] });
  const fitted = new MarkovChain({ numStates: 3 }).fit([truth.sample(5000, { generator: new Generator(2) })], { smoothing: 0.5 });
  const bytes = io.encodeSafetensors(fitted.stateDict());
  const back = io.decodeSafetensors(bytes).tensors;
  const loaded = new MarkovChain({ numStates: 3 }).loadStateDict(back);
  assert.equal(loaded.transition.dtype, 'float64');
  assert.deepEqual(new Uint8Array(loaded.transition.data.buffer, loaded.transition.data.byteOffset, loaded.transition.data.byteLength), new Uint8Array(fitted.transition.data.buffer, fitted.transition.data.byteOffset, fitted.transition.data.byteLength));
  assert.deepEqual(Array.from(loaded.initial.data), Array.from(fitted.initial.data));
  assert.deepEqual(loaded.sample(500, { generator: new Generator(9) }), fitted.sample(500, { generator: new Generator(9) }));
  assert.equal(loaded.logLikelihood([0, 1, 2, 2, 0]), fitted.logLikelihood([0, 1, 2, 2, 0]));
  assert.deepEqual(loaded.stationary(), fitted.stationary());
  assert.throws(() => new MarkovChain({ numStates: 4 }).loadStateDict(back), (e: unknown) => e instanceof ShapeError && /MarkovChain.loadStateDict: transition must have shape \[4,4\], got \[3,3\]/.test(e.message));
  assert.throws(() => new MarkovChain({ numStates: 3 }).loadStateDict({ transition: back.transition! }), /missing tensor\(s\) initial/);
});

test('bad input names MarkovChain, the expected and the actual shape or value', () => {
  assert.throws(() => new MarkovChain({ numStates: 0 }), (e: unknown) => e instanceof ValueError && /MarkovChain: numStates must be a positive integer, got 0/.test(e.message));
  assert.throws(() => new MarkovChain({ numStates: 3, transition: [[1, 0], [0, 1]] }), (e: unknown) => e instanceof ShapeError && /transition must have shape \[3,3\], got \[2,2\]/.test(e.message));
  assert.throws(() => new MarkovChain({ numStates: 2, transition: [[0.5, 0.6], [0, 1]] }), /transition row 0 sums to 1.1, expected 1/);
  assert.throws(() => new MarkovChain({ numStates: 2, transition: [[1.5, -0.5], [0, 1]] }), /transition\[0\]\[1\] is -0.5/);
  assert.throws(() => new MarkovChain({ numStates: 2, transition: [[NaN, 1], [0, 1]] }), /is NaN/);
  assert.throws(() => new MarkovChain({ numStates: 2, initial: [1] }), /initial must have shape \[2\], got \[1\]/);
  const mc = new MarkovChain({ numStates: 3 });
  assert.throws(() => mc.fit([[0, 1, 3]]), /MarkovChain.fit: sequence 0 at step 2 is 3, expected a state in 0..2/);
  assert.throws(() => mc.fit([[0, 0.5]]), /at step 1 is 0.5/);
  assert.throws(() => mc.fit([]), /non-empty array of sequences/);
  assert.throws(() => mc.fit([[0, 1]], { smoothing: -1 }), /smoothing must be a finite number >= 0, got -1/);
  assert.throws(() => mc.sample(-1), /length must be a non-negative integer, got -1/);
  assert.throws(() => mc.sample(3, { start: 7 }), /start is 7, expected a state in 0..2/);
  assert.throws(() => mc.logLikelihood([0, -1]), /step 1 is -1/);
});

test('the character chain: vocabulary round trip, sampled text from the docs, held-out perplexity below order 0', () => {
  const v = zoo.charVocab('hello');
  assert.deepEqual(v.chars, ['e', 'h', 'l', 'o']);
  assert.equal(v.decode(v.encode('hole')), 'hole');
  assert.throws(() => v.encode('hex'), /character "x" is not in the vocabulary of 4 characters/);
  const fit = zoo.fitCharChain(zoo.NEURITE_DOCS_TEXT);
  assert.ok(fit.heldOutPerplexity < fit.unigramPerplexity, `${fit.heldOutPerplexity} vs ${fit.unigramPerplexity}`);
  assert.ok(fit.unigramPerplexity < fit.vocab.chars.length);
  assert.ok(fit.trainPerplexity < fit.heldOutPerplexity);
  const a = zoo.sampleText(fit, 200, { generator: new Generator(3) });
  assert.equal(a.length, 200);
  assert.equal(a, zoo.sampleText(fit, 200, { generator: new Generator(3) }));
  assert.notEqual(a, zoo.sampleText(fit, 200, { generator: new Generator(4) }));
  assert.throws(() => zoo.fitCharChain('ab', { trainFraction: 1.5 }), /trainFraction must be in \(0, 1\)/);
});
