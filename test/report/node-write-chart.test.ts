// PNG output and chart files: PNG signature and IHDR size match the SVG times the scale, files are
// written whole (no temporary files left), a missing font never crashes, bad names are refused.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ValueError } from '../../src/errors.js';
import * as report from '../../src/report/index.js';
import { findFont, svgToPng, writeChart } from '../../src/report/node-index.js';
import { checkSvg } from './svg-helpers.js';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width and height from a PNG's IHDR chunk (right after the signature). */
function pngSize(png: Uint8Array): { width: number; height: number } {
  assert.deepEqual([...png.subarray(0, 8)], PNG_SIGNATURE);
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  assert.equal(String.fromCharCode(...png.subarray(12, 16)), 'IHDR');
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

describe('svgToPng and writeChart', async () => {
  const svg = await report.lossCurves({ epoch: [1, 2, 3], trainLoss: [1, 0.6, 0.4], valLoss: [1.1, 0.8, 0.7] });
  const size = checkSvg(svg);

  test('PNG signature and IHDR size = SVG size x scale', () => {
    assert.deepEqual(pngSize(svgToPng(svg, { scale: 1 })), size);
    assert.deepEqual(pngSize(svgToPng(svg)), { width: size.width * 2, height: size.height * 2 });
  });

  test('a font is found on this machine (CI installs fonts-dejavu-core) and text changes the pixels', () => {
    const font = findFont();
    assert.ok(font, 'no font found: install fonts-dejavu-core or set NEURITE_FONT');
    const withText = svgToPng(svg, { scale: 1, font });
    const noFontFile = svgToPng(svg, { scale: 1, font: { file: '/nonexistent/font.ttf', family: 'Nope' } });
    assert.deepEqual(pngSize(noFontFile), size);
    assert.ok(withText.length > 1000);
  });

  test('writes <name>.svg and <name>.png atomically into a new directory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'neurite-report-'));
    try {
      const out = join(dir, 'run', 'pictures');
      const paths = await writeChart(out, 'loss', svg, { scale: 1 });
      assert.deepEqual(paths, { svg: join(out, 'loss.svg'), png: join(out, 'loss.png') });
      assert.equal(await readFile(paths.svg, 'utf8'), svg);
      assert.deepEqual(pngSize(await readFile(paths.png)), size);
      await writeChart(out, 'loss', svg, { scale: 1 });
      assert.deepEqual((await readdir(out)).sort(), ['loss.png', 'loss.svg']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('PNG bytes are deterministic', () => {
    assert.deepEqual(svgToPng(svg, { scale: 1 }), svgToPng(svg, { scale: 1 }));
  });

  const bad: [string, () => unknown, RegExp][] = [
    ['name with a slash', () => writeChart(tmpdir(), '../x', svg), /writeChart: name must be a plain file name/],
    ['empty name', () => writeChart(tmpdir(), '', svg), /name must be a plain file name/],
    ['scale 0', () => svgToPng(svg, { scale: 0 }), /svgToPng: scale must be in \(0, 8\]/],
    ['not SVG', () => svgToPng('hello'), /svgToPng: expected SVG text/],
  ];
  for (const [name, fn, msg] of bad) {
    test(`bad input: ${name}`, async () => {
      await assert.rejects(async () => fn(), (e: unknown) => e instanceof ValueError && msg.test((e as Error).message));
    });
  }
});
