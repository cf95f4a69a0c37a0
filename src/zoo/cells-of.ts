// Chart cells for the library's own layers, read from their structure (Linear sizes, Conv2d channels,
// Residual's skip), so a zoo entry built from nn modules draws itself. One adapter per layer class.

import { ValueError } from '../errors.js';
import { ELU, LeakyReLU, LogSoftmax, PReLU, ReLU, SiLU, Sigmoid, Softmax, Swish, Tanh } from '../nn/activation.js';
import { BatchNorm1d } from '../nn/batch-norm.js';
import { BatchNorm2d } from '../nn/batch-norm2d.js';
import { Conv2d, ConvTranspose2d } from '../nn/conv.js';
import { Dropout } from '../nn/dropout.js';
import { Dropout2d } from '../nn/dropout2d.js';
import { Flatten, Identity, Unflatten } from '../nn/flatten.js';
import { LayerNorm } from '../nn/layer-norm.js';
import { Linear } from '../nn/linear.js';
import { AdaptiveAvgPool2d, AvgPool2d, MaxPool2d } from '../nn/pooling.js';
import { Residual } from '../nn/residual.js';
import { Sequential } from '../nn/sequential.js';
import { checkDiagram, hasCells, type CellDiagram, type CellGroup, type CellType, type LinkKind } from './cells.js';

/**
 * A layer's part of a diagram: its own groups, and links among them or from `'in'` (the group that
 * feeds the layer). `inputSize` is the size of the input group the layer expects when it comes first.
 */
export interface CellFragment {
  inputSize?: number;
  groups: CellGroup[];
  links: { from: number | 'in'; to: number; kind: LinkKind }[];
}

/** What an adapter knows about the layers before it: the size of the group feeding it. */
export interface CellContext {
  prevSize?: number;
  /** Walks a child module (for containers). */
  walk(module: unknown, ctx: { prevSize?: number }): CellFragment | null;
}

/** Maps one layer class to its fragment; `null` means "draws no cells" (activations, dropout, norms). */
export interface CellAdapter {
  matches(module: unknown): boolean;
  fragment(module: never, ctx: CellContext): CellFragment | null;
}

type Ctor<T> = abstract new (...args: never[]) => T;

/** An adapter for instances of `cls` (the one-line way to plug a layer class into the chart). */
export function cellAdapter<T>(cls: Ctor<T>, fragment: (module: T, ctx: CellContext) => CellFragment | null): CellAdapter {
  return { matches: (m) => m instanceof cls, fragment: fragment as (module: never, ctx: CellContext) => CellFragment | null };
}

/** A layer of `size` cells fed fully by the group before it. */
export function denseFragment(inputSize: number | undefined, size: number, type: CellType = 'hidden', label?: string): CellFragment {
  return { inputSize, groups: [{ type, size, ...(label === undefined ? {} : { label }) }], links: [{ from: 'in', to: 0, kind: 'full' }] };
}

/** The fields every recurrent layer has (`torch.nn.RNN`/`LSTM`/`GRU`): what its cells are drawn from. */
export interface RecurrentShape {
  inputSize: number;
  hiddenSize: number;
  numLayers?: number;
  bidirectional?: boolean;
}

/**
 * The cells of a recurrent stack: `numLayers` groups of `hiddenSize` cells of `type` ('recurrent'
 * for RNN, 'memory' for LSTM, 'different memory' for GRU), each linked to itself, fed fully from
 * below. A bidirectional layer has 2 x hiddenSize cells. Plugging `nn.LSTM` in is one line:
 * `cellAdapter(LSTM, (m) => recurrentFragment(m, 'memory'))` in `CELL_ADAPTERS`.
 */
