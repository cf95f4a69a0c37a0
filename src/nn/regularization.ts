// L1 and L2 penalties as loss terms, exactly as the lecture writes them: the loss Q gains
// lambda * sum(beta_i^2) (Tikhonov / ridge) or lambda * sum(|beta_i|) (LASSO) over the chosen parameters.

import { ValueError } from '../errors.js';
import { zeros } from '../tensor/creation.js';
import { Tensor } from '../tensor/tensor.js';
import { Module, type AnyModule } from './module.js';
import type { Parameter } from './parameter.js';

/** Options of `l1Penalty` and `l2Penalty`. */
export interface PenaltyOptions {
  /** lambda >= 0, the strength of the penalty. */
  lambda: number;
  /**
   * With a Module: which parameters are penalized, by dotted name and tensor. Default: the weights,
   * i.e. parameters with at least 2 dimensions (Linear/conv weights) — biases, norm-layer scales and
   * shifts, PReLU slopes and Swish betas are 1-D and excluded, as is usual for weight decay.
   */
  filter?: (name: string, param: Parameter) => boolean;
}

/** The default `filter`: weights (>= 2 dimensions), not biases or normalization parameters. */
export function isWeight(_name: string, param: Parameter): boolean {
  return param.ndim >= 2;
}

function selected(op: string, source: AnyModule | Iterable<Tensor>, opts: PenaltyOptions): Tensor[] {
  if (!(opts.lambda >= 0) || !Number.isFinite(opts.lambda)) throw new ValueError(`${op}: lambda must be a finite number >= 0, got ${opts.lambda}`);
  if (source instanceof Module) {
    const filter = opts.filter ?? isWeight;
    return source.namedParameters().filter(([n, p]) => filter(n, p)).map(([, p]) => p);
  }
  if (opts.filter) throw new ValueError(`${op}: filter applies to a Module; pass only the tensors you want penalized instead`);
  const list = [...source];
  list.forEach((t, i) => {
    if (!(t instanceof Tensor)) throw new ValueError(`${op}: element ${i} is not a Tensor`);
  });
  return [...new Set(list)];
}

function penalty(op: string, ps: Tensor[], lambda: number, term: (p: Tensor) => Tensor): Tensor {
  if (ps.length === 0) return zeros([]);
  let total = term(ps[0]!).sum();
  for (const p of ps.slice(1)) total = total.add(term(p).sum());
  return total.mul(lambda);
}

/**
 * L2 (Tikhonov) penalty, the lecture's lambda * sum_i (beta_i)^2, as a scalar tensor to add to the loss.
 * Its gradient is 2 lambda beta. Takes a Module (weights only by default, see `filter`) or tensors.
 */
export function l2Penalty(source: AnyModule | Iterable<Tensor>, opts: PenaltyOptions): Tensor {
  return penalty('l2Penalty', selected('l2Penalty', source, opts), opts.lambda, (p) => p.square());
}

/**
 * L1 (LASSO) penalty, the lecture's lambda * sum_i |beta_i|, as a scalar tensor to add to the loss.
 * Its gradient is lambda sign(beta) (0 at 0), which drives weights to exactly zero.
 */
export function l1Penalty(source: AnyModule | Iterable<Tensor>, opts: PenaltyOptions): Tensor {
  return penalty('l1Penalty', selected('l1Penalty', source, opts), opts.lambda, (p) => p.abs());
}
