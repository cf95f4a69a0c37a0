// How the CLI ends: exit 0 on success, 2 with a one-line message for user errors, 1 for internal errors.

import { CommanderError } from 'commander';
import { NeuriteError } from '../src/index.js';

/** A mistake in the command line or its inputs (exit code 2). */
export class UsageError extends Error {}

/** Prints `err` the way a user should see it and returns the exit code. */
export function reportError(err: unknown): number {
  if (err instanceof CommanderError) {
    // commander already printed its message; help and version exit cleanly.
    return err.exitCode === 0 || err.code === 'commander.helpDisplayed' || err.code === 'commander.version' ? 0 : 2;
  }
  if (err instanceof UsageError || err instanceof NeuriteError) {
    process.stderr.write(`neurite: ${err.message.split('\n')[0]}\n`);
    return 2;
  }
  const code = (err as { code?: unknown } | null)?.code;
  if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR' || code === 'ENOTDIR') {
    process.stderr.write(`neurite: ${(err as Error).message.split('\n')[0]}\n`);
    return 2;
  }
  process.stderr.write(`neurite: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  return 1;
}
