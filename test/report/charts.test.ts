// Chart rendering: each chart's SVG has its titles, labels, legend entries and the right number
// of marks; same input gives the same bytes; bad input throws a typed error naming the problem.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ShapeError, ValueError } from '../../src/errors.js';
import * as report from '../../src/report/index.js';
import { checkSvg, countInGroup, countRole, hasTexts, texts } from './svg-helpers.js';

const grid3 = (f: (x: number, y: number) => number, nx: number, ny: number) => {
  const xs = Array.from({ length: nx }, (_, i) => i);
  const ys = Array.from({ length: ny }, (_, j) => j);
  return { xs, ys, values: ys.map((y) => xs.map((x) => f(x, y))) };
};

describe('lineChart', () => {
  const series = [
    { name: 'sigmoid', x: [-2, -1, 0, 1, 2], y: [0.12, 0.27, 0.5, 0.73, 0.88] },
    { name: "sigmoid'", x: [-2, -1, 0, 1, 2], y: [0.1, 0.2, 0.25, 0.2, 0.1] },
  ];
  test('titles, axis labels, legend entries and one line per series', async () => {
    const svg = await report.lineChart(series, { title: 'Activations', xLabel: 'input', yLabel: 'output', dashed: ["sigmoid'"] });
    checkSvg(svg);
    hasTexts(svg, ['Activations', 'input', 'output', 'sigmoid', "sigmoid'"]);
    assert.equal(countRole(svg, 'line mark'), 2);
    assert.equal(countRole(svg, 'point'), 10);
  });
  test('NaN/Inf and (on a log axis) non-positive values are skipped with a note', async () => {
    const svg = await report.lineChart([{ name: 'g', x: [1, 2, 3, 4, 5], y: [1, Number.NaN, 0, Infinity, 1e-3] }], { logY: true });
    checkSvg(svg);
    hasTexts(svg, ['2 NaN/Inf values skipped; 1 value <= 0 skipped (log scale)']);
    assert.equal(countRole(svg, 'point'), 2);
  });
  test('deterministic: same input, same bytes, also when rendered concurrently', async () => {
    const a = await report.lineChart(series, { title: 'A' });
    const [b, , c] = await Promise.all([report.lineChart(series, { title: 'A' }), report.confusionMatrix([[1, 0], [0, 1]], ['a', 'b']), report.lineChart(series, { title: 'A' })]);
    assert.equal(a, b);
    assert.equal(a, c);
  });
  const bad: [string, () => unknown, RegExp, typeof ValueError][] = [
    ['empty', () => report.lineChartSpec([]), /lineChart: no series to draw/, ValueError],
    ['length mismatch', () => report.lineChartSpec([{ name: 'a', x: [1, 2], y: [1] }]), /lineChart: y has 1 values but series "a" x has 2/, ShapeError],
    ['duplicate names', () => report.lineChartSpec([{ name: 'a', x: [1], y: [1] }, { name: 'a', x: [1], y: [2] }]), /two series are named "a"/, ValueError],
    ['all NaN', () => report.lineChartSpec([{ name: 'a', x: [1, 2], y: [Number.NaN, Number.NaN] }]), /every value is NaN\/Inf; nothing to draw/, ValueError],
    ['string value', () => report.lineChartSpec([{ name: 'a', x: [1], y: ['1' as unknown as number] }]), /y\[0\] must be a number, got "1" \(string\)/, ValueError],
    ['bad width', () => report.lineChartSpec([{ name: 'a', x: [1], y: [1] }], { width: -5 }), /width must be a number of pixels/, ValueError],
    ['not an array', () => report.lineChartSpec(null as unknown as []), /series must be an array/, ValueError],
  ];
  for (const [name, fn, msg, cls] of bad) test(`bad input: ${name}`, () => assert.throws(fn, (e: unknown) => e instanceof cls && msg.test((e as Error).message)));
});

