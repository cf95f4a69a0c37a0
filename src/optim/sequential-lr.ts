// SequentialLR: run one scheduler after another (typically a linear warm-up, then cosine decay),
// each restarting its own epoch count at its milestone, as torch's SequentialLR does.

import { ValueError } from '../errors.js';
import type { LRScheduler, SchedulableOptimizer, Scheduler, SchedulerStateDict } from './lr-scheduler.js';

/** Options of `SequentialLR`. */
export interface SequentialLROptions {
  /** The schedulers, in order; all built on the same optimizer. */
  schedulers: readonly LRScheduler[];
  /** The epochs where the next scheduler takes over (one fewer than schedulers, increasing). */
  milestones: readonly number[];
}

/**
 * Chains schedulers (torch's SequentialLR): scheduler k runs from milestone k-1 (epoch 0 of its
 * own schedule) until milestone k. Warm-up then cosine over n epochs:
 * `new SequentialLR(opt, { schedulers: [new LinearLR(opt, { startFactor: 0.1, totalIters: w }),
 * new CosineAnnealingLR(opt, { tMax: n - w })], milestones: [w] })`.
 * All schedulers share the groups' `initialLr` as their base lr (the first one records it).
 */
export class SequentialLR implements Scheduler {
  readonly optimizer: SchedulableOptimizer;
  readonly schedulers: readonly LRScheduler[];
  readonly milestones: readonly number[];
  /** Steps taken; 0 right after construction. */
  lastEpoch = 0;
  private lastLr: number[];

  constructor(optimizer: SchedulableOptimizer, { schedulers, milestones }: SequentialLROptions) {
    if (schedulers.length === 0) throw new ValueError('SequentialLR: needs at least one scheduler');
    schedulers.forEach((s, i) => {
      if (s.optimizer !== optimizer) throw new ValueError(`SequentialLR: scheduler ${i} belongs to another optimizer`);
    });
    if (milestones.length !== schedulers.length - 1) {
      throw new ValueError(`SequentialLR: expected ${schedulers.length - 1} milestones for ${schedulers.length} schedulers, got ${milestones.length}`);
    }
    milestones.forEach((m, i) => {
      if (!Number.isInteger(m) || m < 1 || (i > 0 && m <= milestones[i - 1]!)) {
        throw new ValueError(`SequentialLR: milestones must be increasing integers >= 1, got ${JSON.stringify(milestones)}`);
      }
    });
    this.optimizer = optimizer;
    this.schedulers = [...schedulers];
    this.milestones = [...milestones];
    // NOTE: each scheduler set the lr when it was built; start over from the first one's epoch 0.
    this.schedulers[0]!.stepTo(0);
    this.lastLr = this.schedulers[0]!.getLastLr();
  }

  /** Advances one epoch; at a milestone the next scheduler starts at its epoch 0. */
  step(): void {
    this.lastEpoch += 1;
    this.apply();
  }

  private apply(): void {
    let k = 0;
    while (k < this.milestones.length && this.milestones[k]! <= this.lastEpoch) k++;
    const start = k === 0 ? 0 : this.milestones[k - 1]!;
    const s = this.schedulers[k]!;
    s.stepTo(this.lastEpoch - start);
    this.lastLr = s.getLastLr();
  }

  getLastLr(): number[] {
    return [...this.lastLr];
  }

  stateDict(): SchedulerStateDict {
    return {
      lastEpoch: this.lastEpoch,
      milestones: [...this.milestones],
      lastLr: [...this.lastLr],
      schedulers: this.schedulers.map((s) => s.stateDict()),
    };
  }

  /** Restores a state from `stateDict()` (same number of schedulers and the same milestones). */
  loadStateDict(sd: SchedulerStateDict): void {
    const subs = sd.schedulers;
    if (typeof sd.lastEpoch !== 'number' || !Array.isArray(subs) || subs.length !== this.schedulers.length) {
      throw new ValueError(`SequentialLR.loadStateDict: expected lastEpoch and ${this.schedulers.length} scheduler states`);
    }
    if (JSON.stringify(sd.milestones) !== JSON.stringify(this.milestones)) {
      throw new ValueError(`SequentialLR.loadStateDict: milestones ${JSON.stringify(sd.milestones)} differ from ${JSON.stringify(this.milestones)}`);
    }
    (subs as SchedulerStateDict[]).forEach((s, i) => this.schedulers[i]!.loadStateDict(s));
    this.lastEpoch = sd.lastEpoch;
    this.lastLr = Array.isArray(sd.lastLr) ? [...(sd.lastLr as unknown as number[])] : this.lastLr;
  }
}
