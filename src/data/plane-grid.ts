// A grid over the plane of 2-D data, and the data as labelled points: what decision-boundary and
// feature-map pictures evaluate a model on (the CLI's run report and the lessons).

import { tensor } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';

/** Options of `planeGrid`: cells per side, and the margin as an absolute `pad` or a `padFraction` of the extent. */
export interface PlaneGridOptions {
  /** Cells per side (default 50). */
  n?: number;
  /** Margin added on each side, in data units (default 0.2 unless `padFraction` is given). */
  pad?: number;
  /** Margin as a fraction of the points' extent along each axis (a zero extent gets a margin of 1). */
  padFraction?: number;
}

/**
 * A square grid of cell centres over the bounding box of the 2-D points `x` [N, 2], widened on each
 * side by the margin; `points` holds the n*n centres as a float32 [n*n, 2] tensor, row-major in y.
 */
export function planeGrid(x: Tensor, { n = 50, pad = 0.2, padFraction }: PlaneGridOptions = {}): { xs: number[]; ys: number[]; points: Tensor } {
  const d = x.data;
  let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
  for (let i = 0; i < d.length; i += 2) {
    x0 = Math.min(x0, d[i]!); x1 = Math.max(x1, d[i]!);
    y0 = Math.min(y0, d[i + 1]!); y1 = Math.max(y1, d[i + 1]!);
  }
  const lin = (a: number, b: number): number[] => {
    const m = padFraction === undefined ? pad : (b - a) * padFraction || 1;
    return Array.from({ length: n }, (_, i) => a - m + ((b - a + 2 * m) * (i + 0.5)) / n);
  };
  const xs = lin(x0, x1);
  const ys = lin(y0, y1);
  const pts = new Float32Array(n * n * 2);
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) { pts[2 * (j * n + i)] = xs[i]!; pts[2 * (j * n + i) + 1] = ys[j]!; }
  return { xs, ys, points: tensor(pts, { shape: [n * n, 2] }) };
}

/** The first `max` rows of 2-D data as chart points `{ x, y, label }` (labels are class indices). */
export function labeledPoints(ds: { x: Tensor; y: Tensor }, max = Infinity): { x: number; y: number; label: number }[] {
  const out: { x: number; y: number; label: number }[] = [];
  const n = Math.min(max, ds.y.size);
  for (let i = 0; i < n; i++) out.push({ x: ds.x.data[2 * i]!, y: ds.x.data[2 * i + 1]!, label: ds.y.data[i]! });
  return out;
}
