// Conversion of storage to nested arrays and to a readable string.

import { fmtShape } from '../errors.js';
import type { TypedArray } from './dtype.js';
import type { Tensor } from './tensor.js';

/** A number or nested arrays of numbers. */
export type Nested = number | Nested[];

/** Nested arrays of the values of row-major `data` with `shape`. */
export function toNested(data: TypedArray, shape: readonly number[]): Nested {
  if (shape.length === 0) return data[0]!;
  const build = (axis: number, offset: number, stride: number): Nested[] => {
    const n = shape[axis]!;
    const inner = stride / Math.max(n, 1);
    const out: Nested[] = [];
    for (let i = 0; i < n; i++) {
      out.push(axis === shape.length - 1 ? data[offset + i]! : build(axis + 1, offset + i * inner, inner));
    }
    return out;
  };
  return build(0, 0, data.length);
}

function fmtNum(x: number, isInt: boolean): string {
  if (isInt || Number.isNaN(x) || !Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  return a !== 0 && (a < 1e-4 || a >= 1e6) ? x.toExponential(4) : String(Number(x.toPrecision(6)));
}

/** `tensor([[1, 2], [3, 4]], dtype=float32, requiresGrad)` style rendering (large tensors summarised). */
export function formatTensor(t: Tensor): string {
  const isInt = t.dtype === 'int32' || t.dtype === 'bool';
  const extras = [`dtype=${t.dtype}`];
  if (t.gradFn) extras.push(`gradFn=${t.gradFn.primitive}`);
  else if (t.requiresGrad) extras.push('requiresGrad=true');
  if (t.size > 1000) {
    return `tensor(shape=${fmtShape(t.shape)}, ${extras.join(', ')})`;
  }
  const render = (v: Nested, depth: number): string =>
    typeof v === 'number'
      ? fmtNum(v, isInt)
      : `[${v.map((x) => render(x, depth + 1)).join(Array.isArray(v[0]) ? `,\n${' '.repeat(depth + 8)}` : ', ')}]`;
  return `tensor(${render(t.toArray(), 0)}, ${extras.join(', ')})`;
}
