// Pooling layers: MaxPool2d, AvgPool2d and AdaptiveAvgPool2d, the subsampling steps of a CNN
// (the lecture's pooling layers), as modules around the ops of src/ops/pooling.ts.

import { adaptiveAvgPool2d, avgPool2d, maxPool2d, type AvgPool2dOptions, type MaxPool2dOptions } from '../ops/pooling.js';
import type { Tensor } from '../tensor/tensor.js';
import { Module } from './module.js';

/**
 * 2-D max pooling (`maxPool2d`): each output cell is the maximum of a kernelSize window, the window
 * moving by `stride` (default: kernelSize). Input [N, C, H, W] or [C, H, W]. No parameters.
 */
export class MaxPool2d extends Module {
  readonly options: MaxPool2dOptions;

  constructor(options: MaxPool2dOptions) {
    super();
    this.options = { ...options };
  }

  forward(x: Tensor): Tensor {
    return maxPool2d(x, this.options);
  }

  override extraRepr(): string {
    return JSON.stringify(this.options);
  }
}

/** 2-D average pooling (`avgPool2d`): each output cell is the mean of its window. No parameters. */
export class AvgPool2d extends Module {
  readonly options: AvgPool2dOptions;

  constructor(options: AvgPool2dOptions) {
    super();
    this.options = { ...options };
  }

  forward(x: Tensor): Tensor {
    return avgPool2d(x, this.options);
  }

  override extraRepr(): string {
    return JSON.stringify(this.options);
  }
}

/** Output size of `AdaptiveAvgPool2d`: one size for both axes or [height, width] (null keeps the input's). */
export type AdaptiveSize = number | readonly [number | null, number | null];

/**
 * Adaptive 2-D average pooling (`adaptiveAvgPool2d`): averages windows chosen so that the output is
 * `outputSize` whatever the input's size (outputSize 1 = global average pooling).
 */
export class AdaptiveAvgPool2d extends Module {
  readonly outputSize: AdaptiveSize;

  constructor({ outputSize }: { outputSize: AdaptiveSize }) {
    super();
    this.outputSize = typeof outputSize === 'number' ? outputSize : [outputSize[0], outputSize[1]];
  }

  forward(x: Tensor): Tensor {
    return adaptiveAvgPool2d(x, this.outputSize);
  }

  override extraRepr(): string {
    return `outputSize=${JSON.stringify(this.outputSize)}`;
  }
}
