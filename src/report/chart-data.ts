// Input checks and data shaping shared by the charts: finite-value filtering with a note for the
// subtitle, grids (cell edges, run-length merged cells) and the error messages users see.

import { ShapeError, ValueError } from '../errors.js';

/** A function value on a rectangular grid: `values[j][i]` is the value at `(xs[i], ys[j])`. */
export interface Grid {
  /** Cell centers along x, strictly increasing. */
  xs: ArrayLike<number>;
  /** Cell centers along y, strictly increasing. */
  ys: ArrayLike<number>;
  /** `ys.length` rows of `xs.length` values, or one flat row-major array of `ys.length * xs.length`. */
  values: ArrayLike<ArrayLike<number>> | ArrayLike<number>;
}

/** A grid after validation: flat row-major values (`values[j * nx + i]`) and cell edges. */
export interface CheckedGrid {
  nx: number;
  ny: number;
  values: Float64Array;
  xEdges: Float64Array;
  yEdges: Float64Array;
}

/** One merged cell: the x range `[x, x2]` of consecutive cells in a row that share `v`. */
export interface CellRun {
  x: number;
  x2: number;
  y: number;
  y2: number;
  v: number;
}

/** Throws a `ValueError` unless `a` is a non-empty array of numbers. */
export function checkNumbers(fn: string, name: string, a: unknown): ArrayLike<number> {
  if (a === null || typeof a !== 'object' || typeof (a as ArrayLike<number>).length !== 'number') {
    throw new ValueError(`${fn}: ${name} must be an array of numbers, got ${describe(a)}`);
  }
  const arr = a as ArrayLike<number>;
  for (let i = 0; i < arr.length; i++) {
    if (typeof arr[i] !== 'number') throw new ValueError(`${fn}: ${name}[${i}] must be a number, got ${describe(arr[i])}`);
  }
  return arr;
}

/** Throws a `ShapeError` unless `b` has the length of `a`. */
export function checkSameLength(fn: string, names: [string, string], a: ArrayLike<unknown>, b: ArrayLike<unknown>): void {
  if (a.length !== b.length) {
    throw new ShapeError(`${fn}: ${names[1]} has ${b.length} values but ${names[0]} has ${a.length}`);
  }
}

/** Counts values skipped for a chart and words the note shown under its title. */
export class SkipCounter {
  private nonFinite = 0;
  private nonPositive = 0;

  /** True when `v` can be drawn (finite, and positive on a log axis); counts it otherwise. */
  keep(v: number, opts: { log?: boolean } = {}): boolean {
    if (!Number.isFinite(v)) {
      this.nonFinite++;
      return false;
    }
    if (opts.log === true && v <= 0) {
      this.nonPositive++;
      return false;
    }
    return true;
  }

  /** `"2 NaN/Inf values skipped"` style note, or undefined when nothing was skipped. */
  note(): string | undefined {
    const parts: string[] = [];
    if (this.nonFinite > 0) parts.push(`${this.nonFinite} NaN/Inf value${this.nonFinite === 1 ? '' : 's'} skipped`);
    if (this.nonPositive > 0) parts.push(`${this.nonPositive} value${this.nonPositive === 1 ? '' : 's'} <= 0 skipped (log scale)`);
    return parts.length ? parts.join('; ') : undefined;
  }
}

/** Joins a user subtitle and a skip note into vega-lite's `subtitle` (string or lines). */
export function subtitle(user: string | undefined, note: string | undefined): string[] | undefined {
  const lines = [user, note].filter((s): s is string => s !== undefined && s !== '');
  return lines.length ? lines : undefined;
}

