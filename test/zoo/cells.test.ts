// Chart cells come from the model object: library layers map to groups and links, two sizes of a model
// draw differently, a recurrent-shaped layer plugs in with one adapter, and bad diagrams are refused.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor, ValueError, nn, zoo } from '../../src/index.js';

/** How many cells of each type an SVG draws, plus ellipses, loops and skip arcs. */
function census(svg: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of svg.matchAll(/class="cell cell-([a-z-]+)"/g)) out[m[1]!] = (out[m[1]!] ?? 0) + 1;
  for (const k of ['ellipsis', 'loop', 'skip']) out[k] = (svg.match(new RegExp(`class="${k}"`, 'g')) ?? []).length;
  out.lines = (svg.match(/<line /g) ?? []).length;
  return out;
}

const L = (inFeatures: number, outFeatures: number): nn.Linear => new nn.Linear({ inFeatures, outFeatures });
const shape = (d: zoo.CellDiagram): string => d.groups.map((g) => `${g.type}:${g.size}`).join(' ');
const links = (d: zoo.CellDiagram): string => d.links.map((l) => `${l.from}-${l.kind}-${l.to}`).join(' ');

test('a Sequential of Linear and activations becomes input -> hidden -> output with full links', () => {
  const d = zoo.cellsOf(new nn.Sequential(L(2, 3), new nn.Sigmoid(), L(3, 1), new nn.Sigmoid()));
  assert.equal(d.layout, 'layers');
  assert.equal(shape(d), 'input:2 hidden:3 output:1');
  assert.equal(links(d), '0-full-1 1-full-2');
  const ae = zoo.cellsOf(new nn.Sequential(L(8, 3), new nn.ReLU(), L(3, 8)), { inputType: 'noisy input', outputType: 'match input-output' });
  assert.equal(shape(ae), 'noisy input:8 hidden:3 match input-output:8');
});

test('two sizes of a model draw differently: cell counts follow the layer sizes, large layers get an ellipsis', () => {
  const small = census(zoo.drawCells(zoo.cellsOf(new nn.Sequential(L(2, 3), new nn.Tanh(), L(3, 1)))));
  const large = census(zoo.drawCells(zoo.cellsOf(new nn.Sequential(L(4, 128), new nn.Tanh(), L(128, 2)))));
  assert.deepEqual([small.input, small.hidden, small.output, small.ellipsis, small.lines], [2, 3, 1, 0, 2 * 3 + 3 * 1]);
  assert.deepEqual([large.input, large.hidden, large.output, large.ellipsis, large.lines], [4, 5, 2, 1, 4 * 5 + 5 * 2]);
  const svgLarge = zoo.drawCells(zoo.cellsOf(L(4, 128)));
  assert.match(svgLarge, />128</);
  // the Markov chain: 3 states all linked, 10 states drawn as 5 cells and an ellipsis
  const mc3 = census(zoo.drawCells(new zoo.MarkovChain({ numStates: 3 }).cells()));
  const mc10 = census(zoo.drawCells(new zoo.MarkovChain({ numStates: 10 }).cells()));
  assert.deepEqual([mc3['probabilistic-hidden'], mc3.ellipsis, mc3.lines], [3, 0, 3]);
  assert.deepEqual([mc10['probabilistic-hidden'], mc10.ellipsis, mc10.lines], [5, 1, 10]);
});

test('Conv2d and pooling become kernel and convolution-or-pool cells; Residual adds a skip link', () => {
  const cnn = new nn.Sequential(new nn.Conv2d({ inChannels: 1, outChannels: 8, kernelSize: 5 }), new nn.ReLU(), new nn.MaxPool2d({ kernelSize: 2 }), new nn.Flatten(), L(8 * 12 * 12, 10));
  const d = zoo.cellsOf(cnn);
  assert.equal(shape(d), 'input:1 kernel:8 convolution or pool:8 output:10');
  assert.equal(links(d), '0-full-1 1-one-to-one-2 2-full-3');
  assert.equal(d.groups[1]!.label, '5x5');
  const svg = census(zoo.drawCells(d));
  assert.deepEqual([svg.kernel, svg['convolution-or-pool']], [5, 5]);
  const drn = new nn.Sequential(L(2, 4), new nn.ReLU(), new nn.Residual(new nn.Sequential(L(4, 4), new nn.ReLU(), L(4, 4))), L(4, 1));
  const r = zoo.cellsOf(drn);
  assert.equal(shape(r), 'input:2 hidden:4 hidden:4 hidden:4 output:1');
  assert.equal(links(r), '0-full-1 1-full-2 2-full-3 1-skip-3 3-full-4');
  assert.equal(census(zoo.drawCells(r)).skip, 1);
});

