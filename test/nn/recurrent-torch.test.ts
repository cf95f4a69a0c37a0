// The recurrent layers and cells against PyTorch: weights saved by PyTorch (safetensors) load unchanged
// into neurite and give PyTorch's outputs, final states and input/weight gradients (values computed by
// scripts/fixtures/recurrent.py with pack_padded_sequence, committed in test/fixtures/recurrent/).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { decodeSafetensors } from '../../src/io/safetensors.js';
import { GRU, GRUCell, LSTM, LSTMCell, RNN, RNNCell } from '../../src/nn/index.js';
import { tensor } from '../../src/tensor/creation.js';
import type { Tensor } from '../../src/tensor/tensor.js';

const DIR = new URL('../fixtures/recurrent/', import.meta.url);
type DT = 'float32' | 'float64';

interface LayerCase {
  kind: 'rnn' | 'lstm' | 'gru'; dtype: DT; T: number; batch: number; inputSize: number; hiddenSize: number; numLayers: number;
  lengths: number[]; input: number[]; h0: number[]; c0?: number[]; gradOutput: number[]; gradH: number[]; gradC?: number[];
  output: number[]; hN: number[]; cN?: number[]; gradInput: number[]; gradWeights: Record<string, number[]>;
}
interface CellCase {
  kind: 'rnnCell' | 'lstmCell' | 'gruCell'; dtype: DT; batch: number; inputSize: number; hiddenSize: number; stateDict: Record<string, number[]>;
  input: number[]; h0: number[]; c0?: number[]; gradH: number[]; gradC?: number[]; hN: number[]; cN?: number[]; gradInput: number[];
  gradWeights: Record<string, number[]>;
}

const layers = (JSON.parse(readFileSync(new URL('layers.json', DIR), 'utf8')) as { cases: Record<string, LayerCase> }).cases;
const cells = (JSON.parse(readFileSync(new URL('cells.json', DIR), 'utf8')) as { cases: Record<string, CellCase> }).cases;
const TOL: Record<DT, number> = { float64: 1e-10, float32: 1e-5 };
const mk = (v: number[], dtype: DT, shape: number[]): Tensor => tensor(Float64Array.from(v), { dtype, shape });

function close(actual: Tensor | null, expected: number[], tol: number, what: string): void {
  assert.ok(actual, `${what}: no gradient`);
  assert.equal(actual.size, expected.length, `${what}: size`);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual.data[i]! - expected[i]!));
  assert.ok(worst <= tol, `${what}: max |neurite - PyTorch| = ${worst} > ${tol}`);
}

describe('recurrent layers match PyTorch (2 layers, bidirectional, packed variable lengths)', () => {
  for (const [name, c] of Object.entries(layers)) {
    test(name, () => {
      const opts = { inputSize: c.inputSize, hiddenSize: c.hiddenSize, numLayers: c.numLayers, bidirectional: true, dtype: c.dtype };
      const m = c.kind === 'rnn' ? new RNN(opts) : c.kind === 'lstm' ? new LSTM(opts) : new GRU(opts);
      const sd = decodeSafetensors(readFileSync(new URL(`${name}.safetensors`, DIR)), { source: name }).tensors;
      m.loadStateDict(sd);
      assert.deepEqual(Object.keys(m.stateDict()), Object.keys(c.gradWeights), 'state-dict keys in PyTorch order');
      const dirs = 2 * c.numLayers;
      const x = mk(c.input, c.dtype, [c.T, c.batch, c.inputSize]).requiresGrad_();
      const st = (v: number[]): Tensor => mk(v, c.dtype, [dirs, c.batch, c.hiddenSize]);
      const gOut = mk(c.gradOutput, c.dtype, [c.T, c.batch, 2 * c.hiddenSize]);
      let loss: Tensor;
      if (m instanceof LSTM) {
        const [out, [h, cc]] = m.call(x, [st(c.h0), st(c.c0!)], { lengths: c.lengths });
        close(out, c.output, TOL[c.dtype], 'output');
        close(h, c.hN, TOL[c.dtype], 'hN');
        close(cc, c.cN!, TOL[c.dtype], 'cN');
        loss = out.mul(gOut).sum().add(h.mul(st(c.gradH)).sum()).add(cc.mul(st(c.gradC!)).sum());
      } else {
        const [out, h] = m.call(x, st(c.h0), { lengths: c.lengths });
        close(out, c.output, TOL[c.dtype], 'output');
        close(h, c.hN, TOL[c.dtype], 'hN');
        loss = out.mul(gOut).sum().add(h.mul(st(c.gradH)).sum());
      }
      loss.backward();
      close(x.grad, c.gradInput, TOL[c.dtype], 'input gradient');
      for (const [k, p] of m.namedParameters()) close(p.grad, c.gradWeights[k]!, TOL[c.dtype], `gradient of ${k}`);
    });
  }
});

describe('recurrent cells match PyTorch', () => {
  for (const [name, c] of Object.entries(cells)) {
    test(name, () => {
      const opts = { inputSize: c.inputSize, hiddenSize: c.hiddenSize, dtype: c.dtype };
      const m = c.kind === 'rnnCell' ? new RNNCell({ ...opts, nonlinearity: 'relu' }) : c.kind === 'lstmCell' ? new LSTMCell(opts) : new GRUCell(opts);
      const w = m.weight_hh.shape;
      m.loadStateDict(Object.fromEntries(Object.entries(c.stateDict).map(([k, v]) => [k, mk(v, c.dtype, k.startsWith('weight') ? (k === 'weight_ih' ? [w[0]!, c.inputSize] : [...w]) : [w[0]!])])));
      const x = mk(c.input, c.dtype, [c.batch, c.inputSize]).requiresGrad_();
      const st = (v: number[]): Tensor => mk(v, c.dtype, [c.batch, c.hiddenSize]);
      let loss: Tensor;
      if (m instanceof LSTMCell) {
        const [h, cc] = m.call(x, [st(c.h0), st(c.c0!)]);
        close(h, c.hN, TOL[c.dtype], 'h');
        close(cc, c.cN!, TOL[c.dtype], 'c');
        loss = h.mul(st(c.gradH)).sum().add(cc.mul(st(c.gradC!)).sum());
      } else {
        const h = m.call(x, st(c.h0));
        close(h, c.hN, TOL[c.dtype], 'h');
        loss = h.mul(st(c.gradH)).sum();
      }
      loss.backward();
      close(x.grad, c.gradInput, TOL[c.dtype], 'input gradient');
      for (const [k, p] of m.namedParameters()) close(p.grad, c.gradWeights[k]!, TOL[c.dtype], `gradient of ${k}`);
    });
  }
});
