// Runs the conformance suite on every backend in BACKENDS; one that cannot run on this host is
// reported as skipped with the reason, never passed silently. Also checks the suite catches bugs.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { getBackend, referenceBackend, setBackend, type Backend } from '../../src/index.js';
import { runConformance } from './conformance.js';

/** Loads a built-in backend by name through the public API (throws when this host cannot run it). */
function builtin(name: 'cpu' | 'wasm'): Backend {
  const prev = setBackend(name);
  const b = getBackend();
  setBackend(prev);
  return b;
}

/** Backends under test. A new backend is one more line here. */
const BACKENDS: { name: string; load: () => Backend }[] = [
  { name: 'cpu', load: () => builtin('cpu') },
  { name: 'wasm', load: () => builtin('wasm') },
];

describe('backend conformance against the reference backend', () => {
  for (const { name, load } of BACKENDS) {
    test(name, (t) => {
      let backend: Backend;
      try {
        backend = load();
      } catch (err) {
        t.skip(`backend '${name}' is unavailable here: ${err instanceof Error ? err.message : String(err)}`);
        return;
      }
      const r = runConformance(backend);
      assert.ok(r.cases > 300, `only ${r.cases} cases ran`);
      assert.deepEqual(r.failures, [], `${name}: ${r.failures.length} of ${r.cases} cases disagree`);
    });
  }
});

describe('the conformance suite catches broken backends', () => {
  test('a wrong forward kernel (exp off by 1e-3) fails the cases that use it', () => {
    const broken: Backend = {
      ...referenceBackend,
      name: 'broken-exp',
      unary(op, x, out) {
        referenceBackend.unary(op, x, out);
        if (op === 'exp') for (let i = 0; i < out.length; i++) out[i]! *= 1.001;
      },
    };
    const r = runConformance(broken);
    assert.ok(r.failures.some((f) => f.startsWith('exp ')), 'exp must fail');
    assert.ok(r.failures.some((f) => f.startsWith('logsumexp ')), 'logsumexp (built on exp) must fail');
    assert.ok(!r.failures.some((f) => f.startsWith('add ')), 'add does not use exp');
  });

  test('a wrong kernel used only by a backward pass (pad) fails through the gradient of slice', () => {
    const broken: Backend = {
      ...referenceBackend,
      name: 'broken-pad',
      pad(x, shape, lo, interior, value, out, outShape) {
        referenceBackend.pad(x, shape, lo, interior, value + 1, out, outShape);
      },
    };
    const r = runConformance(broken);
    assert.ok(r.failures.some((f) => f.startsWith('slice ') && f.includes('gradient of input 0')), r.failures.slice(0, 3).join('\n'));
  });

  test('a kernel that throws is reported, not crashed on', () => {
    const broken: Backend = {
      ...referenceBackend,
      name: 'throwing-matmul',
      matmul() {
        throw new Error('not implemented');
      },
    };
    const r = runConformance(broken);
    assert.ok(r.failures.some((f) => f.startsWith('matmul ') && f.includes('not implemented')));
  });
});
