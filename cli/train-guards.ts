// What stops `neurite train` before it does something the user did not mean: resume flags that
// contradict the run, a diverged loss (stop, keep the last finite checkpoint), and a failed save
// (disk full, read-only) reported as one line that says what survived.

import type { Command } from 'commander';
import { join } from 'node:path';
import { fsCause, isFsError, UsageError } from './errors.js';
import { parseLayers, type TrainConfig } from './train-config.js';
import type { TrainFlags } from './commands/train.js';

/** The option keys given on the command line (or the environment), not left at their defaults. */
export function explicitFlags(cmd: Command): ReadonlySet<string> {
  const out = new Set<string>();
  for (const key of Object.keys(cmd.opts())) {
    const src = cmd.getOptionValueSource(key);
    if (src === 'cli' || src === 'env') out.add(key);
  }
  return out;
}

/** Flags that decide the data or the model; a resumed run keeps the run's, so a different value is refused. */
const RESUME_FIXED: readonly { key: keyof TrainFlags & string; flag: string; value: (o: TrainFlags) => unknown; run: (c: TrainConfig) => unknown }[] = [
  { key: 'data', flag: '--data', value: (o) => o.data, run: (c) => c.data },
  { key: 'target', flag: '--target', value: (o) => o.target, run: (c) => c.target },
  { key: 'impute', flag: '--impute', value: (o) => o.impute, run: (c) => c.impute },
  { key: 'encoding', flag: '--encoding', value: (o) => (o.encoding === 'latin1' ? 'latin1' : undefined), run: (c) => c.encoding },
  { key: 'n', flag: '--n', value: (o) => o.n, run: (c) => c.n },
  { key: 'noise', flag: '--noise', value: (o) => o.noise, run: (c) => c.noise },
  { key: 'seed', flag: '--seed', value: (o) => o.seed, run: (c) => c.seed },
  { key: 'validationSplit', flag: '--validation-split', value: (o) => o.validationSplit, run: (c) => c.validationSplit },
  { key: 'standardize', flag: '--no-standardize', value: (o) => o.standardize, run: (c) => c.standardize },
  { key: 'batchSize', flag: '--batch-size', value: (o) => o.batchSize, run: (c) => c.batchSize },
  { key: 'arch', flag: '--arch', value: (o) => o.arch, run: (c) => c.arch ?? 'mlp' },
  { key: 'channels', flag: '--channels', value: (o) => (o.channels === undefined ? undefined : parseLayers(o.channels, '--channels').join(',')), run: (c) => c.channels?.join(',') },
  { key: 'layers', flag: '--layers', value: (o) => parseLayers(o.layers).join(','), run: (c) => c.layers.join(',') },
  { key: 'activation', flag: '--activation', value: (o) => o.activation, run: (c) => c.activation },
  { key: 'dropout', flag: '--dropout', value: (o) => o.dropout, run: (c) => c.dropout },
  { key: 'batchnorm', flag: '--batchnorm', value: (o) => o.batchnorm ?? false, run: (c) => c.batchnorm },
  { key: 'init', flag: '--init', value: (o) => o.init, run: (c) => c.init },
];

const shown = (v: unknown): string => (v === undefined ? '(none)' : String(v));

/**
 * Refuses `train --resume D` with data or model options that differ from what run D was trained
 * with (they would be silently ignored), and `--out` naming another directory. Exit 2 names each.
 */
export function checkResumeFlags(o: TrainFlags, run: TrainConfig, dir: string): void {
  const given = o.explicit ?? new Set<string>();
  const clashes = RESUME_FIXED.filter((f) => given.has(f.key) && f.value(o) !== f.run(run)).map((f) => `${f.flag} ${shown(f.value(o))} (the run has ${shown(f.run(run))})`);
  if (given.has('out') && o.out !== undefined && join(o.out) !== join(dir)) clashes.push(`--out ${o.out} (a resumed run writes to ${dir})`);
  if (clashes.length > 0) {
    throw new UsageError(`--resume ${dir}: ${clashes.join('; ')} contradict${clashes.length === 1 ? 's' : ''} the run; a resumed run keeps its data and model (start a new run with --out to change them)`);
  }
}

/** The error for a diverged run: names epoch and batch (1-based), suggests a smaller learning rate, says which checkpoint is kept. */
export function divergedError({ cfg, epoch, batch, what, out, savedEpoch }: { cfg: TrainConfig; epoch: number; batch?: number; what: string; out: string; savedEpoch: number | null }): UsageError {
  const where = `epoch ${epoch + 1}${batch !== undefined ? `, batch ${batch + 1}` : ''}`;
  const kept = savedEpoch === null ? 'no checkpoint was saved' : `the last finite checkpoint in ${out} (after epoch ${savedEpoch}) is kept`;
  return new UsageError(`training diverged at ${where}: ${what}; try a smaller learning rate (--lr ${Number((cfg.lr / 10).toPrecision(3))} or less, now ${cfg.lr}); ${kept}`);
}

/**
 * A save that failed on a file-system error becomes one line naming the file and the cause, and
 * what survived: "disk full while saving runs/x/model.safetensors; the previous checkpoint is intact".
 */
export function saveFailure(e: unknown, { out, phase, hadCheckpoint }: { out: string; phase: 'writing' | 'committed' | 'done'; hadCheckpoint: boolean }): unknown {
  if (!isFsError(e)) return e;
  const file = (e.path ?? join(out, '?')).replace(/\.next$/, '').replace(/(^|[\\/])\.([^\\/]+)\.tmp-[^\\/]*$/, '$1$2');
  const state = phase === 'done' ? 'the checkpoint itself was saved' : phase === 'committed'
    ? 'the new checkpoint is committed and the next neurite command on this directory completes it'
    : hadCheckpoint ? 'the previous checkpoint is intact' : 'no checkpoint was saved yet';
  return new UsageError(`${fsCause(e)} while saving ${file}; ${state} (${e.code})`);
}
