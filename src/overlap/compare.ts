/**
 * Near-duplicates between two data sets: every function (and file) of B whose estimated Jaccard
 * similarity with one of A is at least 0.85, found with dedup's MinHash/LSH index over A.
 */
import { compactSignature, JACCARD_THRESHOLD, NearDuplicateIndex } from '../dedup/lsh-index.js';
import type { Dataset, DatasetFile, DatasetFunction } from './dataset.js';

export interface OverlapItem {
  readonly package: string;
  readonly path: string;
  /** Function name; absent for files. */
  readonly function?: string | null;
  /** Where the function was first seen (functions only). */
  readonly where?: string;
}

export interface OverlapPair {
  /** The item of B. */
  readonly b: OverlapItem;
  /** Its most similar item of A (ties: the first in A's order). */
  readonly a: OverlapItem;
  /** Estimated Jaccard similarity of their identifier and string tokens. */
  readonly similarity: number;
  /** How many items of A it is a near-duplicate of. */
  readonly matches: number;
}

export interface LevelReport {
  /** Items of A and of B, and how many had enough tokens to be compared. */
  readonly a: { total: number; compared: number; overlapping: number };
  readonly b: { total: number; compared: number; overlapping: number };
  /** One pair per overlapping item of B, in B's order. */
  readonly pairs: OverlapPair[];
}

export interface OverlapReport {
  readonly threshold: number;
  readonly a: { path: string; kind: string };
  readonly b: { path: string; kind: string };
  readonly functions: LevelReport;
  readonly files: LevelReport;
}

interface Signed {
  readonly key: string;
  readonly signature: Uint32Array | null;
}

function compareLevel<T extends Signed>(a: readonly T[], b: readonly T[], item: (x: T) => OverlapItem): { report: LevelReport; overlappingB: Set<string>; overlappingA: Set<string> } {
  const index = new NearDuplicateIndex<T>();
  let aCompared = 0;
  for (const x of a) {
    if (x.signature === null) continue;
    index.add(compactSignature(x.signature), x);
    aCompared++;
  }
  const pairs: OverlapPair[] = [];
  const overlappingA = new Set<string>();
  const overlappingB = new Set<string>();
  let bCompared = 0;
  for (const y of b) {
    if (y.signature === null) continue;
    bCompared++;
    const found = index.findAll(compactSignature(y.signature));
    if (found.length === 0) continue;
    overlappingB.add(y.key);
    for (const match of found) overlappingA.add(match.file.key);
    pairs.push({ b: item(y), a: item(found[0]!.file), similarity: found[0]!.similarity, matches: found.length });
  }
  return {
    report: {
      a: { total: a.length, compared: aCompared, overlapping: overlappingA.size },
      b: { total: b.length, compared: bCompared, overlapping: overlappingB.size },
      pairs,
    },
    overlappingA,
    overlappingB,
  };
}

const functionItem = (f: DatasetFunction): OverlapItem => ({ package: f.package, path: f.path, function: f.name, where: f.where });
const fileItem = (f: DatasetFile): OverlapItem => ({ package: f.package, path: f.path });

export interface Overlap {
  readonly report: OverlapReport;
  /** Keys of the overlapping functions and files, on each side. */
  readonly a: { functions: ReadonlySet<string>; files: ReadonlySet<string> };
  readonly b: { functions: ReadonlySet<string>; files: ReadonlySet<string> };
}

export function compareDatasets(a: Dataset, b: Dataset): Overlap {
  const functions = compareLevel(a.functions, b.functions, functionItem);
  const files = compareLevel(a.files, b.files, fileItem);
  return {
    report: {
      threshold: JACCARD_THRESHOLD,
      a: { path: a.path, kind: a.kind },
      b: { path: b.path, kind: b.kind },
      functions: functions.report,
      files: files.report,
    },
    a: { functions: functions.overlappingA, files: files.overlappingA },
    b: { functions: functions.overlappingB, files: files.overlappingB },
  };
}
