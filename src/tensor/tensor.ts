// The Tensor: a shape, a dtype and a contiguous typed array, plus the autograd links (gradFn, grad).
// Methods are thin wrappers over the functions in src/ops, so `x.add(y)` and `add(x, y)` are one op.

import { AutogradError, DTypeError, ValueError, fmtShape } from '../errors.js';
import * as ops from '../ops/index.js';
import type { BackwardOptions } from '../autograd/engine.js';
import { propagate, seedFor } from '../autograd/engine.js';
import type { Primitive } from '../autograd/primitives.js';
import { allocate, isFloat, type DType, type TypedArray } from './dtype.js';
import { sizeOf } from './shape.js';
import { formatTensor, toNested, type Nested } from './format.js';

/** A node of the recorded graph: the primitive that produced `output` and what it needs for backward. */
export interface GradNode {
  readonly primitive: Primitive;
  readonly attrs: unknown;
  inputs: Tensor[];
  readonly output: Tensor;
  released: boolean;
  readonly id: number;
  /** Name of the module the op ran in, when known (for anomaly messages and diagnostics). */
  readonly scope: string | undefined;
}

/** A number or a tensor: what binary ops accept on either side. */
export type TensorLike = Tensor | number;
/** Axis argument of reductions: one axis, several, or all when omitted. */
export type Axis = number | readonly number[] | undefined;
/** Options of reductions. */
export interface ReduceOptions {
  /** Keep reduced axes with size 1 (default false). */
  keepdim?: boolean;
}

/** An n-dimensional array with automatic differentiation, in the spirit of `torch.Tensor`. */
export class Tensor {
  /** Size of each dimension (row-major). */
  readonly shape: readonly number[];
  /** Element type. */
  readonly dtype: DType;
  /** The node that produced this tensor, or null for a leaf. */
  gradFn: GradNode | null = null;
  private storage: TypedArray;
  private leafRequiresGrad = false;
  private gradient: Tensor | null = null;
  private retain = false;
  private hooks: ((g: Tensor) => Tensor | void)[] = [];

  /** Wraps storage without copying. Use `tensor()` and friends to create tensors. */
  constructor(data: TypedArray, shape: readonly number[], dtype: DType) {
    this.storage = data;
    // NOTE: a frozen shape (another tensor's) can be shared as is; copying it cost 4% of a small op.
    this.shape = Object.isFrozen(shape) ? shape : Object.freeze([...shape]);
    this.dtype = dtype;
  }

  /** Builds a tensor of `dtype` and `shape` from plain numbers (internal helper). */
  static fromRaw(dtype: DType, shape: readonly number[], values: ArrayLike<number>): Tensor {
    const d = allocate(dtype, sizeOf(shape));
    for (let i = 0; i < d.length; i++) d[i] = values[i]!;
    return new Tensor(d, shape, dtype);
  }

  /** The storage: a row-major typed array, shared (writes change the tensor). */
  get data(): TypedArray {
    return this.storage;
  }
  /**
   * Moves this tensor's values into `data` (same length and array type) and makes it the storage, as
   * PyTorch's `param.data = ...` does when a module moves to a device: arrays taken from `data`
   * before no longer alias the tensor. Optimizers use it to place parameters in a backend's memory.
   * @internal
   */
  moveStorage(data: TypedArray): void {
    if (data.length !== this.storage.length || data.constructor !== this.storage.constructor) {
      throw new ValueError(
        `moveStorage: needs a ${this.storage.constructor.name} of length ${this.storage.length}, got a ${data.constructor.name} of length ${data.length}`,
      );
    }
    if (data !== this.storage) data.set(this.storage as never);
    this.storage = data;
  }
  /** Number of elements. */
  get size(): number {
    return this.storage.length;
  }
  /** Number of dimensions. */
  get ndim(): number {
    return this.shape.length;
  }

