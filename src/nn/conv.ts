// Convolutional layers (LeCun et al. 1989; the lecture's "Deep Convolutional Network" of the zoo):
// Conv2d and ConvTranspose2d with PyTorch's arguments, initialization and state-dict keys.

import { ValueError } from '../errors.js';
import { conv2d, convTranspose2d, type Conv2dOptions } from '../ops/conv.js';
import { pair, type IntPair } from '../ops/conv-args.js';
import { pad } from '../ops/pad.js';
import { zeros } from '../tensor/creation.js';
import type { Generator } from '../tensor/random.js';
import type { Tensor } from '../tensor/tensor.js';
import { calculateFans, kaimingUniform, uniform } from './init.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';

/** Options shared by `Conv2d` and `ConvTranspose2d`. */
interface ConvLayerBase {
  inChannels: number;
  outChannels: number;
  kernelSize: IntPair;
  /** Default 1. */
  stride?: IntPair;
  /** Default 1. */
  dilation?: IntPair;
  /** Default 1; must divide inChannels and outChannels. */
  groups?: number;
  /** Learn a per-channel bias (default true). */
  bias?: boolean;
  /** Random source of the initial parameters (default: the global generator). */
  generator?: Generator;
  /** Parameter dtype (default float32). */
  dtype?: 'float32' | 'float64';
}

/** How `Conv2d` fills its padding (PyTorch's `padding_mode`). */
export type PaddingMode = 'zeros' | 'reflect' | 'replicate' | 'circular';

/** Options of `Conv2d`. */
export interface Conv2dLayerOptions extends ConvLayerBase {
  /** Padding (default 0), or 'same' / 'valid' (see `conv2d`); filled as `paddingMode` says. */
  padding?: Conv2dOptions['padding'];
  /**
   * 'zeros' (default), or 'reflect' / 'replicate' / 'circular' (the input is first padded with
   * `pad` in that mode, then convolved without padding, as PyTorch's Conv2d does).
   */
  paddingMode?: PaddingMode;
}

const PADDING_MODES: readonly PaddingMode[] = ['zeros', 'reflect', 'replicate', 'circular'];

/** Options of `ConvTranspose2d`. */
export interface ConvTranspose2dLayerOptions extends ConvLayerBase {
  /** Default 0. */
  padding?: IntPair;
  /** Default 0. */
  outputPadding?: IntPair;
}

const asPair = (v: IntPair): [number, number] => (typeof v === 'number' ? [v, v] : [v[0], v[1]]);

