// RNNBase: what RNN, LSTM and GRU share (as PyTorch's nn.RNNBase): options, parameters under
// PyTorch's state-dict names, input checks, the loop over layers, directions and time steps, variable
// lengths, and dropout between layers.

import { ShapeError, ValueError, fmtShape } from '../../errors.js';
import { linear } from '../../ops/linalg.js';
import { concat, index, stack, transpose } from '../../ops/shape.js';
import { where } from '../../ops/elementwise.js';
import { rand, tensor, zeros } from '../../tensor/creation.js';
import type { DType } from '../../tensor/dtype.js';
import type { Generator } from '../../tensor/random.js';
import type { Tensor } from '../../tensor/tensor.js';
import { uniform } from '../init.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { GATES, cellStep, type RecurrentMode } from './cell-math.js';
import { splitSteps } from './split-steps.js';
import { checkLengths, checkPositiveInt, checkShape, checkTensor } from './recurrent-checks.js';

/** Options shared by `RNN`, `LSTM` and `GRU` (torch.nn.RNNBase's arguments in camelCase). */
export interface RecurrentOptions {
  /** Features per time step of the input. */
  inputSize: number;
  /** Features of the hidden state h (and of the LSTM's cell state c). */
  hiddenSize: number;
  /** Stacked layers; layer l > 0 reads layer l - 1's output sequence (default 1). */
  numLayers?: number;
  /** Learn the biases b_ih and b_hh (default true). */
  bias?: boolean;
  /** Input and output are [batch, T, features] instead of [T, batch, features] (default false; h is never batch-first). */
  batchFirst?: boolean;
  /** Dropout probability on each layer's output except the last, in training mode only (default 0; needs numLayers >= 2). */
  dropout?: number;
  /** Run a second recurrence from the last step back to the first and concatenate both outputs (default false). */
  bidirectional?: boolean;
  /** Random source of the initial weights and of the dropout masks (default: the global generator). */
  generator?: Generator;
  /** Parameter dtype (default float32). */
  dtype?: 'float32' | 'float64';
}

/** Per-call options of the recurrent layers' `forward`. */
export interface RecurrentForwardOptions {
  /**
   * Length of each sequence of the batch (any order, each in [1, T]), as PyTorch's packed sequences:
   * outputs past a sequence's end are 0 and its final state is the one at its last real step (for the
   * reverse direction: the recurrence starts at that step). Padding values in the input are ignored.
   */
  lengths?: readonly number[] | Tensor;
}

/** The final states of a run: one tensor [numLayers * directions, batch, hidden] per state (h; h and c). */
type States = Tensor[];

/**
 * Base of the multi-layer recurrent layers (PyTorch's RNNBase). Parameters, per layer l and direction
 * (suffix `_reverse` for the backward one), under PyTorch's names so state dicts load unchanged:
 * `weight_ih_l{l}` [G*H, in] (in = inputSize for l = 0, else H * directions), `weight_hh_l{l}` [G*H, H],
 * `bias_ih_l{l}` and `bias_hh_l{l}` [G*H], with G gate blocks (1, LSTM 4, GRU 3) stacked in PyTorch's
 * order. Init (PyTorch's): every weight and bias ~ U(-1/sqrt(H), 1/sqrt(H)).
 *
 * NOTE: a direction projects the input of all T steps in one product (x W_ih^T + b_ih on [T, B, in]); only
 * h W_hh^T + b_hh and the gates run step by step.
 */
export abstract class RNNBase<I extends unknown[], O> extends Module<I, O> {
  readonly mode: RecurrentMode;
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly numLayers: number;
  readonly bias: boolean;
  readonly batchFirst: boolean;
  readonly dropout: number;
  readonly bidirectional: boolean;
  readonly generator: Generator | undefined;
  /** The weights by PyTorch name (`lstm.weight_hh_l0`, `gru.weight_ih_l1_reverse`); undefined where absent. */
  [weight: `weight_${'ih' | 'hh'}_l${number}${'' | '_reverse'}`]: Parameter | undefined;
  /** The biases by PyTorch name (`lstm.bias_ih_l0`); undefined when `bias` is false. */
  [bias: `bias_${'ih' | 'hh'}_l${number}${'' | '_reverse'}`]: Parameter | undefined;
  /** Parameter names per layer and direction, index l * directions + d: [w_ih, w_hh, b_ih?, b_hh?]. */
  readonly flatWeightsNames: readonly (readonly string[])[];

