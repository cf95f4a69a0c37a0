// Shape-only layers: Flatten (images to vectors before a Linear layer) and Identity (a placeholder).

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
