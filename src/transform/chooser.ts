/**
 * Where BugLab's transforms draw `random() < p`: one decision per site. At probability 1 every
 * decision is yes and no random number is drawn, so the output is BugLab's exactly; below 1 the
 * draws come from a seeded stream (BugLab's unseeded `random.Random()` is not reproducible).
 */
import { createHash } from 'node:crypto';

/** A seeded stream of uniform numbers in [0, 1) (xoshiro128**, seeded by SHA-256 of a key). */
export class Uniform {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(key: string) {
    const digest = createHash('sha256').update(key).digest();
    [this.a, this.b, this.c, this.d] = [digest.readUInt32LE(0), digest.readUInt32LE(4), digest.readUInt32LE(8), digest.readUInt32LE(12)];
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1; // the all-zero state is a fixed point
  }

  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** A uniform number in [0, 1). */
  next(): number {
    return this.nextUint32() / 2 ** 32;
  }

  /** A uniform integer in [lo, hi], both included. */
  integer(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
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
