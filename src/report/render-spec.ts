// Turns a Vega-Lite spec into SVG text with vega's headless renderer (no DOM, no canvas), so the
// same call works in Node and in the browser, and the same spec always gives the same bytes.

import { None, View, logger, parse } from 'vega';
import { compile, type Config, type TopLevelSpec } from 'vega-lite';

/** The font stack every chart asks for; the Node PNG writer maps `sans-serif` to a real font file. */
export const CHART_FONT = 'DejaVu Sans, Verdana, Arial, sans-serif';

/** Shared look: white background, readable font sizes, no chart-wide border. */
export const CHART_CONFIG: Config = {
  background: 'white',
  font: CHART_FONT,
  padding: 8,
  title: { fontSize: 15, subtitleFontSize: 11, subtitleColor: '#666', anchor: 'start', offset: 10 },
  axis: { labelFontSize: 11, titleFontSize: 12, gridColor: '#e6e6e6' },
  legend: { labelFontSize: 11, titleFontSize: 12 },
  view: { stroke: '#ccc' },
};

/**
 * Renders a Vega-Lite spec to an SVG string (async because vega's dataflow is).
 * NOTE: vega numbers clip paths and gradients with process-wide counters; the ids are renumbered in
 * order of appearance so that the output depends on the spec alone, even with renders in parallel.
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const withConfig = { ...spec, config: { ...CHART_CONFIG, ...(spec.config ?? {}) } } as TopLevelSpec;
  // NOTE: vega-lite's warnings (e.g. merged legends) would go to the console; charts stay silent.
  const compiled = compile(withConfig, { logger: logger(None) });
  const view = new View(parse(compiled.spec), { renderer: 'none', logLevel: 0 });
  try {
    const svg = await view.toSVG();
    return canonicalIds(svg);
  } finally {
    view.finalize();
  }
}

/** Renumbers `clipN` and `gradient_N` ids (and their `url(#...)` references) from 1 in order of first use. */
function canonicalIds(svg: string): string {
  const map = new Map<string, string>();
  return svg.replace(/\b(clip|gradient_)(\d+)\b/g, (whole: string, prefix: string) => {
    let id = map.get(whole);
    if (id === undefined) {
      id = `${prefix}${[...map.keys()].filter((k) => k.startsWith(prefix)).length + 1}`;
      map.set(whole, id);
    }
    return id;
  });
}
