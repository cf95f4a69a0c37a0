// What a run writes beside its checkpoint: metrics.json and metrics.csv (per epoch), and pictures as
// SVG and PNG: loss and accuracy curves, the test confusion matrix, and for 2-D data the decision
// boundary with the test points.

import { join } from 'node:path';
import { data, report, softmax, train, type Tensor } from '../src/index.js';
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

/** Model outputs over a grid covering the points (with an 8% margin), for the decision boundary. */
function boundaryGrid(model: train.TrainableModel, x: Tensor, standardize: (t: Tensor) => Tensor, classes: number, steps = 90): report.Grid {
  const { xs, ys, points } = data.planeGrid(x, { n: steps, padFraction: 0.08 });
  const out = train.predict(model, standardize(points));
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
      const points = data.labeledPoints(test);
      await add('decision-boundary', await report.decisionBoundary({
        grid, points, classNames: test.classNames, ...(k === 2 ? { values: 'probability' as const } : { values: 'class' as const }),
        title: `${test.name}: decision boundary and test points`, xLabel: test.featureNames[0] ?? 'x1', yLabel: test.featureNames[1] ?? 'x2',
      }));
    }
  }
  return pictures;
}
