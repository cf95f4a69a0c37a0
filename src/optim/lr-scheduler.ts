// Learning-rate schedulers with torch.optim.lr_scheduler's semantics: created after the optimizer,
// stepped once per epoch (or per iteration), each group's lr a closed form of the epoch count.

import { ValueError } from '../errors.js';
import type { HyperValue } from './optimizer.js';
import { checkInteger, checkNonNegative, checkRange } from './validate.js';

/** What a scheduler needs of an optimizer: its groups' learning rates (every `Optimizer` fits). */
export interface SchedulableOptimizer {
  paramGroups: { lr: number; initialLr?: number }[];
}

/** A scheduler's saved state: plain JSON (epoch counter, base and last learning rates, options). */
export type SchedulerStateDict = { [key: string]: HyperValue | SchedulerStateDict[] };

/** The surface every scheduler shares (what a training loop or `train.lrScheduler` needs). */
export interface Scheduler {
  /** Advances one epoch (ReduceLROnPlateau needs the monitored metric). */
  step(metric?: number): void;
  /** The learning rate of each group after the last step. */
  getLastLr(): number[];
  stateDict(): SchedulerStateDict;
  loadStateDict(sd: SchedulerStateDict): void;
}

/**
 * Base of the epoch-based schedulers (like `torch.optim.lr_scheduler.LRScheduler`). On creation
 * it records each group's `initialLr` (if no scheduler did before) as its base lr and performs
 * the first step, so right after construction the lr is the schedule's value at epoch 0.
 * NOTE: every lr is computed in closed form from the base lr and the epoch (PyTorch uses the
 * same closed forms when stepping to an explicit epoch); a change made to `group.lr` by hand is
 * therefore replaced at the next step, and chaining is done with `SequentialLR`.
 */
export abstract class LRScheduler implements Scheduler {
  /** Name used in messages. */
  readonly name: string;
  /** The optimizer whose groups' lr this scheduler sets. */
  readonly optimizer: SchedulableOptimizer;
  /** Each group's lr at epoch 0 of the schedule (its `initialLr`). */
  baseLrs: number[];
  /** Steps taken; 0 right after construction. */
  lastEpoch = -1;
  protected lastLr: number[] = [];

  protected constructor(name: string, optimizer: SchedulableOptimizer) {
    this.name = name;
    if (optimizer === null || typeof optimizer !== 'object' || !Array.isArray(optimizer.paramGroups)) {
      throw new ValueError(`${name}: expected an optimizer with paramGroups`);
    }
    this.optimizer = optimizer;
    for (const g of optimizer.paramGroups) if (g.initialLr === undefined) g.initialLr = g.lr;
    this.baseLrs = optimizer.paramGroups.map((g) => g.initialLr!);
  }

  /** The lr of a group whose base lr is `baseLr`, at `epoch` (>= 0) of this schedule. */
  abstract lrAt(epoch: number, baseLr: number): number;
  /** The options to save in the state dict (and restore from it). */
  protected abstract options(): Record<string, HyperValue>;
  /** Restores options saved by `options()`. */
  protected abstract setOptions(o: Record<string, HyperValue>): void;

  /** Advances one epoch and sets every group's lr. */
  step(): void {
    this.stepTo(this.lastEpoch + 1);
  }

  /** Jumps to `epoch` of the schedule and sets every group's lr (used by `SequentialLR`). */
  stepTo(epoch: number): void {
    this.lastEpoch = epoch;
    this.lastLr = this.baseLrs.map((b) => this.lrAt(epoch, b));
    this.optimizer.paramGroups.forEach((g, i) => (g.lr = this.lastLr[i]!));
  }

  getLastLr(): number[] {
    return [...this.lastLr];
  }

  stateDict(): SchedulerStateDict {
    return { ...this.options(), lastEpoch: this.lastEpoch, baseLrs: [...this.baseLrs], lastLr: [...this.lastLr] };
  }

  /** Restores a state from `stateDict()`; the optimizer's lr is restored by the optimizer's own state dict. */
  loadStateDict(sd: SchedulerStateDict): void {
    const { lastEpoch, baseLrs, lastLr, ...opts } = sd;
    const n = this.optimizer.paramGroups.length;
    const isList = (v: unknown): v is number[] => Array.isArray(v) && v.length === n && v.every((x) => typeof x === 'number');
    if (typeof lastEpoch !== 'number' || !isList(baseLrs) || !isList(lastLr)) {
      throw new ValueError(`${this.name}.loadStateDict: expected lastEpoch and ${n} baseLrs and lastLr`);
    }
    this.setOptions(opts as Record<string, HyperValue>);
    this.lastEpoch = lastEpoch;
    this.baseLrs = [...baseLrs];
    this.lastLr = [...lastLr];
  }
}

