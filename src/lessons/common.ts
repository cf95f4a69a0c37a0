// Helpers shared by the lessons: seeded small networks, binary-classification training loops, accuracy,
// and evaluation of a model over a grid of the plane (decision boundaries, feature maps).

import { noGrad } from '../autograd/grad-mode.js';
import { bceWithLogitsLoss } from '../nn/losses.js';
import type { TensorModule } from '../nn/sequential.js';
import type { Optimizer } from '../optim/optimizer.js';
import type { Grid } from '../report/chart-data.js';
import type { Tensor } from '../tensor/tensor.js';

/** A model mapping [N, d] inputs to [N, 1] logits. */
export type LogitModel = TensorModule;

/** Labels [N] (int) as float targets [N, 1] for binary cross-entropy. */
export function binaryTargets(y: Tensor): Tensor {
  return y.float().reshape([-1, 1]);
}

/** Mean binary cross-entropy of the model's logits (no graph). */
export function evalLoss(model: LogitModel, x: Tensor, y: Tensor): number {
  return noGrad(() => bceWithLogitsLoss(model.call(x), binaryTargets(y)).item());
}

/** Share of rows whose logit sign matches the 0/1 label (model in eval mode, restored after). */
export function accuracy(model: LogitModel, x: Tensor, y: Tensor): number {
  const was = model.training;
  model.eval();
  const logits = noGrad(() => model.call(x)).data;
  model.train(was);
  let ok = 0;
  for (let i = 0; i < y.size; i++) if ((logits[i]! > 0 ? 1 : 0) === y.data[i]) ok++;
  return ok / y.size;
}

/** Options of `trainBinary`. */
export interface TrainBinaryOptions {
  model: LogitModel;
  optimizer: Optimizer;
  x: Tensor;
  y: Tensor;
  steps: number;
  /** Added to the loss each step (e.g. an L1/L2 penalty). */
  penalty?: () => Tensor;
  /** Called after each optimizer step (e.g. `recorder.step()`). */
  afterStep?: (step: number) => void;
  /** Mini-batch size (default: full batch). */
  batchSize?: number;
  /** Row order source for mini-batches. */
  permutation?: (n: number) => number[];
}

/** Trains with BCE on logits; returns the data loss (without penalty) of every step, NaN-safe. */
export function trainBinary(o: TrainBinaryOptions): number[] {
  const target = binaryTargets(o.y);
  const losses: number[] = [];
  for (let s = 0; s < o.steps; s++) {
    o.optimizer.zeroGrad();
    const data = bceWithLogitsLoss(o.model.call(o.x), target);
    const loss = o.penalty ? data.add(o.penalty()) : data;
    loss.backward();
    o.optimizer.step();
    losses.push(data.item());
    o.afterStep?.(s);
  }
  return losses;
}

/** P(class 1) of a logit model over the grid (for `report.decisionBoundary`). */
export function probabilityGrid(model: LogitModel, g: { xs: number[]; ys: number[]; points: Tensor }): Grid {
  const was = model.training;
  model.eval();
  const p = noGrad(() => model.call(g.points).sigmoid()).data;
  model.train(was);
  return { xs: g.xs, ys: g.ys, values: Array.from(p, Number) };
}

/** Milliseconds from a monotonic clock (browser and Node). */
export function now(): number {
  return globalThis.performance.now();
}
