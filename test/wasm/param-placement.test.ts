// Optimizers place large float32 parameters in the wasm backend's memory (Optimizer, placeInBackend):
// what moves and what stays, that values and aliasing survive the move, and that training gives the
// same numbers as with parameters that are copied in and out on every use.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { withBackend } from '../../src/backend/registry.js';
import { referenceBackend } from '../../src/backend/reference/reference-backend.js';
import { wasmBackend } from '../../src/backend/wasm/wasm-backend.js';
import { getRuntime } from '../../src/backend/wasm/wasm-runtime.js';
import { MIN_PLACED_ELEMENTS } from '../../src/optim/backend-placement.js';
import { copyingWasmBackend } from './helpers.js';
import { Generator, linear, logSoftmax, optim, randn, tensor, type Tensor } from '../../src/index.js';

const resident = (t: Tensor): boolean => getRuntime().pointerOf(t.data as Float32Array) !== null;


/** Twelve Adam steps of a 64-32-3 MLP built under `backend`; returns the final parameters. */
function train(backend: typeof wasmBackend): Tensor[] {
  return withBackend(backend, () => {
    const g = new Generator(11);
    const ps = [randn([32, 64], { generator: g }), randn([32], { generator: g }), randn([3, 32], { generator: g }), randn([3], { generator: g })]
      .map((p) => p.mul(0.1).detach().requiresGrad_());
    const x = randn([16, 64], { generator: g });
    const y = tensor(Array.from({ length: 16 }, (_, i) => [0, 1, 2].map((c) => (c === i % 3 ? 1 : 0))));
    const opt = new optim.Adam(ps, { lr: 0.01 });
    for (let s = 0; s < 12; s++) {
      const [w1, b1, w2, b2] = ps as [Tensor, Tensor, Tensor, Tensor];
      const loss = logSoftmax(linear(linear(x, w1, b1).relu(), w2, b2), 1).mul(y).sum().neg().div(16);
      opt.zeroGrad();
      loss.backward();
      opt.step();
    }
    return ps;
  });
}

describe('optimizers place parameters in wasm memory', () => {
  test('large float32 parameters move with their values; small, float64 and cpu-backend ones stay', () => {
    const g = new Generator(2);
    const big = randn([MIN_PLACED_ELEMENTS], { generator: g }).requiresGrad_();
    const small = randn([MIN_PLACED_ELEMENTS - 1], { generator: g }).requiresGrad_();
    const wide = randn([MIN_PLACED_ELEMENTS], { generator: g, dtype: 'float64' }).requiresGrad_();
    const before = Array.from(big.data);
    withBackend(wasmBackend, () => new optim.SGD([big, small, wide], { lr: 0.1 }));
    assert.ok(resident(big), 'the large float32 parameter lives in wasm memory');
    assert.deepEqual(Array.from(big.data), before, 'with the same values');
    assert.ok(!resident(small), 'a parameter below the threshold stays');
    assert.ok(!(wide.data.buffer instanceof SharedArrayBuffer), 'float64 stays');
    const onCpu = randn([4096], { generator: g }).requiresGrad_();
    withBackend(referenceBackend, () => new optim.SGD([onCpu], { lr: 0.1 }));
    assert.ok(!resident(onCpu), 'a backend without memory of its own moves nothing');
  });

  test('tensors sharing storage still share it, and a second optimizer moves nothing again', () => {
    const p = randn([64, 64], { generator: new Generator(5) }).requiresGrad_();
    const alias = p.detach().requiresGrad_();
    withBackend(wasmBackend, () => {
      new optim.SGD([p], { lr: 0.1 });
      const first = p.data;
      new optim.Adam([alias, p]);
      assert.equal(alias.data, first, 'the alias follows the moved storage');
      assert.equal(p.data, first, 'placed storage is not moved twice');
    });
  });

  test('training gives bit-identical parameters to the copying path', () => {
    const placed = train(wasmBackend);
    const copied = train(copyingWasmBackend);
    assert.ok(resident(placed[0]!) && !resident(copied[0]!));
    placed.forEach((p, i) => assert.deepEqual(p.data, copied[i]!.data, `parameter ${i}`));
  });

  test('moveStorage rejects a buffer of another length or type', () => {
    const t = randn([3, 4], { generator: new Generator(1) });
    assert.throws(() => t.moveStorage(new Float32Array(11)), /moveStorage: needs a Float32Array of length 12, got a Float32Array of length 11/);
    assert.throws(() => t.moveStorage(new Float64Array(12)), /got a Float64Array of length 12/);
  });
});
