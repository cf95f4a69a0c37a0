// Matrix products: `matmul` with NumPy/PyTorch semantics (1-D promotion, broadcast batch dims) and
// `linear` (x W^T + b), both lowered to the batched `matmul` primitive with transpose flags.

import { ShapeError, fmtShape } from '../errors.js';
import { run } from '../autograd/engine.js';
import type { PrimitiveAttrs } from '../autograd/primitives.js';
import { broadcastShapes, sizeOf } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { expand, reshape } from './shape.js';

/** The primitive: [batch, m, k] x [batch, k, n] with optional transposes (no checks). */
export function matmulPrim(a: Tensor, b: Tensor, attrs: PrimitiveAttrs['matmul']): Tensor {
  return run('matmul', [a, b], attrs);
}

function mismatch(a: Tensor, b: Tensor, ka: number, kb: number): ShapeError {
  return new ShapeError(
    `matmul: cannot multiply ${fmtShape(a.shape)} by ${fmtShape(b.shape)} (inner dimensions ${ka} and ${kb} differ)`,
  );
}

/**
 * Matrix product like `torch.matmul`: 1-D operands are promoted to a row/column and the added axis
 * is removed again; leading (batch) axes broadcast.
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  if (a.ndim === 0 || b.ndim === 0) {
    throw new ShapeError(`matmul: both operands need at least one dimension, got ${fmtShape(a.shape)} and ${fmtShape(b.shape)}`);
  }
  const a2 = a.ndim === 1 ? reshape(a, [1, a.shape[0]!]) : a;
  const b2 = b.ndim === 1 ? reshape(b, [b.shape[0]!, 1]) : b;
  const [m, k] = a2.shape.slice(-2) as [number, number];
  const [kb, n] = b2.shape.slice(-2) as [number, number];
  if (k !== kb) throw mismatch(a, b, k, kb);
  let out: Tensor;
  let batch: number[];
  if (b2.ndim === 2) {
    batch = a2.shape.slice(0, -2);
    out = matmulPrim(reshape(a2, [1, sizeOf(batch) * m, k]), reshape(b2, [1, k, n]), { transA: false, transB: false });
  } else {
    batch = broadcastShapes('matmul', a2.shape.slice(0, -2), b2.shape.slice(0, -2));
    const bs = sizeOf(batch);
    const ea = reshape(expand(a2, [...batch, m, k]), [bs, m, k]);
    const eb = reshape(expand(b2, [...batch, k, n]), [bs, k, n]);
    out = matmulPrim(ea, eb, { transA: false, transB: false });
  }
  const shape = [...batch, m, n];
  if (a.ndim === 1) shape.splice(shape.length - 2, 1);
  if (b.ndim === 1) shape.splice(shape.length - 1, 1);
  return reshape(out, shape);
}

/**
 * The affine map of a fully connected layer, `y = x W^T + b` (PyTorch's `F.linear`), with
 * W of shape [outFeatures, inFeatures]; W is used transposed in place, never copied.
 */
export function linear(x: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  if (weight.ndim !== 2 || x.ndim < 1 || x.shape[x.ndim - 1] !== weight.shape[1]) {
    throw new ShapeError(
      `linear: input ${fmtShape(x.shape)} does not fit weight ${fmtShape(weight.shape)} ` +
        `(expected input [..., ${weight.shape[1] ?? '?'}])`,
    );
  }
  const [outF, inF] = weight.shape as [number, number];
  const lead = x.shape.slice(0, -1);
  const y = matmulPrim(reshape(x, [1, sizeOf(lead), inF]), reshape(weight, [1, outF, inF]), { transA: false, transB: true });
  const shaped = reshape(y, [...lead, outF]);
  return bias ? shaped.add(bias) : shaped;
}
