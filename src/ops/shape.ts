// Shape ops: reshape, flatten, transpose, permute, squeeze, unsqueeze, expand, slicing and indexing,
// concat and stack (pad and its modes are in pad.ts). Reshape shares storage; the others copy
// (tensors are always contiguous).

import { ShapeError, ValueError, fmtShape } from '../errors.js';
import { run } from '../autograd/engine.js';
import type { PrimitiveAttrs } from '../autograd/primitives.js';
import { normAxes, normAxis, sizeOf } from '../tensor/shape.js';
import type { Axis, Tensor } from '../tensor/tensor.js';

/** New shape with the same elements; one entry may be -1 (inferred). Shares storage. */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  const s = [...shape];
  const infer = s.indexOf(-1);
  if (s.some((d, i) => !Number.isInteger(d) || d < -1 || (d === -1 && i !== infer))) {
    throw new ShapeError(`reshape: invalid shape ${fmtShape(shape)} (at most one -1, other sizes >= 0)`);
  }
  if (infer >= 0) {
    const rest = sizeOf(s.filter((_, i) => i !== infer));
    if (rest === 0 || x.size % rest !== 0) {
      throw new ShapeError(`reshape: cannot reshape ${fmtShape(x.shape)} (${x.size} elements) into ${fmtShape(shape)}`);
    }
    s[infer] = x.size / rest;
  }
  if (sizeOf(s) !== x.size) {
    throw new ShapeError(`reshape: cannot reshape ${fmtShape(x.shape)} (${x.size} elements) into ${fmtShape(shape)} (${sizeOf(s)} elements)`);
  }
  return run('reshape', [x], { shape: s });
}

/** Merges axes startAxis..endAxis (inclusive) into one. */
export function flatten(x: Tensor, { startAxis = 0, endAxis = -1 }: { startAxis?: number; endAxis?: number } = {}): Tensor {
  if (x.ndim === 0) return reshape(x, [1]);
  const s = normAxis('flatten', startAxis, x.ndim, x.shape);
  const e = normAxis('flatten', endAxis, x.ndim, x.shape);
  if (s > e) throw new ValueError(`flatten: startAxis ${startAxis} comes after endAxis ${endAxis}`);
  return reshape(x, [...x.shape.slice(0, s), sizeOf(x.shape.slice(s, e + 1)), ...x.shape.slice(e + 1)]);
}

/** Reorders axes: output axis i is input axis perm[i]. */
export function permute(x: Tensor, perm: readonly number[]): Tensor {
  const p = perm.map((a) => normAxis('permute', a, x.ndim, x.shape));
  if (p.length !== x.ndim || new Set(p).size !== p.length) {
    throw new ShapeError(`permute: [${perm.join(',')}] is not a permutation of the ${x.ndim} axes of ${fmtShape(x.shape)}`);
  }
  if (p.every((a, i) => a === i)) return x;
  return run('permute', [x], { perm: p });
}

/** Swaps two axes (the last two by default, a matrix transpose). */
export function transpose(x: Tensor, axis0 = -2, axis1 = -1): Tensor {
  if (x.ndim < 2) return x;
  const a = normAxis('transpose', axis0, x.ndim, x.shape);
  const b = normAxis('transpose', axis1, x.ndim, x.shape);
  const perm = x.shape.map((_, i) => i);
  perm[a] = b;
  perm[b] = a;
  return permute(x, perm);
}

/** Removes size-1 axes (all of them, or those given; a given axis that is not 1 is an error). */
export function squeeze(x: Tensor, axis?: Axis): Tensor {
  const axes = axis === undefined ? x.shape.flatMap((d, i) => (d === 1 ? [i] : [])) : normAxes('squeeze', axis, x.ndim, x.shape);
  for (const a of axes) {
    if (x.shape[a] !== 1) throw new ShapeError(`squeeze: axis ${a} of ${fmtShape(x.shape)} has size ${x.shape[a]}, not 1`);
  }
  return reshape(x, x.shape.filter((_, i) => !axes.includes(i)));
}

/** Inserts a size-1 axis at `axis` (negative counts from the end of the result). */
export function unsqueeze(x: Tensor, axis: number): Tensor {
  const a = normAxis('unsqueeze', axis, x.ndim + 1, x.shape);
  return reshape(x, [...x.shape.slice(0, a), 1, ...x.shape.slice(a)]);
}

/** Broadcasts to `shape` (NumPy `broadcast_to`; -1 keeps a size). Gradients sum back. */
export function expand(x: Tensor, shape: readonly number[]): Tensor {
  const lead = shape.length - x.ndim;
  if (lead < 0) throw new ShapeError(`expand: cannot expand ${fmtShape(x.shape)} to fewer dimensions ${fmtShape(shape)}`);
  const target = shape.map((d, i) => (d === -1 && i >= lead ? x.shape[i - lead]! : d));
  const src = [...new Array<number>(lead).fill(1), ...x.shape];
  target.forEach((d, i) => {
    if (src[i] !== d && src[i] !== 1) {
      throw new ShapeError(`expand: cannot expand ${fmtShape(x.shape)} to ${fmtShape(shape)} (dimension ${i}: ${src[i]} vs ${d})`);
    }
  });
  const x1 = lead > 0 ? reshape(x, src) : x;
  if (src.every((d, i) => d === target[i])) return x1;
  return run('expand', [x1], { shape: target });
}

/** Options of `slice`: python-style start/end (negative counts from the end) and positive step. */
export interface SliceOptions {
  start?: number;
  end?: number;
  step?: number;
}

