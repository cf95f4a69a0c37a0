// The whole chart: every architecture's cell in the lecture's order with its name, as one SVG (the
// lecture's slide, regenerated from running code). Entries not built yet show an empty grey cell.

import { CHART_FONT } from '../report/render-spec.js';
import { CELL_TYPES, type CellDiagram } from './cells.js';
import { diagramElements, esc, legendElements, linkLegendElements } from './draw-cells.js';

/** One panel of the chart: the name under the drawing, and the diagram (null: not built yet). */
export interface ChartPanel {
  title: string;
  diagram: CellDiagram | null;
}

/** Splits `s` into lines of at most `width` characters at spaces. */
function wrap(s: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const w of s.split(' ')) {
    if (line !== '' && line.length + 1 + w.length > width) { out.push(line); line = w; } else line = line === '' ? w : `${line} ${w}`;
  }
  if (line !== '') out.push(line);
  return out;
}

/**
 * The chart as an SVG document: a legend of the 13 cell types, then one panel per entry in order
 * (`columns` per row). NOTE: a panel whose diagram is null is drawn as a dashed grey box saying
 * "not yet", so the chart keeps all 27 places and the gaps stay visible.
 */
export function drawChart(panels: readonly ChartPanel[], opts: { columns?: number; title?: string } = {}): string {
  const cols = opts.columns ?? 6;
  const pw = 170;
  const ph = 190;
  const w = cols * pw + 20;
  const legendCols = Math.max(2, Math.min(5, Math.floor((w - 40) / 205)));
  const legend = legendElements(CELL_TYPES, 20, 46, legendCols, (w - 40) / legendCols);
  const top = 46 + legend.height + 20 + 14;
  const rowsN = Math.ceil(panels.length / cols);
  const h = top + rowsN * ph + 10;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="${CHART_FONT}">`,
    `<rect width="${w}" height="${h}" fill="white"/>`,
    `<text x="${w / 2}" y="28" text-anchor="middle" font-size="20" font-weight="bold" fill="#222">${esc(opts.title ?? 'A mostly complete chart of Neural Networks, drawn by neurite from its models')}</text>`,
    legend.svg,
    linkLegendElements(20, 46 + legend.height, (w - 40) / 4),
  ];
  panels.forEach((p, i) => {
    const x = 10 + (i % cols) * pw;
    const y = top + Math.floor(i / cols) * ph;
    const box = { x: x + 12, y: y + 4, w: pw - 24, h: 132 };
    if (p.diagram === null) {
      out.push(`<rect class="not-yet" x="${box.x}" y="${box.y + 6}" width="${box.w}" height="${box.h - 12}" rx="8" fill="#f4f4f4" stroke="#bbb" stroke-dasharray="4,3"/>`,
        `<text x="${x + pw / 2}" y="${box.y + box.h / 2 + 4}" text-anchor="middle" font-size="11" fill="#999">not yet</text>`);
    } else {
      out.push(`<g class="panel">${diagramElements(p.diagram, box.x, box.y, box.w, box.h)}</g>`);
    }
    wrap(p.title, 26).forEach((line, k) => {
      out.push(`<text x="${x + pw / 2}" y="${y + 152 + k * 14}" text-anchor="middle" font-size="11.5" font-weight="bold" fill="${p.diagram === null ? '#999' : '#222'}">${esc(line)}</text>`);
    });
  });
  out.push('</svg>');
  return out.join('');
}
