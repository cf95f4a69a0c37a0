// One vector-Jacobian product per primitive, written with ops (so higher-order gradients work).
// The table's type makes a missing rule a compile error. Rules return gradients shaped like the
// output where inputs were broadcast; the engine sums them back (sum-to-shape.ts).
//
// Conventions at kinks follow PyTorch: relu'(0) = 0, abs'(0) = 0, d/dx max(x) splits the gradient
// evenly among tied maxima, maximum/minimum give each side half at a tie.
//
// NOTE: the NaN rule (docs/nan-gradients.md): every gradient mask is PyTorch 1.13's comparison,
// evaluated with IEEE semantics (a comparison with NaN is false). So at a NaN input relu passes the
// gradient (its mask is `y <= 0 -> 0`), abs gives 0 (sign(NaN) is taken as 0), maximum/minimum pass
// it to both sides (their masks are `a < b -> 0` and `a > b -> 0`), and max pooling routes it to the
// window's last NaN. test/core/nan-gradients.test.ts checks these against committed PyTorch numbers.

import type { Tensor } from '../tensor/tensor.js';
import { where } from '../ops/elementwise.js';
import { reluGradPrim } from '../ops/rule-prims.js';
import { matmulPrim } from '../ops/linalg.js';
import { padPrim, slicePrim } from '../ops/shape.js';
import {
  conv2dInputGradPrim, conv2dPrim, conv2dWeightGradPrim, foldPrim, maxPoolGradPrim, maxPoolSelect, unfoldPrim,
} from '../ops/window-prims.js';
import type { Primitive, PrimitiveAttrs } from './primitives.js';

interface Ctx<A> {
  inputs: Tensor[];
  output: Tensor;
  attrs: A;
  /** Which inputs need a gradient (the engine ignores what a rule returns for the others). */
  needsGrad: readonly boolean[];
}

/** The vector-Jacobian product of a primitive with attributes A: output gradient in, input gradients out. */
export type GradRule<A> = (g: Tensor, ctx: Ctx<A>) => (Tensor | null)[];

const none: GradRule<PrimitiveAttrs['eq']> = () => [null, null];

function reduceMaxMin(g: Tensor, { inputs: [x], output, attrs }: Ctx<PrimitiveAttrs['max']>): Tensor[] {
  const keep = attrs.keepdim ? output : output.reshape(keptShape(x!.shape, attrs.axes));
  const gk = attrs.keepdim ? g : g.reshape(keep.shape);
  const mask = x!.eq(keep).to(x!.dtype);
  const count = mask.sum(attrs.axes, { keepdim: true });
  return [mask.mul(gk.div(count))];
}

function keptShape(shape: readonly number[], axes: readonly number[]): number[] {
  return shape.map((d, i) => (axes.includes(i) ? 1 : d));
}