test('a recurrent layer (inputSize, hiddenSize, numLayers) plugs in with one cellAdapter line', () => {
  // A stand-in with the fields torch.nn.LSTM has; nn.LSTM (src/nn/recurrent/) plugs in the same way.
  class FakeLSTM extends nn.Module<[Tensor], Tensor> {
    constructor(readonly inputSize: number, readonly hiddenSize: number, readonly numLayers: number) { super(); }
    forward(x: Tensor): Tensor { return x; }
  }
  const adapter = zoo.cellAdapter(FakeLSTM, (m) => zoo.recurrentFragment(m, 'memory'));
  zoo.CELL_ADAPTERS.push(adapter);
  try {
    const d = zoo.cellsOf(new nn.Sequential(new FakeLSTM(3, 16, 2), L(16, 1)));
    assert.equal(shape(d), 'input:3 memory:16 memory:16 output:1');
    assert.equal(links(d), '0-full-1 1-recurrent-1 1-full-2 2-recurrent-2 2-full-3');
    const one = census(zoo.drawCells(zoo.cellsOf(new nn.Sequential(new FakeLSTM(3, 4, 1), L(4, 1)))));
    const two = census(zoo.drawCells(d));
    assert.deepEqual([one.memory, one.loop], [4, 4]);
    assert.deepEqual([two.memory, two.loop, two.ellipsis], [10, 10, 2]);
  } finally {
    zoo.CELL_ADAPTERS.splice(zoo.CELL_ADAPTERS.indexOf(adapter), 1);
  }
  assert.throws(() => zoo.recurrentFragment({ inputSize: 3, hiddenSize: 0 }, 'recurrent'), /hiddenSize must be a positive integer, got 0/);
});

test('a module without cells, and malformed diagrams, give errors naming the fault', () => {
  class Mystery extends nn.Module<[Tensor], Tensor> { forward(x: Tensor): Tensor { return x; } }
  assert.throws(() => zoo.cellsOf(new nn.Sequential(L(2, 2), new Mystery())), (e: unknown) => e instanceof ValueError && /cellsOf: no chart cells for Mystery; give it a cells\(\) method/.test(e.message));
  assert.throws(() => zoo.cellsOf(new nn.Sequential(new nn.ReLU())), /no layer that draws cells/);
  assert.throws(() => zoo.drawCells({ layout: 'layers', groups: [{ type: 'hiden' as zoo.CellType, size: 2 }], links: [] }), /cell type 'hiden'; valid types: backfed input, input/);
  assert.throws(() => zoo.drawCells({ layout: 'layers', groups: [{ type: 'input', size: 0 }], links: [] }), /size 0, expected a positive integer/);
  assert.throws(() => zoo.drawCells({ layout: 'layers', groups: [{ type: 'input', size: 2 }], links: [{ from: 0, to: 1, kind: 'full' }] }), /points at group 1, but there are 1 groups/);
  assert.throws(() => zoo.drawCells({ layout: 'ring', groups: [{ type: 'input', size: 2 }, { type: 'hidden', size: 2 }], links: [{ from: 0, to: 1, kind: 'recurrent' }] }), /from and to must be equal/);
});

test('the chart has all 27 places in the lecture order: built ones drawn, the rest greyed "not yet"', () => {
  const svg = zoo.zooChart();
  assert.match(svg, /^<svg /);
  const notYet = (svg.match(/class="not-yet"/g) ?? []).length;
  const built = zoo.ZOO.filter((e) => e.status === 'built').length;
  assert.equal(notYet + built, 27);
  assert.ok(built >= 1);
  assert.equal((svg.match(/<g class="panel">/g) ?? []).length, built);
  let at = 0;
  for (const e of zoo.ZOO) {
    const first = zoo.chartName(e).split(' ')[0]!;
    const i = svg.indexOf(`>${first}`, at + 1);
    assert.ok(i > at, `${zoo.chartName(e)} appears after the one before it`);
    at = i;
  }
  for (const t of zoo.CELL_TYPES) assert.ok(svg.includes(`${t[0]!.toUpperCase()}${t.slice(1)} cell`), `legend has ${t}`);
});
