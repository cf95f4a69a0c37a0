// Draws cell diagrams in the chart's visual language (yellow inputs, green hidden, orange outputs, blue
// recurrent/memory, pink kernels; plain, ringed or triangular cells), as SVG text with a legend.

import { CHART_FONT } from '../report/render-spec.js';
import { CELL_TYPES, checkDiagram, type CellDiagram, type CellGroup, type CellType } from './cells.js';

/** At most this many cells are drawn per group; larger groups show 5 cells and an ellipsis. */
export const MAX_DRAWN_CELLS = 6;

const FAMILY: Record<CellType, { fill: string; stroke: string; mark: 'plain' | 'ring' | 'triangle' }> = {
  'backfed input': { fill: '#f4de4c', stroke: '#a89300', mark: 'ring' },
  input: { fill: '#f4de4c', stroke: '#a89300', mark: 'plain' },
  'noisy input': { fill: '#f4de4c', stroke: '#a89300', mark: 'triangle' },
  hidden: { fill: '#79c043', stroke: '#4a8a1f', mark: 'plain' },
  'probabilistic hidden': { fill: '#79c043', stroke: '#4a8a1f', mark: 'ring' },
  'spiking hidden': { fill: '#79c043', stroke: '#4a8a1f', mark: 'triangle' },
  output: { fill: '#ef8a3c', stroke: '#b3560f', mark: 'plain' },
  'match input-output': { fill: '#ef8a3c', stroke: '#b3560f', mark: 'ring' },
  recurrent: { fill: '#4e9ee0', stroke: '#1e66a8', mark: 'plain' },
  memory: { fill: '#4e9ee0', stroke: '#1e66a8', mark: 'ring' },
  'different memory': { fill: '#4e9ee0', stroke: '#1e66a8', mark: 'triangle' },
  kernel: { fill: '#de62b4', stroke: '#9c2d75', mark: 'plain' },
  'convolution or pool': { fill: '#de62b4', stroke: '#9c2d75', mark: 'ring' },
};

const LINK_COLOR = '#8a8a8a';

/** Escapes text for SVG. */
export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const f2 = (x: number): string => String(Math.round(x * 100) / 100);

/** One cell of `type` at (x, y) with radius r (`kind` 'legend' marks legend samples, so cells can be counted). */
export function cellShape(type: CellType, x: number, y: number, r: number, kind: 'cell' | 'legend' = 'cell'): string {
  const s = FAMILY[type];
  const cls = `${kind} ${kind}-${type.replace(/[^a-z]+/g, '-')}`;
  if (s.mark === 'triangle') {
    const h = r * 1.15;
    return `<polygon class="${cls}" points="${f2(x)},${f2(y - h)} ${f2(x + h)},${f2(y + h * 0.75)} ${f2(x - h)},${f2(y + h * 0.75)}" fill="${s.fill}" stroke="${s.stroke}" stroke-width="1.2"/>`;
  }
  const ring = s.mark === 'ring' ? `<circle cx="${f2(x)}" cy="${f2(y)}" r="${f2(r * 0.55)}" fill="none" stroke="${s.stroke}" stroke-width="1.4"/>` : '';
  return `<circle class="${cls}" cx="${f2(x)}" cy="${f2(y)}" r="${f2(r)}" fill="${s.fill}" stroke="${s.stroke}" stroke-width="1.2"/>${ring}`;
}

/** Slots of a group: the drawn cells' indices, with -1 where the ellipsis goes. */
function slots(size: number): number[] {
  if (size <= MAX_DRAWN_CELLS) return Array.from({ length: size }, (_, i) => i);
  return [0, 1, 2, -1, size - 2, size - 1];
}

interface Placed { x: number; y: number }

