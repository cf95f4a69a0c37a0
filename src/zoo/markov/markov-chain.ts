// A first-order Markov chain over states 0..n-1: fitted by counting transitions, sampled with a seeded
// generator, with its stationary distribution and the likelihood of sequences. The zoo's MC entry uses it.

import { ValueError } from '../../errors.js';
import { Generator } from '../../tensor/random.js';
import { Tensor } from '../../tensor/tensor.js';
import type { CellDiagram } from '../cells.js';
import { checkDistribution, checkTransition, toF64, uniform } from './markov-checks.js';

/** Options of `new MarkovChain`. */
export interface MarkovChainOptions {
  /** Number of states n (states are the integers 0..n-1). */
  numStates: number;
  /** Transition matrix P (n x n, P[i][j] = Pr(x_{t+1} = j | x_t = i), rows summing to 1); default uniform. */
  transition?: readonly (readonly number[])[] | Tensor;
  /** Distribution of the first state (length n, summing to 1); default uniform. */
  initial?: readonly number[] | Tensor;
}

/** Options of `MarkovChain.fit`. */
export interface MarkovFitOptions {
  /** Add-k (Laplace) pseudo-count added to every transition count (default 0: maximum likelihood). */
  smoothing?: number;
}

/** Options of `MarkovChain.sample`. */
export interface MarkovSampleOptions {
  /** The generator of every random choice (default a fresh `Generator(0)`). */
  generator?: Generator;
  /** The first state (default: drawn from `initial`). */
  start?: number;
}

/** Options of `MarkovChain.stationary`. */
export interface StationaryOptions {
  /** Stop when the L1 change of one iteration is below this (default 1e-13). */
  tol?: number;
  /** Most iterations before a `ValueError` (default 1,000,000). */
  maxIter?: number;
}

/**
 * A discrete-time, first-order Markov chain (Markov 1906; the chart's "Markov Chain (MC)"):
 * Pr(x_{t+1} = j | x_t = i, x_{t-1}, ...) = P_ij. `fit` is the maximum-likelihood estimate
 * P_ij = (c_ij + k) / sum_j (c_ij + k) from transition counts c_ij (k = smoothing); `stationary`
 * finds pi = pi P by power iteration; `logLikelihood` is log pi0(x_0) + sum_t log P(x_{t-1}, x_t).
 * The matrices are float64 tensors in `stateDict()`, so chains save and load like any model.
 * @example
 * const mc = new MarkovChain({ numStates: 3 }).fit([[0, 1, 1, 2, 0, 0, 1]]);
 * const xs = mc.sample(100, { generator: new Generator(1) });
 */
export class MarkovChain {
  readonly numStates: number;
  /** P, shape [n, n], float64. */
  transition: Tensor;
  /** pi0, shape [n], float64. */
  initial: Tensor;

  constructor(opts: MarkovChainOptions) {
    const n = opts?.numStates;
    if (!Number.isInteger(n) || n < 1) throw new ValueError(`MarkovChain: numStates must be a positive integer, got ${String(n)}`);
    this.numStates = n;
    this.transition = opts.transition === undefined ? uniform([n, n], n) : checkTransition('MarkovChain', toF64(opts.transition, 'transition'), n);
    this.initial = opts.initial === undefined ? uniform([n], n) : checkDistribution('MarkovChain', toF64(opts.initial, 'initial'), n);
  }

