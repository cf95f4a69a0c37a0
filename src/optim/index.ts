// Optimizers, learning-rate schedulers and gradient clipping (the `optim` namespace).

export { Optimizer } from './optimizer.js';
export type { HyperValue, ParamGroup, ParamGroupInput, ParamsInput, SavedParamGroup, OptimizerStateDict, ZeroGradOptions } from './optimizer.js';
export type { FloatArray, NumericArray } from './float-array.js';
export { SGD, SGD_DEFAULTS, sgdStep, sgdUpdate, validateSGD, lectureMomentumStep, lectureNesterovStep } from './sgd.js';
export type { SGDHyper, SGDOptions, SGDState, SGDUpdateArgs, LectureMomentumArgs, LectureNesterovArgs } from './sgd.js';
export { RMSprop, RMSPROP_DEFAULTS, rmspropStep, rmspropUpdate, rmspropInitState, validateRMSprop } from './rmsprop.js';
export type { RMSpropHyper, RMSpropOptions, RMSpropState, RMSpropUpdateArgs } from './rmsprop.js';
export { Adagrad, ADAGRAD_DEFAULTS, adagradStep, adagradUpdate, adagradInitState, validateAdagrad } from './adagrad.js';
export type { AdagradHyper, AdagradOptions, AdagradState, AdagradUpdateArgs } from './adagrad.js';
export { Adam, ADAM_DEFAULTS, adamStep, adamUpdate, adamInitState, validateAdam } from './adam.js';
export type { AdamHyper, AdamOptions, AdamState, AdamUpdateArgs } from './adam.js';
export { AdamW, ADAMW_DEFAULTS } from './adamw.js';
export type { AdamWOptions } from './adamw.js';
export { NAdam, NADAM_DEFAULTS, nadamStep, nadamUpdate, nadamInitState, validateNAdam } from './nadam.js';
export type { NAdamHyper, NAdamOptions, NAdamState, NAdamUpdateArgs } from './nadam.js';
export { LRScheduler, StepLR, MultiStepLR, ExponentialLR, CosineAnnealingLR, LinearLR, LambdaLR } from './lr-scheduler.js';
export type { Scheduler, SchedulableOptimizer, SchedulerStateDict, StepLROptions, MultiStepLROptions, CosineAnnealingLROptions, LinearLROptions } from './lr-scheduler.js';
export { SequentialLR } from './sequential-lr.js';
export type { SequentialLROptions } from './sequential-lr.js';
export { ReduceLROnPlateau } from './reduce-lr-on-plateau.js';
export type { ReduceLROnPlateauOptions } from './reduce-lr-on-plateau.js';
export { clipGradNorm, clipGradValue } from './clip-grad.js';
export type { ClipGradNormOptions } from './clip-grad.js';
