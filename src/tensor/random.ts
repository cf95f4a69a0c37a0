// Seeded random numbers: xoshiro128** over 32-bit integer arithmetic, so the same seed gives
// bit-identical streams on every run and machine. Every random op takes an optional generator.

import { ValueError } from '../errors.js';

/** Serializable generator state (for checkpoints and exact resumption). */
export interface GeneratorState {
  s: [number, number, number, number];
}

/**
 * A seeded pseudo-random generator (xoshiro128**, Blackman & Vigna 2018) with a splitmix32 seeder.
 * Like `torch.Generator`: pass one to any random op, or use the default one via `manualSeed`.
 */
export class Generator {
  private s = new Uint32Array(4);

  constructor(seed = 0) {
    this.manualSeed(seed);
  }

  /** Re-seeds the generator; equal seeds give equal streams. */
  manualSeed(seed: number): this {
    if (!Number.isFinite(seed)) throw new ValueError(`manualSeed: seed must be a finite number, got ${seed}`);
    let x = (Math.trunc(seed) ^ Math.trunc(seed / 2 ** 32)) >>> 0;
    for (let i = 0; i < 4; i++) {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      this.s[i] = (z ^ (z >>> 16)) >>> 0;
    }
    if ((this.s[0]! | this.s[1]! | this.s[2]! | this.s[3]!) === 0) this.s[0] = 1;
    return this;
  }

  /** Next uniformly distributed unsigned 32-bit integer. */
  nextUint32(): number {
    const s = this.s;
    const r = Math.imul(rotl(Math.imul(s[1]!, 5), 7), 9) >>> 0;
    const t = (s[1]! << 9) >>> 0;
    s[2]! ^= s[0]!;
    s[3]! ^= s[1]!;
    s[1]! ^= s[2]!;
    s[0]! ^= s[3]!;
    s[2]! ^= t;
    s[3] = rotl(s[3]!, 11);
    return r;
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  nextDouble(): number {
    const hi = this.nextUint32() >>> 5;
    const lo = this.nextUint32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform integer in [low, high). */
  nextInt(low: number, high: number): number {
    return low + Math.floor(this.nextDouble() * (high - low));
  }

  /** Two independent standard normal samples (Box-Muller). */
  nextNormalPair(): [number, number] {
    let u = this.nextDouble();
    while (u === 0) u = this.nextDouble();
    const v = this.nextDouble();
    const r = Math.sqrt(-2 * Math.log(u));
    return [r * Math.cos(2 * Math.PI * v), r * Math.sin(2 * Math.PI * v)];
  }

  /** A copy of the state, to restore later with `setState`. */
  getState(): GeneratorState {
    return { s: [this.s[0]!, this.s[1]!, this.s[2]!, this.s[3]!] };
  }

  /** Restores a state from `getState`. */
  setState(state: GeneratorState): this {
    if (!Array.isArray(state?.s) || state.s.length !== 4 || !state.s.every((x) => Number.isInteger(x))) {
      throw new ValueError('Generator.setState: expected { s: [4 unsigned 32-bit integers] }');
    }
    this.s.set(state.s);
    return this;
  }

  /** A Fisher-Yates permutation of 0..n-1. */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(this.nextDouble() * (i + 1));
      const t = p[i]!;
      p[i] = p[j]!;
      p[j] = t;
    }
    return p;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** The generator random ops use when none is passed. */
export const defaultGenerator = new Generator(0);

/** Seeds the default generator, like `torch.manual_seed`. */
export function manualSeed(seed: number): Generator {
  return defaultGenerator.manualSeed(seed);
}
