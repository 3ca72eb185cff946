/**
 * MinHash signatures of token sets: 256 min-wise hash values per set, so that the fraction of
 * equal positions in two signatures estimates the Jaccard similarity of the two sets.
 *
 * Hash family: each token is hashed once (MurmurHash3's 32-bit mixing over its UTF-16 code units),
 * and permutation i maps that hash h to fmix32(h ^ seed[i]). fmix32 is a bijection of 32-bit
 * integers with full avalanche, so every seed gives an independent-looking permutation; the seeds
 * are fixed, so signatures are the same on every machine and in every run.
 */

export const PERMUTATIONS = 256;

/** Files with fewer distinct tokens never count as (or against) a near-duplicate. */
export const MIN_DISTINCT_TOKENS = 10;

/** Murmur3's 32-bit finalizer: a bijection with full avalanche. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** MurmurHash3 (x86, 32-bit) over the UTF-16 code units of `text`, one unit per block. */
export function hashString(text: string, seed = 0): number {
  let h = seed | 0;
  for (let i = 0; i < text.length; i++) {
    let k = Math.imul(text.charCodeAt(i), 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, 0x1b873593);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  return fmix32(h ^ text.length);
}

/** The permutation seeds: a fixed SplitMix32-style sequence. */
const SEEDS = (() => {
  const seeds = new Uint32Array(PERMUTATIONS);
  let state = 0x9e3779b9;
  for (let i = 0; i < PERMUTATIONS; i++) {
    state = (state + 0x9e3779b9) >>> 0;
    seeds[i] = fmix32(state);
  }
  return seeds;
})();

/** The MinHash signature of a set of tokens (its iteration order does not matter). */
export function minhash(tokens: Iterable<string>): Uint32Array {
  const signature = new Uint32Array(PERMUTATIONS).fill(0xffffffff);
  for (const token of tokens) {
    const h = hashString(token);
    for (let i = 0; i < PERMUTATIONS; i++) {
      const value = fmix32(h ^ SEEDS[i]!);
      if (value < signature[i]!) signature[i] = value;
    }
  }
  return signature;
}

/** Fraction of positions where the two signatures agree: the Jaccard estimate. */
export function estimateJaccard(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let same = 0;
  for (let i = 0; i < PERMUTATIONS; i++) if (a[i] === b[i]) same++;
  return same / PERMUTATIONS;
}
