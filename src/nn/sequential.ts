// Containers: Sequential chains modules (the output of one is the input of the next); ModuleList holds
// modules for a forward written by hand. Children are the numeric fields '0', '1', ... so `seq[0]` works.

import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { Module } from './module.js';

/** A module that maps one tensor to one tensor (what `Sequential` chains). */
export type TensorModule = Module<[Tensor], Tensor>;

function checkIndex(op: string, i: number, n: number): number {
  if (!Number.isInteger(i) || i < -n || i >= n) throw new ValueError(`${op}: index ${i} is out of range for ${n} modules`);
  return i < 0 ? i + n : i;
}

/**
 * Runs its modules in order, `y = m_n(...m_1(x))`, like `torch.nn.Sequential`. Children are named
 * '0', '1', ... (so parameters read `0.weight`); index with `seq[i]` or `seq.at(i)`.
 */
export class Sequential extends Module<[Tensor], Tensor> {
  readonly [index: number]: TensorModule;

  constructor(...modules: TensorModule[]) {
    super();
    modules.forEach((m) => this.append(m));
  }

  /** Number of modules. */
  get length(): number {
    let n = 0;
    while ((this as unknown as Record<string, unknown>)[String(n)] !== undefined) n++;
    return n;
  }

  /** Adds a module at the end; returns this. */
  append(module: TensorModule): this {
    if (!(module instanceof Module)) throw new ValueError(`Sequential.append: expected a Module, got ${typeof module}`);
    (this as unknown as Record<string, unknown>)[String(this.length)] = module;
    return this;
  }

  /** The module at index `i` (negative counts from the end). */
  at(i: number): TensorModule {
    return this[checkIndex('Sequential.at', i, this.length)]!;
  }

  /** Iterates the modules in order. */
  *[Symbol.iterator](): Iterator<TensorModule> {
    const n = this.length;
    for (let i = 0; i < n; i++) yield this[i]!;
  }

  /** Feeds `x` through every module in order. */
  forward(x: Tensor): Tensor {
    let y = x;
    for (const m of this) y = m.call(y);
    return y;
  }
}

/**
 * A list of modules whose parameters the parent sees (like `torch.nn.ModuleList`); it has no forward
 * of its own, iterate it in the parent's forward. Children are named '0', '1', ...
 */
export class ModuleList<M extends Module<unknown[], unknown> = TensorModule> extends Module<unknown[], never> {
  readonly [index: number]: M;

  constructor(modules: Iterable<M> = []) {
    super();
    for (const m of modules) this.append(m);
  }

  /** Number of modules. */
  get length(): number {
    let n = 0;
    while ((this as unknown as Record<string, unknown>)[String(n)] !== undefined) n++;
    return n;
  }

  /** Adds a module at the end; returns this. */
  append(module: M): this {
    if (!(module instanceof Module)) throw new ValueError(`ModuleList.append: expected a Module, got ${typeof module}`);
    (this as unknown as Record<string, unknown>)[String(this.length)] = module;
    return this;
  }

  /** The module at index `i` (negative counts from the end). */
  at(i: number): M {
    return this[checkIndex('ModuleList.at', i, this.length)]!;
  }

  /** Iterates the modules in order. */
  *[Symbol.iterator](): Iterator<M> {
    const n = this.length;
    for (let i = 0; i < n; i++) yield this[i]!;
  }

  /** A ModuleList is not callable; iterate it in the parent's forward instead. */
  forward(): never {
    throw new ValueError('ModuleList: has no forward; iterate over it in the parent module');
  }
}
