// ReduceLROnPlateau: lower the learning rate when a monitored metric (validation loss, accuracy)
// stops improving, with torch's patience, threshold, cooldown and minimum-lr rules.

import { ValueError } from '../errors.js';
import type { SchedulableOptimizer, Scheduler, SchedulerStateDict } from './lr-scheduler.js';
import { checkInteger, checkNonNegative } from './validate.js';

/** Options of `ReduceLROnPlateau`; every field has PyTorch's default. */
export interface ReduceLROnPlateauOptions {
  /** 'min': the metric should go down (a loss); 'max': up (an accuracy). */
  mode?: 'min' | 'max';
  /** new lr = lr * factor (< 1; default 0.1). */
  factor?: number;
  /** Epochs without improvement tolerated before reducing (default 10). */
  patience?: number;
  /** Smallest change that counts as an improvement (default 1e-4). */
  threshold?: number;
  /** 'rel': better than best * (1 -/+ threshold); 'abs': better than best -/+ threshold. */
  thresholdMode?: 'rel' | 'abs';
  /** Epochs to wait after a reduction before counting bad epochs again (default 0). */
  cooldown?: number;
  /** Lower bound of the lr, one for all groups or one per group (default 0). */
  minLr?: number | readonly number[];
  /** A reduction smaller than this is skipped (default 1e-8). */
  eps?: number;
}

/**
 * Reduces each group's lr by `factor` once the metric passed to `step(metric)` has not improved
 * for more than `patience` epochs (torch's ReduceLROnPlateau): an epoch improves when the metric
 * beats the best so far by the threshold; after a reduction, `cooldown` epochs are not counted;
 * the lr never goes below `minLr`, and changes smaller than `eps` are skipped. A NaN metric counts
 * as an epoch without improvement.
 */
export class ReduceLROnPlateau implements Scheduler {
  readonly optimizer: SchedulableOptimizer;
  mode: 'min' | 'max';
  factor: number;
  patience: number;
  threshold: number;
  thresholdMode: 'rel' | 'abs';
  cooldown: number;
  minLrs: number[];
  eps: number;
  /** The best metric so far (Infinity / -Infinity before the first step). */
  best: number;
  /** Consecutive epochs without improvement. */
  numBadEpochs = 0;
  /** Epochs of cooldown left. */
  cooldownCounter = 0;
  lastEpoch = 0;
  private lastLr: number[];

  constructor(optimizer: SchedulableOptimizer, opts: ReduceLROnPlateauOptions = {}) {
    const { mode = 'min', factor = 0.1, patience = 10, threshold = 1e-4, thresholdMode = 'rel', cooldown = 0, minLr = 0, eps = 1e-8 } = opts;
    const n = optimizer.paramGroups.length;
    const owner = 'ReduceLROnPlateau';
    if (mode !== 'min' && mode !== 'max') throw new ValueError(`${owner}: mode must be 'min' or 'max', got '${String(mode)}'`);
    if (thresholdMode !== 'rel' && thresholdMode !== 'abs') throw new ValueError(`${owner}: thresholdMode must be 'rel' or 'abs', got '${String(thresholdMode)}'`);
    if (!(factor >= 0 && factor < 1)) throw new ValueError(`${owner}: invalid factor ${factor} (must be in [0, 1))`);
    checkInteger(owner, 'patience', patience, 0);
    checkInteger(owner, 'cooldown', cooldown, 0);
    checkNonNegative(owner, 'threshold', threshold);
    checkNonNegative(owner, 'eps', eps);
    const mins = typeof minLr === 'number' ? new Array<number>(n).fill(minLr) : [...minLr];
    if (mins.length !== n) throw new ValueError(`${owner}: expected ${n} minLr values (one per parameter group), got ${mins.length}`);
    mins.forEach((m, i) => checkNonNegative(owner, `minLr[${i}]`, m));
    this.optimizer = optimizer;
    this.mode = mode;
    this.factor = factor;
    this.patience = patience;
    this.threshold = threshold;
    this.thresholdMode = thresholdMode;
    this.cooldown = cooldown;
    this.minLrs = mins;
    this.eps = eps;
    this.best = mode === 'min' ? Infinity : -Infinity;
    this.lastLr = optimizer.paramGroups.map((g) => g.lr);
  }

  /** Whether `a` improves on `best` by the threshold. */
  isBetter(a: number, best: number): boolean {
    const t = this.threshold;
    if (this.mode === 'min') return this.thresholdMode === 'rel' ? a < best * (1 - t) : a < best - t;
    return this.thresholdMode === 'rel' ? a > best * (1 + t) : a > best + t;
  }

  /** Records one epoch's metric and reduces the lr if it has plateaued. */
  step(metric?: number): void {
    if (typeof metric !== 'number') {
      throw new ValueError(`ReduceLROnPlateau.step: needs the monitored metric (a number), got ${String(metric)}`);
    }
    this.lastEpoch += 1;
    if (this.isBetter(metric, this.best)) {
      this.best = metric;
      this.numBadEpochs = 0;
    } else {
      this.numBadEpochs += 1;
    }
    if (this.cooldownCounter > 0) {
      this.cooldownCounter -= 1;
      this.numBadEpochs = 0;
    }
    if (this.numBadEpochs > this.patience) {
      this.optimizer.paramGroups.forEach((g, i) => {
        const next = Math.max(g.lr * this.factor, this.minLrs[i]!);
        if (g.lr - next > this.eps) g.lr = next;
      });
      this.cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
    }
    this.lastLr = this.optimizer.paramGroups.map((g) => g.lr);
  }

  getLastLr(): number[] {
    return [...this.lastLr];
  }

  stateDict(): SchedulerStateDict {
    return {
      mode: this.mode, factor: this.factor, patience: this.patience, threshold: this.threshold,
      thresholdMode: this.thresholdMode, cooldown: this.cooldown, minLrs: [...this.minLrs], eps: this.eps,
      // NOTE: JSON has no Infinity; the string 'none' stands for "no best yet".
      best: Number.isFinite(this.best) ? this.best : 'none',
      numBadEpochs: this.numBadEpochs, cooldownCounter: this.cooldownCounter, lastEpoch: this.lastEpoch, lastLr: [...this.lastLr],
    };
  }

  loadStateDict(sd: SchedulerStateDict): void {
    const num = (k: string): number => {
      const v = sd[k];
      if (typeof v !== 'number') throw new ValueError(`ReduceLROnPlateau.loadStateDict: '${k}' must be a number`);
      return v;
    };
    const fresh = new ReduceLROnPlateau(this.optimizer, {
      mode: sd.mode as 'min' | 'max', factor: num('factor'), patience: num('patience'), threshold: num('threshold'),
      thresholdMode: sd.thresholdMode as 'rel' | 'abs', cooldown: num('cooldown'), minLr: sd.minLrs as unknown as number[], eps: num('eps'),
    });
    Object.assign(this, {
      mode: fresh.mode, factor: fresh.factor, patience: fresh.patience, threshold: fresh.threshold, thresholdMode: fresh.thresholdMode,
      cooldown: fresh.cooldown, minLrs: fresh.minLrs, eps: fresh.eps,
      best: sd.best === 'none' ? fresh.best : num('best'),
      numBadEpochs: num('numBadEpochs'), cooldownCounter: num('cooldownCounter'), lastEpoch: num('lastEpoch'),
      lastLr: Array.isArray(sd.lastLr) ? [...(sd.lastLr as unknown as number[])] : this.lastLr,
    });
  }
}