describe('lossCurves', () => {
  const cols = { epoch: [1, 2, 3], trainLoss: [1, 0.5, 0.25], valLoss: [1.1, 0.6, 0.4], trainAccuracy: [0.5, 0.7, 0.9], valAccuracy: [0.4, 0.6, 0.8] };
  test('loss and accuracy panels with train/validation legend', async () => {
    const svg = await report.lossCurves(cols, { title: 'MNIST run' });
    checkSvg(svg);
    hasTexts(svg, ['MNIST run', 'loss', 'accuracy', 'epoch', 'train', 'validation']);
    assert.equal(countRole(svg, 'line mark'), 4);
    assert.equal(countRole(svg, 'point'), 12);
  });
  test('rows (History.toJSON) and columns give the same picture', async () => {
    const rows = cols.epoch.map((epoch, i) => ({ epoch, trainLoss: cols.trainLoss[i] as number, valLoss: cols.valLoss[i], trainAccuracy: cols.trainAccuracy[i], valAccuracy: cols.valAccuracy[i], seconds: 1 }));
    assert.equal(await report.lossCurves(rows), await report.lossCurves(cols));
  });
  test('loss only: one panel, log scale, one epoch', async () => {
    const svg = await report.lossCurves({ epoch: [1], trainLoss: [0.7] }, { logY: true, lossName: 'cross-entropy' });
    checkSvg(svg);
    hasTexts(svg, ['Loss', 'cross-entropy', 'epoch']);
    assert.ok(!texts(svg).includes('accuracy'));
    assert.equal(countRole(svg, 'point'), 1);
  });
  test('a NaN epoch (diverged) is skipped with a note', async () => {
    const svg = await report.lossCurves({ epoch: [1, 2, 3], trainLoss: [1, Number.NaN, 0.5] });
    hasTexts(svg, ['1 NaN/Inf value skipped']);
    assert.equal(countRole(svg, 'point'), 2);
  });
  const bad: [string, () => unknown, RegExp, typeof ValueError][] = [
    ['empty columns', () => report.lossCurvesSpec({ epoch: [], trainLoss: [] }), /lossCurves: the history is empty/, ValueError],
    ['empty rows', () => report.lossCurvesSpec([]), /lossCurves: the history is empty/, ValueError],
    ['length mismatch', () => report.lossCurvesSpec({ epoch: [1, 2], trainLoss: [1, 2], valLoss: [1] }), /valLoss has 1 values but epoch has 2/, ShapeError],
    ['no trainLoss', () => report.lossCurvesSpec({ epoch: [1] } as unknown as report.LossHistory), /trainLoss is required/, ValueError],
    ['all NaN', () => report.lossCurvesSpec({ epoch: [1], trainLoss: [Number.NaN] }), /every value is NaN/, ValueError],
    ['not an object', () => report.lossCurvesSpec(3 as unknown as []), /history must be/, ValueError],
  ];
  for (const [name, fn, msg, cls] of bad) test(`bad input: ${name}`, () => assert.throws(fn, (e: unknown) => e instanceof cls && msg.test((e as Error).message)));
});

