// state.json of a run, checked field by field before `--resume` trusts it: an edited or damaged
// state (epoch -5, a history that does not match the epoch count, a batch past the end) is refused
// with a message naming the field, instead of training "at epoch -4 of 3".

import type { train } from '../src/index.js';
import type { GeneratorState } from '../src/node.js';
import { UsageError } from './errors.js';

/** What state.json holds besides the trainer's own state. */
export interface SavedState {
  trainer: train.TrainerState;
  /** The global generator (dropout masks) at the saved point. */
  globalGenerator: GeneratorState;
  trainRows: number;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isNonNeg = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

function isGenerator(v: unknown): v is GeneratorState {
  return isObj(v) && Array.isArray(v.s) && v.s.length === 4 && v.s.every((x) => Number.isInteger(x) && (x as number) >= -0x80000000 && (x as number) <= 0xffffffff);
}

/**
 * Checks every field of a run's saved state against its types, ranges and itself: counts are
 * non-negative integers, the batch lies inside an epoch of `trainRows` rows at `batchSize`, the
 * history has one entry per finished epoch numbered 0, 1, ... with finite losses, the partial sums
 * cover the batches done, the generators are valid states. Throws a `UsageError` naming `file` and the field.
 */
export function checkSavedState(st: unknown, { file, batchSize }: { file: string; batchSize: number }): SavedState {
  const bad = (what: string): never => {
    throw new UsageError(`${file}: ${what} (the state is damaged or was edited; it cannot be resumed)`);
  };
  if (!isObj(st) || !isObj(st.trainer)) bad('no trainer state');
  const s = st as Record<string, unknown>;
  const t = s.trainer as Record<string, unknown>;
  if (!isCount(s.trainRows) || s.trainRows === 0) bad(`trainRows must be a positive integer, got ${show(s.trainRows)}`);
  if (!isGenerator(s.globalGenerator)) bad('globalGenerator must be { s: [4 32-bit integers] }');
  if (!isGenerator(t.epochStartGenerator)) bad('trainer.epochStartGenerator must be { s: [4 32-bit integers] }');
  if (!isCount(t.epoch)) bad(`trainer.epoch must be a non-negative integer, got ${show(t.epoch)}`);
  const batches = Math.ceil((s.trainRows as number) / batchSize);
  if (!isCount(t.batch) || (t.batch as number) >= batches) bad(`trainer.batch must be an integer in [0, ${batches}) (batches per epoch), got ${show(t.batch)}`);
  if (!Array.isArray(t.history)) bad('trainer.history must be a list');
  const history = t.history as unknown[];
  if (history.length !== t.epoch) bad(`trainer.history has ${history.length} epochs but trainer.epoch says ${show(t.epoch)} are done`);
  history.forEach((h, i) => {
    if (!isObj(h) || h.epoch !== i) bad(`trainer.history[${i}] must be the logs of epoch ${i}`);
    const e = h as Record<string, unknown>;
    if (typeof e.trainLoss !== 'number' || !Number.isFinite(e.trainLoss)) bad(`trainer.history[${i}].trainLoss must be a finite number, got ${show(e.trainLoss)}`);
    if (!isNonNeg(e.seconds) || !isNonNeg(e.samplesPerSecond)) bad(`trainer.history[${i}] must have non-negative seconds and samplesPerSecond`);
    for (const k of ['trainAccuracy', 'valAccuracy'] as const) {
      if (e[k] !== undefined && !(isNonNeg(e[k]) && (e[k] as number) <= 1)) bad(`trainer.history[${i}].${k} must be in [0, 1], got ${show(e[k])}`);
    }
    for (const k of ['valLoss', 'lr'] as const) {
      if (e[k] !== undefined && !(typeof e[k] === 'number' && Number.isFinite(e[k]))) bad(`trainer.history[${i}].${k} must be a finite number, got ${show(e[k])}`);
    }
  });
  if (!isObj(t.partial)) bad('trainer.partial must be an object');
  const p = t.partial as Record<string, unknown>;
  const done = Math.min(s.trainRows as number, (t.batch as number) * batchSize);
  if (!isCount(p.count) || p.count !== done) bad(`trainer.partial.count must be ${done} (the rows of the ${show(t.batch)} batches done), got ${show(p.count)}`);
  if (!isCount(p.correct) || (p.correct as number) > done) bad(`trainer.partial.correct must be an integer in [0, ${done}], got ${show(p.correct)}`);
  if (!(typeof p.lossSum === 'number' && Number.isFinite(p.lossSum)) || !isNonNeg(p.seconds)) bad('trainer.partial.lossSum and seconds must be finite numbers');
  return st as unknown as SavedState;
}

function show(v: unknown): string {
  const s = v === undefined ? 'nothing' : JSON.stringify(v) ?? String(v);
  return s.length > 80 ? `${s.slice(0, 60)}... (${s.length} characters)` : s;
}
