// RNN, LSTM, GRU and their cells: gradient checks (float64 finite differences), shapes and layouts,
// variable lengths against running each sequence alone, dropout, truncated BPTT and argument errors.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { gradcheck } from '../../src/autograd/gradcheck.js';
import { DTypeError, ShapeError, ValueError } from '../../src/errors.js';
import { GRU, GRUCell, LSTM, LSTMCell, RNN, RNNCell, type Module } from '../../src/nn/index.js';
import { concat, index, slice, stack } from '../../src/ops/shape.js';
import { decodeSafetensors, encodeSafetensors } from '../../src/io/safetensors.js';
import { randn } from '../../src/tensor/creation.js';
import { Generator } from '../../src/tensor/random.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { assertClose } from './helpers.js';

const rn = (shape: number[], seed: number): Tensor => randn(shape, { dtype: 'float64', generator: new Generator(seed) });

/** gradcheck of `run(x, ...states)` (one tensor out) w.r.t. the input, the states and every parameter. */
function gradcheckAll(m: Module<never[], unknown>, run: (x: Tensor, ...s: Tensor[]) => Tensor, inputs: Tensor[]): void {
  const named = m.namedParameters();
  const names = named.map(([n]) => n);
  gradcheck(
    (...xs: Tensor[]) => m.withTensors(Object.fromEntries(names.map((n, i) => [n, xs[inputs.length + i]!])), () => run(...(xs.slice(0, inputs.length) as [Tensor, ...Tensor[]]))),
    [...inputs, ...named.map(([, p]) => p)],
  );
}

describe('recurrent cells: gradcheck w.r.t. input, state and parameters (float64)', () => {
  const g = new Generator(3);
  for (const nonlinearity of ['tanh', 'relu'] as const) {
    test(`RNNCell ${nonlinearity}`, () => {
      const m = new RNNCell({ inputSize: 3, hiddenSize: 4, nonlinearity, generator: g, dtype: 'float64' });
      gradcheckAll(m as never, (x, h) => m.call(x, h), [rn([2, 3], 1), rn([2, 4], 2)]);
    });
  }
  test('LSTMCell (h and c both in the output)', () => {
    const m = new LSTMCell({ inputSize: 3, hiddenSize: 4, generator: g, dtype: 'float64' });
    gradcheckAll(m as never, (x, h, c) => stack(m.call(x, [h, c]), 0), [rn([2, 3], 3), rn([2, 4], 4), rn([2, 4], 5)]);
  });
  test('GRUCell', () => {
    const m = new GRUCell({ inputSize: 3, hiddenSize: 4, generator: g, dtype: 'float64' });
    gradcheckAll(m as never, (x, h) => m.call(x, h), [rn([2, 3], 6), rn([2, 4], 7)]);
  });
  test('GRUCell without bias, unbatched', () => {
    const m = new GRUCell({ inputSize: 3, hiddenSize: 2, bias: false, generator: g, dtype: 'float64' });
    gradcheckAll(m as never, (x, h) => m.call(x, h), [rn([3], 8), rn([2], 9)]);
  });
});

describe('recurrent layers: gradcheck through time, layers, directions and lengths (float64)', () => {
  const g = new Generator(4);
  const opts = { inputSize: 2, hiddenSize: 3, numLayers: 2, bidirectional: true, generator: g, dtype: 'float64' } as const;
  const lengths = [4, 2];
  test('RNN relu, 2 layers, bidirectional, lengths', () => {
    const m = new RNN({ ...opts, nonlinearity: 'relu' });
    gradcheckAll(m as never, (x, h) => concat(m.call(x, h, { lengths }).map((t) => t.flatten()), 0), [rn([4, 2, 2], 1), rn([4, 2, 3], 2)]);
  });
  test('LSTM, 2 layers, bidirectional, lengths', () => {
    const m = new LSTM(opts);
    gradcheckAll(m as never, (x, h, c) => {
      const [out, [hN, cN]] = m.call(x, [h, c], { lengths });
      return concat([out.flatten(), hN.flatten(), cN.flatten()], 0);
    }, [rn([4, 2, 2], 3), rn([4, 2, 3], 4), rn([4, 2, 3], 5)]);
  });
  test('GRU, batchFirst, lengths', () => {
    const m = new GRU({ ...opts, batchFirst: true });
    gradcheckAll(m as never, (x) => m.call(x, null, { lengths })[0], [rn([2, 4, 2], 6)]);
  });
});

