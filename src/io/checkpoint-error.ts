// The error every bad safetensors file or checkpoint directory raises: it names the file and the
// problem, so a front end can print it as one line and refuse to go on.

import { NeuriteError } from '../errors.js';

/** A file that cannot be read or written as a tensor file or checkpoint (names the file and the problem). */
export class CheckpointError extends NeuriteError {
  /** The file (or directory) at fault, when known. */
  readonly file: string | undefined;

  constructor(message: string, { file }: { file?: string } = {}) {
    super(file === undefined ? message : `${file}: ${message}`);
    this.file = file;
  }
}
