// Parameter: the marker type for trainable tensors, found by Module when it walks its fields.

import { DTypeError } from '../errors.js';
import { isFloat } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';

/**
 * A trainable tensor (like `torch.nn.Parameter`): a leaf that requires gradients by default and
 * shares storage with the tensor it wraps. Optimizers update its `data` in place; on the wasm
 * backend, building an optimizer first moves a large float32 parameter's storage into wasm memory
 * (see `Optimizer`), after which it no longer shares it with the wrapped tensor.
 */
export class Parameter extends Tensor {
  constructor(value: Tensor, { requiresGrad = true }: { requiresGrad?: boolean } = {}) {
    if (!isFloat(value.dtype)) throw new DTypeError(`Parameter: needs a float tensor, got ${value.dtype}`);
    super(value.data, value.shape, value.dtype);
    this.requiresGrad = requiresGrad;
  }
}
