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
export { Flatten, Unflatten, Identity } from './flatten.js';
export { Residual } from './residual.js';
export { Sigmoid, Tanh, ReLU, LeakyReLU, PReLU, ELU, Swish, SiLU, Softmax, LogSoftmax } from './activation.js';
export { GELU, Softplus, LogSigmoid, Softsign, Hardtanh, ReLU6, Hardswish, Mish, SELU } from './extra-activation.js';
export { Dropout } from './dropout.js';
export type { DropoutOptions, DropoutScaling } from './dropout.js';
export { BatchNorm1d } from './batch-norm.js';
export type { BatchNormOptions } from './batch-norm.js';
export { LayerNorm } from './layer-norm.js';
export { Conv2d, ConvTranspose2d } from './conv.js';
export type { Conv2dLayerOptions, ConvTranspose2dLayerOptions, PaddingMode } from './conv.js';
export { MaxPool2d, AvgPool2d, AdaptiveAvgPool2d } from './pooling.js';
export type { AdaptiveSize } from './pooling.js';
export { BatchNorm2d } from './batch-norm2d.js';
export { Dropout2d } from './dropout2d.js';
export type { LayerNormOptions } from './layer-norm.js';
export * as init from './init.js';
export { mseLoss, l1Loss, bceLoss, bceWithLogitsLoss, logSigmoid, klDiv } from './losses.js';
export type { LossOptions, BCELossOptions, BCEWithLogitsOptions, KLDivOptions } from './losses.js';
export { smoothL1Loss, huberLoss, type SmoothL1LossOptions, type HuberLossOptions } from './losses.js';
export { crossEntropy, nllLoss, hingeLoss } from './classification-losses.js';
export type { CrossEntropyOptions, NLLLossOptions, HingeLossOptions } from './classification-losses.js';
export type { Reduction } from './loss-utils.js';
export { MSELoss, L1Loss, BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, NLLLoss, HingeLoss, KLDivLoss } from './loss-modules.js';
export { SmoothL1Loss, HuberLoss } from './loss-modules.js';
export { l1Penalty, l2Penalty, isWeight } from './regularization.js';
export type { PenaltyOptions } from './regularization.js';
export { buildModel, checkModelSpec, mlpSpec, cnnSpec, LAYER_TYPES, MLP_ACTIVATIONS, MLP_INITS } from './model-spec.js';
export type { LayerSpec, MlpOptions, CnnOptions, MlpActivation, MlpInit, BuildModelOptions } from './model-spec.js';
export * from './recurrent/index.js';