/** Validates a grid (sizes, increasing centers) and returns flat values plus cell edges. */
export function checkGrid(fn: string, grid: Grid): CheckedGrid {
  if (grid === null || typeof grid !== 'object') throw new ValueError(`${fn}: grid must be { xs, ys, values }, got ${describe(grid)}`);
  const xs = checkNumbers(fn, 'grid.xs', grid.xs);
  const ys = checkNumbers(fn, 'grid.ys', grid.ys);
  const nx = xs.length;
  const ny = ys.length;
  if (nx < 2 || ny < 2) throw new ShapeError(`${fn}: grid needs at least 2 x and 2 y values, got ${nx} x ${ny}`);
  const values = new Float64Array(nx * ny);
  const raw = grid.values as ArrayLike<unknown>;
  if (raw === null || typeof raw !== 'object' || typeof raw.length !== 'number') {
    throw new ValueError(`${fn}: grid.values must be an array, got ${describe(raw)}`);
  }
  if (raw.length > 0 && typeof raw[0] === 'number') {
    const flat = checkNumbers(fn, 'grid.values', raw);
    if (flat.length !== nx * ny) throw new ShapeError(`${fn}: flat grid.values has ${flat.length} values but xs x ys is ${nx} x ${ny} = ${nx * ny}`);
    for (let k = 0; k < flat.length; k++) values[k] = flat[k] as number;
  } else {
    if (raw.length !== ny) throw new ShapeError(`${fn}: grid.values has ${raw.length} rows but ys has ${ny} values`);
    for (let j = 0; j < ny; j++) {
      const row = checkNumbers(fn, `grid.values[${j}]`, raw[j]);
      if (row.length !== nx) throw new ShapeError(`${fn}: grid.values[${j}] has ${row.length} values but xs has ${nx}`);
      for (let i = 0; i < nx; i++) values[j * nx + i] = row[i] as number;
    }
  }
  return { nx, ny, values, xEdges: edges(fn, 'grid.xs', xs), yEdges: edges(fn, 'grid.ys', ys) };
}

/** Cell edges halfway between increasing centers, the outer ones half a step beyond. */
function edges(fn: string, name: string, c: ArrayLike<number>): Float64Array {
  const n = c.length;
  const e = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    const v = c[i] as number;
    if (!Number.isFinite(v)) throw new ValueError(`${fn}: ${name}[${i}] is ${v}; grid coordinates must be finite`);
    if (i > 0 && !(v > (c[i - 1] as number))) throw new ValueError(`${fn}: ${name} must be strictly increasing (${name}[${i - 1}] = ${c[i - 1]}, ${name}[${i}] = ${v})`);
  }
  for (let i = 1; i < n; i++) e[i] = ((c[i - 1] as number) + (c[i] as number)) / 2;
  e[0] = (c[0] as number) - ((c[1] as number) - (c[0] as number)) / 2;
  e[n] = (c[n - 1] as number) + ((c[n - 1] as number) - (c[n - 2] as number)) / 2;
  return e;
}

/**
 * Merges horizontally adjacent cells with equal `level(value)` into one rect each, so a 200 x 200
 * grid of a few classes or levels becomes a few thousand marks instead of 40,000.
 * Cells whose level is NaN (non-finite input) are left out.
 */
export function cellRuns(g: CheckedGrid, level: (v: number) => number): CellRun[] {
  const out: CellRun[] = [];
  for (let j = 0; j < g.ny; j++) {
    let i = 0;
    while (i < g.nx) {
      const v = level(g.values[j * g.nx + i] as number);
      let k = i + 1;
      while (k < g.nx && Object.is(level(g.values[j * g.nx + k] as number), v)) k++;
      if (!Number.isNaN(v)) out.push({ x: g.xEdges[i] as number, x2: g.xEdges[k] as number, y: g.yEdges[j] as number, y2: g.yEdges[j + 1] as number, v });
      i = k;
    }
  }
  return out;
}

/** Rounds to 6 significant digits so the SVG does not carry float noise (and stays stable). */
export function round6(v: number): number {
  return Number.isFinite(v) ? Number(v.toPrecision(6)) : v;
}

/** Short description of a bad value for messages: `undefined`, `"abc" (string)`, `object`. */
export function describe(v: unknown): string {
  if (v === undefined || v === null) return String(v);
  if (typeof v === 'string') return `"${v.length > 20 ? `${v.slice(0, 20)}...` : v}" (string)`;
  if (typeof v === 'number' || typeof v === 'boolean') return `${String(v)} (${typeof v})`;
  return Array.isArray(v) ? 'array' : typeof v;
}

/** Common size and text options of every chart. */
export interface ChartOptions {
  /** Chart title (each chart has a default). */
  title?: string;
  /** A line under the title (notes about skipped values are added after it). */
  subtitle?: string;
  /** Plot-area width in pixels (default ~560 so the whole picture is about 640 wide). */
  width?: number;
  /** Plot-area height in pixels (default ~320 so the whole picture is about 400 high). */
  height?: number;
}

/** Checks a width/height option: a positive finite number of pixels. */
export function checkSize(fn: string, name: string, v: number | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 10 || v > 10000) {
    throw new ValueError(`${fn}: ${name} must be a number of pixels in [10, 10000], got ${describe(v)}`);
  }
  return v;
}
