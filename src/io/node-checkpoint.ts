// Checkpoints of a training run: a directory of plain files (model.json, model.safetensors,
// optimizer.safetensors/json, state.json) plus a manifest, saved so that a crash at any moment
// leaves either the whole previous checkpoint or the whole new one.
//
// Protocol (a redo log with one commit point; a single writer per directory is assumed):
//   1. recover: finish an earlier save that crashed after its commit point (step 4), then delete
//      leftovers of saves that crashed before it (`*.next`, temporary files).
//   2. write every new file as `<name>.next`, fsync each, fsync the directory.
//   3. nothing the current manifest names has been touched, so a crash up to here leaves the old
//      checkpoint; loaders ignore `.next` files.
//   4. COMMIT: write `checkpoint.pending.json` (names, sizes, SHA-256 of the new files) atomically.
//   5. rename each `<name>.next` over `<name>`, fsync the directory.
//   6. write `checkpoint.json` (the same manifest) atomically, delete files the new checkpoint
//      no longer has, delete `checkpoint.pending.json`, fsync the directory.
// A loader that finds `checkpoint.pending.json` reads the new generation: each file from
// `<name>.next` if that is still there, else from `<name>` (renames are atomic, so each name holds
// either the old or the new bytes, and the hashes tell which). Otherwise it reads `checkpoint.json`.

import { existsSync, readdirSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Tensor } from '../tensor/tensor.js';
import { VERSION } from '../version.js';
import { CheckpointError } from './checkpoint-error.js';
import { decodeSafetensors, encodeSafetensors } from './safetensors.js';
import { packState, parseState, stringifyState, unpackState } from './pack-state.js';
import { validateStateDict } from './validate-state-dict.js';
import { atomicTempPrefix, fsyncDir, makeDirs, writeFileAtomic, writeFileDurable } from './node-write-file-atomic.js';
import { readFileBounded, tryReadExact } from './node-read-bounded.js';

/** Name of the manifest, written last: a directory is a checkpoint when it has one. */
export const MANIFEST_FILE = 'checkpoint.json';
/** Name of the manifest of a save that passed its commit point but has not finished. */
export const PENDING_MANIFEST_FILE = 'checkpoint.pending.json';
/** The files a checkpoint may hold (what a run directory's manifest can name). */
export const DATA_FILES = ['model.json', 'model.safetensors', 'optimizer.safetensors', 'optimizer.json', 'state.json'] as const;
const FORMAT = 'neurite-checkpoint';
/** Largest manifest read (a real one is a few hundred bytes). */
const MAX_MANIFEST_BYTES = 1 << 20;
const FORMAT_VERSION = 1;

/** What a checkpoint holds. */
export interface Checkpoint {
  /** The model's weights (`stateDict()`), saved to `model.safetensors`. */
  model: Record<string, Tensor>;
  /** JSON description of the model (architecture, preprocessing, class names), saved to `model.json`. */
  description: unknown;
  /** The optimizer's `stateDict()`: tensors to `optimizer.safetensors`, the rest to `optimizer.json`. */
  optimizer?: unknown;
  /** Trainer state (epoch, generator state, history), saved to `state.json`. */
  trainerState?: unknown;
  /** String pairs stored as the `__metadata__` of `model.safetensors`. */
  metadata?: Record<string, string>;
}

/** One file of a checkpoint as the manifest records it. */
export interface ManifestEntry {
  name: string;
  bytes: number;
  sha256: string;
}

/** The manifest (`checkpoint.json`). */
export interface CheckpointManifest {
  format: typeof FORMAT;
  formatVersion: number;
  neurite: string;
  files: ManifestEntry[];
}

/** Options of `saveCheckpoint`. */
export interface SaveCheckpointOptions {
  /**
   * Called after each durable step: `wrote <name>.next`, `commit`, `renamed <name>`, `manifest`,
   * `done` (progress reporting, and the hook crash tests use to kill the process at each step).
   */
  onStep?: (step: string) => void;
}

