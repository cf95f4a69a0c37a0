// Map-style datasets as in torch.utils.data: a length and an indexed `get`, plus the tensor-backed
// dataset and index-subset that the DataLoader can gather whole batches from without per-item tensors.

import { ShapeError, ValueError, fmtShape } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { allocate } from '../tensor/dtype.js';
import { defaultGenerator, type Generator } from '../tensor/random.js';

/** A map-style dataset: `length` items, item `i` from `get(i)` (like `torch.utils.data.Dataset`). */
export interface Dataset<T> {
  readonly length: number;
  get(index: number): T;
}

/**
 * A dataset that can gather many items at once into a batch (what `DataLoader` uses when present,
 * so a batch is one copy of typed-array rows instead of `batchSize` small tensors stacked).
 */
export interface BatchGather<B> {
  getBatch(indices: ArrayLike<number>): B;
}

/** True when `ds` can gather batches with `getBatch`. */
export function canGatherBatch<B>(ds: object): ds is BatchGather<B> {
  // NOTE: a Subset always has getBatch, but it only works when its parent can gather too.
  if (ds instanceof Subset) return canGatherBatch(ds.dataset);
  return typeof (ds as Partial<BatchGather<B>>).getBatch === 'function';
}

function checkIndex(op: string, index: number, length: number): void {
  if (!Number.isInteger(index) || index < 0 || index >= length) {
    throw new ValueError(`${op}: index ${index} is out of range for a dataset of length ${length}`);
  }
}

/** Copies rows `indices` of `t` (along axis 0) into a new tensor of shape [indices.length, ...rest]. */
export function gatherRows(t: Tensor, indices: ArrayLike<number>): Tensor {
  if (t.ndim === 0) throw new ShapeError(`gatherRows: cannot take rows of a 0-d tensor`);
  const n = t.shape[0]!;
  const row = n === 0 ? 0 : t.size / n;
  const src = t.data;
  const out = allocate(t.dtype, indices.length * row);
  for (let i = 0; i < indices.length; i++) {
    const r = indices[i]!;
    if (!Number.isInteger(r) || r < 0 || r >= n) {
      throw new ValueError(`gatherRows: row ${r} is out of range for a tensor of shape ${fmtShape(t.shape)}`);
    }
    if (row === 1) out[i] = src[r]!;
    else out.set(src.subarray(r * row, (r + 1) * row), i * row);
  }
  return new Tensor(out, [indices.length, ...t.shape.slice(1)], t.dtype);
}

/**
 * Wraps tensors that share their first dimension; item `i` is the tuple of their rows `i`
 * (like `torch.utils.data.TensorDataset`). Batches are gathered by copying typed-array rows.
 */
export class TensorDataset<T extends Tensor[] = Tensor[]> implements Dataset<T>, BatchGather<T> {
  /** The wrapped tensors, in order. */
  readonly tensors: T;

  constructor(...tensors: T) {
    if (tensors.length === 0) throw new ValueError('TensorDataset: expected at least one tensor');
    for (const t of tensors) {
      if (!(t instanceof Tensor)) throw new ValueError('TensorDataset: every argument must be a Tensor');
      if (t.ndim === 0) throw new ShapeError('TensorDataset: tensors must have at least one dimension (got a 0-d tensor)');
    }
    const n = tensors[0]!.shape[0]!;
    tensors.forEach((t, i) => {
      if (t.shape[0] !== n) {
        throw new ShapeError(
          `TensorDataset: all tensors must have the same first dimension; tensor 0 has shape ${fmtShape(tensors[0]!.shape)} ` +
            `but tensor ${i} has shape ${fmtShape(t.shape)}`,
        );
      }
    });
    this.tensors = tensors;
  }

  /** Number of items (the shared first dimension). */
  get length(): number {
    return this.tensors[0]!.shape[0]!;
  }

  /** The tuple of rows `index` (each row a tensor of shape `shape.slice(1)`). */
  get(index: number): T {
    checkIndex('TensorDataset.get', index, this.length);
    return this.tensors.map((t) => {
      const g = gatherRows(t, [index]);
      return new Tensor(g.data, t.shape.slice(1), t.dtype);
    }) as T;
  }

