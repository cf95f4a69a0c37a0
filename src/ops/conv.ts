// 2-D convolution and transposed convolution (NCHW, PyTorch semantics): conv2d is its own primitive
// with two gradient primitives, and the transposed convolution is conv2d's input-gradient primitive.

import { DTypeError, ShapeError, ValueError, fmtShape } from '../errors.js';
import { isFloat } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkFits, imageInput, pair, positions, type IntPair } from './conv-args.js';
import { expand, reshape } from './shape.js';
import { conv2dInputGradPrim, conv2dPrim } from './window-prims.js';

export type { IntPair } from './conv-args.js';

/** Options of `conv2d`. */
export interface Conv2dOptions {
  /** Step between windows (default 1). */
  stride?: IntPair;
  /**
   * Zero padding on both sides of each axis (default 0), or `'valid'` (none) or `'same'` (output as
   * large as the input; stride 1 only; an odd total goes one more cell to the bottom/right, as PyTorch).
   */
  padding?: IntPair | 'same' | 'valid';
  /** Spacing between kernel cells (default 1). */
  dilation?: IntPair;
  /** Split channels into groups convolved separately (default 1); must divide both channel counts. */
  groups?: number;
}

/** Options of `convTranspose2d`. */
export interface ConvTranspose2dOptions {
  stride?: IntPair;
  /** Cells removed from both sides of the output (dilation * (kernel - 1) - padding zeros on the input side). */
  padding?: IntPair;
  /** Cells added to the bottom/right of the output to pick among the sizes a strided conv maps to one input size (default 0). */
  outputPadding?: IntPair;
  dilation?: IntPair;
  groups?: number;
}

function checkGroups(op: string, groups: number, inC: number, outC: number, x: Tensor, weight: Tensor): void {
  if (!Number.isInteger(groups) || groups < 1) throw new ValueError(`${op}: groups must be a positive integer, got ${groups}`);
  if (inC % groups !== 0 || outC % groups !== 0) {
    throw new ShapeError(
      `${op}: groups ${groups} must divide both the input channels ${inC} and the output channels ${outC} ` +
        `(input ${fmtShape(x.shape)}, weight ${fmtShape(weight.shape)})`,
    );
  }
}

function checkWeight(op: string, weight: Tensor, bias: Tensor | null | undefined, outC: () => number): void {
  if (weight.ndim !== 4) throw new ShapeError(`${op}: expected a weight of rank 4, got ${fmtShape(weight.shape)}`);
  if (!isFloat(weight.dtype)) throw new DTypeError(`${op}: expected a float weight, got ${weight.dtype}`);
  if (weight.shape[2]! < 1 || weight.shape[3]! < 1) throw new ShapeError(`${op}: empty kernel in weight ${fmtShape(weight.shape)}`);
  if (bias && (bias.ndim !== 1 || bias.shape[0] !== outC())) {
    throw new ShapeError(`${op}: expected a bias of shape [${outC()}], got ${fmtShape(bias.shape)}`);
  }
}

/** Padding before and after each axis; 'same' splits dilation*(k-1) with the extra cell after. */
function resolvePadding(op: string, padding: Conv2dOptions['padding'], stride: [number, number], kernel: [number, number], dilation: [number, number]): { lo: [number, number]; total: [number, number] } {
  if (padding === 'valid') return { lo: [0, 0], total: [0, 0] };
  if (padding === 'same') {
    if (stride[0] !== 1 || stride[1] !== 1) throw new ValueError(`${op}: padding 'same' needs stride 1, got stride ${stride[0]}x${stride[1]}`);
    const total: [number, number] = [dilation[0] * (kernel[0] - 1), dilation[1] * (kernel[1] - 1)];
    return { lo: [Math.floor(total[0] / 2), Math.floor(total[1] / 2)], total };
  }
  const p = pair(op, 'padding', padding ?? 0, 0);
  return { lo: p, total: [2 * p[0], 2 * p[1]] };
}

/**
 * 2-D convolution (cross-correlation, like `torch.nn.functional.conv2d`) of x [N, C, H, W] (or
 * [C, H, W]) with weight [O, C/groups, kh, kw] and optional bias [O]:
 * y[n, o, i, j] = b[o] + sum_{c, u, v} w[o, c, u, v] x[n, g*C/groups + c, i*s - p + u*d, j*s - p + v*d]
 * over the channels c of o's group g. Output [N, O, OH, OW] with
 * OH = floor((H + 2p - d(kh - 1) - 1) / s) + 1 (likewise OW).
 *
 * One `conv2d` primitive: the backend computes columns = unfold(x) ([C*kh*kw, N*L]) and one matmul per
 * group with the reshaped weight (the wasm backend without copying the columns out of its memory).
 */
