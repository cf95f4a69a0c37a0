// Charts and pictures as SVG (browser-safe part): each chart has a `...Spec` function returning
// its Vega-Lite spec and an async function rendering it to SVG text. PNG output is in node-index.ts.

export { renderSvg, CHART_CONFIG, CHART_FONT } from './render-spec.js';
export type { Grid, ChartOptions } from './chart-data.js';
export { lineChart, lineChartSpec } from './line-chart.js';
export type { Series, LineChartOptions } from './line-chart.js';
export { lossCurves, lossCurvesSpec } from './loss-curves.js';
export type { LossHistory, LossRow, LossCurvesOptions } from './loss-curves.js';
export { confusionMatrix, confusionMatrixSpec } from './confusion-matrix.js';
export type { ConfusionMatrixOptions } from './confusion-matrix.js';
export { decisionBoundary, decisionBoundarySpec, CLASS_COLORS } from './decision-boundary.js';
export type { DecisionBoundaryInput, LabeledPoint } from './decision-boundary.js';
export { featureMaps, featureMapsSpec } from './feature-maps.js';
export type { FeatureMap, FeatureMapsInput } from './feature-maps.js';
export { contourWithPaths, contourWithPathsSpec } from './contour-with-paths.js';
export type { Path2D, ContourWithPathsInput } from './contour-with-paths.js';
export { histogram, histogramSpec, barChart, barChartSpec, binCounts } from './histogram.js';
export type { HistogramOptions, Bar, BarChartOptions } from './histogram.js';
