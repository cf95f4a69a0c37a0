// One-hot encoding of integer class labels, for losses and metrics that want target vectors.

import { ShapeError, ValueError, fmtShape } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';

/**
 * Encodes class indices as one-hot rows: labels [N] (int32 tensor or numbers) give float32
 * [N, numClasses] with a 1 at each row's label. Non-integer or out-of-range labels throw.
 */
export function oneHot(labels: Tensor | readonly number[], numClasses: number): Tensor {
  if (!Number.isInteger(numClasses) || numClasses < 1) throw new ValueError(`oneHot: numClasses must be a positive integer, got ${numClasses}`);
  let values: ArrayLike<number>;
  if (labels instanceof Tensor) {
    if (labels.ndim !== 1) throw new ShapeError(`oneHot: expected labels of shape [N], got ${fmtShape(labels.shape)}`);
    values = labels.data;
  } else {
    values = labels;
  }
  const n = values.length;
  const out = new Float32Array(n * numClasses);
  for (let i = 0; i < n; i++) {
    const c = values[i]!;
    if (!Number.isInteger(c) || c < 0 || c >= numClasses) {
      throw new ValueError(`oneHot: label ${c} at index ${i} is not an integer in [0, ${numClasses})`);
    }
    out[i * numClasses + c] = 1;
  }
  return new Tensor(out, [n, numClasses], 'float32');
}