/** Positions of every group's drawn cells (and ellipses) inside a w x h box at (x0, y0). */
function place(d: CellDiagram, x0: number, y0: number, w: number, h: number): { cells: Placed[][]; dots: Placed[]; r: number; labels: { x: number; y: number; text: string }[] } {
  const cells: Placed[][] = [];
  const dots: Placed[] = [];
  const labels: { x: number; y: number; text: string }[] = [];
  const sizeText = (g: CellGroup): string => (g.label === undefined ? String(g.size) : `${g.size} ${g.label}`);
  if (d.layout === 'ring') {
    const all = d.groups.map((g) => slots(g.size));
    const total = all.reduce((a, s) => a + s.length, 0);
    const cx = x0 + w / 2;
    const cy = y0 + (h - 12) / 2;
    const big = Math.min(w, h - 12) / 2;
    const r = Math.min(9, big * 0.2);
    const rad = total === 1 ? 0 : big - r - 2;
    let k = 0;
    for (const s of all) {
      const placed: Placed[] = [];
      for (const i of s) {
        const a = -Math.PI / 2 + (2 * Math.PI * k++) / total;
        const p = { x: cx + rad * Math.cos(a), y: cy + rad * Math.sin(a) };
        if (i < 0) dots.push(p); else placed.push(p);
      }
      cells.push(placed);
    }
    labels.push({ x: cx, y: y0 + h - 1, text: d.groups.map(sizeText).join(' + ') });
    return { cells, dots, r, labels };
  }
  const n = d.groups.length;
  const r = Math.min(9, (h - 14) / (MAX_DRAWN_CELLS * 2.7), (w / Math.max(n, 1)) * 0.22);
  const step = r * 2.7;
  d.groups.forEach((g, k) => {
    const x = n === 1 ? x0 + w / 2 : x0 + r + 2 + (k * (w - 2 * r - 4)) / (n - 1);
    const s = slots(g.size);
    const top = y0 + (h - 14) / 2 - ((s.length - 1) * step) / 2;
    const placed: Placed[] = [];
    s.forEach((i, j) => {
      const p = { x, y: top + j * step };
      if (i < 0) dots.push(p); else placed.push(p);
    });
    cells.push(placed);
    labels.push({ x, y: y0 + h - 1, text: sizeText(g) });
  });
  return { cells, dots, r, labels };
}

/** The SVG elements of a diagram drawn into the box (x0, y0, w, h): links first, then cells, then sizes. */
export function diagramElements(d: CellDiagram, x0: number, y0: number, w: number, h: number): string {
  checkDiagram('drawCells', d);
  const { cells, dots, r, labels } = place(d, x0, y0, w, h);
  const out: string[] = [];
  const line = (a: Placed, b: Placed, dash = false): string => `<line x1="${f2(a.x)}" y1="${f2(a.y)}" x2="${f2(b.x)}" y2="${f2(b.y)}" stroke="${LINK_COLOR}" stroke-width="0.8"${dash ? ' stroke-dasharray="3,2"' : ''}/>`;
  for (const l of d.links) {
    const A = cells[l.from]!;
    const B = cells[l.to]!;
    switch (l.kind) {
      case 'full':
      case 'memory':
        for (const a of A) for (const b of B) out.push(line(a, b, l.kind === 'memory'));
        break;
      case 'one-to-one':
        for (let i = 0; i < Math.min(A.length, B.length); i++) out.push(line(A[i]!, B[i]!));
        break;
      case 'all-to-all':
        for (let i = 0; i < A.length; i++) {
          for (let j = i + 1; j < A.length; j++) {
            if (d.layout === 'ring') { out.push(line(A[i]!, A[j]!)); continue; }
            const a = A[i]!; const b = A[j]!;
            out.push(`<path d="M${f2(a.x)},${f2(a.y)} Q${f2(a.x + r * (1.5 + j - i))},${f2((a.y + b.y) / 2)} ${f2(b.x)},${f2(b.y)}" fill="none" stroke="${LINK_COLOR}" stroke-width="0.8"/>`);
          }
        }
        break;
      case 'recurrent':
        for (const a of A) out.push(`<circle class="loop" cx="${f2(a.x + r * 0.8)}" cy="${f2(a.y - r * 0.8)}" r="${f2(r * 0.65)}" fill="none" stroke="${FAMILY.recurrent.stroke}" stroke-width="1.1"/>`);
        break;
      case 'skip': {
        const a = A[0]!; const b = B[0]!;
        const lift = Math.max(10, Math.min(a.y, b.y) - y0 - 2);
        out.push(`<path class="skip" d="M${f2(a.x)},${f2(a.y - r)} C${f2(a.x)},${f2(a.y - r - lift)} ${f2(b.x)},${f2(b.y - r - lift)} ${f2(b.x)},${f2(b.y - r)}" fill="none" stroke="#555" stroke-width="1.1" stroke-dasharray="4,2"/>`);
        break;
      }
    }
  }
  d.groups.forEach((g, k) => { for (const p of cells[k]!) out.push(cellShape(g.type, p.x, p.y, r)); });
  for (const p of dots) out.push(`<text class="ellipsis" x="${f2(p.x)}" y="${f2(p.y + r * 0.45)}" text-anchor="middle" font-size="${f2(r * 1.6)}" fill="#555">${d.layout === 'ring' ? '…' : '⋮'}</text>`);
  for (const l of labels) out.push(`<text x="${f2(l.x)}" y="${f2(l.y)}" text-anchor="middle" font-size="8" fill="#666">${esc(l.text)}</text>`);
  return out.join('');
}