  protected constructor(mode: RecurrentMode, opts: RecurrentOptions) {
    super();
    const layer = new.target.name;
    const { inputSize, hiddenSize, numLayers = 1, bias = true, batchFirst = false, dropout = 0, bidirectional = false, generator, dtype = 'float32' } = opts;
    checkPositiveInt(layer, 'inputSize', inputSize);
    checkPositiveInt(layer, 'hiddenSize', hiddenSize);
    checkPositiveInt(layer, 'numLayers', numLayers);
    if (!(dropout >= 0 && dropout <= 1)) throw new ValueError(`${layer}: dropout must be a probability in [0, 1], got ${dropout}`);
    if (dropout > 0 && numLayers === 1) {
      throw new ValueError(`${layer}: dropout=${dropout} acts between stacked layers, so it needs numLayers >= 2 (got numLayers=1)`);
    }
    if (dtype !== 'float32' && dtype !== 'float64') throw new ValueError(`${layer}: dtype must be 'float32' or 'float64', got '${String(dtype)}'`);
    this.mode = mode;
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    this.numLayers = numLayers;
    this.bias = bias;
    this.batchFirst = batchFirst;
    this.dropout = dropout;
    this.bidirectional = bidirectional;
    this.generator = generator;
    const gh = GATES[mode] * hiddenSize;
    const names: string[][] = [];
    const self = this as unknown as Record<string, unknown>;
    for (let l = 0; l < numLayers; l++) {
      for (let d = 0; d < this.directions; d++) {
        const sfx = `_l${l}${d === 1 ? '_reverse' : ''}`;
        const inSize = l === 0 ? inputSize : hiddenSize * this.directions;
        const entry: [string, number[]][] = [[`weight_ih${sfx}`, [gh, inSize]], [`weight_hh${sfx}`, [gh, hiddenSize]]];
        if (bias) entry.push([`bias_ih${sfx}`, [gh]], [`bias_hh${sfx}`, [gh]]);
        for (const [name, shape] of entry) self[name] = new Parameter(zeros(shape, { dtype }));
        names.push(entry.map(([n]) => n));
      }
    }
    this.flatWeightsNames = names;
    this.resetParameters(generator);
  }

  /** 2 when bidirectional, else 1. */
  get directions(): number {
    return this.bidirectional ? 2 : 1;
  }

  /** Re-draws every weight and bias from U(-1/sqrt(hiddenSize), 1/sqrt(hiddenSize)) (PyTorch's init). */
  resetParameters(generator?: Generator): void {
    const k = 1 / Math.sqrt(this.hiddenSize);
    for (const names of this.flatWeightsNames) for (const n of names) uniform(this.param(n), { a: -k, b: k, generator });
  }

  /** The parameter named `name` (read at call time, so `withTensors` and `loadStateDict` are seen). */
  protected param(name: string): Tensor {
    return (this as unknown as Record<string, Tensor>)[name]!;
  }

  /** The dtype of the parameters (inputs and states must have it). */
  protected get paramDtype(): DType {
    return this.param(this.flatWeightsNames[0]![0]!).dtype;
  }

