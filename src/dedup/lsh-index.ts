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

export class NearDuplicateIndex<T = IndexedFile> {
  private signatures = new Uint16Array(PERMUTATIONS * INITIAL_FILES);
  /** `older[id * BANDS + band]`: the previous file in the same bucket of that band, or -1. */
  private older = new Int32Array(BANDS * INITIAL_FILES);
  private readonly files: T[] = [];
  private readonly bands: BucketTable[] = Array.from({ length: BANDS }, () => new BucketTable());

  get size(): number {
    return this.files.length;
  }

  /** The earliest-added file that `signature` (compact) is a near-duplicate of, or null. */
  findDuplicate(signature: Uint16Array): T | null {
    let best = -1;
    for (let band = 0; band < BANDS; band++) {
      for (let id = this.bands[band]!.newest(bandKey(signature, band)); id >= 0; id = this.older[id * BANDS + band]!) {
        if ((best < 0 || id < best) && this.agrees(id, signature)) best = id;
      }
    }
    return best < 0 ? null : this.files[best]!;
  }

  /** Adds a kept file. */
  add(signature: Uint16Array, file: T): void {
    const id = this.files.length;
    if (id * PERMUTATIONS >= this.signatures.length) this.grow();
    this.signatures.set(signature, id * PERMUTATIONS);
    this.files.push(file);
    for (let band = 0; band < BANDS; band++) this.older[id * BANDS + band] = this.bands[band]!.push(bandKey(signature, band), id);
  }

  /**
   * Every indexed file that `signature` (compact) is a near-duplicate of, with the estimated
   * Jaccard similarity, most similar first (ties: earliest added first).
   */
  findAll(signature: Uint16Array): { file: T; similarity: number }[] {
    const found = new Map<number, number>();
    for (let band = 0; band < BANDS; band++) {
      for (let id = this.bands[band]!.newest(bandKey(signature, band)); id >= 0; id = this.older[id * BANDS + band]!) {
        if (found.has(id)) continue;
        const same = this.agreeing(id, signature);
        if (same >= MIN_AGREEING) found.set(id, same);
      }
    }
    return [...found]
      .sort(([idA, a], [idB, b]) => b - a || idA - idB)
      .map(([id, same]) => ({ file: this.files[id]!, similarity: same / PERMUTATIONS }));
  }

  /** Removes the files added after the index had `size` files (a package whose commit failed). */
  truncate(size: number): void {
    for (let id = this.files.length - 1; id >= size; id--) {
      const signature = this.signatures.subarray(id * PERMUTATIONS, (id + 1) * PERMUTATIONS);
      // The newest file heads every bucket it is in, so removing it restores the older head.
      for (let band = 0; band < BANDS; band++) this.bands[band]!.pop(bandKey(signature, band), this.older[id * BANDS + band]!);
    }
    this.files.length = Math.min(this.files.length, size);
  }

  private grow(): void {
    const signatures = new Uint16Array(this.signatures.length * 2);
    signatures.set(this.signatures);
    this.signatures = signatures;
    const older = new Int32Array(this.older.length * 2);
    older.set(this.older);
    this.older = older;
  }

  private agrees(id: number, signature: Uint16Array): boolean {
    return this.agreeing(id, signature) >= MIN_AGREEING;
  }

  private agreeing(id: number, signature: Uint16Array): number {
    const base = id * PERMUTATIONS;
    const stored = this.signatures;
    let same = 0;
    for (let i = 0; i < PERMUTATIONS; i++) if (stored[base + i] === signature[i]) same++;
    return same;
  }
}

const INITIAL_FILES = 1024;
const EMPTY_SLOT = -2;

/**
 * One band's buckets: bucket key -> newest file id in it, an open-addressing hash table on typed
 * arrays (a JS Map of millions of entries per band would cost several times the memory). The
 * older files of a bucket are chained through `NearDuplicateIndex.older`.
 */
class BucketTable {
  private keys = new Uint32Array(INITIAL_FILES * 2);
  /** Newest file id per slot; -1 for a bucket emptied by `pop`, EMPTY_SLOT for a free slot. */
  private heads = new Int32Array(INITIAL_FILES * 2).fill(EMPTY_SLOT);
  private used = 0;

  /** Newest file id in the bucket `key`, or -1. */
  newest(key: number): number {
    const slot = this.find(key);
    return slot < 0 ? -1 : Math.max(this.heads[slot]!, -1);
  }

  /** Makes `id` the newest file of bucket `key`; returns the previous newest (or -1). */
  push(key: number, id: number): number {
    // Load factor at most 3/4: linear probing stays short with well-mixed keys.
    if ((this.used + 1) * 4 > this.keys.length * 3) this.rehash(this.keys.length * 2);
    let slot = key & (this.keys.length - 1);
    while (this.heads[slot] !== EMPTY_SLOT && this.keys[slot] !== key) slot = (slot + 1) & (this.keys.length - 1);
    const previous = this.heads[slot]!;
    if (previous === EMPTY_SLOT) {
      this.keys[slot] = key;
      this.used++;
    }
    this.heads[slot] = id;
    return previous === EMPTY_SLOT ? -1 : previous;
  }

  /** Undoes the last `push` to bucket `key`, whose previous newest was `previous`. */
  pop(key: number, previous: number): void {
    const slot = this.find(key);
    if (slot >= 0) this.heads[slot] = previous;
  }

  private find(key: number): number {
    const mask = this.keys.length - 1;
    for (let slot = key & mask; this.heads[slot] !== EMPTY_SLOT; slot = (slot + 1) & mask) {
      if (this.keys[slot] === key) return slot;
    }
    return -1;
  }

  private rehash(capacity: number): void {
    const { keys, heads } = this;
    this.keys = new Uint32Array(capacity);
    this.heads = new Int32Array(capacity).fill(EMPTY_SLOT);
    const mask = capacity - 1;
    for (let old = 0; old < keys.length; old++) {
      if (heads[old] === EMPTY_SLOT) continue;
      let slot = keys[old]! & mask;
      while (this.heads[slot] !== EMPTY_SLOT) slot = (slot + 1) & mask;
      this.keys[slot] = keys[old]!;
      this.heads[slot] = heads[old]!;
    }
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
