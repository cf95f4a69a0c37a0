// A tiny, obviously-correct n-d array in plain JavaScript numbers (float64), independent of the
// library's kernels: the op database computes every op's expected forward values with it.

/** A row-major n-d array of plain numbers. */
export interface ND {
  shape: number[];
  data: number[];
}

/** Number of elements of `shape`. */
export function size(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function strides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i]!;
  }
  return s;
}

/** Builds an array of `shape` with element `f(index)`. */
export function fromFn(shape: readonly number[], f: (idx: number[]) => number): ND {
  const n = size(shape);
  const data = new Array<number>(n);
  const idx = new Array<number>(shape.length).fill(0);
  for (let p = 0; p < n; p++) {
    data[p] = f([...idx]);
    for (let d = shape.length - 1; d >= 0; d--) {
      idx[d]!++;
      if (idx[d]! < shape[d]!) break;
      idx[d] = 0;
    }
  }
  return { shape: [...shape], data };
}

/** The element at `idx`. */
export function at(x: ND, idx: readonly number[]): number {
  const st = strides(x.shape);
  let p = 0;
  for (let d = 0; d < idx.length; d++) p += idx[d]! * st[d]!;
  return x.data[p]!;
}

/** NumPy broadcast of shapes (no error handling: the library's own errors are tested elsewhere). */
export function bshape(...shapes: (readonly number[])[]): number[] {
  const n = Math.max(...shapes.map((s) => s.length));
  return Array.from({ length: n }, (_, i) => Math.max(...shapes.map((s) => s[s.length - n + i] ?? 1)));
}

/** Element of `x` seen broadcast at output index `idx`. */
export function atB(x: ND, idx: readonly number[]): number {
  const off = idx.length - x.shape.length;
  return at(x, x.shape.map((d, i) => (d === 1 ? 0 : idx[i + off]!)));
}

/** Elementwise map. */
export function map(x: ND, f: (v: number) => number): ND {
  return { shape: [...x.shape], data: x.data.map(f) };
}

/** Broadcast elementwise function of any number of arrays. */
export function zip(xs: ND[], f: (...v: number[]) => number): ND {
  const shape = bshape(...xs.map((x) => x.shape));
  return fromFn(shape, (idx) => f(...xs.map((x) => atB(x, idx))));
}

/** A 0-d array. */
export function scalar(v: number): ND {
  return { shape: [], data: [v] };
}

/** Normalises possibly negative axes (all when undefined). */
export function axesOf(axis: number | readonly number[] | undefined, rank: number): number[] {
  if (axis === undefined) return Array.from({ length: rank }, (_, i) => i);
  const list = typeof axis === 'number' ? [axis] : [...axis];
  return list.map((a) => (a < 0 ? a + rank : a)).sort((a, b) => a - b);
}

/** Reduction of `axes` with `combine` over the values of each output cell (given as a list). */
export function reduce(
  x: ND, axis: number | readonly number[] | undefined, keepdim: boolean, combine: (vals: number[]) => number,
): ND {
  const axes = axesOf(axis, x.shape.length);
  const kept = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const groups = new Map<number, number[]>();
  const kst = strides(kept);
  fromFn(x.shape, (idx) => {
    let p = 0;
    idx.forEach((v, d) => (p += (axes.includes(d) ? 0 : v) * kst[d]!));
    const g = groups.get(p) ?? [];
    g.push(at(x, idx));
    groups.set(p, g);
    return 0;
  });
  const data = Array.from({ length: size(kept) }, (_, p) => combine(groups.get(p) ?? []));
  return { shape: keepdim ? kept : x.shape.filter((_, i) => !axes.includes(i)), data };
}

/** Sum, max, min and friends as list combiners. */
export const comb = {
  sum: (v: number[]): number => v.reduce((a, b) => a + b, 0),
  max: (v: number[]): number => Math.max(...v),
  min: (v: number[]): number => Math.min(...v),
  argmax: (v: number[]): number => v.indexOf(Math.max(...v)),
  argmin: (v: number[]): number => v.indexOf(Math.min(...v)),
  mean: (v: number[]): number => v.reduce((a, b) => a + b, 0) / v.length,
  logsumexp: (v: number[]): number => {
    const m = Math.max(...v);
    return m + Math.log(v.reduce((a, b) => a + Math.exp(b - m), 0));
  },
  variance: (correction: number) => (v: number[]): number => {
    const m = v.reduce((a, b) => a + b, 0) / v.length;
    return v.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(v.length - correction, 0);
  },
};