/** The gradient table, keyed by primitive. */
export const GRAD_RULES: { [P in Primitive]: GradRule<PrimitiveAttrs[P]> } = {
  neg: (g) => [g.neg()],
  exp: (g, { output }) => [g.mul(output)],
  log: (g, { inputs: [x] }) => [g.div(x!)],
  sqrt: (g, { output }) => [g.div(output.mul(2))],
  // sign(x) with NaN -> 0 (PyTorch's sgn), so a NaN input gets gradient 0
  abs: (g, { inputs: [x] }) => [g.mul(where(x!.ne(x!), 0, x!.sign()))],
  sin: (g, { inputs: [x] }) => [g.mul(x!.cos())],
  cos: (g, { inputs: [x] }) => [g.mul(x!.sin()).neg()],
  tanh: (g, { output }) => [g.mul(output.mul(output).neg().add(1))],
  // sigma'(x) = sigma(x) * (1 - sigma(x)), from the output (the lecture's chain-rule slide).
  sigmoid: (g, { output }) => [g.mul(output.mul(output.neg().add(1)))],
  // relu'(0) = 0 (PyTorch); the lecture allows 0 or 1. One reluGrad pass (0 where relu(x) <= 0, else
  // g), PyTorch's threshold_backward: a NaN input passes the gradient through.
  relu: (g, { output }) => [reluGradPrim(g, output)],
  // linear in g; its derivative in y is 0 wherever it exists
  reluGrad: (gg, { inputs: [, y] }) => [reluGradPrim(gg, y!), null],
  sign: (g) => [g.mul(0)],
  // erf'(x) = 2/sqrt(pi) e^(-x^2)
  erf: (g, { inputs: [x] }) => [g.mul(x!.mul(x!).neg().exp().mul(2 / Math.sqrt(Math.PI)))],
  add: (g) => [g, g],
  sub: (g) => [g, g.neg()],
  mul: (g, { inputs: [a, b] }) => [g.mul(b!), g.mul(a!)],
  div: (g, { inputs: [a, b] }) => [g.div(b!), g.mul(a!).div(b!.mul(b!)).neg()],
  pow: (g, { inputs: [a, b], output }) => [
    // NOTE: b a^(b-1) is 0 * inf = NaN at a = 0, b = 0; the derivative of a^0 = 1 is 0 (PyTorch masks it).
    g.mul(where(b!.eq(0), 0, b!.mul(a!.pow(b!.sub(1))))),
    // NOTE: d/db a^b = a^b log a; at a = 0 the limit is 0 (PyTorch masks it the same way).
    b!.requiresGrad ? g.mul(output).mul(where(a!.eq(0), 0, a!.log())) : null,
  ],
  // PyTorch's masks: half each at a tie, 0 to the smaller (larger) side; NaN on either side passes
  // g to both, since no comparison with NaN holds.
  maximum: (g, { inputs: [a, b] }) => {
    const h = where(a!.eq(b!), g.mul(0.5), g);
    return [where(a!.lt(b!), 0, h), where(a!.gt(b!), 0, h)];
  },
  minimum: (g, { inputs: [a, b] }) => {
    const h = where(a!.eq(b!), g.mul(0.5), g);
    return [where(a!.gt(b!), 0, h), where(a!.lt(b!), 0, h)];
  },
  eq: none, ne: none, lt: none, le: none, gt: none, ge: none,
  where: (g, { inputs: [c] }) => [null, where(c!, g, 0), where(c!, 0, g)],
  cast: (g, { inputs: [x] }) => [g.to(x!.dtype)],
  sum: (g, { inputs: [x], attrs }) => [
    (attrs.keepdim ? g : g.reshape(keptShape(x!.shape, attrs.axes))).expand(x!.shape),
  ],
  max: reduceMaxMin,
  min: reduceMaxMin,
  argmax: () => [null],
  argmin: () => [null],
  // NOTE: only the products whose input needs a gradient are computed (the first layer's input
  // gradient alone is a fifth of an MLP's backward work).
  matmul: (g, { inputs: [a, b], attrs: { transA, transB }, needsGrad: [ga, gb] }) => {
    const mm = (x: Tensor, y: Tensor, tA: boolean, tB: boolean): Tensor => matmulPrim(x, y, { transA: tA, transB: tB });
    if (!transA && !transB) return [ga ? mm(g, b!, false, true) : null, gb ? mm(a!, g, true, false) : null];
    if (!transA && transB) return [ga ? mm(g, b!, false, false) : null, gb ? mm(g, a!, true, false) : null];
    if (transA && !transB) return [ga ? mm(b!, g, false, true) : null, gb ? mm(a!, g, false, false) : null];
    return [ga ? mm(b!, g, true, true) : null, gb ? mm(g, a!, true, true) : null];
  },
  reshape: (g, { inputs: [x] }) => [g.reshape(x!.shape)],
  permute: (g, { attrs: { perm } }) => {
    const inv = new Array<number>(perm.length);
    perm.forEach((p, i) => (inv[p] = i));
    return [g.permute(inv)];
  },
  // The sum over repeated axes happens in sumToShape, called by the engine.
  expand: (g) => [g],
  slice: (g, { inputs: [x], attrs: { begin, step } }) => {
    const shape = x!.shape;
    const hi = shape.map((d, i) => d - begin[i]! - (g.shape[i]! === 0 ? 0 : (g.shape[i]! - 1) * step[i]! + 1));
    return [padPrim(g, { lo: begin, hi, interior: step.map((s) => s - 1), value: 0 })];
  },
  pad: (g, { inputs: [x], attrs: { lo, interior } }) => {
    const end = x!.shape.map((d, i) => lo[i]! + Math.max(0, d - 1) * (interior[i]! + 1) + (d === 0 ? 0 : 1));
    return [slicePrim(g, { begin: lo, end, step: interior.map((s) => s + 1) })];
  },
  concat: (g, { inputs, attrs: { axis } }) => {
    let at = 0;
    return inputs.map((t) => {
      const begin = t.shape.map((_, i) => (i === axis ? at : 0));
      const end = g.shape.map((d, i) => (i === axis ? at + t.shape[axis]! : d));
      at += t.shape[axis]!;
      return slicePrim(g, { begin, end, step: g.shape.map(() => 1) });
    });
  },
  // unfold and fold are each other's adjoint (cells of unfold's padding are not inputs).
  unfold: (g, { attrs }) => [foldPrim(g, attrs)],
  fold: (g, { attrs }) => [unfoldPrim(g, { ...attrs, value: 0 })],
  // The window's first maximum gets the gradient (PyTorch's choice among ties), its last NaN if any.
  maxPool: (g, { inputs: [x], attrs }) => [maxPoolGradPrim(g, x!, attrs)],
  maxPoolGrad: (gg, { inputs: [, x], attrs }) => [maxPoolSelect(gg, x!, attrs), null],
  // conv2d and its two gradients are bilinear and each other's adjoints (unfold and fold are):
  // <g, conv2d(x, w)> = <conv2dInputGrad(g, w), x> = <conv2dWeightGrad(g, x), w>.
  // The bias's gradient sums g over the images and positions (two contiguous reductions).
  conv2d: (g, { inputs: [x, w], attrs, needsGrad: [gx, gw, gb] }) => [
    gx ? conv2dInputGradPrim(g, w!, attrs) : null,
    gw ? conv2dWeightGradPrim(g, x!, attrs) : null,
    gb ? g.reshape([g.shape[0]!, g.shape[1]!, -1]).sum(2).sum(0) : null,
  ],
  conv2dInputGrad: (gg, { inputs: [g, w], attrs, needsGrad: [dg, dw] }) => [
    dg ? conv2dPrim(gg, w!, attrs) : null,
    dw ? conv2dWeightGradPrim(g!, gg, attrs) : null,
  ],
  conv2dWeightGrad: (gw, { inputs: [g, x], attrs, needsGrad: [dg, dx] }) => [
    dg ? conv2dPrim(x!, gw, attrs) : null,
    dx ? conv2dInputGradPrim(g!, gw, attrs) : null,
  ],
};