describe('recurrent layers: shapes, layouts and state dicts as torch.nn', () => {
  test('LSTM shapes: output [T, B, D*H], hN and cN [L*D, B, H]; PyTorch key names and order', () => {
    const m = new LSTM({ inputSize: 3, hiddenSize: 5, numLayers: 2, bidirectional: true, generator: new Generator(1) });
    const [out, [h, c]] = m.call(randn([7, 4, 3]));
    assert.deepEqual([out.shape, h.shape, c.shape], [[7, 4, 10], [4, 4, 5], [4, 4, 5]]);
    const layer = (l: number, r: string): string[] => ['weight_ih', 'weight_hh', 'bias_ih', 'bias_hh'].map((k) => `${k}_l${l}${r}`);
    assert.deepEqual(Object.keys(m.stateDict()), [...layer(0, ''), ...layer(0, '_reverse'), ...layer(1, ''), ...layer(1, '_reverse')]);
    assert.deepEqual(m.stateDict()['weight_ih_l1_reverse']!.shape, [20, 10]);
    assert.equal(m.toString(), 'LSTM(3, 5, numLayers=2, bidirectional=true)');
  });

  test('safetensors round trip and .double() keep the outputs bit-identical', () => {
    const a = new LSTM({ inputSize: 3, hiddenSize: 4, numLayers: 2, bidirectional: true, generator: new Generator(3) });
    const b = new LSTM({ inputSize: 3, hiddenSize: 4, numLayers: 2, bidirectional: true });
    b.loadStateDict(decodeSafetensors(encodeSafetensors(a.stateDict())).tensors);
    const x = randn([4, 2, 3], { generator: new Generator(4) });
    assert.deepEqual(Array.from(b.call(x)[1][1].data), Array.from(a.call(x)[1][1].data));
    a.double();
    assert.equal(a.weight_ih_l1_reverse!.dtype, 'float64');
    assert.equal(a.call(x.double())[0].dtype, 'float64');
  });

  test('GRU without bias has only weights; RNN cell keys are PyTorch\'s', () => {
    assert.deepEqual(Object.keys(new GRU({ inputSize: 2, hiddenSize: 3, bias: false }).stateDict()), ['weight_ih_l0', 'weight_hh_l0']);
    assert.deepEqual(Object.keys(new RNNCell({ inputSize: 2, hiddenSize: 3 }).stateDict()), ['weight_ih', 'weight_hh', 'bias_ih', 'bias_hh']);
  });

  test('init: every parameter ~ U(-1/sqrt(H), 1/sqrt(H)), seeded', () => {
    const make = (): GRU => new GRU({ inputSize: 6, hiddenSize: 16, numLayers: 2, generator: new Generator(9) });
    const m = make();
    for (const [name, p] of m.namedParameters()) {
      const v = Array.from(p.data);
      assert.ok(v.every((x) => Math.abs(x) <= 0.25), `${name} within 1/sqrt(16)`);
      assert.ok(Math.max(...v) > 0.2 && Math.min(...v) < -0.2, `${name} spans the interval`);
    }
    assert.deepEqual(Array.from(make().weight_hh_l1!.data), Array.from(m.weight_hh_l1!.data));
  });

  test('batchFirst transposes input and output only; unbatched input drops the batch axis', () => {
    const a = new RNN({ inputSize: 3, hiddenSize: 4, numLayers: 2, generator: new Generator(2), dtype: 'float64' });
    const b = new RNN({ inputSize: 3, hiddenSize: 4, numLayers: 2, batchFirst: true, dtype: 'float64' });
    b.loadStateDict(a.stateDict());
    const x = rn([5, 2, 3], 1);
    const [oa, ha] = a.call(x);
    const [ob, hb] = b.call(x.transpose(0, 1));
    assert.deepEqual([ob.shape, hb.shape], [[2, 5, 4], [2, 2, 4]]);
    assertClose(ob.transpose(0, 1).clone(), Array.from(oa.data), { atol: 0, rtol: 0 });
    assertClose(hb, Array.from(ha.data), { atol: 0, rtol: 0 });
    const [ou, hu] = a.call(index(x, ':', 1), index(rn([2, 2, 4], 3), ':', 1));
    const [o1, h1] = a.call(slice(x, 1, { start: 1, end: 2 }), slice(rn([2, 2, 4], 3), 1, { start: 1, end: 2 }));
    assert.deepEqual([ou.shape, hu.shape], [[5, 4], [2, 4]]);
    assertClose(ou, Array.from(o1.data), { atol: 0, rtol: 0 });
    assertClose(hu, Array.from(h1.data), { atol: 0, rtol: 0 });
  });
});