/** Elements start, start+step, ... < end along `axis` (like `x[..., start:end:step]`). */
export function slice(x: Tensor, axis: number, { start, end, step = 1 }: SliceOptions): Tensor {
  const a = normAxis('slice', axis, x.ndim, x.shape);
  const n = x.shape[a]!;
  if (!Number.isInteger(step) || step < 1) throw new ValueError(`slice: step must be a positive integer, got ${step}`);
  const clampIdx = (i: number): number => Math.min(n, Math.max(0, i < 0 ? i + n : i));
  const b = start === undefined ? 0 : clampIdx(start);
  const e = Math.max(b, end === undefined ? n : clampIdx(end));
  const begin = x.shape.map(() => 0);
  const stop = [...x.shape];
  const steps = x.shape.map(() => 1);
  begin[a] = b;
  stop[a] = e;
  steps[a] = step;
  if (b === 0 && e === n && step === 1) return x;
  return run('slice', [x], { begin, end: stop, step: steps });
}

/**
 * One index entry: a number selects (drops the axis), a slice string (`'a:b:s'`) or triple keeps it,
 * `':'` keeps all of it, `'...'` stands for as many `':'` as needed, and `null` inserts a new axis of
 * size 1 (NumPy's `None` / `np.newaxis`, PyTorch's `None`).
 */
export type IndexSpec = number | string | null | readonly [number?, number?, number?];

/**
 * NumPy-style basic indexing, e.g. `x.index(0, '1:3', null, '::2')` or `x.index('...', -1)`, with
 * NumPy's and PyTorch's meaning of every entry: `null` adds an axis of size 1 there (it consumes no
 * axis of x), so `x.index(null)` of a [3] tensor is [1, 3] and `x.index(':', null)` is [3, 1].
 */
export function index(x: Tensor, ...spec: IndexSpec[]): Tensor {
  const ellipses = spec.filter((s) => s === '...').length;
  if (ellipses > 1) throw new ValueError(`index: at most one '...' is allowed, got ${ellipses}`);
  const consumed = spec.filter((s) => s !== null && s !== '...').length;
  if (consumed > x.ndim) throw new ShapeError(`index: too many indices (${consumed}) for a tensor of shape ${fmtShape(x.shape)}`);
  const ell = spec.indexOf('...');
  const expanded = ell < 0 ? spec : [...spec.slice(0, ell), ...new Array<IndexSpec>(x.ndim - consumed).fill(':'), ...spec.slice(ell + 1)];
  let y = x;
  // The result's shape: 1 for each null, the (sliced) size of each kept axis, nothing for a number.
  const kept: (number | 'new')[] = [];
  let axis = 0;
  for (const s of expanded) {
    if (s === null) {
      kept.push('new');
      continue;
    }
    if (typeof s === 'number') {
      const n = x.shape[axis]!;
      if (!Number.isInteger(s) || s < -n || s >= n) {
        throw new ShapeError(`index: index ${s} is out of range for axis ${axis} with size ${n}`);
      }
      const i = s < 0 ? s + n : s;
      y = slice(y, axis, { start: i, end: i + 1 });
    } else {
      if (s !== ':') {
        const [start, end, step] = typeof s === 'string' ? parseSlice(s) : s;
        y = slice(y, axis, { start, end, step });
      }
      kept.push(axis);
    }
    axis++;
  }
  for (; axis < x.ndim; axis++) kept.push(axis);
  const shape = kept.map((k) => (k === 'new' ? 1 : y.shape[k]!));
  return shape.length === y.ndim && shape.every((d, i) => d === y.shape[i]) ? y : reshape(y, shape);
}

function parseSlice(s: string): [number?, number?, number?] {
  const parts = s.split(':');
  const ok = parts.length >= 1 && parts.length <= 3 && parts.every((p) => p.trim() === '' || /^-?\d+$/.test(p.trim()));
  if (!ok || parts.length === 1) throw new ValueError(`index: cannot parse slice '${s}' (expected 'start:end:step')`);
  const num = (p: string | undefined): number | undefined => (p === undefined || p.trim() === '' ? undefined : Number(p));
  return [num(parts[0]), num(parts[1]), num(parts[2])];
}

/** Joins tensors along an existing axis. */
export function concat(xs: readonly Tensor[], axis = 0): Tensor {
  if (xs.length === 0) throw new ValueError('concat: expected at least one tensor');
  const first = xs[0]!;
  const a = normAxis('concat', axis, first.ndim, first.shape);
  xs.forEach((t, i) => {
    if (t.ndim !== first.ndim || t.shape.some((d, j) => j !== a && d !== first.shape[j])) {
      throw new ShapeError(`concat: tensor ${i} has shape ${fmtShape(t.shape)}, incompatible with ${fmtShape(first.shape)} along axis ${a}`);
    }
  });
  if (xs.length === 1) return first;
  return run('concat', [...xs], { axis: a });
}

/** Joins equally shaped tensors along a new axis. */
export function stack(xs: readonly Tensor[], axis = 0): Tensor {
  if (xs.length === 0) throw new ValueError('stack: expected at least one tensor');
  const a = normAxis('stack', axis, xs[0]!.ndim + 1, xs[0]!.shape);
  xs.forEach((t, i) => {
    if (t.shape.join() !== xs[0]!.shape.join()) {
      throw new ShapeError(`stack: tensor ${i} has shape ${fmtShape(t.shape)}, expected ${fmtShape(xs[0]!.shape)}`);
    }
  });
  return concat(xs.map((t) => unsqueeze(t, a)), a);
}

/** The `pad` primitive (with interior padding), for gradient rules and kernels-level callers. */
export function padPrim(x: Tensor, attrs: PrimitiveAttrs['pad']): Tensor {
  return run('pad', [x], attrs);
}

/** The `slice` primitive (full begin/end/step per axis). */
export function slicePrim(x: Tensor, attrs: PrimitiveAttrs['slice']): Tensor {
  return run('slice', [x], attrs);
}