describe('confusionMatrix', () => {
  const m = [[5, 1, 0], [2, 7, 1], [0, 0, 4]];
  const names = ['cat', 'dog', 'bird'];
  test('one cell and one count per entry, axis titles, accuracy in the subtitle', async () => {
    const svg = await report.confusionMatrix(m, names);
    checkSvg(svg);
    assert.equal(countRole(svg, 'rect mark'), 9);
    assert.equal(countRole(svg, 'text mark'), 9);
    hasTexts(svg, ['Confusion matrix', 'true', 'predicted', 'cat', 'dog', 'bird', '7', 'accuracy 80.00% of 20']);
  });
  test('row-normalized shows the row shares', async () => {
    const svg = await report.confusionMatrix(m, names, { normalize: true });
    hasTexts(svg, ['Confusion matrix (row-normalized)', '70%', '100%', 'row share']);
  });
  const bad: [string, () => unknown, RegExp, typeof ValueError][] = [
    ['empty', () => report.confusionMatrixSpec([], []), /the matrix is empty/, ValueError],
    ['not square', () => report.confusionMatrixSpec([[1, 2], [3]], ['a', 'b']), /matrix\[1\] has 1 entries but the matrix has 2 rows/, ShapeError],
    ['names mismatch', () => report.confusionMatrixSpec([[1]], ['a', 'b']), /2 class names for a 1 x 1 matrix/, ShapeError],
    ['negative', () => report.confusionMatrixSpec([[1, -1], [0, 1]], ['a', 'b']), /matrix\[0\]\[1\] is -1; counts must be finite and >= 0/, ValueError],
    ['NaN', () => report.confusionMatrixSpec([[1, 0], [Number.NaN, 1]], ['a', 'b']), /matrix\[1\]\[0\] is NaN/, ValueError],
    ['duplicate names', () => report.confusionMatrixSpec([[1, 0], [0, 1]], ['a', 'a']), /class names must be distinct/, ValueError],
  ];
  for (const [name, fn, msg, cls] of bad) test(`bad input: ${name}`, () => assert.throws(fn, (e: unknown) => e instanceof cls && msg.test((e as Error).message)));
});

describe('decisionBoundary', () => {
  const points = [{ x: 0, y: 0, label: 0 }, { x: 3, y: 2, label: 1 }, { x: 1, y: 1, label: 0 }];
  test('class regions: equal neighbours in a row merge into one rect', async () => {
    const grid = grid3((x) => (x < 2 ? 0 : 1), 4, 3);
    const svg = await report.decisionBoundary({ grid, points, classNames: ['inside', 'outside'], title: 'Circles' });
    checkSvg(svg);
    assert.equal(countInGroup(svg, 'layer_0_marks'), 6);
    assert.equal(countRole(svg, 'point'), 3);
    hasTexts(svg, ['Circles', 'x1', 'x2', 'class', 'inside', 'outside']);
  });
  test('probabilities of a binary task are shaded (auto-detected) with a P(class) legend', async () => {
    const grid = grid3((x, y) => (x + y) / 6, 4, 3);
    const svg = await report.decisionBoundary({ grid, points, classNames: ['a', 'b'] });
    hasTexts(svg, ['P(b)']);
    assert.equal(countInGroup(svg, 'layer_0_marks'), 12);
  });
  test('NaN cells and points are left out with a note; points may be absent', async () => {
    const grid = grid3((x) => (x === 0 ? Number.NaN : 2), 3, 2);
    const svg = await report.decisionBoundary({ grid, points: [{ x: Number.NaN, y: 0, label: 1 }], classNames: ['a', 'b', 'c'] });
    hasTexts(svg, ['3 NaN/Inf values skipped']);
    assert.equal(countInGroup(svg, 'layer_0_marks'), 2);
    checkSvg(await report.decisionBoundary({ grid: grid3(() => 0, 2, 2), classNames: ['only'] }));
  });
  test('a 200 x 200 grid stays a few thousand marks', () => {
    const n = 200;
    const c = Array.from({ length: n }, (_, i) => -1 + (2 * i) / (n - 1));
    const spec = report.decisionBoundarySpec({ grid: { xs: c, ys: c, values: c.map((y) => c.map((x) => 1 / (1 + Math.exp(-10 * (x * x + y * y - 0.5))))) }, classNames: ['a', 'b'] }) as { layer: { data: { values: unknown[] } }[] };
    const rects = spec.layer[0]?.data.values.length ?? 0;
    assert.ok(rects > 200 && rects < 8000, `${rects} rects`);
  });
  const g = grid3(() => 0, 3, 3);
  const bad: [string, () => unknown, RegExp, typeof ValueError][] = [
    ['class index out of range', () => report.decisionBoundarySpec({ grid: grid3(() => 2, 2, 2), classNames: ['a', 'b'], values: 'class' }), /grid.values\[0\]\[0\] = 2 is not a class index in \[0, 2\)/, ValueError],
    ['label out of range', () => report.decisionBoundarySpec({ grid: g, points: [{ x: 0, y: 0, label: 5 }], classNames: ['a', 'b'] }), /points\[0\].label is 5 \(number\); expected a class index in \[0, 2\)/, ValueError],
    ['probability outside [0, 1]', () => report.decisionBoundarySpec({ grid: grid3(() => 1.5, 2, 2), classNames: ['a', 'b'], values: 'probability' }), /probability 1.5 is outside \[0, 1\]/, ValueError],
    ['probability with 3 classes', () => report.decisionBoundarySpec({ grid: g, classNames: ['a', 'b', 'c'], values: 'probability' }), /needs exactly 2 classes, got 3/, ValueError],
    ['rows mismatch', () => report.decisionBoundarySpec({ grid: { xs: [0, 1], ys: [0, 1], values: [[0, 0]] }, classNames: ['a'] }), /grid.values has 1 rows but ys has 2 values/, ShapeError],
    ['flat size mismatch', () => report.decisionBoundarySpec({ grid: { xs: [0, 1], ys: [0, 1], values: [0, 0, 0] }, classNames: ['a'] }), /flat grid.values has 3 values but xs x ys is 2 x 2 = 4/, ShapeError],
    ['decreasing xs', () => report.decisionBoundarySpec({ grid: { xs: [1, 0], ys: [0, 1], values: [0, 0, 0, 0] }, classNames: ['a'] }), /grid.xs must be strictly increasing/, ValueError],
    ['one column', () => report.decisionBoundarySpec({ grid: { xs: [0], ys: [0, 1], values: [0, 0] }, classNames: ['a'] }), /at least 2 x and 2 y values, got 1 x 2/, ShapeError],
    ['no class names', () => report.decisionBoundarySpec({ grid: g, classNames: [] }), /classNames must be a non-empty array of strings/, ValueError],
  ];
  for (const [name, fn, msg, cls] of bad) test(`bad input: ${name}`, () => assert.throws(fn, (e: unknown) => e instanceof cls && msg.test((e as Error).message)));
});

