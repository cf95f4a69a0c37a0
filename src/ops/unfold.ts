// User-facing im2col and col2im (`torch.nn.functional.unfold` / `fold`): sliding windows of an
// image batch as columns [N, C*kh*kw, L], and the sum of such columns back into images.

import { ShapeError, ValueError, fmtShape } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkFits, imageInput, pair, positions, unfoldAttrs, type IntPair } from './conv-args.js';
import { reshape } from './shape.js';
import { foldPrim, unfoldPrim } from './window-prims.js';

/** Window geometry of `unfold` and `fold`. */
export interface UnfoldOptions {
  kernelSize: IntPair;
  /** Default 1. */
  stride?: IntPair;
  /** Zero padding on both sides (default 0). */
  padding?: IntPair;
  /** Default 1. */
  dilation?: IntPair;
}

/** Options of `fold`: the window geometry and the [H, W] of the images to rebuild. */
export interface FoldOptions extends UnfoldOptions {
  outputSize: IntPair;
}

function parse(op: string, o: UnfoldOptions): { kernel: [number, number]; stride: [number, number]; padding: [number, number]; dilation: [number, number] } {
  return {
    kernel: pair(op, 'kernelSize', o.kernelSize, 1),
    stride: pair(op, 'stride', o.stride ?? 1, 1),
    padding: pair(op, 'padding', o.padding ?? 0, 0),
    dilation: pair(op, 'dilation', o.dilation ?? 1, 1),
  };
}

/**
 * Extracts sliding windows (im2col): x [N, C, H, W] (or [C, H, W]) -> [N, C*kh*kw, L] (or
 * [C*kh*kw, L]), where column l holds the window at output position l (row-major over OH x OW) and
 * row (c, u, v) the cell x[c, i*s - p + u*d, j*s - p + v*d]; padding reads 0.
 */
export function unfold(x: Tensor, opts: UnfoldOptions): Tensor {
  const op = 'unfold';
  const { x4, unbatched } = imageInput(op, x);
  const { kernel, stride, padding, dilation } = parse(op, opts);
  checkFits(op, x, kernel, dilation, [2 * padding[0], 2 * padding[1]]);
  const [h, w] = x4.shape.slice(2) as [number, number];
  const out: [number, number] = [0, 1].map((i) => positions([h, w][i]!, kernel[i]!, stride[i]!, 2 * padding[i]!, dilation[i]!)) as [number, number];
  const y = unfoldPrim(x4, unfoldAttrs([h, w], kernel, stride, padding, dilation, out, 'nkl', 0));
  return unbatched ? reshape(y, y.shape.slice(1)) : y;
}

/**
 * Sums columns back into images (col2im), the adjoint of `unfold`: cols [N, C*kh*kw, L] (or
 * [C*kh*kw, L]) -> [N, C, H, W] with [H, W] = outputSize; cells that windows share get the sum, cells
 * in the padding are dropped. L must equal the number of windows of that geometry.
 */
export function fold(cols: Tensor, opts: FoldOptions): Tensor {
  const op = 'fold';
  if (cols.ndim !== 2 && cols.ndim !== 3) throw new ShapeError(`${op}: expected input [N, C*kh*kw, L] or [C*kh*kw, L], got ${fmtShape(cols.shape)}`);
  const c3 = cols.ndim === 3 ? cols : reshape(cols, [1, ...cols.shape]);
  const { kernel, stride, padding, dilation } = parse(op, opts);
  const [h, w] = pair(op, 'outputSize', opts.outputSize, 1);
  const [n, k, l] = c3.shape as [number, number, number];
  const kk = kernel[0] * kernel[1];
  if (k % kk !== 0) throw new ShapeError(`${op}: input ${fmtShape(cols.shape)} has ${k} rows, not a multiple of the kernel's ${kernel[0]}x${kernel[1]} = ${kk} cells`);
  const out: [number, number] = [0, 1].map((i) => positions([h, w][i]!, kernel[i]!, stride[i]!, 2 * padding[i]!, dilation[i]!)) as [number, number];
  if (out[0] * out[1] !== l || out[0] < 1 || out[1] < 1) {
    throw new ValueError(`${op}: input ${fmtShape(cols.shape)} has ${l} windows but outputSize ${h}x${w} with this kernel, stride, padding and dilation gives ${out[0]}x${out[1]} = ${out[0] * out[1]}`);
  }
  const y = foldPrim(c3, unfoldAttrs([h, w], kernel, stride, padding, dilation, out, 'nkl', 0));
  return cols.ndim === 2 ? reshape(y, y.shape.slice(1)) : reshape(y, [n, k / kk, h, w]);
}