  /** True for tensors created by the user (not by an op that recorded a node). */
  get isLeaf(): boolean {
    return this.gradFn === null;
  }
  /** Whether gradients flow to this tensor. Settable on leaves only (float dtypes). */
  get requiresGrad(): boolean {
    return this.gradFn !== null || this.leafRequiresGrad;
  }
  set requiresGrad(v: boolean) {
    if (!this.isLeaf) {
      throw new AutogradError('requiresGrad: can only be set on leaf tensors; use detach() to make a new leaf');
    }
    if (v && !isFloat(this.dtype)) {
      throw new DTypeError(`requiresGrad: only float tensors can require gradients, this one is ${this.dtype}`);
    }
    this.leafRequiresGrad = v;
  }
  /** Sets `requiresGrad` and returns this tensor (chainable, like `requires_grad_()`). */
  requiresGrad_(v = true): this {
    this.requiresGrad = v;
    return this;
  }

  /** The accumulated gradient of a leaf (or of a non-leaf after `retainGrad()`); null before backward. */
  get grad(): Tensor | null {
    if (!this.isLeaf && !this.retain) {
      throw new AutogradError(
        `grad: this tensor (shape ${fmtShape(this.shape)}, made by '${this.gradFn!.primitive}') is not a leaf, ` +
          'so its gradient is not kept; call retainGrad() on it before backward()',
      );
    }
    return this.gradient;
  }
  set grad(g: Tensor | null) {
    this.gradient = g;
  }
  /** True when a non-leaf keeps its gradient (see `retainGrad`). */
  get retainsGrad(): boolean {
    return this.retain;
  }
  /** Makes a non-leaf tensor keep its gradient during backward. */
  retainGrad(): this {
    this.retain = true;
    return this;
  }

  /**
   * Registers `hook(grad)` to run when this tensor's gradient is computed during backward (like
   * `Tensor.register_hook`). A hook may return a replacement gradient. Returns a remover.
   */
  registerHook(hook: (g: Tensor) => Tensor | void): { remove: () => void } {
    if (!this.requiresGrad) throw new AutogradError('registerHook: the tensor does not require grad');
    this.hooks.push(hook);
    return { remove: () => void (this.hooks = this.hooks.filter((h) => h !== hook)) };
  }

  /** True when hooks are registered (the engine then treats the gradients they see as kept). */
  get hasHooks(): boolean {
    return this.hooks.length > 0;
  }
  /** Runs the registered hooks on `g` (called by the autograd engine). */
  applyHooks(g: Tensor): Tensor {
    let out = g;
    for (const h of this.hooks) out = h(out) ?? out;
    return out;
  }

  /**
   * Back-propagates from this tensor into the `.grad` of every leaf that requires it (accumulating).
   * A scalar needs no argument; otherwise pass `grad` shaped like this tensor.
   */
  backward(grad?: Tensor, opts: BackwardOptions = {}): void {
    const seed = seedFor('backward', this, grad);
    propagate(this, seed, (t, g) => {
      const prev = t.gradient;
      t.gradient = prev ? (opts.createGraph ? prev.add(g) : ops.noGradAdd(prev, g)) : opts.createGraph ? g : g.detach();
    }, opts);
  }

  /** A new leaf sharing storage, cut off from the graph. */
  detach(): Tensor {
    return new Tensor(this.storage, this.shape, this.dtype);
  }
  /** A copy with its own storage (recorded by autograd like any op). */
  clone(): Tensor {
    return ops.clone(this);
  }

  /** Nested arrays of numbers (booleans for bool tensors are 0/1). */
  toArray(): Nested {
    return toNested(this.storage, this.shape);
  }
  /** The value of a one-element tensor. */
  item(): number {
    if (this.size !== 1) throw new ValueError(`item: only one-element tensors can be converted, got shape ${fmtShape(this.shape)}`);
    return this.storage[0]!;
  }
  /** A readable rendering, like PyTorch's repr. */
  toString(): string {
    return formatTensor(this);
  }

  // Conversions
  to(dtype: DType): Tensor { return ops.cast(this, dtype); }
  float(): Tensor { return ops.cast(this, 'float32'); }
  double(): Tensor { return ops.cast(this, 'float64'); }
  int(): Tensor { return ops.cast(this, 'int32'); }

