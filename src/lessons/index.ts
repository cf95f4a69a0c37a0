// The lecture made runnable: each lesson is a function returning its measured numbers, plus a renderer
// producing the explanation, tables and SVG charts. `LESSONS` lists the fourteen in the lecture's order.

import { ValueError } from '../errors.js';
import { activationsLesson } from './activations.js';
import { backpropLesson } from './backprop.js';
import { dropoutLesson } from './dropout.js';
import { explodingLesson } from './exploding.js';
import { gdVsSgdLesson } from './gd-vs-sgd.js';
import type { Lesson, LessonOptions, LessonReport } from './lesson.js';
import { nonlinearityLesson } from './nonlinearity.js';
import { normalizationLesson } from './normalization.js';
import { optimizersLesson } from './optimizers.js';
import { regularizationLesson } from './regularization.js';
import { vanishingLesson } from './vanishing.js';
import { localMinimumLesson } from './local-minimum.js';
import { depthLesson } from './depth.js';
import { biasLesson } from './bias.js';
import { featuresLesson } from './features.js';

export { workedExample } from './worked-example.js';
export type { WorkedExampleInput, WorkedExampleResult } from './worked-example.js';
export { fmtNum, fmtPct, formatTable, formatReport } from './lesson.js';
export type { Lesson, LessonOptions, LessonReport, LessonTable, LessonChart } from './lesson.js';
export { nonlinearity, renderNonlinearity, nonlinearityLesson } from './nonlinearity.js';
export type { NonlinearityOptions, NonlinearityResult, NonlinearityDataset } from './nonlinearity.js';
export { backprop, renderBackprop, backpropLesson } from './backprop.js';
export type { BackpropOptions, BackpropResult, Partial as BackpropPartial } from './backprop.js';
export { gdVsSgd, renderGdVsSgd, gdVsSgdLesson } from './gd-vs-sgd.js';
export type { GdVsSgdOptions, GdVsSgdResult, GdVsSgdRun } from './gd-vs-sgd.js';
export { optimizers, renderOptimizers, optimizersLesson, descend, OPTIMIZER_NAMES } from './optimizers.js';
export type { OptimizersOptions, OptimizersResult, OptimizerName, SurfaceRun, SurfaceResult, MlpRun } from './optimizers.js';
export { SURFACES, rosenbrock, beale, quadratic, saddle } from './surfaces.js';
export type { Surface } from './surfaces.js';
export { vanishing, renderVanishing, vanishingLesson } from './vanishing.js';
export type { VanishingOptions, VanishingResult, VanishingVariant, VanishingVariantResult, VanishingBound } from './vanishing.js';
export { exploding, renderExploding, explodingLesson } from './exploding.js';
export type { ExplodingOptions, ExplodingResult, ExplodingLayer } from './exploding.js';
export { activations, renderActivations, activationsLesson } from './activations.js';
export type { ActivationsOptions, ActivationsResult, ActivationCurve } from './activations.js';
export { regularization, renderRegularization, regularizationLesson } from './regularization.js';
export type { RegularizationOptions, RegularizationResult, RegularizationRun } from './regularization.js';
export { dropout, renderDropout, dropoutLesson } from './dropout.js';
export type { DropoutLessonOptions, DropoutResult, DropoutRun, DropoutExpectation } from './dropout.js';
export { normalization, renderNormalization, normalizationLesson } from './normalization.js';
export type { NormalizationOptions, NormalizationResult, NormalizationRun } from './normalization.js';
export { bias, renderBias, biasLesson, BiasNeuron } from './bias.js';
export type { BiasOptions, BiasResult, BiasRun } from './bias.js';
export { depth, renderDepth, depthLesson, sawtooth } from './depth.js';
export type { DepthOptions, DepthResult, DepthRow } from './depth.js';
export { features, renderFeatures, featuresLesson } from './features.js';
export type { FeaturesOptions, FeaturesResult, FeaturesSeed, DigitSet } from './features.js';
export { localMinimum, renderLocalMinimum, localMinimumLesson, doubleWell } from './local-minimum.js';
export type { LocalMinimumOptions, LocalMinimumResult, LocalMinimumLevel } from './local-minimum.js';

/** The fourteen lessons, in the lecture's order. */
export const LESSONS: readonly Lesson<LessonOptions, never>[] = [
  nonlinearityLesson, backpropLesson, gdVsSgdLesson, localMinimumLesson, optimizersLesson, vanishingLesson,
  explodingLesson, activationsLesson, regularizationLesson, dropoutLesson, normalizationLesson,
  biasLesson, depthLesson, featuresLesson,
] as unknown as readonly Lesson<LessonOptions, never>[];

/** Names of the lessons (`neurite lesson --list`). */
export function lessonNames(): string[] {
  return LESSONS.map((l) => l.name);
}

/** The lesson called `name`; a `ValueError` listing the valid names otherwise. */
export function getLesson(name: string): Lesson<LessonOptions, unknown> {
  const l = LESSONS.find((x) => x.name === name);
  if (!l) throw new ValueError(`unknown lesson '${name}'; valid lessons: ${lessonNames().join(', ')}`);
  return l as unknown as Lesson<LessonOptions, unknown>;
}

/** Runs a lesson by name with its default settings (and `seed`), and renders it. */
export async function runLesson(name: string, opts: LessonOptions = {}): Promise<{ result: unknown; report: LessonReport }> {
  const lesson = getLesson(name);
  const result = await lesson.run(opts);
  return { result, report: await lesson.render(result) };
}
