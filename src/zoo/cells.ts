// The chart's vocabulary: the 13 cell types of van Veen's "mostly complete chart of Neural Networks",
// groups of cells and the links between them. Models describe themselves with it (`cells()`).

import { ValueError } from '../errors.js';

/** The chart's 13 cell types, in the legend's order. */
export const CELL_TYPES = [
  'backfed input', 'input', 'noisy input',
  'hidden', 'probabilistic hidden', 'spiking hidden',
  'output', 'match input-output',
  'recurrent', 'memory', 'different memory',
  'kernel', 'convolution or pool',
] as const;

/** One of the chart's cell types. */
export type CellType = (typeof CELL_TYPES)[number];

/**
 * How two groups are wired: `full` (every cell to every cell), `one-to-one` (cell i to cell i),
 * `recurrent` (each cell to itself, from = to), `skip` (past the groups in between), `all-to-all`
 * (every cell to every other of the same group, from = to), `memory` (to and from memory cells).
 */
export type LinkKind = 'full' | 'one-to-one' | 'recurrent' | 'skip' | 'all-to-all' | 'memory';

/** The link kinds, for validation and the legend. */
export const LINK_KINDS: readonly LinkKind[] = ['full', 'one-to-one', 'recurrent', 'skip', 'all-to-all', 'memory'];

/** A layer of `size` cells of one type (drawn as at most 6 cells and an ellipsis). */
export interface CellGroup {
  type: CellType;
  size: number;
  /** A short note under the group (`3x3`, `states`); optional. */
  label?: string;
}

/** A link from group `from` to group `to` (indices into `groups`). */
export interface CellLink {
  from: number;
  to: number;
  kind: LinkKind;
}

/**
 * A model's chart cell: `layers` draws the groups as columns from input (left) to output (right);
 * `ring` puts every cell on one circle (networks without layers: Markov chain, Hopfield, Boltzmann).
 */
export interface CellDiagram {
  layout: 'layers' | 'ring';
  groups: CellGroup[];
  links: CellLink[];
}

/** Anything that can draw itself in the chart: zoo models implement `cells()` from their structure. */
export interface HasCells {
  cells(): CellDiagram;
}

/** True when `x` has a `cells()` method. */
export function hasCells(x: unknown): x is HasCells {
  return typeof x === 'object' && x !== null && typeof (x as { cells?: unknown }).cells === 'function';
}

/** Checks a diagram (types, positive integer sizes, link indices and kinds); a `ValueError` naming the fault. */
export function checkDiagram(op: string, d: CellDiagram): CellDiagram {
  if (d === null || typeof d !== 'object' || !Array.isArray(d.groups) || !Array.isArray(d.links)) throw new ValueError(`${op}: expected a cell diagram { layout, groups, links }`);
  if (d.layout !== 'layers' && d.layout !== 'ring') throw new ValueError(`${op}: layout must be 'layers' or 'ring', got '${String(d.layout)}'`);
  if (d.groups.length === 0) throw new ValueError(`${op}: a cell diagram needs at least one group`);
  d.groups.forEach((g, i) => {
    if (!(CELL_TYPES as readonly string[]).includes(g.type)) throw new ValueError(`${op}: group ${i} has cell type '${String(g.type)}'; valid types: ${CELL_TYPES.join(', ')}`);
    if (!Number.isInteger(g.size) || g.size < 1) throw new ValueError(`${op}: group ${i} (${g.type}) has size ${String(g.size)}, expected a positive integer`);
  });
  d.links.forEach((l, i) => {
    if (!LINK_KINDS.includes(l.kind)) throw new ValueError(`${op}: link ${i} has kind '${String(l.kind)}'; valid kinds: ${LINK_KINDS.join(', ')}`);
    for (const end of [l.from, l.to]) {
      if (!Number.isInteger(end) || end < 0 || end >= d.groups.length) throw new ValueError(`${op}: link ${i} (${l.kind}) points at group ${String(end)}, but there are ${d.groups.length} groups`);
    }
    if ((l.kind === 'recurrent' || l.kind === 'all-to-all') && l.from !== l.to) throw new ValueError(`${op}: link ${i} (${l.kind}) joins a group to itself, so from and to must be equal (got ${l.from} and ${l.to})`);
  });
  return d;
}
