// Training: the Trainer loop, callbacks, history and metrics.

export { Trainer, predict, takeRows } from './trainer.js';
export type { TrainableModel, StepOptimizer, XY, LossFn, TrainerOptions, FitOptions, FitResult, TrainerState } from './trainer.js';
export { History } from './history.js';
export type { EpochLogs } from './history.js';
export { earlyStopping, lrScheduler, checkpointHook, yieldToEventLoop } from './callbacks.js';
export type { Callback, CallbackContext, BatchLogs, EarlyStoppingOptions, SchedulerLike } from './callbacks.js';
export { accuracy, confusionMatrix, meanSquaredError, meanAbsoluteError } from './metrics.js';