  /**
   * Estimates P by counting the transitions in `sequences` (each a list of states), and pi0 from
   * their first states. NOTE: a state never left in the data (an all-zero row without smoothing)
   * gets a uniform row: the data say nothing about it. Returns this.
   */
  fit(sequences: readonly ArrayLike<number>[], opts: MarkovFitOptions = {}): this {
    const k = opts.smoothing ?? 0;
    if (typeof k !== 'number' || !Number.isFinite(k) || k < 0) throw new ValueError(`MarkovChain.fit: smoothing must be a finite number >= 0, got ${String(k)}`);
    if (!Array.isArray(sequences) || sequences.length === 0) throw new ValueError('MarkovChain.fit: expected a non-empty array of sequences (arrays of state indices)');
    const n = this.numStates;
    const counts = this.countTransitions(sequences, 'MarkovChain.fit');
    const p = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      let row = 0;
      for (let j = 0; j < n; j++) row += counts[i * n + j]! + k;
      for (let j = 0; j < n; j++) p[i * n + j] = row > 0 ? (counts[i * n + j]! + k) / row : 1 / n;
    }
    const first = new Float64Array(n);
    for (const s of sequences) if (s.length > 0) first[s[0]!]! += 1;
    const firsts = first.reduce((a, b) => a + b, 0);
    this.transition = new Tensor(p, [n, n], 'float64');
    this.initial = firsts > 0 ? new Tensor(first.map((c) => c / firsts), [n], 'float64') : uniform([n], n);
    return this;
  }

  /** The transition counts c_ij of `sequences`, shape [n, n] (float64). */
  counts(sequences: readonly ArrayLike<number>[]): Tensor {
    return new Tensor(this.countTransitions(sequences, 'MarkovChain.counts'), [this.numStates, this.numStates], 'float64');
  }

  /** Draws a sequence of `length` states: x_0 ~ pi0 (or `start`), x_{t+1} ~ P[x_t]. */
  sample(length: number, opts: MarkovSampleOptions = {}): Int32Array {
    if (!Number.isInteger(length) || length < 0) throw new ValueError(`MarkovChain.sample: length must be a non-negative integer, got ${String(length)}`);
    const n = this.numStates;
    const g = opts.generator ?? new Generator(0);
    if (opts.start !== undefined) this.checkState('MarkovChain.sample', 'start', opts.start);
    const p = this.transition.data as Float64Array;
    const cum = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      let c = 0;
      for (let j = 0; j < n; j++) cum[i * n + j] = c += p[i * n + j]!;
    }
    const draw = (row: Float64Array, off: number): number => {
      const u = g.nextDouble() * row[off + n - 1]!;
      let j = 0;
      while (j < n - 1 && u >= row[off + j]!) j++;
      return j;
    };
    const out = new Int32Array(length);
    if (length === 0) return out;
    const init = new Float64Array(n);
    let c = 0;
    (this.initial.data as Float64Array).forEach((v, j) => { init[j] = c += v; });
    out[0] = opts.start ?? draw(init, 0);
    for (let t = 1; t < length; t++) out[t] = draw(cum, out[t - 1]! * n);
    return out;
  }

  /**
   * The stationary distribution pi = pi P by power iteration from the uniform distribution.
   * NOTE: it iterates the lazy chain (P + I) / 2, which has the same stationary distributions and
   * converges for periodic chains too (P = [[0,1],[1,0]] makes plain iteration oscillate).
   */
  stationary(opts: StationaryOptions = {}): Float64Array {
    const tol = opts.tol ?? 1e-13;
    const maxIter = opts.maxIter ?? 1_000_000;
    const n = this.numStates;
    const p = this.transition.data as Float64Array;
    let pi = new Float64Array(n).fill(1 / n);
    for (let it = 0; it < maxIter; it++) {
      const next = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const w = pi[i]! / 2;
        next[i]! += w;
        for (let j = 0; j < n; j++) next[j]! += w * p[i * n + j]!;
      }
      let s = 0;
      for (let j = 0; j < n; j++) s += next[j]!;
      let change = 0;
      for (let j = 0; j < n; j++) {
        next[j]! /= s;
        change += Math.abs(next[j]! - pi[j]!);
      }
      pi = next;
      if (change < tol) return pi;
    }
    throw new ValueError(`MarkovChain.stationary: power iteration did not converge to tol ${tol} in ${maxIter} iterations`);
  }

  /**
   * The left eigenvector of P for eigenvalue 1, normalised to sum 1: solves pi (P - I) = 0 with
   * sum(pi) = 1 by Gaussian elimination with partial pivoting (the check on `stationary`). A
   * `ValueError` when the solution is not unique (a reducible chain).
   */
  stationaryExact(): Float64Array {
    const n = this.numStates;
    const p = this.transition.data as Float64Array;
    // A x = b with A = (P - I)^T, its last row replaced by ones (sum pi = 1).
    const a = new Float64Array(n * n);
    const b = new Float64Array(n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] = p[j * n + i]! - (i === j ? 1 : 0);
    for (let j = 0; j < n; j++) a[(n - 1) * n + j] = 1;
    b[n - 1] = 1;
    for (let col = 0; col < n; col++) {
      let piv = col;
      for (let r = col + 1; r < n; r++) if (Math.abs(a[r * n + col]!) > Math.abs(a[piv * n + col]!)) piv = r;
      if (Math.abs(a[piv * n + col]!) < 1e-12) throw new ValueError('MarkovChain.stationaryExact: the stationary distribution is not unique (the chain is reducible)');
      if (piv !== col) {
        for (let j = 0; j < n; j++) [a[col * n + j], a[piv * n + j]] = [a[piv * n + j]!, a[col * n + j]!];
        [b[col], b[piv]] = [b[piv]!, b[col]!];
      }
      for (let r = col + 1; r < n; r++) {
        const f = a[r * n + col]! / a[col * n + col]!;
        if (f === 0) continue;
        for (let j = col; j < n; j++) a[r * n + j]! -= f * a[col * n + j]!;
        b[r]! -= f * b[col]!;
      }
    }
    const x = new Float64Array(n);
    for (let i = n - 1; i >= 0; i--) {
      let s = b[i]!;
      for (let j = i + 1; j < n; j++) s -= a[i * n + j]! * x[j]!;
      x[i] = s / a[i * n + i]!;
    }
    return x;
  }

  /**
   * log Pr(sequence) = log pi0(x_0) + sum_t log P(x_{t-1}, x_t) in nats (`includeInitial: false`
   * drops the first term). -Infinity when the sequence uses a transition of probability 0.
   */
  logLikelihood(sequence: ArrayLike<number>, opts: { includeInitial?: boolean } = {}): number {
    const n = this.numStates;
    this.checkSequence('MarkovChain.logLikelihood', sequence, 0);
    const p = this.transition.data as Float64Array;
    let ll = sequence.length > 0 && opts.includeInitial !== false ? Math.log((this.initial.data as Float64Array)[sequence[0]!]!) : 0;
    for (let t = 1; t < sequence.length; t++) ll += Math.log(p[sequence[t - 1]! * n + sequence[t]!]!);
    return ll;
  }

  /** exp(-mean log P(x_{t-1}, x_t)) over every transition of `sequences`: the per-step perplexity. */
  perplexity(sequences: readonly ArrayLike<number>[]): number {
    let ll = 0;
    let steps = 0;
    for (const s of sequences) {
      ll += this.logLikelihood(s, { includeInitial: false });
      steps += Math.max(0, s.length - 1);
    }
    if (steps === 0) throw new ValueError('MarkovChain.perplexity: the sequences hold no transition (each needs at least 2 states)');
    return Math.exp(-ll / steps);
  }

  /** The chain's tensors: `transition` [n, n] and `initial` [n] (float64). */
  stateDict(): Record<string, Tensor> {
    return { transition: this.transition, initial: this.initial };
  }

  /** Loads `transition` and `initial` (checked: shapes, rows summing to 1, no negative entries). */
  loadStateDict(state: Record<string, Tensor>): this {
    const n = this.numStates;
    const missing = ['transition', 'initial'].filter((k) => !(state?.[k] instanceof Tensor));
    if (missing.length > 0) throw new ValueError(`MarkovChain.loadStateDict: missing tensor(s) ${missing.join(', ')}`);
    const extra = Object.keys(state).filter((k) => k !== 'transition' && k !== 'initial');
    if (extra.length > 0) throw new ValueError(`MarkovChain.loadStateDict: unexpected key(s) ${extra.join(', ')}`);
    const t = checkTransition('MarkovChain.loadStateDict', toF64(state.transition!, 'transition'), n);
    const i = checkDistribution('MarkovChain.loadStateDict', toF64(state.initial!, 'initial'), n);
    this.transition = t;
    this.initial = i;
    return this;
  }

  /** The chart cell: n probabilistic cells, every one linked to every other (no layers). */
  cells(): CellDiagram {
    return { layout: 'ring', groups: [{ type: 'probabilistic hidden', size: this.numStates, label: 'states' }], links: [{ from: 0, to: 0, kind: 'all-to-all' }] };
  }

  private countTransitions(sequences: readonly ArrayLike<number>[], op: string): Float64Array {
    const n = this.numStates;
    const c = new Float64Array(n * n);
    sequences.forEach((s, k) => {
      this.checkSequence(op, s, k);
      for (let t = 1; t < s.length; t++) c[s[t - 1]! * n + s[t]!]! += 1;
    });
    return c;
  }

  private checkSequence(op: string, s: ArrayLike<number>, k: number): void {
    if (s === null || typeof s !== 'object' || typeof s.length !== 'number') throw new ValueError(`${op}: sequence ${k} must be an array of state indices, got ${s === null ? 'null' : typeof s}`);
    for (let t = 0; t < s.length; t++) this.checkState(op, `sequence ${k} at step ${t}`, s[t]!);
  }

  private checkState(op: string, what: string, x: number): void {
    if (!Number.isInteger(x) || x < 0 || x >= this.numStates) throw new ValueError(`${op}: ${what} is ${String(x)}, expected a state in 0..${this.numStates - 1}`);
  }
}
