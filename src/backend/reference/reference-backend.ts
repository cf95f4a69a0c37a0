// The reference backend: plain TypeScript over typed arrays. Slow but obviously right; every other
// backend is checked against it by the conformance suite.

import type { Backend } from '../backend.js';
import { stridesOf } from '../../tensor/shape.js';
import { fold, unfold } from './conv.js';
import { conv2d, conv2dInputGrad, conv2dWeightGrad } from './conv2d.js';
import { binary, unary, where } from './elementwise.js';
import { matmul } from './matmul.js';
import { maxPool, maxPoolGrad } from './pool.js';
import { permute } from './permute-runs.js';
import { reduce } from './reduce.js';
import { gatherStrided, scatterStrided } from './strided.js';

/** The plain-TypeScript backend (`'cpu'`). */
export const referenceBackend: Backend = {
  name: 'cpu',
  unary,
  binary,
  where,
  reduce,
  matmul,
  unfold,
  fold,
  maxPool,
  maxPoolGrad,
  conv2d,
  conv2dInputGrad,
  conv2dWeightGrad,
  permute,
  expand(x, shape, outShape, out) {
    const st = stridesOf(shape);
    gatherStrided(x, 0, shape.map((d, i) => (d === 1 ? 0 : st[i]!)), outShape, out);
  },
  slice(x, shape, begin, step, out, outShape) {
    const st = stridesOf(shape);
    let off = 0;
    for (let d = 0; d < shape.length; d++) off += begin[d]! * st[d]!;
    gatherStrided(x, off, st.map((s, d) => s * step[d]!), outShape, out);
  },
  pad(x, shape, lo, interior, value, out, outShape) {
    out.fill(value);
    const st = stridesOf(outShape);
    let off = 0;
    for (let d = 0; d < outShape.length; d++) off += lo[d]! * st[d]!;
    scatterStrided(x, shape, out, off, st.map((s, d) => s * (interior[d]! + 1)));
  },
  concat(xs, shapes, axis, out, outShape) {
    const st = stridesOf(outShape);
    let at = 0;
    xs.forEach((x, i) => {
      scatterStrided(x, shapes[i]!, out, at * st[axis]!, st);
      at += shapes[i]![axis]!;
    });
  },
  cast(x, out) {
    if (out instanceof Uint8Array) {
      for (let i = 0; i < x.length; i++) out[i] = x[i] !== 0 ? 1 : 0;
    } else if (out instanceof Int32Array) {
      for (let i = 0; i < x.length; i++) out[i] = Math.trunc(x[i]!);
    } else {
      for (let i = 0; i < x.length; i++) out[i] = x[i]!;
    }
  },
};
