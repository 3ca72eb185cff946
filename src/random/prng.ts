/**
 * A small seeded PRNG (xoshiro128**), seeded from a string key through SHA-256. Every function's
 * rewrites are drawn from their own stream keyed by (seed, path, function index), so what a
 * function gets does not depend on which worker ran it or in which order files were processed.
 */
import { createHash } from 'node:crypto';

export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  private constructor(words: Uint32Array) {
    [this.a, this.b, this.c, this.d] = [words[0]!, words[1]!, words[2]!, words[3]!];
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1; // the all-zero state is a fixed point
  }

  static fromKey(key: string): Prng {
    const digest = createHash('sha256').update(key).digest();
    return new Prng(new Uint32Array(digest.buffer, digest.byteOffset, 4).slice());
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

  /** A uniform integer in [0, n), without modulo bias. */
  below(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > 2 ** 32) throw new RangeError(`below(${n})`);
    const limit = 2 ** 32 - (2 ** 32 % n);
    for (;;) {
      const x = this.nextUint32();
      if (x < limit) return x % n;
    }
  }

  /** `min(k, n)` distinct indices of [0, n), ascending (a partial Fisher-Yates shuffle). */
  sampleIndices(n: number, k: number): number[] {
    const take = Math.min(k, n);
    const pool = Array.from({ length: n }, (_, i) => i);
    for (let i = 0; i < take; i++) {
      const j = i + this.below(n - i);
      [pool[i], pool[j]] = [pool[j]!, pool[i]!];
    }
    return pool.slice(0, take).sort((x, y) => x - y);
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
