// The single-step cells RNNCell, LSTMCell and GRUCell (torch.nn's), for hand-written loops over time
// (truncated backpropagation through time, attention, a Neural Turing Machine's controller).

import { ShapeError, ValueError, fmtShape } from '../../errors.js';
import { linear } from '../../ops/linalg.js';
import { zeros } from '../../tensor/creation.js';
import type { Generator } from '../../tensor/random.js';
import type { Tensor } from '../../tensor/tensor.js';
import { uniform } from '../init.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { GATES, cellStep, type RecurrentMode } from './cell-math.js';
import { checkPositiveInt, checkShape, checkTensor } from './recurrent-checks.js';

/** Options of the cells. */
export interface RNNCellOptions {
  inputSize: number;
  hiddenSize: number;
  /** Learn b_ih and b_hh (default true). */
  bias?: boolean;
  /** Random source of the initial weights (default: the global generator). */
  generator?: Generator;
  /** Parameter dtype (default float32). */
  dtype?: 'float32' | 'float64';
}

/**
 * Base of the cells (PyTorch's RNNCellBase): parameters `weight_ih` [G*H, inputSize], `weight_hh`
 * [G*H, H], `bias_ih` and `bias_hh` [G*H] (PyTorch's names and gate order), all ~ U(-1/sqrt(H), 1/sqrt(H)).
 */
export abstract class RNNCellBase<I extends unknown[], O> extends Module<I, O> {
  readonly mode: RecurrentMode;
  readonly inputSize: number;
  readonly hiddenSize: number;
  weight_ih: Parameter;
  weight_hh: Parameter;
  bias_ih: Parameter | null;
  bias_hh: Parameter | null;

  protected constructor(mode: RecurrentMode, { inputSize, hiddenSize, bias = true, generator, dtype = 'float32' }: RNNCellOptions) {
    super();
    const name = new.target.name;
    checkPositiveInt(name, 'inputSize', inputSize);
    checkPositiveInt(name, 'hiddenSize', hiddenSize);
    if (dtype !== 'float32' && dtype !== 'float64') throw new ValueError(`${name}: dtype must be 'float32' or 'float64', got '${String(dtype)}'`);
    this.mode = mode;
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    const gh = GATES[mode] * hiddenSize;
    this.weight_ih = new Parameter(zeros([gh, inputSize], { dtype }));
    this.weight_hh = new Parameter(zeros([gh, hiddenSize], { dtype }));
    this.bias_ih = bias ? new Parameter(zeros([gh], { dtype })) : null;
    this.bias_hh = bias ? new Parameter(zeros([gh], { dtype })) : null;
    this.resetParameters(generator);
  }

  /** Re-draws every weight and bias from U(-1/sqrt(hiddenSize), 1/sqrt(hiddenSize)). */
  resetParameters(generator?: Generator): void {
    const k = 1 / Math.sqrt(this.hiddenSize);
    for (const p of [this.weight_ih, this.weight_hh, this.bias_ih, this.bias_hh]) if (p) uniform(p, { a: -k, b: k, generator });
  }

  /**
   * One step from `input` [B, inputSize] (or unbatched [inputSize]) and the state (one tensor per state
   * kind, [B, H] or [H]; zeros when null); returns the new state in the input's layout.
   */
  protected step(input: Tensor, state: readonly Tensor[] | null, stateNames: readonly string[]): Tensor[] {
    const name = this.constructor.name;
    const dtype = this.weight_ih.dtype;
    checkTensor(name, 'input', input, dtype);
    if ((input.ndim !== 1 && input.ndim !== 2) || input.shape[input.ndim - 1] !== this.inputSize) {
      throw new ShapeError(`${name}: expected input of shape [batch, ${this.inputSize}] or [${this.inputSize}], got ${fmtShape(input.shape)}`);
    }
    const batched = input.ndim === 2;
    const x = batched ? input : input.unsqueeze(0);
    const b = x.shape[0]!;
    const s = stateNames.map((n, k) => {
      if (state === null) return zeros([b, this.hiddenSize], { dtype });
      const h = state[k];
      checkTensor(name, n, h, dtype);
      checkShape(name, n, h, batched ? [b, this.hiddenSize] : [this.hiddenSize]);
      return batched ? h : h.unsqueeze(0);
    });
    const next = cellStep(this.mode, linear(x, this.weight_ih, this.bias_ih), s, { weightHh: this.weight_hh, biasHh: this.bias_hh });
    return batched ? next : next.map((t) => t.squeeze(0));
  }

  override extraRepr(): string {
    return `${this.inputSize}, ${this.hiddenSize}${this.bias_ih ? '' : ', bias=false'}`;
  }
}

/** Options of `RNNCell`. */
export interface ElmanCellOptions extends RNNCellOptions {
  /** tanh (default) or relu. */
  nonlinearity?: 'tanh' | 'relu';
}

/** One Elman step, h' = act(x W_ih^T + b_ih + h W_hh^T + b_hh) (torch.nn.RNNCell); `call(x, h?)` returns h'. */
export class RNNCell extends RNNCellBase<[input: Tensor, hx?: Tensor | null], Tensor> {
  readonly nonlinearity: 'tanh' | 'relu';

  constructor(opts: ElmanCellOptions) {
    const nl = opts.nonlinearity ?? 'tanh';
    if (nl !== 'tanh' && nl !== 'relu') throw new ValueError(`RNNCell: nonlinearity must be 'tanh' or 'relu', got '${String(nl)}'`);
    super(nl === 'tanh' ? 'rnnTanh' : 'rnnRelu', opts);
    this.nonlinearity = nl;
  }

  forward(input: Tensor, hx?: Tensor | null): Tensor {
    return this.step(input, hx ? [hx] : null, ['hx'])[0]!;
  }
}

/**
 * One LSTM step (torch.nn.LSTMCell), gates i, f, g, o as in `LSTM`: c' = f * c + i * g, h' = o * tanh(c').
 * `call(x, [h, c]?)` returns [h', c'].
 */
export class LSTMCell extends RNNCellBase<[input: Tensor, hx?: readonly [Tensor, Tensor] | null], [Tensor, Tensor]> {
  constructor(opts: RNNCellOptions) {
    super('lstm', opts);
  }

  forward(input: Tensor, hx?: readonly [Tensor, Tensor] | null): [Tensor, Tensor] {
    if (hx && (!Array.isArray(hx) || hx.length !== 2)) throw new ValueError('LSTMCell: hx must be the pair [h, c] (or omitted)');
    const [h, c] = this.step(input, hx ?? null, ['h', 'c']);
    return [h!, c!];
  }
}

/** One GRU step (torch.nn.GRUCell), gates r, z, n as in `GRU`; `call(x, h?)` returns h'. */
export class GRUCell extends RNNCellBase<[input: Tensor, hx?: Tensor | null], Tensor> {
  constructor(opts: RNNCellOptions) {
    super('gru', opts);
  }

  forward(input: Tensor, hx?: Tensor | null): Tensor {
    return this.step(input, hx ? [hx] : null, ['hx'])[0]!;
  }
}
