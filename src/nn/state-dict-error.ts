// The one error `loadStateDict` throws: it lists every missing, unexpected and mis-shaped key at once,
// so a user fixes a checkpoint in one go instead of one key per run.

import { ValueError, fmtShape } from '../errors.js';

/** What `loadStateDict` found wrong, key by key. */
export interface StateDictProblems {
  missing: { key: string; shape: readonly number[] }[];
  unexpected: { key: string; shape: readonly number[] | undefined }[];
  mismatched: { key: string; expected: readonly number[]; detail: string }[];
}

/** Raised by `Module.loadStateDict`; the message lists every bad key, the fields hold them as lists. */
export class StateDictError extends ValueError {
  /** Keys the module has and the state dict lacks. */
  readonly missingKeys: string[];
  /** Keys the state dict has and the module lacks. */
  readonly unexpectedKeys: string[];
  /** Keys present in both whose values do not fit (shape or type). */
  readonly mismatchedKeys: string[];

  constructor(moduleName: string, p: StateDictProblems, strict: boolean) {
    const lines: string[] = [];
    if (strict) {
      for (const m of p.missing) lines.push(`  missing key '${m.key}' (the model expects shape ${fmtShape(m.shape)})`);
      for (const u of p.unexpected) lines.push(`  unexpected key '${u.key}'${u.shape ? ` (shape ${fmtShape(u.shape)})` : ''}`);
    }
    for (const m of p.mismatched) lines.push(`  '${m.key}': ${m.detail}`);
    super(`loadStateDict: ${lines.length} problem${lines.length === 1 ? '' : 's'} loading into ${moduleName}:\n${lines.join('\n')}`);
    this.missingKeys = p.missing.map((m) => m.key);
    this.unexpectedKeys = p.unexpected.map((u) => u.key);
    this.mismatchedKeys = p.mismatched.map((m) => m.key);
  }
}
