// The nn namespace: modules, layers, losses, initializers, regularization.

export { Parameter } from './parameter.js';
export { Module } from './module.js';
export type {
  AnyModule, ForwardPreHook, ForwardHook, BackwardHook, HookHandle, LoadStateDictOptions, StateDictOptions,
} from './module.js';
export { StateDictError } from './state-dict-error.js';
export { summarize, formatSummary } from './summary.js';
export type { Summary, SummaryRow, SummaryOptions } from './summary.js';
export { Sequential, ModuleList } from './sequential.js';
export type { TensorModule } from './sequential.js';
export { Linear } from './linear.js';
export type { LinearOptions } from './linear.js';
export { Flatten, Identity } from './flatten.js';
export { Sigmoid, Tanh, ReLU, LeakyReLU, PReLU, ELU, Swish, SiLU, Softmax, LogSoftmax } from './activation.js';
export { Dropout } from './dropout.js';
export type { DropoutOptions, DropoutScaling } from './dropout.js';
export { BatchNorm1d } from './batch-norm.js';
export type { BatchNormOptions } from './batch-norm.js';
export { LayerNorm } from './layer-norm.js';
export type { LayerNormOptions } from './layer-norm.js';
export * as init from './init.js';