/** Options of `loadCheckpoint`. */
export interface LoadCheckpointOptions {
  /** A model's `stateDict()`: the weights must have exactly its names, dtypes and shapes. */
  expectModel?: Record<string, Tensor>;
}

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/**
 * Saves `ckpt` into directory `dir` (created if needed) atomically: after a crash at any point,
 * `loadCheckpoint(dir)` returns either the previous checkpoint or this one, complete (see the
 * protocol at the top of this file). Other files in `dir` (metrics, reports) are left alone.
 * Returns the manifest written.
 */
export function saveCheckpoint(dir: string, ckpt: Checkpoint, { onStep }: SaveCheckpointOptions = {}): CheckpointManifest {
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new CheckpointError('exists and is not a directory', { file: dir });
  makeDirs(dir);
  recoverCheckpoint(dir);
  const contents = new Map<string, Uint8Array>();
  contents.set('model.json', utf8(`${stringifyState(ckpt.description, { what: 'the model description', space: 2 })}\n`));
  contents.set('model.safetensors', encodeSafetensors(ckpt.model, { metadata: ckpt.metadata }));
  if (ckpt.optimizer !== undefined) {
    const { tensors, json } = packState(ckpt.optimizer);
    contents.set('optimizer.safetensors', encodeSafetensors(tensors));
    contents.set('optimizer.json', utf8(`${JSON.stringify(json, null, 2)}\n`));
  }
  if (ckpt.trainerState !== undefined) {
    contents.set('state.json', utf8(`${stringifyState(ckpt.trainerState, { what: 'the trainer state', space: 2 })}\n`));
  }
  const manifest: CheckpointManifest = {
    format: FORMAT,
    formatVersion: FORMAT_VERSION,
    neurite: VERSION,
    files: [...contents].map(([name, b]) => ({ name, bytes: b.length, sha256: sha256(b) })),
  };
  const manifestBytes = utf8(`${JSON.stringify(manifest, null, 2)}\n`);
  for (const [name, b] of contents) {
    writeFileDurable(join(dir, `${name}.next`), b);
    onStep?.(`wrote ${name}.next`);
  }
  fsyncDir(dir);
  writeFileAtomic(join(dir, PENDING_MANIFEST_FILE), manifestBytes);
  onStep?.('commit');
  finish(dir, manifest, manifestBytes, onStep);
  onStep?.('done');
  return manifest;
}

/** Steps 5 and 6: move the committed generation into place and retire the pending manifest. */
function finish(dir: string, manifest: CheckpointManifest, manifestBytes: Uint8Array, onStep?: (step: string) => void): void {
  for (const { name } of manifest.files) {
    const next = join(dir, `${name}.next`);
    if (existsSync(next)) renameSync(next, join(dir, name));
    onStep?.(`renamed ${name}`);
  }
  fsyncDir(dir);
  writeFileAtomic(join(dir, MANIFEST_FILE), manifestBytes);
  onStep?.('manifest');
  const keep = new Set(manifest.files.map((f) => f.name));
  for (const name of DATA_FILES) if (!keep.has(name)) removeIfPresent(join(dir, name));
  removeIfPresent(join(dir, PENDING_MANIFEST_FILE));
  fsyncDir(dir);
}

function removeIfPresent(path: string): void {
  try {
    unlinkSync(path);
  } catch (e) {
    if ((e as { code?: string }).code !== 'ENOENT') throw e;
  }
}

/** What `recoverCheckpoint` did. */
export interface RecoveryReport {
  /** 'forward': a committed save was completed; 'back': a pending manifest whose files were gone was dropped. */
  rolled?: 'forward' | 'back';
  /** Leftover temporary files deleted (`*.next`, `.<name>.tmp-*`). */
  removed: string[];
}

/**
 * Step 1 of the protocol, also for any command before it reads a run directory: rolls a save that
 * passed its commit point forward (every file of `checkpoint.pending.json` verified, then moved into
 * place), or, when the pending generation cannot be completed but the previous `checkpoint.json`
 * still verifies untouched, back; then deletes what uncommitted saves left behind. Needs the
 * directory's single writer (the caller holds its lock). Throws `CheckpointError` when neither
 * generation is whole.
 */
