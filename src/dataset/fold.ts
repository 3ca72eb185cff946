import { createHash } from 'node:crypto';
import { UserError } from '../errors.js';

export type Fold = 'train' | 'valid' | 'test' | 'test-only';
export const FOLDS: readonly Fold[] = ['train', 'valid', 'test', 'test-only'];

const HASH_RANGE = 65536;

export interface SplitRatios {
  trainRatio: number;
  validRatio: number;
}

export const DEFAULT_RATIOS: SplitRatios = { trainRatio: 0.6, validRatio: 0.2 };

/** The hash bounds of a ratio pair; compute once per run. */
export interface FoldBounds {
  train: number;
  valid: number;
}

/**
 * BugLab's bounds: `int(65536 * train_ratio)` and that plus `int(65536 * valid_ratio)`. The product
 * is the same IEEE double in JavaScript and Python, and `Math.trunc` truncates like `int()` does.
 */
export function foldBounds({ trainRatio, validRatio }: SplitRatios): FoldBounds {
  const train = Math.trunc(HASH_RANGE * trainRatio);
  return { train, valid: train + Math.trunc(HASH_RANGE * validRatio) };
}

/** MD5 of `"/" + path` (UTF-8) as a big integer, modulo 65536: the last two digest bytes. */
export function pathHash(path: string): number {
  const digest = createHash('md5').update('/' + path, 'utf8').digest();
  return (digest[14]! << 8) | digest[15]!;
}

/**
 * The fold of a sample, by DESIGN.md "Paths and the split": test-only libraries first, then the
 * hash of its file path against the bounds (both inclusive, as in BugLab).
 */
export function foldOf(path: string, packageName: string | undefined, bounds: FoldBounds, testOnlyLibraries?: ReadonlySet<string>): Fold {
  if (packageName !== undefined && testOnlyLibraries?.has(packageName)) return 'test-only';
  const hash = pathHash(path);
  if (hash <= bounds.train) return 'train';
  if (hash <= bounds.valid) return 'valid';
  return 'test';
}

/** Checks ratios as BugLab does: each in (0, 1) and leaving a non-empty test share (sum < 1). */
export function validateRatios({ trainRatio, validRatio }: SplitRatios): void {
  for (const [name, value] of [['--train-ratio', trainRatio], ['--valid-ratio', validRatio]] as const) {
    if (!Number.isFinite(value) || value <= 0 || value >= 1) throw new UserError(`${name} must be a number between 0 and 1 (exclusive), got ${value}`);
  }
  if (trainRatio + validRatio >= 1) {
    throw new UserError(`--train-ratio + --valid-ratio must be below 1 to leave a test share, got ${trainRatio} + ${validRatio} = ${trainRatio + validRatio}`);
  }
}

/** Parses a ratio option strictly (the whole text must be a number). */
export function parseRatio(name: string, text: string): number {
  const value = text.trim() === '' ? Number.NaN : Number(text);
  if (Number.isNaN(value)) throw new UserError(`${name} must be a number, got '${text}'`);
  return value;
}

/** A test-only library list: one name per line, surrounding whitespace and blank lines ignored. */
export function parseLibraryList(text: string): Set<string> {
  const names = new Set<string>();
  for (const line of text.split('\n')) {
    const name = line.trim();
    if (name.length > 0) names.add(name);
  }
  return names;
}
