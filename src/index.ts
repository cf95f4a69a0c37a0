// The public API of neurite. Front ends (cli/, playground/, bench/) import only from here.

export { Tensor } from './tensor/tensor.js';
export type { TensorLike, Axis, ReduceOptions, GradNode } from './tensor/tensor.js';
export type { DType, TypedArray } from './tensor/dtype.js';
export { promoteTypes } from './tensor/dtype.js';
export { broadcastShapes } from './tensor/shape.js';
export * from './tensor/creation.js';
export { Generator, manualSeed, defaultGenerator } from './tensor/random.js';
export type { GeneratorState } from './tensor/random.js';
export * from './ops/index.js';
export { noGrad, enableGrad, isGradEnabled } from './autograd/grad-mode.js';
export { AnomalyError, withScope } from './autograd/engine.js';
export type { BackwardOptions } from './autograd/engine.js';
export { grad, valueAndGrad } from './autograd/functional.js';
export type { GradOptions } from './autograd/functional.js';
export { gradcheck, GradcheckError } from './autograd/gradcheck.js';
export type { GradcheckOptions, GradcheckReport } from './autograd/gradcheck.js';
export { getBackend, setBackend, withBackend } from './backend/registry.js';
export type { Backend, UnaryOp, BinaryOp, ReduceOp, MatmulDims } from './backend/backend.js';
export { referenceBackend } from './backend/reference/reference-backend.js';
export { NeuriteError, ShapeError, DTypeError, ValueError, AutogradError } from './errors.js';
export { VERSION } from './version.js';
export * as nn from './nn/index.js';
export { Parameter } from './nn/parameter.js';
export * as optim from './optim/index.js';
export * as data from './data/index.js';
export * as io from './io/index.js';
export * as report from './report/index.js';