export function recoverCheckpoint(dir: string): RecoveryReport {
  const report: RecoveryReport = { removed: [] };
  const pendingPath = join(dir, PENDING_MANIFEST_FILE);
  if (existsSync(pendingPath)) {
    const bytes = readFileBounded(pendingPath, { maxBytes: MAX_MANIFEST_BYTES });
    const manifest = parseManifest(bytes, pendingPath);
    let forward: unknown = null;
    try {
      for (const entry of manifest.files) readVerified(dir, entry, { pending: true }); // refuse to roll forward damaged files
    } catch (e) {
      forward = e;
    }
    if (forward === null) {
      finish(dir, manifest, bytes);
      report.rolled = 'forward';
    } else if (previousIsWhole(dir)) {
      // NOTE: the pending files are damaged but no name of the old generation was replaced yet
      // (each verifies against checkpoint.json), so dropping the pending manifest loses nothing.
      removeIfPresent(pendingPath);
      fsyncDir(dir);
      report.rolled = 'back';
    } else {
      throw forward;
    }
  }
  const ours = [...DATA_FILES, MANIFEST_FILE, PENDING_MANIFEST_FILE];
  for (const f of readdirSync(dir)) {
    const stale = ours.some((n) => f === `${n}.next` || f.startsWith(atomicTempPrefix(n)));
    if (stale) {
      removeIfPresent(join(dir, f));
      report.removed.push(f);
    }
  }
  return report;
}

/** True when `dir/checkpoint.json` exists and every file it lists verifies. */
function previousIsWhole(dir: string): boolean {
  const path = join(dir, MANIFEST_FILE);
  if (!existsSync(path)) return false;
  try {
    const manifest = parseManifest(readFileBounded(path, { maxBytes: MAX_MANIFEST_BYTES }), path);
    for (const entry of manifest.files) readVerified(dir, entry, { pending: false });
    return true;
  } catch {
    return false;
  }
}

/** True when `dir` holds leftovers `recoverCheckpoint` would act on (a pending manifest, `*.next` or temporary files). */
export function needsRecovery(dir: string): boolean {
  if (existsSync(join(dir, PENDING_MANIFEST_FILE))) return true;
  const ours = [...DATA_FILES, MANIFEST_FILE, PENDING_MANIFEST_FILE];
  return readdirSync(dir).some((f) => ours.some((n) => f === `${n}.next` || f.startsWith(atomicTempPrefix(n))));
}

