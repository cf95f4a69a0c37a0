// Helpers for reading rendered chart SVG in tests: texts, ARIA mark counts, sizes.

import assert from 'node:assert/strict';

/** All `<text>` and `<tspan>` contents (vega writes one tspan per line of multi-line text). */
export function texts(svg: string): string[] {
  return [...svg.matchAll(/<(?:text|tspan)[^>]*>([^<]*)<\/(?:text|tspan)>/g)].map((m) => (m[1] ?? '').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#39;|&apos;/g, "'"));
}

/** Number of items vega labelled with `aria-roledescription="<role>"` (e.g. "rect mark", "bar"). */
export function countRole(svg: string, role: string): number {
  return svg.split(`aria-roledescription="${role}"`).length - 1;
}

/** Number of `<path>` items in the mark group with class `name` (marks drawn with aria: false). */
export function countInGroup(svg: string, name: string): number {
  const start = svg.indexOf(`${name}"`);
  assert.ok(start >= 0, `no mark group ${name}`);
  const end = svg.indexOf('</g>', start);
  return svg.slice(start, end).split('<path').length - 1;
}

/** Asserts the SVG is one well-formed-looking document and returns its width and height. */
export function checkSvg(svg: string): { width: number; height: number } {
  assert.equal(typeof svg, 'string');
  assert.match(svg, /^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.ok(svg.trimEnd().endsWith('</svg>'));
  assert.ok(!/\s(?!aria-label)[a-z-]+="[^"]*(?:NaN|undefined|Infinity)/.test(svg), 'an SVG attribute contains NaN/undefined/Infinity');
  const m = /^<svg [^>]*width="(\d+(?:\.\d+)?)" height="(\d+(?:\.\d+)?)"/.exec(svg);
  assert.ok(m, 'SVG has width and height');
  return { width: Number(m[1]), height: Number(m[2]) };
}

/** Asserts every string in `want` is the content of some `<text>` element. */
export function hasTexts(svg: string, want: string[]): void {
  const all = new Set(texts(svg));
  for (const w of want) assert.ok(all.has(w), `missing text "${w}" in [${[...all].slice(0, 40).join(' | ')}]`);
}