  /** The tuple of stacked rows `indices`: tensors of shape [indices.length, ...]. */
  getBatch(indices: ArrayLike<number>): T {
    return this.tensors.map((t) => gatherRows(t, indices)) as T;
  }
}

/** The items of `dataset` at `indices`, in that order (like `torch.utils.data.Subset`). */
export class Subset<T> implements Dataset<T>, BatchGather<unknown> {
  /** The parent dataset. */
  readonly dataset: Dataset<T>;
  /** Parent indices of this subset's items, in order. */
  readonly indices: Int32Array;

  constructor(dataset: Dataset<T>, indices: ArrayLike<number>) {
    this.dataset = dataset;
    this.indices = Int32Array.from(indices);
    for (const i of this.indices) checkIndex('Subset', i, dataset.length);
  }

  /** Number of items in the subset. */
  get length(): number {
    return this.indices.length;
  }

  /** Item `index` of the subset (item `indices[index]` of the parent). */
  get(index: number): T {
    checkIndex('Subset.get', index, this.length);
    return this.dataset.get(this.indices[index]!);
  }

  /** Gathers through the parent's `getBatch` when it has one (used by DataLoader). */
  getBatch(indices: ArrayLike<number>): unknown {
    if (!canGatherBatch(this.dataset)) throw new ValueError('Subset.getBatch: the parent dataset cannot gather batches');
    const mapped = new Int32Array(indices.length);
    for (let i = 0; i < indices.length; i++) {
      const j = indices[i]!;
      checkIndex('Subset.getBatch', j, this.length);
      mapped[i] = this.indices[j]!;
    }
    return this.dataset.getBatch(mapped);
  }
}

/** The lengths `randomSplit` would use for `lengthsOrFractions` over `n` items. */
export function splitLengths(n: number, lengthsOrFractions: readonly number[]): number[] {
  const op = 'randomSplit';
  if (lengthsOrFractions.length === 0) throw new ValueError(`${op}: expected at least one length or fraction`);
  for (const v of lengthsOrFractions) {
    if (!Number.isFinite(v) || v < 0) throw new ValueError(`${op}: lengths and fractions must be non-negative numbers, got ${v}`);
  }
  const total = lengthsOrFractions.reduce((a, b) => a + b, 0);
  const allInts = lengthsOrFractions.every((v) => Number.isInteger(v));
  if (allInts && total === n) return [...lengthsOrFractions];
  if (Math.abs(total - 1) <= 1e-9 && lengthsOrFractions.every((v) => v <= 1)) {
    // NOTE: as in PyTorch: floor each share, then hand the remainder out one by one, first split first.
    const out = lengthsOrFractions.map((f) => Math.floor(n * f));
    let rest = n - out.reduce((a, b) => a + b, 0);
    for (let i = 0; rest > 0; i = (i + 1) % out.length, rest--) out[i]! += 1;
    return out;
  }
  throw new ValueError(
    `${op}: lengths [${lengthsOrFractions.join(', ')}] must sum to the dataset length ${n}, or fractions must sum to 1`,
  );
}

/**
 * Splits `dataset` into non-overlapping random subsets (like `torch.utils.data.random_split`):
 * `lengths` that sum to `dataset.length`, or fractions that sum to 1. Seeded by `generator`
 * (default: the global generator), so the same generator state gives the same split.
 */
export function randomSplit<T>(
  dataset: Dataset<T>,
  lengthsOrFractions: readonly number[],
  { generator = defaultGenerator }: { generator?: Generator } = {},
): Subset<T>[] {
  const lengths = splitLengths(dataset.length, lengthsOrFractions);
  const perm = generator.permutation(dataset.length);
  const out: Subset<T>[] = [];
  let offset = 0;
  for (const len of lengths) {
    out.push(new Subset(dataset, perm.subarray(offset, offset + len)));
    offset += len;
  }
  return out;
}
