// The diagnostics namespace: per-layer statistics through module hooks, the gradient-flow recorder
// and scoped anomaly mode. Usable on any model; the lessons use it for all their statistics.

export { GradientFlowRecorder } from './gradient-flow.js';
export type { GradientFlowOptions, GradientFlowJSON, LayerStats, ParamStats, StepRecord } from './gradient-flow.js';
export { activationKind, activationStats, l2Norm, updateRatio } from './layer-stats.js';
export type { ActivationKind, ActivationStats, ActivationStatsOptions } from './layer-stats.js';
export { detectAnomaly } from './detect-anomaly.js';
export { AnomalyError } from '../autograd/engine.js';
export { linearPieces } from './linear-pieces.js';
export type { LinearPieces, LinearPiecesOptions } from './linear-pieces.js';
