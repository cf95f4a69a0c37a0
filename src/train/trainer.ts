// The training loop (forward, loss, backward, step, zero) with history, validation, callbacks,
// interruption and exact resumption. A hand-written loop stays just as easy; this is a convenience.

import { ShapeError, ValueError, fmtShape } from '../errors.js';
import { noGrad } from '../autograd/grad-mode.js';
import { Generator, type GeneratorState } from '../tensor/random.js';
import { allocate } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';
import { concat } from '../ops/shape.js';
import { accuracy } from './metrics.js';
import { History, type EpochLogs } from './history.js';
import type { Callback, CallbackContext } from './callbacks.js';

/** A model the trainer can run: anything with `call`, `train()` and `eval()` (every nn.Module). */
export interface TrainableModel {
  call(x: Tensor): Tensor;
  train(mode?: boolean): unknown;
  eval(): unknown;
}

/** An optimizer the trainer can step (every optim.Optimizer). */
export interface StepOptimizer {
  step(): void;
  zeroGrad(): void;
}

/** Features and targets, rows along axis 0. */
export interface XY {
  x: Tensor;
  y: Tensor;
}

/** Loss of a batch: model output and targets in, scalar tensor out. */
export type LossFn = (output: Tensor, target: Tensor) => Tensor;

/** Options of a `Trainer`. */
export interface TrainerOptions {
  model: TrainableModel;
  optimizer: StepOptimizer;
  loss: LossFn;
  /** Extra loss terms added to every batch's loss (e.g. an L1/L2 penalty). */
  penalty?: () => Tensor;
  /** Report accuracy (argmax of the output against integer labels). Default: true when y is int32. */
  accuracy?: boolean;
  /** Generator for shuffling (default: seeded with 0). Its state is part of the trainer state. */
  generator?: Generator;
}

/** Options of `fit`. */
export interface FitOptions {
  epochs: number;
  batchSize?: number;
  shuffle?: boolean;
  validation?: XY;
  callbacks?: Callback[];
  /** Stop after the current batch when aborted (Ctrl-C); the state then points at the next batch. */
  signal?: AbortSignal;
  /** Reads the learning rate for the logs (e.g. `() => optimizer.paramGroups[0].lr`). */
  getLr?: () => number;
}

/** Everything needed to continue training exactly where it stopped (besides model and optimizer). */
export interface TrainerState {
  /** Epoch in progress (or next to start). */
  epoch: number;
  /** Next batch within that epoch (0 = the epoch has not started). */
  batch: number;
  /** Shuffling generator state at the start of the epoch in progress. */
  epochStartGenerator: GeneratorState;
  /** Running sums of the epoch in progress. */
  partial: { lossSum: number; correct: number; count: number; seconds: number };
  history: EpochLogs[];
}

/** Outcome of `fit`. */
export interface FitResult {
  history: History;
  /** True when stopped by the signal (mid-epoch) rather than by finishing or a callback. */
  interrupted: boolean;
}

/** Copies rows `idx[from..to)` of `t` (axis 0) into a new tensor. */
export function takeRows(t: Tensor, idx: ArrayLike<number>, from = 0, to = idx.length): Tensor {
  const row = t.shape.slice(1).reduce((a, b) => a * b, 1);
  const out = allocate(t.dtype, (to - from) * row);
  const src = t.data;
  for (let r = from; r < to; r++) {
    const s = idx[r]! * row;
    out.set(src.subarray(s, s + row), (r - from) * row);
  }
  return new Tensor(out, [to - from, ...t.shape.slice(1)], t.dtype);
}

/**
 * Trains a model with mini-batch gradient descent: for each batch, forward, loss (+ penalty),
 * backward, optimizer step, zero the gradients. Full-batch GD is `batchSize = N`; the lecture's
 * single-sample SGD is `batchSize = 1`.
 */
export class Trainer {
  readonly model: TrainableModel;
  readonly optimizer: StepOptimizer;
  readonly loss: LossFn;
  private readonly penalty: (() => Tensor) | undefined;
  private readonly wantAccuracy: boolean | undefined;
  readonly generator: Generator;
  private state: TrainerState;

  constructor(opts: TrainerOptions) {
    this.model = opts.model;
    this.optimizer = opts.optimizer;
    this.loss = opts.loss;
    this.penalty = opts.penalty;
    this.wantAccuracy = opts.accuracy;
    this.generator = opts.generator ?? new Generator(0);
    this.state = { epoch: 0, batch: 0, epochStartGenerator: this.generator.getState(), partial: zeroPartial(), history: [] };
  }

  /** A JSON-able copy of the trainer state (for checkpoints). */
  getState(): TrainerState {
    return structuredClone(this.state);
  }

  /** Restores a state from `getState` (model and optimizer are restored separately). */
  setState(state: TrainerState): void {
    this.state = structuredClone(state);
    this.generator.setState(state.epochStartGenerator);
  }

  /** The history so far. */
  get history(): History {
    return History.fromJSON(this.state.history);
  }

