// Node-only part of the report area (PNG output and files); exported from src/node.ts only.

export { FONT_CANDIDATES, findFont, svgToPng, writeChart } from './node-write-chart.js';
export type { PngOptions } from './node-write-chart.js';
