// Training callbacks (Keras-style hooks into `Trainer.fit`): early stopping, LR scheduling, a
// checkpoint hook and a hook that yields to the browser's event loop.

import { ValueError } from '../errors.js';
import type { EpochLogs } from './history.js';

/** Logs passed to `onBatchEnd`. */
export interface BatchLogs {
  epoch: number;
  batch: number;
  batches: number;
  loss: number;
  samples: number;
}

/** What a callback can see and steer. */
export interface CallbackContext {
  /** Set to true to stop training after the current epoch (or batch, in onBatchEnd). */
  stopTraining: boolean;
}

/** Hooks called by `Trainer.fit`; each may be async (fit awaits it). */
export interface Callback {
  onTrainBegin?(ctx: CallbackContext): void | Promise<void>;
  onEpochBegin?(epoch: number, ctx: CallbackContext): void | Promise<void>;
  /**
   * After `optimizer.step()` and before `zeroGrad()`: gradients and updated parameters are both
   * visible (what a gradient-flow recorder reads). Synchronous; `logs.loss` is the batch loss.
   */
  onStepEnd?(logs: BatchLogs): void;
  onBatchEnd?(logs: BatchLogs, ctx: CallbackContext): void | Promise<void>;
  onEpochEnd?(logs: EpochLogs, ctx: CallbackContext): void | Promise<void>;
  onTrainEnd?(ctx: CallbackContext): void | Promise<void>;
}

/** Options of `earlyStopping`. */
export interface EarlyStoppingOptions {
  /** Which epoch log to watch (default 'valLoss'). */
  monitor?: keyof EpochLogs;
  /** 'min' for losses, 'max' for accuracies (default: 'max' if the name contains Accuracy). */
  mode?: 'min' | 'max';
  /** Epochs without improvement before stopping (default 5). */
  patience?: number;
  /** Smallest change that counts as improvement (default 0). */
  minDelta?: number;
  /** Called with the epoch of the best value when training stops (e.g. to restore weights). */
  onStop?: (bestEpoch: number) => void;
}

/** Stops training when `monitor` has not improved for `patience` epochs (Keras EarlyStopping). */
export function earlyStopping(opts: EarlyStoppingOptions = {}): Callback & { bestEpoch: () => number } {
  const monitor = opts.monitor ?? 'valLoss';
  const mode = opts.mode ?? (String(monitor).includes('ccuracy') ? 'max' : 'min');
  const patience = opts.patience ?? 5;
  const minDelta = opts.minDelta ?? 0;
  if (!Number.isInteger(patience) || patience < 0) throw new ValueError(`earlyStopping: patience must be a non-negative integer, got ${patience}`);
  let best = mode === 'min' ? Infinity : -Infinity;
  let bestEpoch = -1;
  let wait = 0;
  return {
    bestEpoch: () => bestEpoch,
    onEpochEnd(logs, ctx) {
      const v = logs[monitor];
      if (typeof v !== 'number' || Number.isNaN(v)) {
        throw new ValueError(`earlyStopping: epoch logs have no value for '${String(monitor)}' (is validation data given?)`);
      }
      const improved = mode === 'min' ? v < best - minDelta : v > best + minDelta;
      if (improved) {
        best = v;
        bestEpoch = logs.epoch;
        wait = 0;
      } else if (++wait > patience) {
        ctx.stopTraining = true;
        opts.onStop?.(bestEpoch);
      }
    },
  };
}

/** Anything with a `step` like the schedulers in `optim` (ReduceLROnPlateau takes a metric). */
export interface SchedulerLike {
  step(metric?: number): void;
}

/** Steps a learning-rate scheduler after every epoch (passing `monitor`'s value when given). */
export function lrScheduler(scheduler: SchedulerLike, { monitor }: { monitor?: keyof EpochLogs } = {}): Callback {
  return {
    onEpochEnd(logs) {
      const v = monitor === undefined ? undefined : logs[monitor];
      scheduler.step(typeof v === 'number' ? v : undefined);
    },
  };
}

/** Calls `save(epoch)` every `every` epochs (a hook for writing checkpoints; the saving is yours). */
export function checkpointHook(save: (logs: EpochLogs) => void | Promise<void>, { every = 1 }: { every?: number } = {}): Callback {
  return {
    async onEpochEnd(logs) {
      if ((logs.epoch + 1) % every === 0) await save(logs);
    },
  };
}

/**
 * Yields to the event loop every `everyBatches` batches so a browser page stays responsive and can
 * repaint while training (uses a macrotask: MessageChannel where available, else setTimeout).
 */
export function yieldToEventLoop({ everyBatches = 1 }: { everyBatches?: number } = {}): Callback {
  return {
    async onBatchEnd(logs) {
      if ((logs.batch + 1) % everyBatches === 0) await macrotask();
    },
  };
}

function macrotask(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof MessageChannel !== 'undefined') {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => {
        ch.port1.close();
        resolve();
      };
      ch.port2.postMessage(null);
    } else {
      setTimeout(resolve, 0);
    }
  });
}