describe('featureMaps', () => {
  const maps = [1, 2, 3].map((k) => ({ title: `z${k}(x)`, grid: grid3((x, y) => 1 / (1 + Math.exp(-(k * x - y))), 5, 4) }));
  test('one titled panel per map, one shared legend', async () => {
    const svg = await report.featureMaps({ maps, points: [{ x: 1, y: 1, label: 1 }], classNames: ['in', 'out'], valueLabel: 'z' });
    checkSvg(svg);
    hasTexts(svg, ['Feature maps', 'z1(x)', 'z2(x)', 'z3(x)', 'in', 'out']);
    assert.equal(texts(svg).filter((t) => t === 'z').length, 1);
    assert.equal(countRole(svg, 'point'), 3);
  });
  test('independent scales give each map its legend', async () => {
    const svg = await report.featureMaps({ maps, sharedScale: false, columns: 2 });
    assert.equal(texts(svg).filter((t) => t === 'value').length, 3);
  });
  test('bad input', () => {
    assert.throws(() => report.featureMapsSpec({ maps: [] }), /featureMaps: maps must be a non-empty array/);
    assert.throws(() => report.featureMapsSpec({ maps, points: [{ x: 0, y: 0, label: 0 }] }), /classNames must be a non-empty array/);
    assert.throws(() => report.featureMapsSpec({ maps: [{ title: 'a', grid: grid3(() => Number.NaN, 2, 2) }] }), /no map has a finite value/);
  });
});