/** Reads the saved options back, checking that each key exists and has the current value's type. */
function assignOptions<O extends object>(owner: string, target: O, saved: Record<string, HyperValue>): void {
  const problems: string[] = [];
  for (const [k, v] of Object.entries(saved)) {
    const cur = (target as Record<string, unknown>)[k];
    if (cur === undefined) problems.push(`unexpected '${k}'`);
    else if (typeof cur !== typeof v || Array.isArray(cur) !== Array.isArray(v)) problems.push(`'${k}' has the wrong type`);
  }
  if (problems.length > 0) throw new ValueError(`${owner}.loadStateDict: ${problems.join('; ')}`);
  for (const [k, v] of Object.entries(saved)) (target as Record<string, unknown>)[k] = Array.isArray(v) ? [...(v as number[])] : v;
}

/** Options of `StepLR`. */
export interface StepLROptions {
  /** Epochs between two decays. */
  stepSize: number;
  /** Multiplicative factor of each decay (default 0.1). */
  gamma?: number;
}

/** Decays the lr by `gamma` every `stepSize` epochs: lr_e = lr_0 * gamma^floor(e / stepSize) (torch's StepLR). */
export class StepLR extends LRScheduler {
  private o: Required<StepLROptions>;
  constructor(optimizer: SchedulableOptimizer, { stepSize, gamma = 0.1 }: StepLROptions) {
    super('StepLR', optimizer);
    checkInteger('StepLR', 'stepSize', stepSize, 1);
    checkNonNegative('StepLR', 'gamma', gamma);
    this.o = { stepSize, gamma };
    this.step();
  }
  lrAt(epoch: number, baseLr: number): number {
    return baseLr * this.o.gamma ** Math.floor(epoch / this.o.stepSize);
  }
  protected options(): Record<string, HyperValue> {
    return { ...this.o };
  }
  protected setOptions(o: Record<string, HyperValue>): void {
    assignOptions(this.name, this.o, o);
  }
}

/** Options of `MultiStepLR`. */
export interface MultiStepLROptions {
  /** Increasing epochs at which the lr is multiplied by gamma. */
  milestones: readonly number[];
  /** Multiplicative factor (default 0.1). */
  gamma?: number;
}

/** Decays the lr by `gamma` at each milestone: lr_e = lr_0 * gamma^(number of milestones <= e) (torch's MultiStepLR). */
export class MultiStepLR extends LRScheduler {
  private o: { milestones: number[]; gamma: number };
  constructor(optimizer: SchedulableOptimizer, { milestones, gamma = 0.1 }: MultiStepLROptions) {
    super('MultiStepLR', optimizer);
    milestones.forEach((m, i) => {
      checkInteger('MultiStepLR', `milestone ${i}`, m, 1);
      if (i > 0 && m <= milestones[i - 1]!) throw new ValueError(`MultiStepLR: milestones must be increasing, got ${JSON.stringify(milestones)}`);
    });
    checkNonNegative('MultiStepLR', 'gamma', gamma);
    this.o = { milestones: [...milestones], gamma };
    this.step();
  }
  lrAt(epoch: number, baseLr: number): number {
    return baseLr * this.o.gamma ** this.o.milestones.filter((m) => m <= epoch).length;
  }
  protected options(): Record<string, HyperValue> {
    return { milestones: [...this.o.milestones], gamma: this.o.gamma };
  }
  protected setOptions(o: Record<string, HyperValue>): void {
    assignOptions(this.name, this.o, o);
  }
}

/** Multiplies the lr by `gamma` every epoch: lr_e = lr_0 * gamma^e (torch's ExponentialLR). */
export class ExponentialLR extends LRScheduler {
  private o: { gamma: number };
  constructor(optimizer: SchedulableOptimizer, { gamma }: { gamma: number }) {
    super('ExponentialLR', optimizer);
    checkNonNegative('ExponentialLR', 'gamma', gamma);
    this.o = { gamma };
    this.step();
  }
  lrAt(epoch: number, baseLr: number): number {
    return baseLr * this.o.gamma ** epoch;
  }
  protected options(): Record<string, HyperValue> {
    return { ...this.o };
  }
  protected setOptions(o: Record<string, HyperValue>): void {
    assignOptions(this.name, this.o, o);
  }
}

/** Options of `CosineAnnealingLR`. */
export interface CosineAnnealingLROptions {
  /** Epochs from the base lr down to etaMin. */
  tMax: number;
  /** The lowest lr (default 0). */
  etaMin?: number;
}

