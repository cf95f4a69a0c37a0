// The sequence layers RNN (Elman), LSTM and GRU, with torch.nn's signatures: forward(input, hx?,
// { lengths }?) returns [output, hN] ([output, [hN, cN]] for the LSTM). The loop lives in RNNBase.

import { ValueError } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import { RNNBase, type RecurrentForwardOptions, type RecurrentOptions } from './rnn-base.js';

/** Options of `RNN`: those of every recurrent layer plus the nonlinearity. */
export interface RNNOptions extends RecurrentOptions {
  /** tanh (default) or relu. */
  nonlinearity?: 'tanh' | 'relu';
}

/** Inputs of `RNN.forward` and `GRU.forward`. */
export type RecurrentInputs = [input: Tensor, hx?: Tensor | null, opts?: RecurrentForwardOptions];

/** Inputs of `LSTM.forward`: the initial state is the pair [h0, c0]. */
export type LSTMInputs = [input: Tensor, hx?: readonly [Tensor, Tensor] | null, opts?: RecurrentForwardOptions];

function pairState(layer: string, hx: readonly [Tensor, Tensor] | null | undefined): readonly Tensor[] | null {
  if (hx === null || hx === undefined) return null;
  if (!Array.isArray(hx) || hx.length !== 2) throw new ValueError(`${layer}: hx must be the pair [h0, c0] (or omitted), got ${Array.isArray(hx) ? `${hx.length} tensors` : typeof hx}`);
  return hx;
}

/**
 * Elman recurrent network (Elman 1990), the lecture's recurrent neuron whose output feeds back as an
 * input: for each layer and time step t, h_t = act(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh), act = tanh
 * or relu, as `torch.nn.RNN`. Input [T, B, inputSize] (batchFirst: [B, T, inputSize]; unbatched
 * [T, inputSize]); `hx` [numLayers * directions, B, H] (zeros when omitted). Returns the last layer's
 * h_t for every t, [T, B, directions * H], and hN [numLayers * directions, B, H].
 *
 * @example
 * const rnn = new nn.RNN({ inputSize: 3, hiddenSize: 8, numLayers: 2 });
 * const [out, hN] = rnn.call(x, null, { lengths: [5, 3] }); // x [5, 2, 3]
 */
export class RNN extends RNNBase<RecurrentInputs, [Tensor, Tensor]> {
  readonly nonlinearity: 'tanh' | 'relu';

  constructor(opts: RNNOptions) {
    const nl = opts.nonlinearity ?? 'tanh';
    if (nl !== 'tanh' && nl !== 'relu') throw new ValueError(`RNN: nonlinearity must be 'tanh' or 'relu', got '${String(nl)}'`);
    super(nl === 'tanh' ? 'rnnTanh' : 'rnnRelu', opts);
    this.nonlinearity = nl;
  }

  forward(input: Tensor, hx?: Tensor | null, opts: RecurrentForwardOptions = {}): [Tensor, Tensor] {
    const [out, [h]] = this.runSequence(input, hx ? [hx] : null, ['h'], opts);
    return [out, h!];
  }

  override extraRepr(): string {
    return this.nonlinearity === 'relu' ? `${super.extraRepr()}, nonlinearity=relu` : super.extraRepr();
  }
}

/**
 * Long short-term memory (Hochreiter & Schmidhuber 1997, with the forget gate of Gers et al. 2000), as
 * `torch.nn.LSTM`: per layer and step, with s the sigmoid and the four gate blocks of W in the order
 * i, f, g, o,
 *
 *   i = s(W_ii x + b_ii + W_hi h + b_hi)   (input gate)
 *   f = s(W_if x + b_if + W_hf h + b_hf)   (forget gate)
 *   g = tanh(W_ig x + b_ig + W_hg h + b_hg) (candidate memory)
 *   o = s(W_io x + b_io + W_ho h + b_ho)   (output gate)
 *   c' = f * c + i * g,   h' = o * tanh(c').
 *
 * The memory cell c is the lecture's "memory cell"; the gates decide what enters, stays and leaves it.
 * `hx` is [h0, c0], each [numLayers * directions, B, H]; returns [output, [hN, cN]].
 *
 * @example
 * const lstm = new nn.LSTM({ inputSize: 32, hiddenSize: 128, batchFirst: true });
 * const [out, [hN, cN]] = lstm.call(x); // x [64, 50, 32] -> out [64, 50, 128], hN and cN [1, 64, 128]
 */
export class LSTM extends RNNBase<LSTMInputs, [Tensor, [Tensor, Tensor]]> {
  constructor(opts: RecurrentOptions) {
    super('lstm', opts);
  }

  forward(input: Tensor, hx?: readonly [Tensor, Tensor] | null, opts: RecurrentForwardOptions = {}): [Tensor, [Tensor, Tensor]] {
    const [out, [h, c]] = this.runSequence(input, pairState('LSTM', hx), ['h', 'c'], opts);
    return [out, [h!, c!]];
  }
}

/**
 * Gated recurrent unit (Cho et al. 2014), as `torch.nn.GRU`: gate blocks in the order r, z, n,
 *
 *   r = s(W_ir x + b_ir + W_hr h + b_hr)          (reset gate)
 *   z = s(W_iz x + b_iz + W_hz h + b_hz)          (update gate)
 *   n = tanh(W_in x + b_in + r * (W_hn h + b_hn)) (candidate)
 *   h' = (1 - z) * n + z * h.
 *
 * Shapes and `hx` as `RNN`.
 */
export class GRU extends RNNBase<RecurrentInputs, [Tensor, Tensor]> {
  constructor(opts: RecurrentOptions) {
    super('gru', opts);
  }

  forward(input: Tensor, hx?: Tensor | null, opts: RecurrentForwardOptions = {}): [Tensor, Tensor] {
    const [out, [h]] = this.runSequence(input, hx ? [hx] : null, ['h'], opts);
    return [out, h!];
  }
}
