// A JSON description of a Sequential model: what a run directory saves next to the weights so a
// model can be rebuilt without code (`neurite eval/predict/info`, the playground), and the MLP
// recipe the CLI's `--layers 128,64 --activation relu --dropout 0.2 --batchnorm --init he` builds.

import { ValueError } from '../errors.js';
import { defaultGenerator, type Generator } from '../tensor/random.js';
import { ELU, LeakyReLU, LogSoftmax, ReLU, SiLU, Sigmoid, Softmax, Swish, Tanh } from './activation.js';
import { BatchNorm1d } from './batch-norm.js';
import { Dropout } from './dropout.js';
import { BatchNorm2d } from './batch-norm2d.js';
import { Conv2d } from './conv.js';
import { Dropout2d } from './dropout2d.js';
import { Flatten, Identity, Unflatten } from './flatten.js';
import { AvgPool2d, MaxPool2d } from './pooling.js';
import * as init from './init.js';
import { LayerNorm } from './layer-norm.js';
import { Linear } from './linear.js';
import type { Module } from './module.js';
import { Sequential } from './sequential.js';

/** One layer of a `ModelSpec`; the fields are the layer's constructor options. */
export type LayerSpec =
  | { type: 'linear'; inFeatures: number; outFeatures: number; bias?: boolean }
  | { type: 'relu' | 'sigmoid' | 'tanh' | 'silu' | 'identity' | 'flatten' }
  | { type: 'softmax' | 'logSoftmax'; axis?: number }
  | { type: 'leakyRelu'; negativeSlope?: number }
  | { type: 'elu'; alpha?: number }
  | { type: 'swish'; beta?: number }
  | { type: 'dropout'; p: number; scaling?: 'train' | 'test' }
  | { type: 'batchNorm1d'; numFeatures: number; eps?: number; momentum?: number }
  | { type: 'layerNorm'; normalizedShape: number[]; eps?: number }
  | { type: 'unflatten'; unflattenedSize: number[] }
  | { type: 'conv2d'; inChannels: number; outChannels: number; kernelSize: number; stride?: number; padding?: number }
  | { type: 'maxPool2d' | 'avgPool2d'; kernelSize: number; stride?: number }
  | { type: 'batchNorm2d'; numFeatures: number }
  | { type: 'dropout2d'; p: number };

/** Layer types a `LayerSpec` may name. */
export const LAYER_TYPES = [
  'linear', 'relu', 'sigmoid', 'tanh', 'silu', 'identity', 'flatten', 'softmax', 'logSoftmax',
  'leakyRelu', 'elu', 'swish', 'dropout', 'batchNorm1d', 'layerNorm',
  'unflatten', 'conv2d', 'maxPool2d', 'avgPool2d', 'batchNorm2d', 'dropout2d',
] as const;

/** Activations the MLP recipe accepts (`--activation`). */
export const MLP_ACTIVATIONS = ['relu', 'sigmoid', 'tanh', 'silu', 'swish', 'leakyRelu', 'elu'] as const;
export type MlpActivation = (typeof MLP_ACTIVATIONS)[number];

/** Weight initialisations the MLP recipe accepts (`--init`); `default` is PyTorch's Linear default. */
export const MLP_INITS = ['default', 'he', 'xavier', 'normal'] as const;
export type MlpInit = (typeof MLP_INITS)[number];

/** A multi-layer perceptron recipe. */
export interface MlpOptions {
  inFeatures: number;
  /** Hidden layer widths, e.g. [128, 64]; empty = a linear model. */
  hidden: readonly number[];
  outFeatures: number;
  activation?: MlpActivation;
  /** Dropout probability after each hidden activation (0 = none). */
  dropout?: number;
  /** BatchNorm1d after each hidden Linear, before the activation (Ioffe & Szegedy 2015). */
  batchNorm?: boolean;
}

/** The layers of an MLP: [Linear, (BatchNorm1d), activation, (Dropout)] per hidden width, then Linear. */
export function mlpSpec({ inFeatures, hidden, outFeatures, activation = 'relu', dropout = 0, batchNorm = false }: MlpOptions): LayerSpec[] {
  const layers: LayerSpec[] = [];
  let width = inFeatures;
  for (const h of hidden) {
    layers.push({ type: 'linear', inFeatures: width, outFeatures: h });
    if (batchNorm) layers.push({ type: 'batchNorm1d', numFeatures: h });
    layers.push({ type: activation });
    if (dropout > 0) layers.push({ type: 'dropout', p: dropout });
    width = h;
  }
  layers.push({ type: 'linear', inFeatures: width, outFeatures });
  return layers;
}

