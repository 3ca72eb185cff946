/**
 * Where BugLab's transforms draw `random() < p`: one decision per site. At probability 1 every
 * decision is yes and no random number is drawn, so the output is BugLab's exactly; below 1 the
 * draws come from a seeded stream (BugLab's unseeded `random.Random()` is not reproducible).
 */
import { Prng } from '../random/prng.js';

/** A seeded stream of uniform numbers in [0, 1): the samples' PRNG, seeded by SHA-256 of a key. */
export class Uniform {
  private readonly prng: Prng;

  constructor(key: string) {
    this.prng = Prng.fromKey(key);
  }

  /** A uniform number in [0, 1). */
  next(): number {
    return this.prng.nextUint32() / 2 ** 32;
  }

  /** A uniform integer in [lo, hi], both included. */
  integer(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
}

export class Chooser {
  constructor(
    readonly probability: number,
    readonly random: Uniform,
  ) {}

  /** BugLab's `random() < p`: true with probability p (always at p = 1, drawing nothing). */
  take(): boolean {
    return this.probability >= 1 || this.random.next() < this.probability;
  }
}
