// Mini-batches over a dataset, like torch.utils.data.DataLoader: batch size, a seeded shuffle that
// draws a new permutation each epoch, dropLast, and both sync and async iteration.

import { ShapeError, ValueError, fmtShape } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { allocate } from '../tensor/dtype.js';
import { defaultGenerator, type Generator } from '../tensor/random.js';
import { canGatherBatch, type Dataset } from './dataset.js';

/** What the default collation makes of a list of items of type `T` (tensors and numbers stacked). */
export type Collated<T> = T extends Tensor
  ? Tensor
  : T extends number
    ? Tensor
    : T extends readonly unknown[]
      ? { -readonly [K in keyof T]: Collated<T[K]> }
      : T extends object
        ? { [K in keyof T]: Collated<T[K]> }
        : never;

/** Options of `DataLoader`. */
export interface DataLoaderOptions {
  /** Items per batch (default 1). */
  batchSize?: number;
  /** Visit items in a new random order each epoch (default false). */
  shuffle?: boolean;
  /** Drop the last batch when it is smaller than `batchSize` (default false). */
  dropLast?: boolean;
  /** Generator the shuffle draws from (default: the global generator). */
  generator?: Generator;
}

/**
 * Iterates a dataset in mini-batches (like `torch.utils.data.DataLoader`). For a `TensorDataset`
 * (or a `Subset` of one) a batch is gathered by copying typed-array rows; other datasets have their
 * items collated: tensors of equal shape are stacked along a new first axis, numbers become a 1-d
 * tensor (int32 when all are integers, float32 otherwise), arrays and objects are collated per field.
 *
 * NOTE: with `shuffle`, each iteration (epoch) draws a fresh permutation from `generator` when it
 * starts, so epochs differ, and the same generator state always gives the same sequence of epochs.
 */
export class DataLoader<T> implements Iterable<Collated<T>>, AsyncIterable<Collated<T>> {
  readonly dataset: Dataset<T>;
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly dropLast: boolean;
  readonly generator: Generator;

  constructor(dataset: Dataset<T>, { batchSize = 1, shuffle = false, dropLast = false, generator }: DataLoaderOptions = {}) {
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new ValueError(`DataLoader: batchSize must be a positive integer, got ${batchSize}`);
    }
    this.dataset = dataset;
    this.batchSize = batchSize;
    this.shuffle = shuffle;
    this.dropLast = dropLast;
    this.generator = generator ?? defaultGenerator;
  }

  /** Number of batches per epoch. */
  get length(): number {
    const n = this.dataset.length;
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  /** The item order of one epoch (draws from the generator when shuffling). */
  private order(): Int32Array {
    const n = this.dataset.length;
    if (this.shuffle) return this.generator.permutation(n);
    const idx = new Int32Array(n);
    for (let i = 0; i < n; i++) idx[i] = i;
    return idx;
  }

  /** The batch made of items `indices`. */
  batchOf(indices: ArrayLike<number>): Collated<T> {
    const ds = this.dataset;
    if (canGatherBatch(ds)) return ds.getBatch(indices) as Collated<T>;
    const items: T[] = [];
    for (let i = 0; i < indices.length; i++) items.push(ds.get(indices[i]!));
    return collate(items) as Collated<T>;
  }

  *[Symbol.iterator](): Iterator<Collated<T>> {
    const order = this.order();
    const batches = this.length;
    for (let b = 0; b < batches; b++) {
      yield this.batchOf(order.subarray(b * this.batchSize, Math.min(order.length, (b + 1) * this.batchSize)));
    }
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Collated<T>> {
    for (const batch of this) yield await Promise.resolve(batch);
  }
}

/** Default collation: stacks tensors and numbers, recursing into arrays and plain objects. */
export function collate(items: readonly unknown[]): unknown {
  if (items.length === 0) throw new ValueError('collate: cannot collate an empty list of items');
  const first = items[0];
  if (first instanceof Tensor) return stackTensors(items);
  if (typeof first === 'number') {
    const nums = items.map((v, i) => {
      if (typeof v !== 'number') throw new ValueError(`collate: item ${i} is ${typeof v} but item 0 is a number`);
      return v;
    });
    const dtype = nums.every((v) => Number.isInteger(v) && Math.abs(v) < 2 ** 31) ? 'int32' : 'float32';
    return new Tensor(dtype === 'int32' ? Int32Array.from(nums) : Float32Array.from(nums), [nums.length], dtype);
  }
  if (Array.isArray(first)) {
    return first.map((_, k) =>
      collate(items.map((it, i) => {
        if (!Array.isArray(it) || it.length !== first.length) {
          throw new ValueError(`collate: item ${i} is not an array of length ${first.length} like item 0`);
        }
        return it[k] as unknown;
      })),
    );
  }
  if (first !== null && typeof first === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(first)) {
      out[key] = collate(items.map((it) => (it as Record<string, unknown>)[key]));
    }
    return out;
  }
  throw new ValueError(`collate: cannot collate items of type ${first === null ? 'null' : typeof first}`);
}

function stackTensors(items: readonly unknown[]): Tensor {
  const t0 = items[0] as Tensor;
  const out = allocate(t0.dtype, items.length * t0.size);
  items.forEach((t, i) => {
    if (!(t instanceof Tensor)) throw new ValueError(`collate: item ${i} is not a Tensor but item 0 is`);
    if (t.dtype !== t0.dtype || t.shape.length !== t0.shape.length || t.shape.some((d, k) => d !== t0.shape[k])) {
      throw new ShapeError(
        `collate: cannot stack item ${i} (${t.dtype} ${fmtShape(t.shape)}) with item 0 (${t0.dtype} ${fmtShape(t0.shape)})`,
      );
    }
    out.set(t.data, i * t0.size);
  });
  return new Tensor(out, [items.length, ...t0.shape], t0.dtype);
}