describe('recurrent layers: variable lengths behave like each sequence run alone', () => {
  for (const kind of ['RNN', 'LSTM', 'GRU'] as const) {
    test(`${kind}: bidirectional, 2 layers, lengths [5, 2, 4]`, () => {
      const opts = { inputSize: 3, hiddenSize: 4, numLayers: 2, bidirectional: true, generator: new Generator(5), dtype: 'float64' } as const;
      const m = kind === 'RNN' ? new RNN(opts) : kind === 'LSTM' ? new LSTM(opts) : new GRU(opts);
      const run = (x: Tensor, lengths?: number[]): [Tensor, Tensor] => {
        const r = m instanceof LSTM ? m.call(x, null, { lengths }) : (m as RNN).call(x, null, { lengths });
        return [r[0], Array.isArray(r[1]) ? r[1][0] : r[1]];
      };
      const lengths = [5, 2, 4];
      const x = rn([5, 3, 3], 2);
      const [out, hN] = run(x, lengths);
      lengths.forEach((n, b) => {
        const [alone, hAlone] = run(slice(slice(x, 1, { start: b, end: b + 1 }), 0, { start: 0, end: n }));
        const mine = slice(out, 1, { start: b, end: b + 1 });
        assertClose(slice(mine, 0, { start: 0, end: n }).clone(), Array.from(alone.data), { atol: 1e-14, rtol: 0 }, `sequence ${b} output`);
        if (n < 5) assert.ok(Array.from(slice(mine, 0, { start: n, end: 5 }).clone().data).every((v) => v === 0), `sequence ${b} zero past its end`);
        assertClose(slice(hN, 1, { start: b, end: b + 1 }).clone(), Array.from(hAlone.data), { atol: 1e-14, rtol: 0 }, `sequence ${b} hN`);
      });
    });
  }

  test('lengths all equal to T gives the unmasked result; padding values do not matter', () => {
    const m = new LSTM({ inputSize: 2, hiddenSize: 3, bidirectional: true, generator: new Generator(6), dtype: 'float64' });
    const x = rn([4, 2, 2], 1);
    assert.deepEqual(Array.from(m.call(x, null, { lengths: [4, 4] })[0].data), Array.from(m.call(x)[0].data));
    const y = x.clone();
    y.data.fill(123, 2 * 2 * 2 + 2, 2 * 2 * 2 + 4); // step 2, sequence 1 (past its length 2)
    y.data.fill(-9, 3 * 2 * 2 + 2, 3 * 2 * 2 + 4);
    assert.deepEqual(Array.from(m.call(y, null, { lengths: [4, 2] })[0].data), Array.from(m.call(x, null, { lengths: [4, 2] })[0].data));
  });
});

describe('recurrent layers: dropout between layers', () => {
  test('active in training only, seeded, and the last layer is never dropped', () => {
    const opts = { inputSize: 3, hiddenSize: 8, numLayers: 2, dtype: 'float64' } as const;
    const m = new GRU({ ...opts, dropout: 0.5, generator: new Generator(1) });
    const plain = new GRU(opts);
    plain.loadStateDict(m.stateDict());
    const x = rn([6, 4, 3], 2);
    const trainOut = m.call(x)[0];
    assert.notDeepEqual(Array.from(trainOut.data), Array.from(plain.call(x)[0].data));
    m.eval();
    assert.deepEqual(Array.from(m.call(x)[0].data), Array.from(plain.call(x)[0].data));
    const m2 = new GRU({ ...opts, dropout: 0.5, generator: new Generator(1) });
    assert.deepEqual(Array.from(m2.call(x)[0].data), Array.from(trainOut.data), 'same seed, same masks');
  });
});