/** A convolutional network recipe for image rows (flat [N, C*H*W] inputs). */
export interface CnnOptions {
  /** One image as [channels, height, width], e.g. [1, 28, 28]. */
  imageShape: readonly [number, number, number];
  /** Output channels of each 5x5 convolution (each followed by the activation and a 2x2 max pool). */
  channels?: readonly number[];
  /** Hidden widths of the fully connected part after the convolutions. */
  hidden: readonly number[];
  outFeatures: number;
  activation?: MlpActivation;
  dropout?: number;
  batchNorm?: boolean;
}

/**
 * LeNet-style layers (LeCun et al. 1998), the CNN of issue 5's benchmark by default: Unflatten to
 * [C, H, W], then per entry of `channels` conv 5x5 (BatchNorm2d), activation, max pool 2x2; Flatten;
 * then the MLP of `hidden`. Throws when the image is too small for the convolutions.
 */
export function cnnSpec({ imageShape, channels = [32, 64], hidden, outFeatures, activation = 'relu', dropout = 0, batchNorm = false }: CnnOptions): LayerSpec[] {
  const [c0, h0, w0] = imageShape;
  const layers: LayerSpec[] = [{ type: 'unflatten', unflattenedSize: [c0, h0, w0] }];
  let [c, h, w] = [c0, h0, w0];
  for (const out of channels) {
    if (h < 6 || w < 6) throw new ValueError(`cnnSpec: a ${h}x${w} feature map is too small for another 5x5 convolution and 2x2 pool (image ${imageShape.join('x')}, channels ${channels.join(',')})`);
    layers.push({ type: 'conv2d', inChannels: c, outChannels: out, kernelSize: 5 });
    if (batchNorm) layers.push({ type: 'batchNorm2d', numFeatures: out });
    layers.push({ type: activation }, { type: 'maxPool2d', kernelSize: 2 });
    [c, h, w] = [out, Math.floor((h - 4) / 2), Math.floor((w - 4) / 2)];
  }
  layers.push({ type: 'flatten' });
  return [...layers, ...mlpSpec({ inFeatures: c * h * w, hidden, outFeatures, activation, dropout, batchNorm })];
}

/** Options of `buildModel`. */
export interface BuildModelOptions {
  /** Source of the initial weights (default: the global generator). */
  generator?: Generator;
  /**
   * Re-initialises every Linear weight: `he` = kaimingNormal for ReLU-like nets (He et al. 2015),
   * `xavier` = xavierUniform (Glorot & Bengio 2010), `normal` = N(0, 0.01^2); biases are then zero.
   * `default` keeps PyTorch's Linear default (kaiming uniform with a = sqrt(5)).
   */
  init?: MlpInit;
}

const positiveInt = (v: unknown): boolean => Number.isInteger(v) && (v as number) > 0;

/** Checks one layer spec, naming its index and the bad field. */
function checkLayer(s: unknown, i: number): LayerSpec {
  const where = `model spec: layer ${i}`;
  if (typeof s !== 'object' || s === null || Array.isArray(s)) throw new ValueError(`${where} must be an object with a "type", got ${JSON.stringify(s)}`);
  const o = s as Record<string, unknown>;
  if (!(LAYER_TYPES as readonly unknown[]).includes(o.type)) {
    throw new ValueError(`${where} has unknown type ${JSON.stringify(o.type)}; known: ${LAYER_TYPES.join(', ')}`);
  }
  const need = (field: string, ok: boolean, what: string): void => {
    if (!ok) throw new ValueError(`${where} (${String(o.type)}): ${field} must be ${what}, got ${JSON.stringify(o[field])}`);
  };
  if (o.type === 'linear') {
    need('inFeatures', positiveInt(o.inFeatures), 'a positive integer');
    need('outFeatures', positiveInt(o.outFeatures), 'a positive integer');
  }
  if (o.type === 'batchNorm1d') need('numFeatures', positiveInt(o.numFeatures), 'a positive integer');
  if (o.type === 'dropout') need('p', typeof o.p === 'number' && o.p >= 0 && o.p < 1, 'a number in [0, 1)');
  if (o.type === 'conv2d') {
    for (const f of ['inChannels', 'outChannels', 'kernelSize']) need(f, positiveInt(o[f]), 'a positive integer');
  }
  if (o.type === 'maxPool2d' || o.type === 'avgPool2d') need('kernelSize', positiveInt(o.kernelSize), 'a positive integer');
  if (o.type === 'batchNorm2d') need('numFeatures', positiveInt(o.numFeatures), 'a positive integer');
  if (o.type === 'dropout2d') need('p', typeof o.p === 'number' && o.p >= 0 && o.p < 1, 'a number in [0, 1)');
  if (o.type === 'unflatten') need('unflattenedSize', Array.isArray(o.unflattenedSize) && o.unflattenedSize.length > 0 && o.unflattenedSize.every(positiveInt), 'a non-empty array of positive integers');
  if (o.type === 'layerNorm') need('normalizedShape', Array.isArray(o.normalizedShape) && o.normalizedShape.every(positiveInt), 'an array of positive integers');
  return s as LayerSpec;
}