describe('contourWithPaths', () => {
  const rosen = (x: number, y: number) => (1 - x) ** 2 + 100 * (y - x * x) ** 2;
  const xs = Array.from({ length: 41 }, (_, i) => -2 + i / 10);
  const ys = Array.from({ length: 31 }, (_, j) => -1 + j / 10);
  const grid = { xs, ys, values: ys.map((y) => xs.map((x) => rosen(x, y))) };
  test('log bands for Rosenbrock, one line per optimizer, start squares and the target', async () => {
    const paths = [{ name: 'GD', points: [[-1.5, 2], [-1.2, 1.5], [-1, 1]] as [number, number][] }, { name: 'Adam', points: [[-1.5, 2], [0, 0], [Number.NaN, 1]] as [number, number][] }];
    const svg = await report.contourWithPaths({ grid, paths, target: [1, 1], title: 'Rosenbrock' });
    checkSvg(svg);
    hasTexts(svg, ['Rosenbrock', 'log10(f - min)', 'optimizer', 'GD', 'Adam', '1 NaN/Inf value skipped']);
    assert.equal(countRole(svg, 'line mark'), 2);
    assert.equal(countRole(svg, 'point'), 5 + 2 + 1);
  });
  test('linear bands when asked; paths optional', async () => {
    const svg = await report.contourWithPaths({ grid, log: false, fName: 'loss' });
    hasTexts(svg, ['loss']);
    assert.equal(countRole(svg, 'line mark'), 0);
  });
  test('bad input', () => {
    assert.throws(() => report.contourWithPathsSpec({ grid, paths: [{ name: 'a', points: [[1, 2, 3] as unknown as [number, number]] }] }), /path "a" point 0 must be \[x, y\] numbers/);
    assert.throws(() => report.contourWithPathsSpec({ grid, target: [Number.NaN, 1] }), /target must be \[x, y\] finite numbers/);
    assert.throws(() => report.contourWithPathsSpec({ grid, levels: 1 }), /levels must be an integer in \[2, 256\]/);
  });
});

describe('histogram and barChart', () => {
  test('binCounts: closed form, last bin includes the maximum, out-of-range and NaN ignored', () => {
    assert.deepEqual(report.binCounts([0, 0.1, 0.5, 0.99, 1, 2, Number.NaN, -1], 2, 0, 1), [2, 3]);
  });
  test('shared bins: one rect per bin and series, legend entries', async () => {
    const svg = await report.histogram({ L1: [0, 0, 0, 0.5, -0.5], L2: [0.1, -0.2, 0.3, Number.NaN] }, { bins: 8, title: 'Weights', xLabel: 'weight', logY: true });
    checkSvg(svg);
    assert.equal(countRole(svg, 'rect mark'), 16);
    hasTexts(svg, ['Weights', 'weight', 'count', 'L1', 'L2', '1 NaN/Inf value skipped']);
  });
  test('density mode and one-value series', async () => {
    hasTexts(await report.histogram({ a: [3, 3, 3] }, { density: true }), ['share of values']);
  });
  test('grouped bars on a log axis, in input order', async () => {
    const bars = [1, 2, 3].flatMap((l) => [{ label: `layer ${l}`, value: 10 ** -l, series: 'sigmoid' }, { label: `layer ${l}`, value: 0.5, series: 'relu' }]);
    const svg = await report.barChart(bars, { logY: true, yLabel: 'gradient norm', title: 'Gradient flow' });
    checkSvg(svg);
    assert.equal(countRole(svg, 'bar'), 6);
    hasTexts(svg, ['Gradient flow', 'gradient norm', 'layer 1', 'layer 3', 'sigmoid', 'relu']);
  });
  test('bad input', () => {
    assert.throws(() => report.histogramSpec({}), /histogram: no series to draw/);
    assert.throws(() => report.histogramSpec({ a: [Number.NaN] }), /no finite values/);
    assert.throws(() => report.histogramSpec({ a: [1] }, { bins: 0 }), /bins must be an integer in \[1, 1000\]/);
    assert.throws(() => report.barChartSpec([]), /barChart: bars must be a non-empty array/);
    assert.throws(() => report.barChartSpec([{ label: 'a', value: 0 }], { logY: true }), /every value is NaN\/Inf or <= 0 on a log axis/);
    assert.throws(() => report.barChartSpec([{ label: 3, value: 1 } as unknown as report.Bar]), /bars\[0\] must be \{ label: string/);
  });
});
