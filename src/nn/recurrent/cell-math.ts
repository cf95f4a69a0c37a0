// One time step of each recurrent cell, shared by the cells (RNNCell, ...) and the sequence layers
// (RNN, ...). The input part of the gates (x W_ih^T + b_ih) comes in precomputed, so a layer can
// project all T time steps in one matrix product and run only the h-dependent part in its loop.

import { linear } from '../../ops/linalg.js';
import { slice } from '../../ops/shape.js';
import type { Tensor } from '../../tensor/tensor.js';

/** The recurrence of a layer: Elman RNN with tanh or ReLU, LSTM or GRU (PyTorch's `mode`). */
export type RecurrentMode = 'rnnTanh' | 'rnnRelu' | 'lstm' | 'gru';

/** Number of stacked gate blocks in W_ih / W_hh: 1 (RNN), 4 (LSTM: i, f, g, o), 3 (GRU: r, z, n). */
export const GATES: Record<RecurrentMode, number> = { rnnTanh: 1, rnnRelu: 1, lstm: 4, gru: 3 };

/** The h-side weights of a cell: W_hh [G*H, H] and b_hh [G*H] (or null). */
export interface HiddenWeights {
  weightHh: Tensor;
  biasHh: Tensor | null;
}

const chunk = (t: Tensor, k: number, h: number): Tensor => slice(t, -1, { start: k * h, end: (k + 1) * h });

/**
 * One step of the cell of `mode`, from the input gates gx = x W_ih^T + b_ih ([B, G*H]) and the state
 * (`[h]`, or `[h, c]` for the LSTM, each [B, H]); returns the new state in the same form. Equations
 * (PyTorch's, with s = the logistic sigmoid and * the elementwise product):
 *
 * - RNN: h' = act(gx + h W_hh^T + b_hh), act = tanh or relu.
 * - LSTM: i, f, g, o = chunks of gx + h W_hh^T + b_hh; i = s(i), f = s(f), g = tanh(g), o = s(o);
 *   c' = f * c + i * g; h' = o * tanh(c').
 * - GRU: with gh = h W_hh^T + b_hh, r = s(gx_r + gh_r), z = s(gx_z + gh_z),
 *   n = tanh(gx_n + r * gh_n), h' = (1 - z) * n + z * h.
 */
export function cellStep(mode: RecurrentMode, gx: Tensor, state: readonly Tensor[], { weightHh, biasHh }: HiddenWeights): Tensor[] {
  const h = state[0]!;
  const hs = h.shape[h.ndim - 1]!;
  const gh = linear(h, weightHh, biasHh);
  switch (mode) {
    case 'rnnTanh':
      return [gx.add(gh).tanh()];
    case 'rnnRelu':
      return [gx.add(gh).relu()];
    case 'lstm': {
      const gates = gx.add(gh);
      // NOTE: one sigmoid over all 4H columns (the g block's sigmoid is unused) is cheaper than three.
      const s = gates.sigmoid();
      const i = chunk(s, 0, hs);
      const f = chunk(s, 1, hs);
      const g = chunk(gates, 2, hs).tanh();
      const o = chunk(s, 3, hs);
      const c = f.mul(state[1]!).add(i.mul(g));
      return [o.mul(c.tanh()), c];
    }
    case 'gru': {
      const rz = slice(gx, -1, { start: 0, end: 2 * hs }).add(slice(gh, -1, { start: 0, end: 2 * hs })).sigmoid();
      const r = chunk(rz, 0, hs);
      const z = chunk(rz, 1, hs);
      const n = chunk(gx, 2, hs).add(r.mul(chunk(gh, 2, hs))).tanh();
      // (1 - z) * n + z * h = n + z * (h - n)
      return [n.add(z.mul(h.sub(n)))];
    }
    default: {
      const never: never = mode;
      throw new Error(`cellStep: unknown mode ${String(never)}`);
    }
  }
}
