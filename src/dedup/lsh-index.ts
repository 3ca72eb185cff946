/**
 * Index of the MinHash signatures of files already kept, answering "is this file a near-duplicate
 * (estimated Jaccard >= 0.85) of one of them, and of which?" without comparing against every file:
 * locality-sensitive hashing with 32 bands of 8 rows. Two files whose token sets have Jaccard 0.85
 * share at least one band with probability 1 - (1 - 0.85^8)^32 > 0.9999; only files sharing a band
 * are compared over all 256 positions.
 *
 * The index keeps the low 16 bits of each MinHash value (b-bit MinHash, 512 bytes per file instead
 * of 1 KiB): two different 32-bit minima agree in their low 16 bits with probability 2^-16, which
 * moves a Jaccard estimate by less than 0.0001 on average.
 */
import { fmix32, PERMUTATIONS } from './minhash.js';

export const BANDS = 32;
export const ROWS = PERMUTATIONS / BANDS;
export const JACCARD_THRESHOLD = 0.85;
/** Positions that must agree for an estimated Jaccard >= the threshold. */
const MIN_AGREEING = Math.ceil(JACCARD_THRESHOLD * PERMUTATIONS);

/** A file in the index: where the first copy was seen. */
export interface IndexedFile {
  readonly package: string;
  readonly path: string;
}

/** The low 16 bits of every value of a 32-bit MinHash signature. */
export function compactSignature(signature: ArrayLike<number>): Uint16Array {
  const compact = new Uint16Array(PERMUTATIONS);
  for (let i = 0; i < PERMUTATIONS; i++) compact[i] = signature[i]! & 0xffff;
  return compact;
}

export class NearDuplicateIndex {
  private signatures = new Uint16Array(PERMUTATIONS * 1024);
  private readonly files: IndexedFile[] = [];
  /** Per band: bucket key -> id of the file, or ids of the files, in that bucket. */
  private readonly buckets: Map<number, number | number[]>[] = Array.from({ length: BANDS }, () => new Map());

  get size(): number {
    return this.files.length;
  }

  /** The earliest-added file that `signature` (compact) is a near-duplicate of, or null. */
  findDuplicate(signature: Uint16Array): IndexedFile | null {
    let best = -1;
    for (let band = 0; band < BANDS; band++) {
      const bucket = this.buckets[band]!.get(bandKey(signature, band));
      if (bucket === undefined) continue;
      if (typeof bucket === 'number') {
        if ((best < 0 || bucket < best) && this.agrees(bucket, signature)) best = bucket;
      } else {
        for (const id of bucket) if ((best < 0 || id < best) && this.agrees(id, signature)) best = id;
      }
    }
    return best < 0 ? null : this.files[best]!;
  }

  /** Adds a kept file. */
  add(signature: Uint16Array, file: IndexedFile): void {
    const id = this.files.length;
    if ((id + 1) * PERMUTATIONS > this.signatures.length) {
      const grown = new Uint16Array(this.signatures.length * 2);
      grown.set(this.signatures);
      this.signatures = grown;
    }
    this.signatures.set(signature, id * PERMUTATIONS);
    this.files.push(file);
    for (let band = 0; band < BANDS; band++) {
      const buckets = this.buckets[band]!;
      const key = bandKey(signature, band);
      const bucket = buckets.get(key);
      if (bucket === undefined) buckets.set(key, id);
      else if (typeof bucket === 'number') buckets.set(key, [bucket, id]);
      else bucket.push(id);
    }
  }

  /** Removes the files added after the index had `size` files (a package whose commit failed). */
  truncate(size: number): void {
    for (let id = this.files.length - 1; id >= size; id--) {
      const signature = this.signatures.subarray(id * PERMUTATIONS, (id + 1) * PERMUTATIONS);
      for (let band = 0; band < BANDS; band++) {
        const buckets = this.buckets[band]!;
        const key = bandKey(signature, band);
        const bucket = buckets.get(key);
        if (bucket === id) buckets.delete(key);
        else if (Array.isArray(bucket)) {
          // Ids are added in increasing order, so the newest is last.
          if (bucket.at(-1) === id) bucket.pop();
          if (bucket.length === 1) buckets.set(key, bucket[0]!);
        }
      }
    }
    this.files.length = Math.min(this.files.length, size);
  }

  private agrees(id: number, signature: Uint16Array): boolean {
    const base = id * PERMUTATIONS;
    const stored = this.signatures;
    let same = 0;
    for (let i = 0; i < PERMUTATIONS; i++) if (stored[base + i] === signature[i]) same++;
    return same >= MIN_AGREEING;
  }
}

/** 32-bit hash of one band's rows (Murmur3-style mixing, two 16-bit rows per block). */
function bandKey(signature: Uint16Array, band: number): number {
  let h = band;
  const start = band * ROWS;
  for (let i = start; i < start + ROWS; i += 2) {
    let k = Math.imul(signature[i]! | (signature[i + 1]! << 16), 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, 0x1b873593);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  return fmix32(h);
}