  /**
   * Runs the layer: `input` [T, B, inputSize] ([B, T, inputSize] if batchFirst, [T, inputSize] unbatched),
   * `hx` one initial state per state kind (each [numLayers * directions, B, H], or [.., H] unbatched; zeros
   * when absent). Returns the output [T, B, directions * H] (batch-first like the input) and the final states.
   */
  protected runSequence(input: Tensor, hx: readonly Tensor[] | null, stateNames: readonly string[], opts: RecurrentForwardOptions): [Tensor, States] {
    const layer = this.constructor.name;
    const dtype = this.paramDtype;
    checkTensor(layer, 'input', input, dtype);
    if (input.ndim !== 2 && input.ndim !== 3) {
      const layout = this.batchFirst ? '[batch, T, inputSize]' : '[T, batch, inputSize]';
      throw new ShapeError(`${layer}: expected input of rank 3 (${layout}) or 2 (unbatched [T, inputSize]), got shape ${fmtShape(input.shape)}`);
    }
    if (input.shape[input.ndim - 1] !== this.inputSize) {
      throw new ShapeError(`${layer}: input has ${input.shape[input.ndim - 1]} features per step (shape ${fmtShape(input.shape)}) but inputSize is ${this.inputSize}`);
    }
    const batched = input.ndim === 3;
    let x = batched ? (this.batchFirst ? transpose(input, 0, 1) : input) : input.unsqueeze(1);
    const [steps, batch] = [x.shape[0]!, x.shape[1]!];
    if (steps === 0) throw new ShapeError(`${layer}: the input ${fmtShape(input.shape)} has no time steps`);
    const ld = this.numLayers * this.directions;
    const stateShape = batched ? [ld, batch, this.hiddenSize] : [ld, this.hiddenSize];
    let init: Tensor[];
    if (hx === null) {
      init = stateNames.map(() => zeros([ld, batch, this.hiddenSize], { dtype }));
    } else {
      init = stateNames.map((n, k) => {
        const h = hx[k];
        checkTensor(layer, `${n}0`, h, dtype);
        checkShape(layer, `${n}0 (numLayers * directions${batched ? ', batch' : ''}, hiddenSize)`, h, stateShape);
        return batched ? h : h.unsqueeze(1);
      });
    }
    let masks: Tensor[] | null = null;
    if (opts.lengths !== undefined) {
      if (!batched) throw new ValueError(`${layer}: lengths needs a batched input (rank 3), got shape ${fmtShape(input.shape)}`);
      const lens = checkLengths(layer, opts.lengths, batch, steps);
      if (lens.some((n) => n < steps)) {
        const lt = tensor(lens, { dtype: 'float64' }).reshape([batch, 1]);
        masks = Array.from({ length: steps }, (_, t) => lt.gt(t));
      }
    }
    const finals: Tensor[][] = [];
    for (let l = 0; l < this.numLayers; l++) {
      const outs: Tensor[] = [];
      for (let d = 0; d < this.directions; d++) {
        const [out, state] = this.runDirection(x, init.map((s) => index(s, l * this.directions + d)), this.flatWeightsNames[l * this.directions + d]!, d === 1, masks);
        outs.push(out);
        finals.push(state);
      }
      x = outs.length === 1 ? outs[0]! : concat(outs, -1);
      if (l < this.numLayers - 1 && this.training && this.dropout > 0) x = this.dropoutMask(x);
    }
    const states = stateNames.map((_, k) => {
      const s = stack(finals.map((f) => f[k]!), 0);
      return batched ? s : index(s, ':', 0);
    });
    const output = batched ? (this.batchFirst ? transpose(x, 0, 1) : x) : index(x, ':', 0);
    return [output, states];
  }

  /** One direction of one layer over the whole sequence x [T, B, in]: returns its outputs [T, B, H] and final state. */
  private runDirection(x: Tensor, state0: Tensor[], names: readonly string[], reverse: boolean, masks: Tensor[] | null): [Tensor, Tensor[]] {
    const [wIh, wHh, bIh, bHh] = names.map((n) => this.param(n));
    // NOTE: where b_hh is added outside any gate product (all but the GRU's n gate), it joins b_ih in the
    // one input projection instead of being added (and reduced in backward) at every step.
    const fold = bIh !== undefined && bHh !== undefined && this.mode !== 'gru';
    const gx = splitSteps(linear(x, wIh!, fold ? bIh.add(bHh) : (bIh ?? null)));
    const hw = { weightHh: wHh!, biasHh: fold ? null : (bHh ?? null) };
    const steps = x.shape[0]!;
    const outs = new Array<Tensor>(steps);
    let state = state0;
    for (let k = 0; k < steps; k++) {
      const t = reverse ? steps - 1 - k : k;
      const next = cellStep(this.mode, gx[t]!, state, hw);
      const m = masks?.[t];
      if (m) {
        // NOTE: a finished sequence keeps its state and outputs 0; a reverse one starts at its last real step.
        const prev = state;
        state = next.map((s, j) => where(m, s, prev[j]!));
        outs[t] = where(m, next[0]!, 0);
      } else {
        state = next;
        outs[t] = next[0]!;
      }
    }
    return [stack(outs, 0), state];
  }

  /** Inverted dropout with probability `dropout` on a layer's output (training only). */
  private dropoutMask(x: Tensor): Tensor {
    if (this.dropout === 1) return x.mul(0);
    const keep = rand(x.shape, { dtype: 'float64', generator: this.generator }).ge(this.dropout).to(x.dtype);
    return x.mul(keep).div(1 - this.dropout);
  }

  override extraRepr(): string {
    const parts = [`${this.inputSize}`, `${this.hiddenSize}`];
    if (this.numLayers !== 1) parts.push(`numLayers=${this.numLayers}`);
    if (!this.bias) parts.push('bias=false');
    if (this.batchFirst) parts.push('batchFirst=true');
    if (this.dropout) parts.push(`dropout=${this.dropout}`);
    if (this.bidirectional) parts.push('bidirectional=true');
    return parts.join(', ');
  }
}
