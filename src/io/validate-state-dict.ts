// Checks tensors read from a file against the ones a model expects (names, dtypes, shapes) before
// any weight is copied, so a mismatched checkpoint is refused with every problem in one message.

import type { Tensor } from '../tensor/tensor.js';
import { fmtShape } from '../errors.js';
import { CheckpointError } from './checkpoint-error.js';

/** Every difference between an expected state dict and a loaded one, one line each (empty when they agree). */
export function stateDictMismatches(expected: Record<string, Tensor>, loaded: Record<string, Tensor>): string[] {
  const missing = Object.keys(expected).filter((k) => !Object.hasOwn(loaded, k));
  const unexpected = Object.keys(loaded).filter((k) => !Object.hasOwn(expected, k));
  const problems: string[] = [];
  if (missing.length) problems.push(`missing keys: ${missing.join(', ')}`);
  if (unexpected.length) problems.push(`unexpected keys: ${unexpected.join(', ')}`);
  for (const [k, want] of Object.entries(expected)) {
    const got = loaded[k];
    if (got === undefined || !Object.hasOwn(loaded, k)) continue;
    const shapeOk = got.shape.length === want.shape.length && got.shape.every((d, i) => d === want.shape[i]);
    if (got.dtype !== want.dtype || !shapeOk) {
      problems.push(`'${k}': expected ${want.dtype} ${fmtShape(want.shape)}, the file has ${got.dtype} ${fmtShape(got.shape)}`);
    }
  }
  return problems;
}

/**
 * Throws one `CheckpointError` listing every missing key, unexpected key and dtype or shape
 * mismatch of `loaded` against `expected` (e.g. a model's `stateDict()`); `source` names the file.
 */
export function validateStateDict(
  expected: Record<string, Tensor>,
  loaded: Record<string, Tensor>,
  { source }: { source?: string } = {},
): void {
  const problems = stateDictMismatches(expected, loaded);
  if (problems.length) {
    throw new CheckpointError(`weights do not match the model (${problems.length} problem${problems.length > 1 ? 's' : ''}): ${problems.join('; ')}`, { file: source });
  }
}