function parseManifest(bytes: Uint8Array, path: string): CheckpointManifest {
  const fail = (msg: string): never => {
    throw new CheckpointError(msg, { file: path });
  };
  let m: unknown;
  try {
    m = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (e) {
    fail(`manifest is not valid JSON (${(e as Error).message}); the file is damaged`);
  }
  const o = (typeof m === 'object' && m !== null ? m : {}) as Partial<Record<keyof CheckpointManifest, unknown>>;
  if (o.format !== FORMAT) fail(`not a neurite checkpoint manifest (format ${JSON.stringify(o.format)}, expected "${FORMAT}")`);
  if (o.formatVersion !== FORMAT_VERSION) {
    fail(`checkpoint format version ${JSON.stringify(o.formatVersion)} is not supported (this neurite ${VERSION} reads version ${FORMAT_VERSION})`);
  }
  if (!Array.isArray(o.files)) fail('manifest has no list of files');
  const files = o.files as unknown[];
  for (const f of files) {
    const e = (typeof f === 'object' && f !== null ? f : {}) as Partial<Record<keyof ManifestEntry, unknown>>;
    const ok = (DATA_FILES as readonly unknown[]).includes(e.name) && Number.isSafeInteger(e.bytes) && (e.bytes as number) >= 0 &&
      typeof e.sha256 === 'string' && /^[0-9a-f]{64}$/.test(e.sha256);
    if (!ok) fail(`manifest entry ${JSON.stringify(f)} is malformed (expected { name, bytes, sha256 } for one of ${DATA_FILES.join(', ')})`);
  }
  const names = (files as ManifestEntry[]).map((f) => f.name);
  for (const required of ['model.json', 'model.safetensors']) if (!names.includes(required)) fail(`manifest does not list ${required}`);
  if (names.includes('optimizer.json') !== names.includes('optimizer.safetensors')) fail('manifest lists only one of optimizer.json and optimizer.safetensors');
  return o as CheckpointManifest;
}

/** Reads one file of the manifest and checks its size and hash (from `<name>.next` first when pending). */
function readVerified(dir: string, entry: ManifestEntry, { pending }: { pending: boolean }): Uint8Array {
  const path = join(dir, entry.name);
  if (pending && existsSync(`${path}.next`)) {
    const b = tryReadExact(`${path}.next`, entry.bytes);
    if (b !== null && sha256(b) === entry.sha256) return b;
  }
  if (!existsSync(path)) throw new CheckpointError(`file is missing (the manifest ${MANIFEST_FILE} lists it)`, { file: path });
  // NOTE: the manifest's size bounds the read (a file replaced by a link to /dev/zero or a huge
  // file fails here without being read). A damaged tensor file of a plausible size is first parsed,
  // so the message names what is wrong with it (truncated, lying header length, offsets out of range
  // or overlapping, bad dtype) rather than only that its checksum changed.
  const plausible = entry.bytes * 2 + (1 << 20);
  const b = readFileBounded(path, { maxBytes: plausible, sizeNote: `the manifest says ${entry.bytes}` });
  if ((b.length !== entry.bytes || sha256(b) !== entry.sha256) && entry.name.endsWith('.safetensors')) {
    decodeSafetensors(b, { source: path });
  }
  if (b.length !== entry.bytes) {
    throw new CheckpointError(`file is ${b.length} bytes but the manifest says ${entry.bytes} (truncated or changed after saving)`, { file: path });
  }
  if (sha256(b) !== entry.sha256) {
    throw new CheckpointError('SHA-256 does not match the manifest (the file is damaged or was changed after saving)', { file: path });
  }
  return b;
}

/**
 * Loads a checkpoint saved by `saveCheckpoint`, validating everything: the manifest, each file's
 * size and SHA-256, each safetensors file's structure, each JSON file, and (with `expectModel`)
 * the weights' names, dtypes and shapes. Every problem is a `CheckpointError` naming the file.
 * Read-only: a save interrupted after its commit point is read as the new checkpoint.
 */
export function loadCheckpoint(dir: string, { expectModel }: LoadCheckpointOptions = {}): Checkpoint {
  if (!existsSync(dir)) throw new CheckpointError('no such checkpoint directory', { file: dir });
  if (!statSync(dir).isDirectory()) throw new CheckpointError('is not a directory (a checkpoint is a run directory)', { file: dir });
  const pendingPath = join(dir, PENDING_MANIFEST_FILE);
  const pending = existsSync(pendingPath);
  const manifestPath = pending ? pendingPath : join(dir, MANIFEST_FILE);
  if (!existsSync(manifestPath)) {
    throw new CheckpointError(`no ${MANIFEST_FILE}: not a checkpoint directory, or its first save never finished`, { file: dir });
  }
  const manifest = parseManifest(readFileBounded(manifestPath, { maxBytes: MAX_MANIFEST_BYTES }), manifestPath);
  const files = new Map(manifest.files.map((e) => [e.name, readVerified(dir, e, { pending })]));
  const text = (name: string) => new TextDecoder().decode(files.get(name));
  const src = (name: string) => join(dir, name);
  const weights = decodeSafetensors(files.get('model.safetensors')!, { source: src('model.safetensors') });
  if (expectModel) validateStateDict(expectModel, weights.tensors, { source: src('model.safetensors') });
  const ckpt: Checkpoint = {
    model: weights.tensors,
    description: parseState(text('model.json'), { source: src('model.json') }),
    metadata: weights.metadata,
  };
  if (files.has('optimizer.safetensors')) {
    const { tensors } = decodeSafetensors(files.get('optimizer.safetensors')!, { source: src('optimizer.safetensors') });
    let json: unknown;
    try {
      json = JSON.parse(text('optimizer.json'));
    } catch (e) {
      throw new CheckpointError(`not valid JSON: ${(e as Error).message}`, { file: src('optimizer.json') });
    }
    ckpt.optimizer = unpackState(json, tensors, { source: src('optimizer.json') });
  }
  if (files.has('state.json')) ckpt.trainerState = parseState(text('state.json'), { source: src('state.json') });
  return ckpt;
}