/**
 * Cosine annealing (Loshchilov & Hutter 2017, SGDR without restarts), torch's CosineAnnealingLR in
 * closed form: lr_e = etaMin + (lr_0 - etaMin) * (1 + cos(pi * e / tMax)) / 2.
 * Like PyTorch's, the curve continues past tMax (rising again, period 2 tMax); stop stepping or
 * chain another scheduler with `SequentialLR` to hold it.
 */
export class CosineAnnealingLR extends LRScheduler {
  private o: Required<CosineAnnealingLROptions>;
  constructor(optimizer: SchedulableOptimizer, { tMax, etaMin = 0 }: CosineAnnealingLROptions) {
    super('CosineAnnealingLR', optimizer);
    checkInteger('CosineAnnealingLR', 'tMax', tMax, 1);
    checkNonNegative('CosineAnnealingLR', 'etaMin', etaMin);
    this.o = { tMax, etaMin };
    this.step();
  }
  lrAt(epoch: number, baseLr: number): number {
    const { tMax, etaMin } = this.o;
    return etaMin + ((baseLr - etaMin) * (1 + Math.cos((Math.PI * epoch) / tMax))) / 2;
  }
  protected options(): Record<string, HyperValue> {
    return { ...this.o };
  }
  protected setOptions(o: Record<string, HyperValue>): void {
    assignOptions(this.name, this.o, o);
  }
}

/** Options of `LinearLR`. */
export interface LinearLROptions {
  /** Factor of the base lr at epoch 0, in (0, 1] (default 1/3). */
  startFactor?: number;
  /** Factor reached at `totalIters` and kept after, in [0, 1] (default 1). */
  endFactor?: number;
  /** Epochs of the ramp (default 5). */
  totalIters?: number;
}

/**
 * Linear warm-up (or decay), torch's LinearLR in closed form:
 * lr_e = lr_0 * (startFactor + (endFactor - startFactor) * min(e, totalIters) / totalIters).
 * Warm-up then cosine: `new SequentialLR(opt, { schedulers: [new LinearLR(opt, { startFactor: 0.1,
 * totalIters: w }), new CosineAnnealingLR(opt, { tMax: n - w })], milestones: [w] })`.
 */
export class LinearLR extends LRScheduler {
  private o: Required<LinearLROptions>;
  constructor(optimizer: SchedulableOptimizer, { startFactor = 1 / 3, endFactor = 1, totalIters = 5 }: LinearLROptions = {}) {
    super('LinearLR', optimizer);
    if (!(startFactor > 0 && startFactor <= 1)) throw new ValueError(`LinearLR: invalid startFactor ${startFactor} (must be in (0, 1])`);
    checkRange('LinearLR', 'endFactor', endFactor, 0, 1);
    checkInteger('LinearLR', 'totalIters', totalIters, 1);
    this.o = { startFactor, endFactor, totalIters };
    this.step();
  }
  lrAt(epoch: number, baseLr: number): number {
    const { startFactor: s, endFactor: e, totalIters: n } = this.o;
    return baseLr * (s + ((e - s) * Math.min(epoch, n)) / n);
  }
  protected options(): Record<string, HyperValue> {
    return { ...this.o };
  }
  protected setOptions(o: Record<string, HyperValue>): void {
    assignOptions(this.name, this.o, o);
  }
}

/**
 * lr_e = lr_0 * lrLambda(e) for any function of the epoch (torch's LambdaLR), e.g. a custom
 * warm-up. The function is not saved in the state dict; pass the same one when resuming.
 */
export class LambdaLR extends LRScheduler {
  private readonly lrLambda: (epoch: number) => number;
  constructor(optimizer: SchedulableOptimizer, { lrLambda }: { lrLambda: (epoch: number) => number }) {
    super('LambdaLR', optimizer);
    if (typeof lrLambda !== 'function') throw new ValueError('LambdaLR: lrLambda must be a function of the epoch');
    this.lrLambda = lrLambda;
    this.step();
  }
  lrAt(epoch: number, baseLr: number): number {
    const f = this.lrLambda(epoch);
    if (typeof f !== 'number' || Number.isNaN(f)) throw new ValueError(`LambdaLR: lrLambda(${epoch}) returned ${String(f)}, not a number`);
    return baseLr * f;
  }
  protected options(): Record<string, HyperValue> {
    return {};
  }
  protected setOptions(o: Record<string, HyperValue>): void {
    assignOptions(this.name, {}, o);
  }
}
