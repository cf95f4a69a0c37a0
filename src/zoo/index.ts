// The Neural Network Zoo: every architecture of the lecture's chart as an entry (paper, task, bar),
// the built ones with a seeded run, pictures and their chart cell drawn from the model object.

import { ValueError } from '../errors.js';
import { CATALOGUE } from './catalogue.js';
import { drawChart } from './draw-chart.js';
import { chartName, type BuiltEntry, type ZooEntry, type ZooOptions, type ZooReport, type ZooResult } from './entry.js';
import { mcEntry } from './markov/mc.js';

export { CELL_TYPES, LINK_KINDS, checkDiagram, hasCells } from './cells.js';
export type { CellType, LinkKind, CellGroup, CellLink, CellDiagram, HasCells } from './cells.js';
export { cellsOf, cellAdapter, denseFragment, recurrentFragment, CELL_ADAPTERS } from './cells-of.js';
export type { CellFragment, CellContext, CellAdapter, CellsOfOptions, RecurrentShape } from './cells-of.js';
export { drawCells, cellShape, diagramElements, legendElements, linkLegendElements, MAX_DRAWN_CELLS } from './draw-cells.js';
export type { DrawCellsOptions } from './draw-cells.js';
export { drawChart } from './draw-chart.js';
export type { ChartPanel } from './draw-chart.js';
export { meetsBar, formatBar, check, chartName } from './entry.js';
export type { ZooBar, ZooCheck, ZooProgress, ZooOptions, ZooResult, ZooReport, ZooEntryInfo, PlannedEntry, BuiltEntry, ZooEntry } from './entry.js';
export { CATALOGUE } from './catalogue.js';
export { MarkovChain } from './markov/markov-chain.js';
export type { MarkovChainOptions, MarkovFitOptions, MarkovSampleOptions, StationaryOptions } from './markov/markov-chain.js';
export { charVocab, fitCharChain, sampleText } from './markov/char-chain.js';
export type { CharVocab, CharChainOptions, CharChainFit } from './markov/char-chain.js';
export { NEURITE_DOCS_TEXT } from './markov/corpus.js';
export { mcEntry, MC_TASK_P, MC_STEPS, MC_BARS, MC_FULL_SEEDS } from './markov/mc.js';
export type { McResult, McEstimate } from './markov/mc.js';

/** The built entries; adding an architecture is one file and one line here. */
const BUILT: readonly BuiltEntry<never>[] = [mcEntry] as unknown as readonly BuiltEntry<never>[];

/** All 27 entries in the lecture's order; those not built yet have status 'not yet'. */
export const ZOO: readonly ZooEntry[] = CATALOGUE.map((info): ZooEntry => (BUILT.find((b) => b.name === info.name) as ZooEntry | undefined) ?? { ...info, status: 'not yet' });

/** Normalises a name for lookup: lower case, only letters and digits (`Long / Short Term Memory` -> `longshorttermmemory`). */
const norm = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** The entry called `name`: its abbreviation in any case, its chart name, or `Title (ABBR)`; a `ValueError` listing the names otherwise. */
export function findEntry(name: string): ZooEntry {
  const n = norm(String(name));
  const e = ZOO.find((x) => norm(x.name) === n || norm(x.title) === n || norm(chartName(x)) === n);
  if (e === undefined) throw new ValueError(`zoo: unknown architecture '${name}'; valid names: ${ZOO.map((x) => x.name).join(', ')}`);
  return e;
}

/** Names of the built entries. */
export function builtNames(): string[] {
  return ZOO.filter((e) => e.status === 'built').map((e) => e.name);
}

/** The built entry called `name`; a `ValueError` for unknown names and for architectures not built yet. */
export function getEntry(name: string): BuiltEntry<ZooResult> {
  const e = findEntry(name);
  if (e.status !== 'built') throw new ValueError(`zoo: ${chartName(e)} is not built yet; built architectures: ${builtNames().join(', ')}`);
  return e as unknown as BuiltEntry<ZooResult>;
}

/** Runs an entry by name and renders it. */
export async function runEntry(name: string, opts: ZooOptions = {}): Promise<{ result: ZooResult; report: ZooReport }> {
  const e = getEntry(name);
  const result = await e.run(opts);
  return { result, report: await e.render(result) };
}

/** The whole chart (all 27 in order; built ones drawn from their models) as SVG text. */
export function zooChart(): string {
  return drawChart(ZOO.map((e) => ({ title: chartName(e), diagram: e.status === 'built' ? e.cells() : null })));
}
