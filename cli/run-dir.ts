// A run directory on disk: what `neurite train` writes and `eval/predict/info` read. The format
// itself (model.json's description, its validation, building the model) is the library's
// (src/io/run-format.ts); this file adds the files: the lock, recovery, refusing foreign
// directories, and loading through the crash-safe checkpoint protocol of src/io/node-checkpoint.ts.

import { existsSync, readdirSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { data, io, nn, type Tensor } from '../src/index.js';
import {
  atomicTempPrefix, DATA_FILES, loadCheckpoint, makeDirs, MANIFEST_FILE, needsRecovery, PENDING_MANIFEST_FILE, recoverCheckpoint, type Checkpoint,
} from '../src/node.js';
import { UsageError } from './errors.js';
import { LOCK_FILE, lockOwner, lockRun, type RunLock } from './run-lock.js';
import type { TrainConfig } from './train-config.js';

/** What model.json holds (the library's run format, with the CLI's training options). */
export type RunDescription = io.RunDescription<TrainConfig>;

/** A loaded run: the rebuilt model with its weights, the description and the raw checkpoint. */
export interface LoadedRun {
  dir: string;
  model: nn.Sequential;
  description: RunDescription;
  standardizer: data.Standardizer | null;
  /** The run's input preprocessing (the saved standardizer, or identity). */
  prep: (x: Tensor) => Tensor;
  checkpoint: Checkpoint;
}

/** True when `dir` holds a finished checkpoint. */
export function hasCheckpoint(dir: string): boolean {
  return existsSync(join(dir, MANIFEST_FILE));
}

/** Files of a run directory that neurite writes besides the checkpoint (metrics and report pictures). */
const REPORT_FILES = ['metrics.json', 'metrics.csv', ...['training-curves', 'confusion-matrix', 'decision-boundary'].flatMap((n) => [`${n}.svg`, `${n}.png`])];

const OUR_NAMES = [...DATA_FILES, MANIFEST_FILE, PENDING_MANIFEST_FILE, ...REPORT_FILES];

/** True for a name neurite writes into a run directory (the checkpoint, metrics, pictures). */
export function isRunFileName(f: string): boolean {
  return OUR_NAMES.includes(f);
}

/** True for a temporary file or lock neurite leaves only when killed (`*.next`, `.<name>.tmp-*`, the lock). */
function isLeftoverName(f: string): boolean {
  return f === LOCK_FILE || f.startsWith(`${LOCK_FILE}.`) || OUR_NAMES.some((n) => f === `${n}.next` || f.startsWith(atomicTempPrefix(n)) || f.startsWith(`${n}.tmp-`));
}

/** True when `dir` is a neurite run: it has a manifest (finished or pending). */
function isRun(dir: string): boolean {
  return hasCheckpoint(dir) || existsSync(join(dir, PENDING_MANIFEST_FILE));
}

const isReportLeftover = (f: string): boolean => REPORT_FILES.some((n) => f.startsWith(atomicTempPrefix(n)) || f.startsWith(`${n}.tmp-`));

/** Removes temporary files of metrics and pictures that a killed run left (the lock is held). */
function cleanReportLeftovers(dir: string): void {
  for (const f of readdirSync(dir)) if (isReportLeftover(f)) unlinkSync(join(dir, f));
}

/** Options of `openRunForWriting`. */
export interface OpenRunOptions {
  /** The command, named to a second writer (`train`). */
  command: string;
  /** A new run (not `--resume`): refuse a directory that holds files neurite did not write. */
  fresh?: boolean;
  /** `--force`: allow a non-empty directory that is not a run, as long as no name neurite writes is taken. */
  force?: boolean;
}

/**
 * Makes `dir` the caller's: creates it step by step, takes its lock (a second writer gets a usage
 * error naming the owner's pid), refuses a directory that is not a neurite run (for a fresh run:
 * unless `force`, and never when one of neurite's names is taken by a foreign file), then rolls a
 * committed-but-unfinished save forward (or back) and removes leftovers of killed saves.
 */
export function openRunForWriting(dir: string, { command, fresh = false, force = false }: OpenRunOptions): RunLock {
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new UsageError(`${dir} exists and is not a directory`);
  makeDirs(dir);
  const lock = lockRun(dir, command);
  try {
    // checked again under the lock: another writer may have finished a run here since the caller looked
    if (fresh && hasCheckpoint(dir) && !force) {
      throw new UsageError(`${dir} already holds a trained model; use --resume ${dir} to continue it, --force to overwrite it, or --out for another directory`);
    }
    if (fresh && !isRun(dir)) {
      // NOTE: without a manifest nothing here is known to be neurite's except leftovers of a killed
      // first save; a model.json or metrics.json there is the user's.
      const foreign = readdirSync(dir).filter((f) => !isLeftoverName(f));
      const clash = foreign.filter(isRunFileName);
      if (foreign.length > 0 && !force) {
        throw new UsageError(`${dir} is not empty and is not a neurite run (it holds ${listNames(foreign)}); choose an empty or new --out directory, or pass --force to add the run beside these files`);
      }
      if (foreign.length > 0 && clash.length > 0) {
        throw new UsageError(`${dir} is not a neurite run, and its ${listNames(clash)} would be replaced; neurite does not overwrite files it did not write (even with --force)`);
      }
    }
    recoverCheckpoint(dir);
    cleanReportLeftovers(dir);
    return lock;
  } catch (e) {
    lock.release();
    throw e;
  }
}

function listNames(names: string[]): string {
  const shown = names.slice(0, 3).map((n) => JSON.stringify(n.length > 40 ? `${n.slice(0, 40)}...` : n));
  return names.length > 3 ? `${shown.join(', ')} and ${names.length - 3} more` : shown.join(', ');
}

/**
 * Before a command reads `dir`: when a killed save left a pending manifest or temporary files and
 * no running neurite owns the directory, takes the lock briefly and recovers. While another process
 * writes there the directory is read as it is (loading reads a pending save's new generation).
 */
export function recoverBeforeReading(dir: string, command: string): void {
  if (!existsSync(dir) || !statSync(dir).isDirectory() || lockOwner(dir) !== null) return;
  if (!needsRecovery(dir) && !readdirSync(dir).some(isReportLeftover)) return;
  let lock: RunLock;
  try {
    lock = lockRun(dir, command);
  } catch {
    // someone started writing meanwhile, or the directory is read-only to us: read it as it is
    return;
  }
  try {
    recoverCheckpoint(dir);
    cleanReportLeftovers(dir);
  } finally {
    lock.release();
  }
}

/**
 * Loads a run directory: verifies the checkpoint (manifest checksums, safetensors structure),
 * checks model.json's architecture against the weight file's shapes, rebuilds the model and loads
 * the weights (names, dtypes and shapes checked). Recovers an unfinished save first when it can.
 */
export function loadRun(dir: string, { command = 'read' }: { command?: string } = {}): LoadedRun {
  recoverBeforeReading(dir, command);
  const checkpoint = loadCheckpoint(dir);
  const description = io.checkRunDescription<TrainConfig>(checkpoint.description, join(dir, 'model.json'));
  const { model, standardizer, prep } = io.buildRunModel(description, checkpoint.model, { source: join(dir, 'model.safetensors') });
  return { dir, model, description, standardizer, prep, checkpoint };
}