/** Same data, new shape. */
export function reshape(x: ND, shape: readonly number[]): ND {
  return { shape: [...shape], data: [...x.data] };
}

/** Output axis i is input axis perm[i]. */
export function permute(x: ND, perm: readonly number[]): ND {
  return fromFn(perm.map((p) => x.shape[p]!), (idx) => {
    const src = new Array<number>(perm.length);
    perm.forEach((p, i) => (src[p] = idx[i]!));
    return at(x, src);
  });
}

/** Broadcast to `shape`. */
export function expandTo(x: ND, shape: readonly number[]): ND {
  return fromFn(shape, (idx) => atB(x, idx));
}

/** Strided window with per-axis begin/end/step. */
export function sliceND(x: ND, begin: readonly number[], end: readonly number[], step: readonly number[]): ND {
  const shape = begin.map((b, i) => Math.max(0, Math.ceil((end[i]! - b) / step[i]!)));
  return fromFn(shape, (idx) => at(x, idx.map((v, d) => begin[d]! + v * step[d]!)));
}

/** Python-style `start:end:step` along one axis. */
export function sliceAxis(x: ND, axis: number, start?: number, end?: number, step = 1): ND {
  const n = x.shape[axis]!;
  const c = (i: number): number => Math.min(n, Math.max(0, i < 0 ? i + n : i));
  const b = start === undefined ? 0 : c(start);
  const e = Math.max(b, end === undefined ? n : c(end));
  const begin = x.shape.map((_, i) => (i === axis ? b : 0));
  const stop = x.shape.map((d, i) => (i === axis ? e : d));
  return sliceND(x, begin, stop, x.shape.map((_, i) => (i === axis ? step : 1)));
}

/** Constant padding with interior cells. */
export function padND(x: ND, lo: readonly number[], hi: readonly number[], interior: readonly number[], value: number): ND {
  const shape = x.shape.map((d, i) => lo[i]! + hi[i]! + d + Math.max(0, d - 1) * interior[i]!);
  return fromFn(shape, (idx) => {
    const src: number[] = [];
    for (let d = 0; d < idx.length; d++) {
      const j = idx[d]! - lo[d]!;
      const s = interior[d]! + 1;
      if (j < 0 || j % s !== 0 || j / s >= x.shape[d]!) return value;
      src.push(j / s);
    }
    return at(x, src);
  });
}

/** Concatenation along `axis`. */
export function concatND(xs: ND[], axis: number): ND {
  const shape = [...xs[0]!.shape];
  shape[axis] = xs.reduce((s, x) => s + x.shape[axis]!, 0);
  return fromFn(shape, (idx) => {
    let i = idx[axis]!;
    for (const x of xs) {
      if (i < x.shape[axis]!) return at(x, idx.map((v, d) => (d === axis ? i : v)));
      i -= x.shape[axis]!;
    }
    return NaN;
  });
}

/** NumPy matmul (1-D promotion, broadcast batch axes). */
export function matmulND(a: ND, b: ND): ND {
  const a2 = a.shape.length === 1 ? reshape(a, [1, a.shape[0]!]) : a;
  const b2 = b.shape.length === 1 ? reshape(b, [b.shape[0]!, 1]) : b;
  const [m, k] = a2.shape.slice(-2) as [number, number];
  const n = b2.shape[b2.shape.length - 1]!;
  const batch = bshape(a2.shape.slice(0, -2), b2.shape.slice(0, -2));
  const full = fromFn([...batch, m, n], (idx) => {
    const bi = idx.slice(0, -2);
    const [i, j] = idx.slice(-2) as [number, number];
    let s = 0;
    for (let p = 0; p < k; p++) {
      s += atB(a2, [...bi, i, p]) * atB(b2, [...bi, p, j]);
    }
    return s;
  });
  const shape = [...batch, m, n];
  if (a.shape.length === 1) shape.splice(shape.length - 2, 1);
  if (b.shape.length === 1) shape.splice(shape.length - 1, 1);
  return reshape(full, shape);
}

/** Plain-number versions of the unary functions. */
export const fn = {
  sigmoid: (x: number): number => 1 / (1 + Math.exp(-x)),
  relu: (x: number): number => (x > 0 ? x : 0),
  sign: (x: number): number => (x > 0 ? 1 : x < 0 ? -1 : 0),
};