export function recurrentFragment(layer: RecurrentShape, type: 'recurrent' | 'memory' | 'different memory'): CellFragment {
  const layers = layer.numLayers ?? 1;
  for (const [k, v] of [['inputSize', layer.inputSize], ['hiddenSize', layer.hiddenSize], ['numLayers', layers]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new ValueError(`recurrentFragment: ${k} must be a positive integer, got ${String(v)}`);
  }
  const dirs = layer.bidirectional === true ? 2 : 1;
  const f: CellFragment = { inputSize: layer.inputSize, groups: [], links: [] };
  for (let l = 0; l < layers; l++) {
    f.groups.push({ type, size: layer.hiddenSize * dirs, ...(dirs === 2 ? { label: 'both ways' } : {}) });
    f.links.push({ from: l === 0 ? 'in' : l - 1, to: l, kind: 'full' }, { from: l, to: l, kind: 'recurrent' });
  }
  return f;
}

const transparent = (): null => null;

/** Concatenates fragments in order: each one is fed by the last group of the one before. */
function chain(frags: CellFragment[]): CellFragment | null {
  if (frags.length === 0) return null;
  const out: CellFragment = { inputSize: frags[0]!.inputSize, groups: [], links: [] };
  for (const f of frags) {
    const off = out.groups.length;
    const prev = off === 0 ? 'in' : off - 1;
    out.groups.push(...f.groups);
    for (const l of f.links) out.links.push({ from: l.from === 'in' ? prev : l.from + off, to: l.to + off, kind: l.kind });
  }
  return out;
}

/**
 * The adapters for the library's layers, tried in order. The recurrent layers (src/nn/recurrent/)
 * plug in here with one `cellAdapter(...)` line each (see `recurrentFragment`).
 */
export const CELL_ADAPTERS: CellAdapter[] = [
  cellAdapter(Linear, (m) => denseFragment(m.inFeatures, m.outFeatures)),
  cellAdapter(Conv2d, (m) => denseFragment(m.inChannels, m.outChannels, 'kernel', `${m.kernelSize[0]}x${m.kernelSize[1]}`)),
  cellAdapter(ConvTranspose2d, (m) => denseFragment(m.inChannels, m.outChannels, 'kernel', `${m.kernelSize[0]}x${m.kernelSize[1]}T`)),
  ...[MaxPool2d, AvgPool2d, AdaptiveAvgPool2d].map((cls) => cellAdapter(cls as Ctor<unknown>, (_m, ctx) => ({
    inputSize: ctx.prevSize ?? 1, groups: [{ type: 'convolution or pool' as const, size: ctx.prevSize ?? 1 }], links: [{ from: 'in' as const, to: 0, kind: 'one-to-one' as const }],
  }))),
  cellAdapter(Sequential, (m, ctx) => {
    const frags: CellFragment[] = [];
    let prevSize = ctx.prevSize;
    for (const child of m) {
      const f = ctx.walk(child, { prevSize });
      if (f === null) continue;
      frags.push(f);
      prevSize = f.groups[f.groups.length - 1]!.size;
    }
    return chain(frags);
  }),
  cellAdapter(Residual, (m, ctx) => {
    const body = ctx.walk(m.body, { prevSize: ctx.prevSize });
    if (body === null) return null;
    return { ...body, links: [...body.links, { from: 'in', to: body.groups.length - 1, kind: 'skip' }] };
  }),
  ...[Sigmoid, Tanh, ReLU, LeakyReLU, PReLU, ELU, Swish, SiLU, Softmax, LogSoftmax, Dropout, Dropout2d, Flatten, Unflatten, Identity, BatchNorm1d, BatchNorm2d, LayerNorm]
    .map((cls) => cellAdapter(cls as Ctor<unknown>, transparent)),
];

function walk(module: unknown, ctx: { prevSize?: number }): CellFragment | null {
  if (hasCells(module)) {
    // A model that draws itself inside a container: its first group is its input.
    const d = module.cells();
    return { inputSize: d.groups[0]!.size, groups: d.groups.slice(1), links: d.links.map((l) => ({ from: l.from === 0 ? 'in' as const : l.from - 1, to: l.to - 1, kind: l.kind })) };
  }
  const a = CELL_ADAPTERS.find((x) => x.matches(module));
  if (a === undefined) {
    const name = (module as { constructor?: { name?: string } } | null)?.constructor?.name ?? typeof module;
    throw new ValueError(`cellsOf: no chart cells for ${name}; give it a cells() method or add a cellAdapter for it to CELL_ADAPTERS`);
  }
  return a.fragment(module as never, { ...ctx, walk });
}

/** Options of `cellsOf`. */
export interface CellsOfOptions {
  /** Type of the input group (default 'input'; 'noisy input' for a denoising AE, 'backfed input' ...). */
  inputType?: CellType;
  /** Type of the last group when it is a plain hidden layer (default 'output'; 'match input-output' for AEs). */
  outputType?: CellType;
}

/**
 * The chart cell of a model: its own `cells()` when it has one, else read from its layers through
 * `CELL_ADAPTERS` (input group, one group per layer, the last hidden group drawn as output).
 * @example
 * cellsOf(new nn.Sequential(new nn.Linear({ inFeatures: 2, outFeatures: 3 }), new nn.Tanh(), new nn.Linear({ inFeatures: 3, outFeatures: 1 })))
 * // { layout: 'layers', groups: [input 2, hidden 3, output 1], links: [full, full] }
 */
export function cellsOf(model: unknown, opts: CellsOfOptions = {}): CellDiagram {
  if (hasCells(model)) return checkDiagram('cellsOf', model.cells());
  const f = walk(model, {});
  if (f === null || f.inputSize === undefined) throw new ValueError('cellsOf: the model has no layer that draws cells (only activations, dropout or norms)');
  const groups: CellGroup[] = [{ type: opts.inputType ?? 'input', size: f.inputSize }, ...f.groups.map((g) => ({ ...g }))];
  const last = groups[groups.length - 1]!;
  if (groups.length > 1 && last.type === 'hidden') last.type = opts.outputType ?? 'output';
  const links = f.links.map((l) => ({ from: l.from === 'in' ? 0 : l.from + 1, to: l.to + 1, kind: l.kind }));
  return checkDiagram('cellsOf', { layout: 'layers', groups, links });
}