/** Checks a whole spec (an array of layers); returns it typed. */
export function checkModelSpec(spec: unknown): LayerSpec[] {
  if (!Array.isArray(spec) || spec.length === 0) throw new ValueError('model spec: expected a non-empty array of layers');
  return spec.map(checkLayer);
}

function makeLayer(s: LayerSpec, generator: Generator): Module {
  switch (s.type) {
    case 'linear': return new Linear({ inFeatures: s.inFeatures, outFeatures: s.outFeatures, bias: s.bias ?? true, generator });
    case 'relu': return new ReLU();
    case 'sigmoid': return new Sigmoid();
    case 'tanh': return new Tanh();
    case 'silu': return new SiLU();
    case 'identity': return new Identity();
    case 'flatten': return new Flatten();
    case 'softmax': return new Softmax(s.axis === undefined ? {} : { axis: s.axis });
    case 'logSoftmax': return new LogSoftmax(s.axis === undefined ? {} : { axis: s.axis });
    case 'leakyRelu': return new LeakyReLU(s.negativeSlope === undefined ? {} : { negativeSlope: s.negativeSlope });
    case 'elu': return new ELU(s.alpha === undefined ? {} : { alpha: s.alpha });
    case 'swish': return new Swish(s.beta === undefined ? {} : { beta: s.beta });
    case 'dropout': return new Dropout({ p: s.p, scaling: s.scaling ?? 'train' });
    case 'batchNorm1d': return new BatchNorm1d({ numFeatures: s.numFeatures, ...(s.eps === undefined ? {} : { eps: s.eps }), ...(s.momentum === undefined ? {} : { momentum: s.momentum }) });
    case 'layerNorm': return new LayerNorm({ normalizedShape: s.normalizedShape, ...(s.eps === undefined ? {} : { eps: s.eps }) });
    case 'unflatten': return new Unflatten({ unflattenedSize: s.unflattenedSize });
    case 'conv2d': return new Conv2d({ inChannels: s.inChannels, outChannels: s.outChannels, kernelSize: s.kernelSize, stride: s.stride ?? 1, padding: s.padding ?? 0, generator });
    case 'maxPool2d': return new MaxPool2d({ kernelSize: s.kernelSize, ...(s.stride === undefined ? {} : { stride: s.stride }) });
    case 'avgPool2d': return new AvgPool2d({ kernelSize: s.kernelSize, ...(s.stride === undefined ? {} : { stride: s.stride }) });
    case 'batchNorm2d': return new BatchNorm2d({ numFeatures: s.numFeatures });
    case 'dropout2d': return new Dropout2d({ p: s.p });
  }
}

/**
 * Builds a `Sequential` from a spec (validated first: errors name the layer index and field). Also
 * checks that consecutive feature sizes agree, so a bad spec fails here rather than at the first batch.
 */
export function buildModel(spec: unknown, { generator = defaultGenerator, init: how = 'default' }: BuildModelOptions = {}): Sequential {
  const layers = checkModelSpec(spec);
  let width: number | undefined;
  layers.forEach((s, i) => {
    const inF = s.type === 'linear' ? s.inFeatures : s.type === 'batchNorm1d' ? s.numFeatures : undefined;
    if (inF !== undefined && width !== undefined && inF !== width) {
      throw new ValueError(`model spec: layer ${i} (${s.type}) expects ${inF} features but the layer before gives ${width}`);
    }
    if (s.type === 'linear') width = s.outFeatures;
    // NOTE: widths are only checked along chains of Linear/BatchNorm1d; a convolution stack changes
    // them by its geometry, and a mismatch there fails at the first batch naming the shapes.
    else if (s.type === 'unflatten' || s.type === 'conv2d' || s.type === 'flatten') width = undefined;
  });
  const model = new Sequential(...layers.map((s) => makeLayer(s, generator)));
  if (how !== 'default') {
    for (const m of model.children()) {
      if (!(m instanceof Linear) && !(m instanceof Conv2d)) continue;
      if (how === 'he') init.kaimingNormal(m.weight, { nonlinearity: 'relu', generator });
      else if (how === 'xavier') init.xavierUniform(m.weight, { generator });
      else init.normal(m.weight, { std: 0.01, generator });
      if (m.bias) init.zeros(m.bias);
    }
  }
  return model;
}
