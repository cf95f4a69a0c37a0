// Argument handling shared by the convolution and pooling ops: int-or-pair arguments, image rank
// checks and output sizes, each failing with a message that names the op and the shapes.

import { DTypeError, ShapeError, ValueError, fmtShape } from '../errors.js';
import { isFloat } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import type { UnfoldAttrs } from '../autograd/primitives.js';

/** A size given for both spatial axes at once (`3`) or per axis (`[3, 5]` = height, width). */
export type IntPair = number | readonly [number, number];

/** `v` as [height, width], checked to be integers >= `min`. */
export function pair(op: string, name: string, v: IntPair, min: number): [number, number] {
  const p: [number, number] = typeof v === 'number' ? [v, v] : [v[0], v[1]];
  if ((typeof v !== 'number' && (!Array.isArray(v) || v.length !== 2)) || p.some((d) => !Number.isInteger(d) || d < min)) {
    throw new ValueError(`${op}: ${name} must be ${min === 0 ? 'a non-negative' : 'a positive'} integer or a pair of them, got ${JSON.stringify(v)}`);
  }
  return p;
}

/** An image batch [N, C, H, W], or one image [C, H, W] (returned with N = 1 and `unbatched`). */
export function imageInput(op: string, x: Tensor): { x4: Tensor; unbatched: boolean } {
  if (x.ndim !== 3 && x.ndim !== 4) {
    throw new ShapeError(`${op}: expected input [N, C, H, W] or [C, H, W], got ${fmtShape(x.shape)}`);
  }
  if (!isFloat(x.dtype)) throw new DTypeError(`${op}: expected a float input, got ${x.dtype}`);
  return x.ndim === 4 ? { x4: x, unbatched: false } : { x4: x.reshape([1, ...x.shape]), unbatched: true };
}

/** Output positions along one axis: floor((size + padTotal - dilation*(kernel-1) - 1) / stride) + 1 (ceil with ceilMode). */
export function positions(size: number, kernel: number, stride: number, padTotal: number, dilation: number, ceilMode = false): number {
  const span = size + padTotal - dilation * (kernel - 1) - 1;
  if (span < 0) return 0;
  return (ceilMode ? Math.ceil(span / stride) : Math.floor(span / stride)) + 1;
}

/** Throws when a window does not fit the padded input (fewer than one output position). */
export function checkFits(
  op: string, x: Tensor, kernel: readonly number[], dilation: readonly number[], padTotal: readonly number[],
): void {
  const h = x.shape[x.ndim - 2]!;
  const w = x.shape[x.ndim - 1]!;
  const eff = [0, 1].map((i) => dilation[i]! * (kernel[i]! - 1) + 1);
  const padded = [h + padTotal[0]!, w + padTotal[1]!];
  if (eff[0]! > padded[0]! || eff[1]! > padded[1]!) {
    throw new ShapeError(
      `${op}: kernel ${kernel[0]}x${kernel[1]} (dilation ${dilation[0]}x${dilation[1]}, spanning ${eff[0]}x${eff[1]}) ` +
        `is larger than the padded input ${padded[0]}x${padded[1]} (input ${fmtShape(x.shape)})`,
    );
  }
}

/** Unfold attributes of a window geometry over images [*, *, H, W]. */
export function unfoldAttrs(
  image: [number, number], kernel: [number, number], stride: [number, number], padding: [number, number],
  dilation: [number, number], outSize: [number, number], layout: UnfoldAttrs['layout'], value: number,
): UnfoldAttrs {
  return { kernel, stride, padding, dilation, outSize, imageSize: image, layout, value };
}
