// Shape arithmetic shared by ops and kernels: sizes, strides, axes and NumPy broadcasting.

import { ShapeError, ValueError, fmtShape } from '../errors.js';

/** Number of elements of a shape (1 for a scalar). */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Row-major strides of a contiguous shape. */
export function stridesOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i]!;
  }
  return s;
}

/** Resolves a possibly negative axis against `rank`, or throws naming the op, the axis and (when given) the shape. */
export function normAxis(op: string, axis: number, rank: number, shape?: readonly number[]): number {
  if (!Number.isInteger(axis) || axis < -Math.max(rank, 1) || axis >= Math.max(rank, 1)) {
    const valid = `valid axes ${-Math.max(rank, 1)} to ${Math.max(rank, 1) - 1}`;
    const where = shape === undefined ? `a tensor of rank ${rank} (${valid})`
      : shape.length === rank ? `shape ${fmtShape(shape)} (rank ${rank}; ${valid})`
        : `rank ${rank} (input shape ${fmtShape(shape)}; ${valid})`;
    throw new ValueError(`${op}: axis ${axis} is out of range for ${where}`);
  }
  return axis < 0 ? axis + rank : axis;
}

/** Resolves `axis` (undefined = all axes) to a sorted list of distinct non-negative axes. */
export function normAxes(op: string, axis: number | readonly number[] | undefined, rank: number, shape?: readonly number[]): number[] {
  if (axis === undefined) return Array.from({ length: rank }, (_, i) => i);
  const list = typeof axis === 'number' ? [axis] : [...axis];
  const out = list.map((a) => normAxis(op, a, rank, shape));
  if (new Set(out).size !== out.length) throw new ValueError(`${op}: repeated axis in [${list.join(',')}]`);
  return out.sort((a, b) => a - b);
}

/** NumPy broadcasting of two shapes, or a ShapeError naming the op. */
export function broadcastShapes(op: string, a: readonly number[], b: readonly number[]): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new ShapeError(
        `${op}: shapes ${fmtShape(a)} and ${fmtShape(b)} cannot be broadcast (dimension ${i - n} is ${da} vs ${db})`,
      );
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** Strides of `shape` viewed inside the broadcast `outShape` (0 where it is broadcast). */
export function broadcastStrides(shape: readonly number[], outShape: readonly number[]): number[] {
  const strides = stridesOf(shape);
  const off = outShape.length - shape.length;
  return outShape.map((_, i) => (i < off || shape[i - off] === 1 ? 0 : strides[i - off]!));
}

/** True when two shapes are equal. */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Validates a user-given shape. */
export function checkShape(op: string, shape: readonly number[]): number[] {
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) throw new ShapeError(`${op}: invalid shape ${fmtShape(shape)}`);
  }
  return [...shape];
}
