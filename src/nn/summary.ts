// Model summary (like Keras' `model.summary()` / torchinfo): every layer with its output shape and
// parameter count, found by one forward pass on zeros with forward hooks on every module.

import { ValueError, fmtShape } from '../errors.js';
import { noGrad } from '../autograd/grad-mode.js';
import { zeros } from '../tensor/creation.js';
import { Tensor } from '../tensor/tensor.js';
import type { AnyModule, HookHandle, Module } from './module.js';

/** Options of `Module.summary`. */
export interface SummaryOptions {
  /** Shape of the input including the batch axis, e.g. `[1, 784]`; a list of shapes for several inputs. */
  inputShape: readonly number[] | readonly (readonly number[])[];
  /** dtype of the zero input (default float32). */
  dtype?: 'float32' | 'float64';
}

/** One row of a summary. */
export interface SummaryRow {
  /** Dotted name from the root ('' for the root itself). */
  name: string;
  /** Class name. */
  type: string;
  /** Depth in the tree (root = 0). */
  depth: number;
  /** Shape of the (last) output, or null when the module was not called or returned no tensor. */
  outputShape: readonly number[] | null;
  /** Elements of the module's own (direct) parameters, shared ones counted at first use. */
  params: number;
}

/** The data of a summary: rows plus totals. */
export interface Summary {
  model: string;
  inputShapes: (readonly number[])[];
  rows: SummaryRow[];
  totalParams: number;
  trainableParams: number;
}

/** Runs `module` on zeros of `inputShape` (eval mode, no gradients; modes restored) and collects rows. */
export function summarize(module: AnyModule, { inputShape, dtype = 'float32' }: SummaryOptions): Summary {
  const shapes = (Array.isArray(inputShape[0]) ? inputShape : [inputShape]) as (readonly number[])[];
  if (shapes.length === 0 || shapes.some((s) => !s.every((d) => Number.isInteger(d) && d >= 0))) {
    throw new ValueError(`summary: inputShape must be a shape like [1, 784] (batch axis included), got ${JSON.stringify(inputShape)}`);
  }
  const named = module.namedModules();
  const outShapes = new Map<AnyModule, readonly number[] | null>();
  const handles: HookHandle[] = named.map(([, m]) =>
    (m as unknown as Module<unknown[], unknown>).registerForwardHook((_mod, _in, out) => {
      outShapes.set(m, out instanceof Tensor ? out.shape : null);
    }),
  );
  const modes = named.map(([, m]) => m.training);
  try {
    module.eval();
    noGrad(() => (module as unknown as Module<Tensor[], unknown>).call(...shapes.map((s) => zeros(s, { dtype }))));
  } finally {
    handles.forEach((h) => h.remove());
    named.forEach(([, m], i) => (m.training = modes[i]!));
  }
  const seen = new Set<Tensor>();
  const rows = named.map(([name, m]): SummaryRow => {
    const direct = m.namedParameters().filter(([n]) => !n.includes('.') || isOwnArrayParam(m, n));
    let params = 0;
    for (const [, p] of direct) {
      if (seen.has(p)) continue;
      seen.add(p);
      params += p.size;
    }
    return { name, type: m.constructor.name, depth: name === '' ? 0 : name.split('.').length, outputShape: outShapes.get(m) ?? null, params };
  });
  return {
    model: module.constructor.name,
    inputShapes: shapes,
    rows,
    totalParams: module.numParameters(),
    trainableParams: module.numParameters({ trainableOnly: true }),
  };
}

/** True when dotted `name` is a parameter held in an array field of `m` itself (`weights.0`). */
function isOwnArrayParam(m: AnyModule, name: string): boolean {
  const [field, idx, ...rest] = name.split('.');
  const v = (m as unknown as Record<string, unknown>)[field!];
  return rest.length === 0 && Array.isArray(v) && v[Number(idx)] instanceof Tensor;
}

/** Formats a summary as a fixed-width table with totals. */
export function formatSummary(s: Summary): string {
  const body = s.rows.slice(1).map((r) => [
    `${'  '.repeat(r.depth - 1)}${r.name} (${r.type})`,
    r.outputShape ? fmtShape(r.outputShape) : '--',
    r.params.toLocaleString('en-US'),
  ]);
  const root = s.rows[0]!;
  const head = ['Layer (type)', 'Output shape', 'Params'];
  const all = [head, ...body];
  const w = [0, 1, 2].map((c) => Math.max(...all.map((r) => r[c]!.length)));
  const line = (r: string[]): string => `${r[0]!.padEnd(w[0]!)}  ${r[1]!.padEnd(w[1]!)}  ${r[2]!.padStart(w[2]!)}`.trimEnd();
  const rule = '-'.repeat(w[0]! + w[1]! + w[2]! + 4);
  const fmt = (n: number): string => n.toLocaleString('en-US');
  return [
    `${s.model} summary (input ${s.inputShapes.map(fmtShape).join(', ')})`,
    rule,
    line(head),
    rule,
    ...body.map(line),
    rule,
    `Output: ${root.outputShape ? fmtShape(root.outputShape) : '--'}`,
    `Total params: ${fmt(s.totalParams)}`,
    `Trainable params: ${fmt(s.trainableParams)}`,
    `Non-trainable params: ${fmt(s.totalParams - s.trainableParams)}`,
  ].join('\n');
}
