// What every lesson is: a seeded experiment returning its numbers, and a renderer turning those numbers
// into the explanation text, tables and SVG charts (the CLI writes them; the playground shows them).

/** A table of measured numbers (cells already formatted). */
export interface LessonTable {
  title: string;
  header: string[];
  rows: string[][];
}

/** One picture: a file-name stem (`gradient-norms`) and its SVG text. */
export interface LessonChart {
  name: string;
  svg: string;
}

/** What a renderer produces from a lesson's result. */
export interface LessonReport {
  name: string;
  title: string;
  /** A short explanation with the lecture's claim and what the numbers show. */
  text: string;
  tables: LessonTable[];
  charts: LessonChart[];
}

/** Options every lesson accepts. */
export interface LessonOptions {
  /** Seed of every random choice (default 0): the same seed gives the same numbers. */
  seed?: number;
}

/** A lesson: `run` measures, `render` explains and draws. */
export interface Lesson<O extends LessonOptions = LessonOptions, R = unknown> {
  name: string;
  title: string;
  /** One line for `neurite lesson --list`. */
  summary: string;
  run(opts?: O): Promise<R>;
  render(result: R): Promise<LessonReport>;
}

/** Formats a number for tables: 4 significant digits, exponent form for very small or large values. */
export function fmtNum(x: number, digits = 4): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'NaN' : x > 0 ? 'inf' : '-inf';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a < 1e-3 || a >= 1e6) return x.toExponential(digits - 1);
  return String(Number(x.toPrecision(digits)));
}

/** Formats a share as a percentage with one decimal. */
export function fmtPct(x: number): string {
  return Number.isFinite(x) ? `${(100 * x).toFixed(1)}%` : 'n/a';
}

/** Renders a table as aligned plain text. */
export function formatTable(t: LessonTable): string {
  const widths = t.header.map((h, i) => Math.max(h.length, ...t.rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  return [t.title, line(t.header), widths.map((w) => '-'.repeat(w)).join('  '), ...t.rows.map(line)].join('\n');
}

/** The whole report as text: explanation, then every table. */
export function formatReport(r: LessonReport): string {
  return [`${r.title}\n${'='.repeat(r.title.length)}`, r.text.trim(), ...r.tables.map(formatTable)].join('\n\n') + '\n';
}
