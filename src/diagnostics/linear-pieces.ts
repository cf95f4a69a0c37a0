// Exact linear pieces of a ReLU network of one input on an interval: the function is piecewise
// linear, so the pieces are found by following each unit's affine form and splitting where a ReLU
// switches, not by sampling (the `depth` lesson counts Telgarsky's sawtooth with it).

import { ShapeError, ValueError } from '../errors.js';
import { ReLU } from '../nn/activation.js';
import { Identity } from '../nn/flatten.js';
import { Linear } from '../nn/linear.js';
import type { AnyModule } from '../nn/module.js';
import { Sequential } from '../nn/sequential.js';

/** Options of `linearPieces`. */
export interface LinearPiecesOptions {
  /** Interval start (default 0). */
  lo?: number;
  /** Interval end (default 1). */
  hi?: number;
  /** Adjacent pieces whose slopes differ by at most `tol * max(1, |slope|)` are one piece (default 1e-9). */
  tol?: number;
}

/** The linear pieces of a network's output on [lo, hi]. */
export interface LinearPieces {
  /** Number of maximal intervals on which the output is affine. */
  count: number;
  /** Interior points where the slope changes, increasing. */
  breakpoints: number[];
  /** Slope on each piece (`count` values). */
  slopes: number[];
}

interface Piece {
  lo: number;
  hi: number;
  /** Slope and intercept of every unit of the current layer. */
  a: Float64Array;
  c: Float64Array;
}

function flatten(m: AnyModule, out: AnyModule[]): AnyModule[] {
  if (m instanceof Sequential) for (const c of m) flatten(c, out);
  else out.push(m);
  return out;
}

function applyLinear(p: Piece, l: Linear): Piece {
  const [nOut, nIn] = l.weight.shape as [number, number];
  if (p.a.length !== nIn) throw new ShapeError(`linearPieces: Linear expects ${nIn} inputs, the layer before gives ${p.a.length}`);
  const w = l.weight.data;
  const b = l.bias?.data;
  const a = new Float64Array(nOut);
  const c = new Float64Array(nOut);
  for (let i = 0; i < nOut; i++) {
    let sa = 0;
    let sc = b ? Number(b[i]) : 0;
    for (let j = 0; j < nIn; j++) {
      sa += Number(w[i * nIn + j]) * p.a[j]!;
      sc += Number(w[i * nIn + j]) * p.c[j]!;
    }
    a[i] = sa;
    c[i] = sc;
  }
  return { lo: p.lo, hi: p.hi, a, c };
}

function applyRelu(p: Piece): Piece[] {
  const eps = 1e-12 * Math.max(1, Math.abs(p.lo), Math.abs(p.hi));
  const cuts = [p.lo];
  for (let i = 0; i < p.a.length; i++) {
    if (p.a[i] === 0) continue;
    const t = -p.c[i]! / p.a[i]!;
    if (t > p.lo + eps && t < p.hi - eps) cuts.push(t);
  }
  cuts.sort((x, y) => x - y);
  cuts.push(p.hi);
  const out: Piece[] = [];
  for (let k = 0; k + 1 < cuts.length; k++) {
    const lo = cuts[k]!;
    const hi = cuts[k + 1]!;
    if (hi - lo <= eps) continue;
    const mid = (lo + hi) / 2;
    const a = new Float64Array(p.a.length);
    const c = new Float64Array(p.a.length);
    for (let i = 0; i < p.a.length; i++) {
      if (p.a[i]! * mid + p.c[i]! > 0) {
        a[i] = p.a[i]!;
        c[i] = p.c[i]!;
      }
    }
    out.push({ lo, hi, a, c });
  }
  return out;
}

/**
 * The exact linear pieces on [lo, hi] of a network with one input and one output built from
 * `Linear`, `ReLU` and `Identity` layers (nested `Sequential`s allowed). Each unit is affine,
 * a*x + c, on each piece; a ReLU splits a piece where a unit's a*x + c crosses 0 (Telgarsky 2016,
 * "Benefits of depth in neural networks": k layers of 2 ReLUs reach 2^k pieces, one hidden layer of
 * width w at most w + 1). Adjacent pieces with the same slope are merged.
 */
export function linearPieces(model: AnyModule, { lo = 0, hi = 1, tol = 1e-9 }: LinearPiecesOptions = {}): LinearPieces {
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo < hi)) throw new ValueError(`linearPieces: need finite lo < hi, got lo=${lo}, hi=${hi}`);
  if (!(tol >= 0)) throw new ValueError(`linearPieces: tol must be >= 0, got ${tol}`);
  let pieces: Piece[] = [{ lo, hi, a: Float64Array.of(1), c: Float64Array.of(0) }];
  for (const m of flatten(model, [])) {
    if (m instanceof Linear) pieces = pieces.map((p) => applyLinear(p, m));
    else if (m instanceof ReLU) pieces = pieces.flatMap(applyRelu);
    else if (!(m instanceof Identity)) throw new ValueError(`linearPieces: only Linear, ReLU and Identity layers are supported, got ${m.constructor.name}`);
  }
  const width = pieces[0]!.a.length;
  if (width !== 1) throw new ShapeError(`linearPieces: the network must have one output, it has ${width}`);
  const slopes: number[] = [];
  const breakpoints: number[] = [];
  for (const p of pieces) {
    const s = p.a[0]!;
    const last = slopes.at(-1);
    if (last !== undefined && Math.abs(s - last) <= tol * Math.max(1, Math.abs(s), Math.abs(last))) continue;
    if (last !== undefined) breakpoints.push(p.lo);
    slopes.push(s);
  }
  return { count: slopes.length, breakpoints, slopes };
}
