// Shape-only layers: Flatten (images to vectors before a Linear layer), Unflatten (flat rows back to
// images before a convolution) and Identity (a placeholder).

import { ShapeError, ValueError, fmtShape } from '../errors.js';
import { flatten } from '../ops/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { Module } from './module.js';

/**
 * Merges axes startAxis..endAxis into one (default: everything after the batch axis), like
 * `torch.nn.Flatten`: [N, 1, 28, 28] -> [N, 784].
 */
export class Flatten extends Module {
  readonly startAxis: number;
  readonly endAxis: number;

  constructor({ startAxis = 1, endAxis = -1 }: { startAxis?: number; endAxis?: number } = {}) {
    super();
    this.startAxis = startAxis;
    this.endAxis = endAxis;
  }

  forward(x: Tensor): Tensor {
    return flatten(x, { startAxis: this.startAxis, endAxis: this.endAxis });
  }

  override extraRepr(): string {
    return `startAxis=${this.startAxis}, endAxis=${this.endAxis}`;
  }
}

/** Returns its input unchanged (a placeholder, e.g. to switch a layer off). */
export class Identity extends Module {
  forward(x: Tensor): Tensor {
    return x;
  }
}

/**
 * Splits axis `axis` into `unflattenedSize`, like `torch.nn.Unflatten`: with axis 1 and [1, 28, 28],
 * [N, 784] -> [N, 1, 28, 28] (flat image rows into a convolution's NCHW input).
 */
export class Unflatten extends Module {
  readonly axis: number;
  readonly unflattenedSize: readonly number[];

  constructor({ axis = 1, unflattenedSize }: { axis?: number; unflattenedSize: readonly number[] }) {
    super();
    if (!Array.isArray(unflattenedSize) || unflattenedSize.length === 0 || !unflattenedSize.every((d) => Number.isInteger(d) && d > 0)) {
      throw new ValueError(`Unflatten: unflattenedSize must be a non-empty list of positive integers, got ${JSON.stringify(unflattenedSize)}`);
    }
    this.axis = axis;
    this.unflattenedSize = [...unflattenedSize];
  }

  forward(x: Tensor): Tensor {
    const ax = this.axis < 0 ? this.axis + x.ndim : this.axis;
    const size = this.unflattenedSize.reduce((a, b) => a * b, 1);
    if (ax < 0 || ax >= x.ndim || x.shape[ax] !== size) {
      throw new ShapeError(`Unflatten: cannot split axis ${this.axis} of ${fmtShape(x.shape)} into ${fmtShape(this.unflattenedSize)} (${size} elements)`);
    }
    return x.reshape([...x.shape.slice(0, ax), ...this.unflattenedSize, ...x.shape.slice(ax + 1)]);
  }

  override extraRepr(): string {
    return `axis=${this.axis}, unflattenedSize=${fmtShape(this.unflattenedSize)}`;
  }
}