export function conv2d(x: Tensor, weight: Tensor, bias?: Tensor | null, opts: Conv2dOptions = {}): Tensor {
  const op = 'conv2d';
  const { x4, unbatched } = imageInput(op, x);
  checkWeight(op, weight, bias, () => weight.shape[0]!);
  const [, c, h, w] = x4.shape as [number, number, number, number];
  const [o, cg, kh, kw] = weight.shape as [number, number, number, number];
  const groups = opts.groups ?? 1;
  checkGroups(op, groups, c, o, x, weight);
  if (cg * groups !== c) {
    throw new ShapeError(
      `${op}: input ${fmtShape(x.shape)} has ${c} channels but weight ${fmtShape(weight.shape)} expects ${cg * groups} (${cg} per group x ${groups} groups)`,
    );
  }
  const kernel: [number, number] = [kh, kw];
  const stride = pair(op, 'stride', opts.stride ?? 1, 1);
  const dilation = pair(op, 'dilation', opts.dilation ?? 1, 1);
  const pad = resolvePadding(op, opts.padding, stride, kernel, dilation);
  checkFits(op, x, kernel, dilation, pad.total);
  const oh = positions(h, kh, stride[0], pad.total[0], dilation[0]);
  const ow = positions(w, kw, stride[1], pad.total[1], dilation[1]);
  const attrs = { kernel, stride, padding: pad.lo, dilation, outSize: [oh, ow] as [number, number], imageSize: [h, w] as [number, number], groups };
  // A bias of x's dtype is added inside the primitive; another dtype promotes the result, as before.
  const fused = bias && bias.dtype === x4.dtype ? bias : null;
  let y = conv2dPrim(x4, weight, attrs, fused);
  if (bias && !fused) y = addChannelBias(y, bias);
  return unbatched ? reshape(y, [o, oh, ow]) : y;
}

/**
 * 2-D transposed convolution (`torch.nn.functional.conv_transpose2d`), the gradient of `conv2d`
 * with respect to its input: x [N, Cin, H, W] (or [Cin, H, W]), weight [Cin, Cout/groups, kh, kw],
 * bias [Cout]. Output [N, Cout, OH, OW] with OH = (H - 1) s - 2p + d (kh - 1) + outputPadding + 1.
 *
 * One `conv2dInputGrad` primitive: the backend computes one matmul per group (columns
 * [Cout*kh*kw, N*H*W]) followed by fold (col2im).
 */
export function convTranspose2d(x: Tensor, weight: Tensor, bias?: Tensor | null, opts: ConvTranspose2dOptions = {}): Tensor {
  const op = 'convTranspose2d';
  const { x4, unbatched } = imageInput(op, x);
  const groups = opts.groups ?? 1;
  checkWeight(op, weight, bias, () => weight.shape[1]! * groups);
  const [, c, h, w] = x4.shape as [number, number, number, number];
  const [ci, og, kh, kw] = weight.shape as [number, number, number, number];
  const o = og * groups;
  checkGroups(op, groups, ci, o, x, weight);
  if (ci !== c) {
    throw new ShapeError(`${op}: input ${fmtShape(x.shape)} has ${c} channels but weight ${fmtShape(weight.shape)} expects ${ci}`);
  }
  const stride = pair(op, 'stride', opts.stride ?? 1, 1);
  const padding = pair(op, 'padding', opts.padding ?? 0, 0);
  const dilation = pair(op, 'dilation', opts.dilation ?? 1, 1);
  const outPad = pair(op, 'outputPadding', opts.outputPadding ?? 0, 0);
  for (const i of [0, 1]) {
    if (outPad[i]! >= Math.max(stride[i]!, dilation[i]!)) {
      throw new ValueError(`${op}: outputPadding ${outPad[0]}x${outPad[1]} must be smaller than stride or dilation (stride ${stride[0]}x${stride[1]}, dilation ${dilation[0]}x${dilation[1]})`);
    }
  }
  const size = [0, 1].map((i) => ([h, w][i]! - 1) * stride[i]! - 2 * padding[i]! + dilation[i]! * ([kh, kw][i]! - 1) + outPad[i]! + 1);
  if (size[0]! < 1 || size[1]! < 1) {
    throw new ShapeError(`${op}: output would be ${size[0]}x${size[1]} for input ${fmtShape(x.shape)}, weight ${fmtShape(weight.shape)}, padding ${padding[0]}x${padding[1]}`);
  }
  // The input gradient of the conv2d that maps [N, Cout, size] to x's [N, Cin, h, w] with this weight.
  let y = conv2dInputGradPrim(x4, weight, { kernel: [kh, kw], stride, padding, dilation, outSize: [h, w], imageSize: [size[0]!, size[1]!], groups });
  if (bias) y = addChannelBias(y, bias);
  return unbatched ? reshape(y, y.shape.slice(1)) : y;
}

/**
 * y [N, O, OH, OW] plus bias [O] on every channel, computed as [N*O, OH*OW] + [N*O, 1]: a column
 * broadcast, which the wasm backend runs in SIMD (a [1, O, 1, 1] broadcast goes to the reference loop).
 */
function addChannelBias(y: Tensor, bias: Tensor): Tensor {
  const [n, o, oh, ow] = y.shape as [number, number, number, number];
  const b = n === 1 ? reshape(bias, [o, 1]) : reshape(expand(reshape(bias, [1, o]), [n, o]), [n * o, 1]);
  return reshape(reshape(y, [n * o, oh * ow]).add(b), [n, o, oh, ow]);
}