function checkChannels(layer: string, o: ConvLayerBase): { groups: number; kernel: [number, number] } {
  for (const [k, v] of [['inChannels', o.inChannels], ['outChannels', o.outChannels]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new ValueError(`${layer}: ${k} must be a positive integer, got ${v}`);
  }
  const groups = o.groups ?? 1;
  if (!Number.isInteger(groups) || groups < 1) throw new ValueError(`${layer}: groups must be a positive integer, got ${groups}`);
  if (o.inChannels % groups !== 0 || o.outChannels % groups !== 0) {
    throw new ValueError(`${layer}: groups ${groups} must divide inChannels ${o.inChannels} and outChannels ${o.outChannels}`);
  }
  const kernel = asPair(o.kernelSize);
  if (kernel.some((k) => !Number.isInteger(k) || k < 1)) throw new ValueError(`${layer}: kernelSize must be positive integers, got ${JSON.stringify(o.kernelSize)}`);
  return { groups, kernel };
}

/** PyTorch's default init: weight kaimingUniform(a = sqrt(5)) = U(+-1/sqrt(fanIn)), bias U(+-1/sqrt(fanIn)). */
function resetConv(weight: Tensor, bias: Tensor | null, generator?: Generator): void {
  kaimingUniform(weight, { a: Math.sqrt(5), generator });
  if (bias) {
    const bound = 1 / Math.sqrt(calculateFans(weight).fanIn);
    uniform(bias, { a: -bound, b: bound, generator });
  }
}

/**
 * What `Conv2d` and `ConvTranspose2d` share (PyTorch's `_ConvNd`): the checked channels, kernel,
 * stride, dilation and groups, the parameters W (axes 0-1 from `weightAxes`, then the kernel) and b
 * [outChannels], and PyTorch's default init.
 */
abstract class ConvLayer extends Module {
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernelSize: [number, number];
  readonly stride: IntPair;
  readonly dilation: IntPair;
  readonly groups: number;
  weight: Parameter;
  bias: Parameter | null;

  protected constructor(layer: string, opts: ConvLayerBase, weightAxes: (groups: number) => [number, number]) {
    super();
    const { groups, kernel } = checkChannels(layer, opts);
    const dtype = opts.dtype ?? 'float32';
    this.inChannels = opts.inChannels;
    this.outChannels = opts.outChannels;
    this.kernelSize = kernel;
    this.stride = opts.stride ?? 1;
    this.dilation = opts.dilation ?? 1;
    this.groups = groups;
    this.weight = new Parameter(zeros([...weightAxes(groups), ...kernel], { dtype }));
    this.bias = opts.bias === false ? null : new Parameter(zeros([opts.outChannels], { dtype }));
    this.resetParameters(opts.generator);
  }

  /** Re-draws the parameters with the default init (see the class doc). */
  resetParameters(generator?: Generator): void {
    resetConv(this.weight, this.bias, generator);
  }
}

/**
 * 2-D convolution layer: y = conv2d(x, W, b) (see `conv2d`) with W [outChannels, inChannels/groups,
 * kh, kw] and b [outChannels]. Each output channel is one learned filter slid over the input: the
 * lecture's convolutional layer, with weights shared across positions. Input [N, C, H, W] or [C, H, W].
 * Init as PyTorch: W ~ U(-1/sqrt(fanIn), 1/sqrt(fanIn)) (kaimingUniform, a = sqrt(5)), b likewise,
 * fanIn = inChannels/groups * kh * kw.
 */
export class Conv2d extends ConvLayer {
  readonly padding: Conv2dOptions['padding'];
  readonly paddingMode: PaddingMode;

  constructor(opts: Conv2dLayerOptions) {
    super('Conv2d', opts, (groups) => [opts.outChannels, opts.inChannels / groups]);
    this.padding = opts.padding ?? 0;
    this.paddingMode = opts.paddingMode ?? 'zeros';
    if (!PADDING_MODES.includes(this.paddingMode)) {
      throw new ValueError(`Conv2d: paddingMode must be one of ${PADDING_MODES.map((m) => `'${m}'`).join(', ')}, got '${String(opts.paddingMode)}'`);
    }
    if (this.padding !== 'same' && this.padding !== 'valid') pair('Conv2d', 'padding', this.padding, 0);
    if (this.padding === 'same' && asPair(this.stride).some((v) => v !== 1)) {
      throw new ValueError(`Conv2d: padding 'same' needs stride 1, got stride ${JSON.stringify(this.stride)}`);
    }
  }

  forward(x: Tensor): Tensor {
    const opts = { stride: this.stride, dilation: this.dilation, groups: this.groups };
    if (this.paddingMode === 'zeros') return conv2d(x, this.weight, this.bias, { ...opts, padding: this.padding });
    const [[top, bottom], [left, right]] = this.paddingWidths();
    const widths = x.shape.slice(0, -2).map((): [number, number] => [0, 0]);
    const mode = this.paddingMode;
    return conv2d(pad(x, [...widths, [top, bottom], [left, right]], { mode }), this.weight, this.bias, { ...opts, padding: 0 });
  }

  /** [[top, bottom], [left, right]] cells of padding ('same': the odd cell goes to the bottom/right, as PyTorch). */
  private paddingWidths(): [[number, number], [number, number]] {
    const p = this.padding;
    if (p === 'valid') return [[0, 0], [0, 0]];
    if (p === 'same') {
      const d = asPair(this.dilation);
      const t = [0, 1].map((i) => d[i]! * (this.kernelSize[i]! - 1));
      return [[Math.floor(t[0]! / 2), t[0]! - Math.floor(t[0]! / 2)], [Math.floor(t[1]! / 2), t[1]! - Math.floor(t[1]! / 2)]];
    }
    const [ph, pw] = asPair(p ?? 0);
    return [[ph, ph], [pw, pw]];
  }

  override extraRepr(): string {
    return `${this.inChannels}, ${this.outChannels}, kernelSize=${this.kernelSize.join('x')}, stride=${JSON.stringify(this.stride)}, ` +
      `padding=${JSON.stringify(this.padding)}, dilation=${JSON.stringify(this.dilation)}, groups=${this.groups}, bias=${this.bias !== null}` +
      (this.paddingMode === 'zeros' ? '' : `, paddingMode=${this.paddingMode}`);
  }
}

/**
 * 2-D transposed convolution layer (`convTranspose2d`; sometimes called deconvolution), the
 * upsampling layer of decoders: W [inChannels, outChannels/groups, kh, kw], b [outChannels].
 * Init as PyTorch: U(-1/sqrt(fanIn), 1/sqrt(fanIn)) with fanIn = outChannels/groups * kh * kw
 * (computed from W's second axis, as PyTorch does).
 */
export class ConvTranspose2d extends ConvLayer {
  readonly padding: IntPair;
  readonly outputPadding: IntPair;

  constructor(opts: ConvTranspose2dLayerOptions) {
    super('ConvTranspose2d', opts, (groups) => [opts.inChannels, opts.outChannels / groups]);
    this.padding = opts.padding ?? 0;
    this.outputPadding = opts.outputPadding ?? 0;
  }

  forward(x: Tensor): Tensor {
    return convTranspose2d(x, this.weight, this.bias, {
      stride: this.stride, padding: this.padding, outputPadding: this.outputPadding, dilation: this.dilation, groups: this.groups,
    });
  }

  override extraRepr(): string {
    return `${this.inChannels}, ${this.outChannels}, kernelSize=${this.kernelSize.join('x')}, stride=${JSON.stringify(this.stride)}, ` +
      `padding=${JSON.stringify(this.padding)}, outputPadding=${JSON.stringify(this.outputPadding)}, groups=${this.groups}, bias=${this.bias !== null}`;
  }
}
