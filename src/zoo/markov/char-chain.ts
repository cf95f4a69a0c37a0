// A character-level Markov chain: text becomes a sequence of character ids, the chain learns which
// character follows which, samples new text, and is scored by its perplexity on held-out text.

import { ValueError } from '../../errors.js';
import { Generator } from '../../tensor/random.js';
import { MarkovChain } from './markov-chain.js';

/** The characters of a text, sorted, and the maps between characters and ids. */
export interface CharVocab {
  chars: readonly string[];
  encode(text: string): Int32Array;
  decode(ids: ArrayLike<number>): string;
}

/** The vocabulary of `text` (its distinct characters, sorted by code point). */
export function charVocab(text: string): CharVocab {
  if (typeof text !== 'string' || text.length === 0) throw new ValueError('charVocab: expected a non-empty string');
  const chars = [...new Set(text)].sort();
  const index = new Map(chars.map((c, i) => [c, i]));
  return {
    chars,
    encode: (s) => Int32Array.from(s, (c) => {
      const i = index.get(c);
      if (i === undefined) throw new ValueError(`charVocab.encode: character ${JSON.stringify(c)} is not in the vocabulary of ${chars.length} characters`);
      return i;
    }),
    decode: (ids) => Array.from(ids, (i) => {
      const c = chars[i];
      if (c === undefined) throw new ValueError(`charVocab.decode: id ${i} is out of range for ${chars.length} characters`);
      return c;
    }).join(''),
  };
}

/** Options of `fitCharChain`. */
export interface CharChainOptions {
  /** Share of the text (from its start) used to fit; the rest is held out (default 0.9). */
  trainFraction?: number;
  /** Add-k pseudo-count of every transition (default 0.1), so held-out pairs never seen get p > 0. */
  smoothing?: number;
}

/** A fitted character chain and its scores. */
export interface CharChainFit {
  vocab: CharVocab;
  chain: MarkovChain;
  trainChars: number;
  heldOutChars: number;
  /** exp(-mean log P(c_t | c_{t-1})) on the held-out text. */
  heldOutPerplexity: number;
  /** The same on the training text. */
  trainPerplexity: number;
  /** Perplexity of the order-0 model (character frequencies, same smoothing) on the held-out text. */
  unigramPerplexity: number;
}

/**
 * Fits an order-1 character chain P(c_t | c_{t-1}) on the first `trainFraction` of `text` and
 * scores it on the rest (the vocabulary is the whole text's, so every held-out character has an id).
 */
export function fitCharChain(text: string, opts: CharChainOptions = {}): CharChainFit {
  const frac = opts.trainFraction ?? 0.9;
  const k = opts.smoothing ?? 0.1;
  if (!(frac > 0 && frac < 1)) throw new ValueError(`fitCharChain: trainFraction must be in (0, 1), got ${String(frac)}`);
  const vocab = charVocab(text);
  const ids = vocab.encode(text);
  const cut = Math.floor(ids.length * frac);
  const train = ids.subarray(0, cut);
  const held = ids.subarray(cut);
  if (train.length < 2 || held.length < 2) throw new ValueError(`fitCharChain: a text of ${text.length} characters is too short to split ${frac} / ${1 - frac}`);
  const chain = new MarkovChain({ numStates: vocab.chars.length }).fit([train], { smoothing: k });
  const freq = new Float64Array(vocab.chars.length).fill(k);
  for (const c of train) freq[c]! += 1;
  const total = freq.reduce((a, b) => a + b, 0);
  let ll = 0;
  for (let t = 1; t < held.length; t++) ll += Math.log(freq[held[t]!]! / total);
  return {
    vocab, chain, trainChars: train.length, heldOutChars: held.length,
    heldOutPerplexity: chain.perplexity([held]), trainPerplexity: chain.perplexity([train]),
    unigramPerplexity: Math.exp(-ll / (held.length - 1)),
  };
}

/** Samples `length` characters from a character chain, starting after `start` (default a newline when the vocabulary has one). */
export function sampleText(fit: Pick<CharChainFit, 'chain' | 'vocab'>, length: number, opts: { generator?: Generator; start?: string } = {}): string {
  const start = opts.start ?? (fit.vocab.chars.includes('\n') ? '\n' : fit.vocab.chars[0]!);
  const s = fit.vocab.encode(start);
  if (s.length !== 1) throw new ValueError(`sampleText: start must be one character, got ${JSON.stringify(start)}`);
  const ids = fit.chain.sample(length + 1, { generator: opts.generator ?? new Generator(0), start: s[0]! });
  return fit.vocab.decode(ids.subarray(1));
}
