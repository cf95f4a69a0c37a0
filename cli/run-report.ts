// What a run writes beside its checkpoint: metrics.json and metrics.csv (per epoch), and pictures as
// SVG and PNG: loss and accuracy curves, the test confusion matrix, and for 2-D data the decision
// boundary with the test points.

import { join } from 'node:path';
import { data, report, softmax, tensor, train, type Tensor } from '../src/index.js';
import { writeChart, writeFileAtomic } from '../src/node.js';

/** Paths of everything a report wrote. */
export interface ReportFiles {
  metricsJson: string;
  metricsCsv: string;
  pictures: string[];
}

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Writes metrics.json and metrics.csv (atomically: a crash leaves the previous version). */
export function writeMetrics(dir: string, history: train.History, extra: Record<string, unknown> = {}): { metricsJson: string; metricsCsv: string } {
  const metricsJson = join(dir, 'metrics.json');
  const metricsCsv = join(dir, 'metrics.csv');
  writeFileAtomic(metricsJson, utf8(`${JSON.stringify({ ...extra, epochs: history.toJSON() }, null, 2)}\n`));
  writeFileAtomic(metricsCsv, utf8(history.toCSV()));
  return { metricsJson, metricsCsv };
}

/** Model outputs over a grid covering the points (with a margin), for the decision boundary. */
function boundaryGrid(model: train.TrainableModel, x: Tensor, standardize: (t: Tensor) => Tensor, classes: number, steps = 90): report.Grid {
  const d = x.data;
  let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
  for (let i = 0; i < d.length; i += 2) {
    x0 = Math.min(x0, d[i]!); x1 = Math.max(x1, d[i]!);
    y0 = Math.min(y0, d[i + 1]!); y1 = Math.max(y1, d[i + 1]!);
  }
  const mx = (x1 - x0) * 0.08 || 1;
  const my = (y1 - y0) * 0.08 || 1;
  const xs = Array.from({ length: steps }, (_, i) => x0 - mx + ((x1 - x0 + 2 * mx) * (i + 0.5)) / steps);
  const ys = Array.from({ length: steps }, (_, i) => y0 - my + ((y1 - y0 + 2 * my) * (i + 0.5)) / steps);
  const pts = new Float32Array(steps * steps * 2);
  ys.forEach((yv, r) => xs.forEach((xv, c) => { pts[(r * steps + c) * 2] = xv; pts[(r * steps + c) * 2 + 1] = yv; }));
  const out = train.predict(model, standardize(tensor(pts, { shape: [steps * steps, 2] })));
  const values = new Float64Array(steps * steps);
  if (classes === 2) {
    const p = softmax(out, -1).data;
    for (let i = 0; i < values.length; i++) values[i] = p[i * 2 + 1]!;
  } else {
    const a = out.argmax(-1).data;
    for (let i = 0; i < values.length; i++) values[i] = a[i]!;
  }
  return { xs, ys, values };
}

/** Options of `writeReport`. */
export interface ReportInput {
  dir: string;
  history: train.History;
  model: train.TrainableModel;
  test: data.DatasetBundle;
  /** Test-set outputs of the final model. */
  testOutput: Tensor;
  /** Applies the run's input preprocessing (identity when none). */
  standardize: (x: Tensor) => Tensor;
}

/** Writes the pictures of a finished (or interrupted) run; returns their paths. */
export async function writeReport({ dir, history, model, test, testOutput, standardize }: ReportInput): Promise<string[]> {
  const pictures: string[] = [];
  const add = async (name: string, svg: string): Promise<void> => {
    const p = await writeChart(dir, name, svg);
    pictures.push(p.svg, p.png);
  };
  const rows = history.toJSON();
  if (rows.length > 0) {
    // one picture, two panels: loss (train, validation) and, for classification, accuracy
    const curves = rows.map((r) => ({ epoch: r.epoch + 1, trainLoss: r.trainLoss, valLoss: r.valLoss, trainAccuracy: r.trainAccuracy, valAccuracy: r.valAccuracy }));
    await add('training-curves', await report.lossCurves(curves, { title: `${test.name}: loss and accuracy per epoch` }));
  }
  if (test.task === 'classification' && test.classNames) {
    const k = test.classNames.length;
    const cm = train.confusionMatrix(testOutput, test.y, k);
    await add('confusion-matrix', await report.confusionMatrix(cm, test.classNames, { title: `${test.name}: test confusion matrix` }));
    if (test.inputShape.length === 1 && test.inputShape[0] === 2) {
      const grid = boundaryGrid(model, test.x, standardize, k);
      const points = Array.from({ length: test.x.shape[0]! }, (_, i) => ({ x: test.x.data[2 * i]!, y: test.x.data[2 * i + 1]!, label: test.y.data[i]! }));
      await add('decision-boundary', await report.decisionBoundary({
        grid, points, classNames: test.classNames, ...(k === 2 ? { values: 'probability' as const } : { values: 'class' as const }),
        title: `${test.name}: decision boundary and test points`, xLabel: test.featureNames[0] ?? 'x1', yLabel: test.featureNames[1] ?? 'x2',
      }));
    }
  }
  return pictures;
}
