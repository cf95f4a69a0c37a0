// Typed errors: every failure a user can cause names the op and the shapes or values involved,
// so a message alone is enough to act on. Front ends map `NeuriteError` to a one-line message.

/** Base class of every error neurite throws on purpose (bad input, bad state). */
export class NeuriteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Shapes that do not fit an op: `matmul: cannot multiply [2,3] by [4,5] (...)`. */
export class ShapeError extends NeuriteError {}

/** A dtype an op cannot take, or a mix it cannot promote. */
export class DTypeError extends NeuriteError {}

/** A value outside an op's domain: a bad axis, an out-of-range label, a bad hyperparameter. */
export class ValueError extends NeuriteError {}

/** Misuse of automatic differentiation: backward twice, `.grad` of a non-leaf, and so on. */
export class AutogradError extends NeuriteError {}

/** Formats a shape the way messages show it: `[2,3]`. */
export function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}