/** A legend of `types` (default all 13) laid out in `columns` columns from (x0, y0); returns elements and height. */
export function legendElements(types: readonly CellType[], x0: number, y0: number, columns: number, colWidth: number): { svg: string; height: number } {
  const out: string[] = [];
  types.forEach((t, i) => {
    const x = x0 + (i % columns) * colWidth;
    const y = y0 + Math.floor(i / columns) * 20 + 8;
    out.push(cellShape(t, x + 7, y, 6.5, 'legend'), `<text x="${x + 19}" y="${y + 4}" font-size="11" fill="#333">${esc(t[0]!.toUpperCase() + t.slice(1))} cell</text>`);
  });
  return { svg: out.join(''), height: Math.ceil(types.length / columns) * 20 };
}

/** A one-row legend of the link styles (full, recurrent loop, skip arc, memory) from (x0, y0); 20 units high. */
export function linkLegendElements(x0: number, y0: number, colWidth: number): string {
  const y = y0 + 8;
  const item = (k: number, mark: string, text: string): string => `${mark}<text x="${x0 + k * colWidth + 34}" y="${y + 4}" font-size="11" fill="#333">${text}</text>`;
  const x = (k: number): number => x0 + k * colWidth;
  return [
    item(0, `<line x1="${x(0)}" y1="${y}" x2="${x(0) + 26}" y2="${y}" stroke="${LINK_COLOR}" stroke-width="1.2"/>`, 'link (full or one-to-one)'),
    item(1, `<circle cx="${x(1) + 13}" cy="${y}" r="5" fill="none" stroke="${FAMILY.recurrent.stroke}" stroke-width="1.1"/>`, 'recurrent link to itself'),
    item(2, `<path d="M${x(2)},${y + 5} C${x(2)},${y - 7} ${x(2) + 26},${y - 7} ${x(2) + 26},${y + 5}" fill="none" stroke="#555" stroke-width="1.1" stroke-dasharray="4,2"/>`, 'skip link'),
    item(3, `<line x1="${x(3)}" y1="${y}" x2="${x(3) + 26}" y2="${y}" stroke="${LINK_COLOR}" stroke-width="1.2" stroke-dasharray="3,2"/>`, 'link to memory'),
  ].join('');
}

/** Options of `drawCells`. */
export interface DrawCellsOptions {
  /** A title above the drawing (e.g. "Markov Chain (MC)"). */
  title?: string;
  /** Width of the drawing in SVG units (default 320). */
  width?: number;
}

/**
 * One model's chart cell as an SVG document: the diagram and a legend of the cell types it uses.
 * @example
 * const svg = drawCells(cellsOf(model), { title: 'Feed Forward (FF)' });
 */
export function drawCells(d: CellDiagram, opts: DrawCellsOptions = {}): string {
  checkDiagram('drawCells', d);
  const w = opts.width ?? 320;
  const titleH = opts.title === undefined ? 8 : 28;
  const boxH = 190;
  const used = CELL_TYPES.filter((t) => d.groups.some((g) => g.type === t));
  const legend = legendElements(used, 12, titleH + boxH + 10, 2, (w - 24) / 2);
  const h = titleH + boxH + 16 + legend.height;
  const title = opts.title === undefined ? '' : `<text x="${w / 2}" y="19" text-anchor="middle" font-size="14" font-weight="bold" fill="#222">${esc(opts.title)}</text>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="${CHART_FONT}"><rect width="${w}" height="${h}" fill="white"/>${title}${diagramElements(d, 24, titleH, w - 48, boxH)}${legend.svg}</svg>`;
}
