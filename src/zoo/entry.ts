// What every zoo entry is: one architecture of the lecture's chart with its paper, its task and the
// bar it must reach; built entries add a seeded `run`, a `render` and the chart cell of their model.

import type { LessonChart, LessonTable } from '../lessons/lesson.js';
import type { CellDiagram } from './cells.js';

/** A bar: the metric must compare to `value` as `op` says (`<` 0.05, `>=` 0.95). */
export interface ZooBar {
  op: '<' | '<=' | '>' | '>=';
  value: number;
}

/** One measured number against its bar. */
export interface ZooCheck {
  /** What was measured (`max |P_hat - P|, 10,000 steps`). */
  metric: string;
  value: number;
  bar: ZooBar;
  pass: boolean;
}

/** Progress of a run: `step` of `total` in the named stage. */
export interface ZooProgress {
  stage: string;
  step: number;
  total: number;
}

/** Options every entry's `run` accepts. */
export interface ZooOptions {
  /** Seed of every random choice (default 0). */
  seed?: number;
  /** The full-size variant where the default is a shortened gate. */
  full?: boolean;
  /** Called as the run advances (the CLI draws it). */
  onProgress?: (p: ZooProgress) => void;
}

/** What every run returns: the headline metric against the entry's bar, every check, and the numbers. */
export interface ZooResult {
  name: string;
  seed: number;
  full: boolean;
  /** The headline check (the entry's `metric` and `bar`). */
  metric: string;
  value: number;
  bar: ZooBar;
  /** True when every check passes. */
  pass: boolean;
  checks: ZooCheck[];
}

/** What `render` produces: explanation, tables and pictures (the chart cell among them). */
export interface ZooReport {
  name: string;
  title: string;
  text: string;
  tables: LessonTable[];
  charts: LessonChart[];
}

/** The description shared by built and planned entries. */
export interface ZooEntryInfo {
  /** Lower-case chart abbreviation (`mc`, `lstm`): the CLI name. */
  name: string;
  /** The chart's name as the lecture writes it (`Markov Chain`). */
  title: string;
  /** The chart's abbreviation (`MC`). */
  abbr: string;
  summary: string;
  /** The paper the architecture comes from. */
  paper: string;
  task: string;
  /** The headline metric and its bar. */
  metric: string;
  bar: ZooBar;
}

/** An architecture not built yet: listed, drawn greyed in the chart, refused by `zoo run`. */
export interface PlannedEntry extends ZooEntryInfo {
  status: 'not yet';
}

/** A built architecture. */
export interface BuiltEntry<R extends ZooResult = ZooResult> extends ZooEntryInfo {
  status: 'built';
  /** The chart cell of the model the task uses, generated from the model object. */
  cells(): CellDiagram;
  run(opts?: ZooOptions): Promise<R>;
  render(result: R): Promise<ZooReport>;
}

/** A zoo entry. */
export type ZooEntry = BuiltEntry | PlannedEntry;

/** True when `value` meets `bar`. NaN never does. */
export function meetsBar(value: number, bar: ZooBar): boolean {
  switch (bar.op) {
    case '<': return value < bar.value;
    case '<=': return value <= bar.value;
    case '>': return value > bar.value;
    case '>=': return value >= bar.value;
  }
}

/** `< 0.05`. */
export function formatBar(bar: ZooBar): string {
  return `${bar.op} ${bar.value}`;
}

/** A check of `value` against `bar`. */
export function check(metric: string, value: number, bar: ZooBar): ZooCheck {
  return { metric, value, bar, pass: meetsBar(value, bar) };
}

/** The `chart title (ABBR)` form: `Markov Chain (MC)`. */
export function chartName(e: ZooEntryInfo): string {
  return `${e.title} (${e.abbr})`;
}
