// packState/unpackState: nested state (an optimizer's stateDict) survives the trip through a
// tensor map plus JSON text exactly, including numbers JSON cannot hold; bad values are refused.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor, tensor, randn, Generator } from '../../src/index.js';
import {
  CheckpointError, decodeSafetensors, encodeSafetensors, packState, parseState, stringifyState, unpackState,
} from '../../src/io/index.js';
import { assertSameTensor } from './helpers.js';

/** Through bytes and text, the way a checkpoint stores it. */
function trip(obj: unknown): unknown {
  const { tensors, json } = packState(obj);
  const back = decodeSafetensors(encodeSafetensors(tensors)).tensors;
  return unpackState(JSON.parse(JSON.stringify(json)), back);
}

describe('packState / unpackState', () => {
  test('an Adam-like stateDict round-trips exactly', () => {
    const g = new Generator(5);
    const state = {
      state: {
        0: { step: 3, expAvg: randn([4, 3], { generator: g }), expAvgSq: randn([4, 3], { generator: g }) },
        1: { step: 3, expAvg: randn([3], { generator: g, dtype: 'float64' }), maxExpAvgSq: undefined },
      },
      paramGroups: [{ lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, params: [0, 1], name: null }],
    };
    const { tensors, json } = packState(state);
    assert.deepEqual(Object.keys(tensors).sort(), ['state.0.expAvg', 'state.0.expAvgSq', 'state.1.expAvg']);
    assert.deepEqual((json as { state: Record<string, Record<string, unknown>> }).state['0']!.expAvg, { __tensor__: 'state.0.expAvg' });
    const back = trip(state) as typeof state;
    assertSameTensor(back.state[0].expAvg, state.state[0].expAvg);
    assertSameTensor(back.state[1].expAvg, state.state[1].expAvg);
    assert.ok('maxExpAvgSq' in back.state[1] && back.state[1].maxExpAvgSq === undefined);
    assert.deepEqual(back.paramGroups, state.paramGroups);
    assert.deepEqual({ ...back, state: {} }, { ...state, state: {} });
  });

  test('NaN, ±Infinity, -0 and undefined survive; ordinary numbers stay plain JSON', () => {
    const obj = { loss: [0.5, NaN, Infinity, -Infinity, -0, 0, undefined, 1e-320], best: -Infinity, nested: { x: NaN } };
    const back = trip(obj) as typeof obj;
    assert.deepEqual(back, obj);
    assert.ok(Object.is(back.loss[4], -0) && Object.is(back.loss[5], 0));
    assert.equal(JSON.stringify(packState({ a: 1.5, b: 'x' }).json), '{"a":1.5,"b":"x"}');
  });

  test('user objects with reserved keys are not mistaken for placeholders', () => {
    const obj = { a: { __tensor__: 'state.0.expAvg' }, b: { __number__: 'NaN', other: 1 }, c: [{ __object__: 2 }] };
    assert.deepEqual(trip(obj), obj);
  });

  test('a shared tensor is stored once and comes back as one object; a top-level tensor works', () => {
    const t = tensor([1, 2, 3]);
    const { tensors } = packState({ a: t, b: [t] });
    assert.deepEqual(Object.keys(tensors), ['a']);
    const back = trip({ a: t, b: [t] }) as { a: Tensor; b: Tensor[] };
    assert.equal(back.a, back.b[0]);
    assertSameTensor(trip(t), t);
  });

  test('path keys that collide (a dot inside a key) are kept apart', () => {
    const obj = { 'a.b': tensor([1]), a: { b: tensor([2]) } };
    const { tensors } = packState(obj);
    assert.deepEqual(Object.keys(tensors), ['a.b', 'a.b#1']);
    const back = trip(obj) as { 'a.b': Tensor; a: { b: Tensor } };
    assert.deepEqual([...back['a.b'].data, ...back.a.b.data], [1, 2]);
  });

  test('a key named __proto__ stays an own key and does not change the prototype', () => {
    const obj = JSON.parse('{"__proto__": {"x": 1}, "y": 2}') as Record<string, unknown>;
    const back = trip(obj) as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(back), Object.prototype);
    assert.deepEqual(Object.getOwnPropertyDescriptor(back, '__proto__')?.value, { x: 1 });
  });

  const BAD: [string, unknown, RegExp][] = [
    ['a function', { a: { f: () => 1 } }, /'a\.f' is a function/],
    ['a bigint', { n: [1n] }, /'n\.0' is a bigint/],
    ['a symbol', { s: Symbol('x') }, /'s' is a symbol/],
    ['a Map', { m: new Map() }, /'m' is a Map instance/],
    ['a typed array', { t: new Float32Array(2) }, /'t' is a typed array \(wrap it in a tensor\)/],
  ];
  for (const [name, value, pattern] of BAD) {
    test(`refuses ${name}, naming its path`, () => {
      assert.throws(() => packState(value), (e: Error) => e instanceof CheckpointError && pattern.test(e.message));
    });
  }

  test('refuses a cycle', () => {
    const a: Record<string, unknown> = { x: 1 };
    a.self = { back: a };
    assert.throws(() => packState(a), (e: Error) => /'self\.back' refers back to one of its parents/.test(e.message));
    const shared = { v: 1 };
    assert.deepEqual(trip({ p: shared, q: shared }), { p: { v: 1 }, q: { v: 1 } }); // sharing is not a cycle
  });

  test('unpack refuses a placeholder whose tensor is missing, naming the file', () => {
    assert.throws(
      () => unpackState({ w: { __tensor__: 'w' } }, {}, { source: 'optimizer.json' }),
      (e: Error) => e instanceof CheckpointError && e.message === `optimizer.json: '(root).w' refers to tensor "w", which is not in the tensor file`,
    );
    assert.throws(() => unpackState({ n: { __number__: 'Eleven' } }, {}), /unknown number "Eleven"/);
    assert.throws(() => unpackState({ n: { __tensor__: 'x', extra: 1 } }, {}), /malformed placeholder/);
  });
});

describe('stringifyState / parseState', () => {
  test('round-trips JSON with non-finite numbers and refuses tensors', () => {
    const v = { history: [{ loss: NaN }], best: Infinity, name: 'mlp' };
    assert.deepEqual(parseState(stringifyState(v, { space: 2 })), v);
    assert.throws(() => stringifyState({ w: tensor([1]) }, { what: 'model.json' }), /model\.json holds tensors \(w\)/);
  });

  test('bad JSON names the file', () => {
    assert.throws(() => parseState('{"a": ', { source: 'state.json' }), (e: Error) => e instanceof CheckpointError && /^state\.json: not valid JSON/.test(e.message));
  });
});