  // Elementwise
  add(o: TensorLike): Tensor { return ops.add(this, o); }
  sub(o: TensorLike): Tensor { return ops.sub(this, o); }
  mul(o: TensorLike): Tensor { return ops.mul(this, o); }
  div(o: TensorLike): Tensor { return ops.div(this, o); }
  pow(o: TensorLike): Tensor { return ops.pow(this, o); }
  maximum(o: TensorLike): Tensor { return ops.maximum(this, o); }
  minimum(o: TensorLike): Tensor { return ops.minimum(this, o); }
  eq(o: TensorLike): Tensor { return ops.eq(this, o); }
  ne(o: TensorLike): Tensor { return ops.ne(this, o); }
  lt(o: TensorLike): Tensor { return ops.lt(this, o); }
  le(o: TensorLike): Tensor { return ops.le(this, o); }
  gt(o: TensorLike): Tensor { return ops.gt(this, o); }
  ge(o: TensorLike): Tensor { return ops.ge(this, o); }
  /** PyTorch's `x.where(cond, other)`: x where cond holds, other elsewhere. */
  where(cond: Tensor, other: TensorLike): Tensor { return ops.where(cond, this, other); }
  neg(): Tensor { return ops.neg(this); }
  exp(): Tensor { return ops.exp(this); }
  log(): Tensor { return ops.log(this); }
  sqrt(): Tensor { return ops.sqrt(this); }
  abs(): Tensor { return ops.abs(this); }
  sin(): Tensor { return ops.sin(this); }
  cos(): Tensor { return ops.cos(this); }
  sign(): Tensor { return ops.sign(this); }
  square(): Tensor { return ops.square(this); }
  clamp(opts: { min?: number; max?: number }): Tensor { return ops.clamp(this, opts); }

  // Reductions
  sum(axis?: Axis, opts?: ReduceOptions): Tensor { return ops.sum(this, axis, opts); }
  mean(axis?: Axis, opts?: ReduceOptions): Tensor { return ops.mean(this, axis, opts); }
  max(axis?: Axis, opts?: ReduceOptions): Tensor { return ops.max(this, axis, opts); }
  min(axis?: Axis, opts?: ReduceOptions): Tensor { return ops.min(this, axis, opts); }
  argmax(axis?: number, opts?: ReduceOptions): Tensor { return ops.argmax(this, axis, opts); }
  argmin(axis?: number, opts?: ReduceOptions): Tensor { return ops.argmin(this, axis, opts); }
  var(axis?: Axis, opts?: ops.VarOptions): Tensor { return ops.variance(this, axis, opts); }
  std(axis?: Axis, opts?: ops.VarOptions): Tensor { return ops.std(this, axis, opts); }
  logsumexp(axis?: Axis, opts?: ReduceOptions): Tensor { return ops.logsumexp(this, axis, opts); }

  // Linear algebra
  matmul(o: Tensor): Tensor { return ops.matmul(this, o); }

  // Shape
  reshape(shape: readonly number[]): Tensor { return ops.reshape(this, shape); }
  view(shape: readonly number[]): Tensor { return ops.reshape(this, shape); }
  flatten(startAxis = 0, endAxis = -1): Tensor { return ops.flatten(this, { startAxis, endAxis }); }
  transpose(axis0 = -2, axis1 = -1): Tensor { return ops.transpose(this, axis0, axis1); }
  /** Transpose of a matrix (the last two axes). */
  get T(): Tensor { return ops.transpose(this, -2, -1); }
  permute(perm: readonly number[]): Tensor { return ops.permute(this, perm); }
  squeeze(axis?: Axis): Tensor { return ops.squeeze(this, axis); }
  unsqueeze(axis: number): Tensor { return ops.unsqueeze(this, axis); }
  expand(shape: readonly number[]): Tensor { return ops.expand(this, shape); }
  /** NumPy-style indexing: numbers select, `'a:b:s'` strings or `[a, b, s]` slice, `':'` keeps, `null` inserts a size-1 axis. */
  index(...spec: ops.IndexSpec[]): Tensor { return ops.index(this, ...spec); }
  slice(axis: number, opts: ops.SliceOptions): Tensor { return ops.slice(this, axis, opts); }
  pad(widths: readonly (readonly [number, number])[], opts?: ops.PadOptions): Tensor { return ops.pad(this, widths, opts); }

  // Activations
  sigmoid(): Tensor { return ops.sigmoid(this); }
  tanh(): Tensor { return ops.tanh(this); }
  relu(): Tensor { return ops.relu(this); }
  softmax(axis = -1): Tensor { return ops.softmax(this, axis); }
  logSoftmax(axis = -1): Tensor { return ops.logSoftmax(this, axis); }
}