  /** Trains until `epochs` epochs in total are done (continuing from the current state). */
  async fit(data: XY, opts: FitOptions): Promise<FitResult> {
    checkXY('fit', data);
    if (opts.validation) checkXY('fit (validation)', opts.validation);
    const batchSize = opts.batchSize ?? 32;
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new ValueError(`fit: batchSize must be a positive integer, got ${batchSize}`);
    if (!Number.isInteger(opts.epochs) || opts.epochs < 0) throw new ValueError(`fit: epochs must be a non-negative integer, got ${opts.epochs}`);
    const n = data.x.shape[0]!;
    const batches = Math.ceil(n / batchSize);
    const wantAcc = this.wantAccuracy ?? data.y.dtype === 'int32';
    const ctx: CallbackContext = { stopTraining: false };
    const cbs = opts.callbacks ?? [];
    for (const cb of cbs) await cb.onTrainBegin?.(ctx);
    let interrupted = false;
    const st = this.state;
    while (st.epoch < opts.epochs && !ctx.stopTraining) {
      if (st.batch === 0) {
        st.epochStartGenerator = this.generator.getState();
        for (const cb of cbs) await cb.onEpochBegin?.(st.epoch, ctx);
      }
      // The permutation is drawn from the epoch-start state, so a resumed epoch sees the same order.
      this.generator.setState(st.epochStartGenerator);
      const order = opts.shuffle === false ? identity(n) : this.generator.permutation(n);
      this.model.train(true);
      for (; st.batch < batches; st.batch++) {
        const t0 = performance.now();
        const from = st.batch * batchSize;
        const to = Math.min(n, from + batchSize);
        const xb = takeRows(data.x, order, from, to);
        const yb = takeRows(data.y, order, from, to);
        const out = this.model.call(xb);
        let loss = this.loss(out, yb);
        if (this.penalty) loss = loss.add(this.penalty());
        loss.backward();
        this.optimizer.step();
        const lossValue = loss.item();
        for (const cb of cbs) cb.onStepEnd?.({ epoch: st.epoch, batch: st.batch, batches, loss: lossValue, samples: to - from });
        this.optimizer.zeroGrad();
        st.partial.lossSum += lossValue * (to - from);
        st.partial.count += to - from;
        if (wantAcc) st.partial.correct += Math.round(accuracy(out.detach(), yb) * (to - from));
        st.partial.seconds += (performance.now() - t0) / 1000;
        for (const cb of cbs) await cb.onBatchEnd?.({ epoch: st.epoch, batch: st.batch, batches, loss: lossValue, samples: to - from }, ctx);
        if (opts.signal?.aborted || ctx.stopTraining) {
          st.batch++;
          interrupted = opts.signal?.aborted ?? false;
          break;
        }
      }
      if (interrupted || (ctx.stopTraining && st.batch < batches)) break;
      const logs: EpochLogs = {
        epoch: st.epoch,
        trainLoss: st.partial.lossSum / Math.max(1, st.partial.count),
        seconds: st.partial.seconds,
        samplesPerSecond: st.partial.count / Math.max(st.partial.seconds, 1e-9),
      };
      if (wantAcc) logs.trainAccuracy = st.partial.correct / Math.max(1, st.partial.count);
      if (opts.getLr) logs.lr = opts.getLr();
      if (opts.validation) {
        const v = this.evaluate(opts.validation, { batchSize: Math.max(batchSize, 256) });
        logs.valLoss = v.loss;
        if (wantAcc) logs.valAccuracy = v.accuracy;
      }
      st.history.push(logs);
      st.epoch++;
      st.batch = 0;
      st.partial = zeroPartial();
      st.epochStartGenerator = this.generator.getState();
      for (const cb of cbs) await cb.onEpochEnd?.(logs, ctx);
    }
    for (const cb of cbs) await cb.onTrainEnd?.(ctx);
    return { history: this.history, interrupted };
  }

  /** Loss and (for integer labels) accuracy on `data`, in eval mode and without recording gradients. */
  evaluate(data: XY, { batchSize = 256 }: { batchSize?: number } = {}): { loss: number; accuracy?: number; output: Tensor } {
    checkXY('evaluate', data);
    const output = this.predict(data.x, { batchSize });
    const loss = noGrad(() => this.loss(output, data.y).item());
    const res: { loss: number; accuracy?: number; output: Tensor } = { loss, output };
    if (data.y.dtype === 'int32') res.accuracy = accuracy(output, data.y);
    return res;
  }

  /** Model outputs for `x` in eval mode, batched, without recording gradients. */
  predict(x: Tensor, { batchSize = 256 }: { batchSize?: number } = {}): Tensor {
    return predict(this.model, x, { batchSize });
  }
}

/** Runs `model` over `x` in eval mode in batches without recording gradients, then restores its mode. */
export function predict(model: TrainableModel, x: Tensor, { batchSize = 256 }: { batchSize?: number } = {}): Tensor {
  const wasTraining = (model as { training?: boolean }).training ?? true;
  model.eval();
  try {
    return noGrad(() => {
      const n = x.shape[0] ?? 0;
      const idx = identity(n);
      const parts: Tensor[] = [];
      for (let from = 0; from < n; from += batchSize) parts.push(model.call(takeRows(x, idx, from, Math.min(n, from + batchSize))));
      if (parts.length === 0) throw new ValueError('predict: no rows to predict');
      return concat(parts, 0);
    });
  } finally {
    model.train(wasTraining);
  }
}

function zeroPartial(): TrainerState['partial'] {
  return { lossSum: 0, correct: 0, count: 0, seconds: 0 };
}

function identity(n: number): Int32Array {
  const a = new Int32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  return a;
}

function checkXY(op: string, d: XY): void {
  if (!(d?.x instanceof Tensor) || !(d?.y instanceof Tensor)) throw new ValueError(`${op}: expected { x: Tensor, y: Tensor }`);
  if (d.x.ndim < 1 || d.y.ndim < 1 || d.x.shape[0] !== d.y.shape[0]) {
    throw new ShapeError(`${op}: x ${fmtShape(d.x.shape)} and y ${fmtShape(d.y.shape)} must have the same number of rows`);
  }
  if (d.x.shape[0] === 0) throw new ValueError(`${op}: the data has no rows`);
}