describe('truncated backpropagation through time (hand loop, detached state)', () => {
  test('the second chunk\'s gradient stops at the detached state and equals a fresh run from it', () => {
    const lstm = new LSTM({ inputSize: 2, hiddenSize: 3, generator: new Generator(8), dtype: 'float64' });
    const x = rn([8, 2, 2], 3).requiresGrad_();
    const chunks = [slice(x, 0, { start: 0, end: 4 }), slice(x, 0, { start: 4, end: 8 })];
    let state: [Tensor, Tensor] | null = null;
    const grads: number[][] = [];
    for (const chunk of chunks) {
      lstm.zeroGrad();
      const [out, [h, c]] = lstm.call(chunk, state);
      out.square().sum().backward();
      grads.push(Array.from(lstm.weight_hh_l0!.grad!.data));
      state = [h.detach(), c.detach()]; // truncate: the next chunk does not backpropagate into this one
    }
    // x's gradient on steps 0..3 comes from the first chunk only (the second loss adds nothing there).
    const first = new LSTM({ inputSize: 2, hiddenSize: 3, dtype: 'float64' });
    first.loadStateDict(lstm.stateDict());
    const x0 = slice(x, 0, { start: 0, end: 4 }).detach().requiresGrad_();
    const [o0, [h0, c0]] = first.call(x0);
    o0.square().sum().backward();
    assertClose(slice(x.grad!, 0, { start: 0, end: 4 }).clone(), Array.from(x0.grad!.data), { atol: 1e-14, rtol: 0 });
    // The second chunk's weight gradient equals a fresh run started from the (constant) carried state.
    first.zeroGrad();
    const [o1] = first.call(slice(x, 0, { start: 4, end: 8 }).detach(), [h0.detach(), c0.detach()]);
    o1.square().sum().backward();
    assertClose(grads[1]!, Array.from(first.weight_hh_l0!.grad!.data), { atol: 1e-14, rtol: 0 });
  });
});

describe('recurrent layers and cells: argument errors name the layer and the shapes', () => {
  const lstm = new LSTM({ inputSize: 3, hiddenSize: 4, numLayers: 2 });
  const cases: [string, () => unknown, new (...a: never[]) => Error, RegExp][] = [
    ['rank', () => lstm.call(randn([2, 3, 4, 3])), ShapeError, /LSTM: expected input of rank 3 \(\[T, batch, inputSize\]\) or 2 .*got shape \[2,3,4,3\]/],
    ['features', () => lstm.call(randn([5, 2, 7])), ShapeError, /LSTM: input has 7 features per step \(shape \[5,2,7\]\) but inputSize is 3/],
    ['h0 shape', () => lstm.call(randn([5, 2, 3]), [randn([1, 2, 4]), randn([2, 2, 4])]), ShapeError, /LSTM: expected h0 .* of shape \[2,2,4\], got \[1,2,4\]/],
    ['hx not a pair', () => lstm.call(randn([5, 2, 3]), randn([2, 2, 4]) as never), ValueError, /LSTM: hx must be the pair \[h0, c0\]/],
    ['dtype', () => lstm.call(randn([5, 2, 3], { dtype: 'float64' })), DTypeError, /LSTM: input has dtype float64 but the parameters are float32/],
    ['length too long', () => lstm.call(randn([5, 2, 3]), null, { lengths: [5, 6] }), ValueError, /LSTM: lengths\[1\] = 6 must be an integer in \[1, 5\]/],
    ['length zero', () => lstm.call(randn([5, 2, 3]), null, { lengths: [0, 5] }), ValueError, /lengths\[0\] = 0/],
    ['lengths count', () => lstm.call(randn([5, 2, 3]), null, { lengths: [5] }), ShapeError, /LSTM: lengths has 1 entries but the batch has 2 sequences/],
    ['no steps', () => lstm.call(randn([0, 2, 3])), ShapeError, /LSTM: the input \[0,2,3\] has no time steps/],
    ['dropout, one layer', () => new GRU({ inputSize: 3, hiddenSize: 4, dropout: 0.2 }), ValueError, /GRU: dropout=0.2 acts between stacked layers, so it needs numLayers >= 2/],
    ['dropout range', () => new GRU({ inputSize: 3, hiddenSize: 4, numLayers: 2, dropout: 1.5 }), ValueError, /GRU: dropout must be a probability in \[0, 1\], got 1.5/],
    ['hiddenSize', () => new RNN({ inputSize: 3, hiddenSize: 0 }), ValueError, /RNN: hiddenSize must be a positive integer, got 0/],
    ['nonlinearity', () => new RNN({ inputSize: 3, hiddenSize: 2, nonlinearity: 'gelu' as never }), ValueError, /RNN: nonlinearity must be 'tanh' or 'relu', got 'gelu'/],
    ['cell input', () => new GRUCell({ inputSize: 3, hiddenSize: 2 }).call(randn([4, 5])), ShapeError, /GRUCell: expected input of shape \[batch, 3\] or \[3\], got \[4,5\]/],
    ['cell state', () => new LSTMCell({ inputSize: 3, hiddenSize: 2 }).call(randn([4, 3]), [randn([4, 2]), randn([3, 2])]), ShapeError, /LSTMCell: expected c of shape \[4,2\], got \[3,2\]/],
  ];
  for (const [name, fn, cls, re] of cases) test(name, () => assert.throws(fn, (e: unknown) => e instanceof cls && re.test((e as Error).message)));
});
