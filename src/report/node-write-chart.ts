// Node-only: SVG charts to PNG with resvg (a native SVG renderer) and chart files written into a
// run directory without leaving half-written files behind.

import { existsSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { makeDirs } from '../io/node-write-file-atomic.js';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { ValueError } from '../errors.js';

/** Font files tried in order (Debian/Ubuntu `fonts-dejavu-core`, other Linux, macOS, Windows). */
export const FONT_CANDIDATES: readonly { file: string; family: string }[] = [
  { file: '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', family: 'DejaVu Sans' },
  { file: '/usr/share/fonts/TTF/DejaVuSans.ttf', family: 'DejaVu Sans' },
  { file: '/usr/share/fonts/dejavu/DejaVuSans.ttf', family: 'DejaVu Sans' },
  { file: '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf', family: 'Liberation Sans' },
  { file: '/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf', family: 'Noto Sans' },
  { file: '/System/Library/Fonts/Supplemental/Verdana.ttf', family: 'Verdana' },
  { file: '/Library/Fonts/Arial.ttf', family: 'Arial' },
  { file: 'C:\\Windows\\Fonts\\verdana.ttf', family: 'Verdana' },
];

/** Options of `svgToPng` and `writeChart`. */
export interface PngOptions {
  /** Pixels per SVG unit (default 2: a 640 x 400 chart becomes 1280 x 800). */
  scale?: number;
  /**
   * Font file for text and the family it provides. Default: `NEURITE_FONT` (a .ttf/.otf path, family
   * in `NEURITE_FONT_FAMILY`) if set, else the first of `FONT_CANDIDATES` that exists, else the system's fonts.
   */
  font?: { file: string; family: string } | null;
}

/** The font a PNG will use: `NEURITE_FONT`, else the first candidate on disk, else null. */
export function findFont(): { file: string; family: string } | null {
  const env = process.env.NEURITE_FONT;
  if (env !== undefined && env !== '' && existsSync(env)) return { file: env, family: process.env.NEURITE_FONT_FAMILY ?? 'DejaVu Sans' };
  return FONT_CANDIDATES.find((c) => existsSync(c.file)) ?? null;
}

/**
 * Renders SVG text to PNG bytes. With no usable font the picture is still drawn (text is then
 * missing); it never throws for a missing font.
 */
export function svgToPng(svg: string, opts: PngOptions = {}): Uint8Array {
  const scale = opts.scale ?? 2;
  if (typeof scale !== 'number' || !Number.isFinite(scale) || scale <= 0 || scale > 8) throw new ValueError(`svgToPng: scale must be in (0, 8], got ${String(scale)}`);
  if (typeof svg !== 'string' || !svg.trimStart().startsWith('<svg')) throw new ValueError('svgToPng: expected SVG text starting with <svg');
  const font = opts.font === undefined ? findFont() : opts.font;
  // NOTE: the chart asks for "DejaVu Sans, Verdana, Arial, sans-serif"; mapping every generic family
  // to the loaded font makes any of them resolve. Without a font file, resvg scans system fonts.
  const fontOpts = font !== null && existsSync(font.file)
    ? { fontFiles: [font.file], loadSystemFonts: false, defaultFontFamily: font.family, sansSerifFamily: font.family, serifFamily: font.family, monospaceFamily: font.family }
    : { loadSystemFonts: true };
  const resvg = new Resvg(svg, { fitTo: { mode: 'zoom', value: scale }, font: fontOpts, background: 'white' });
  return resvg.render().asPng();
}

/** Writes `data` to `path` through a temporary file in the same directory and a rename. */
async function writeAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/**
 * Writes `<dir>/<name>.svg` and `<dir>/<name>.png` (creating `dir`), each via a temporary file and a
 * rename so a reader never sees a partial picture; returns both paths.
 * @example
 * const { png } = await writeChart('runs/mnist', 'loss', await report.lossCurves(history));
 */
export async function writeChart(dir: string, name: string, svg: string, opts: PngOptions = {}): Promise<{ svg: string; png: string }> {
  if (typeof name !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) {
    throw new ValueError(`writeChart: name must be a plain file name without extension (letters, digits, . _ -), got "${String(name)}"`);
  }
  const png = svgToPng(svg, opts);
  makeDirs(dir); // step by step: a recursive mkdir hangs under /proc
  const paths = { svg: join(dir, `${name}.svg`), png: join(dir, `${name}.png`) };
  await writeAtomic(paths.svg, svg);
  await writeAtomic(paths.png, png);
  return paths;
}
