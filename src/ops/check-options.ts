// Options objects are checked for unknown keys, so a misspelt or unsupported option is an error that
// names the op and the keys it knows, never silently dropped.

import { ValueError } from '../errors.js';

/** Throws a ValueError naming `op` when `opts` has a key outside `known`. */
export function checkKeys(op: string, opts: object, known: readonly string[]): void {
  const unknown = Object.keys(opts).filter((k) => !known.includes(k));
  if (unknown.length > 0) {
    throw new ValueError(`${op}: unknown option${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `'${k}'`).join(', ')} (known: ${known.join(', ')})`);
  }
}
