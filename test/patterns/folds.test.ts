import { describe, expect, it } from 'vitest';
import { assignFolds, foldSplits, repoHash } from '../../src/patterns/folds.js';
import { readFixRecords } from '../../src/fixes/records.js';

const CORPUS = new URL('../../../shared/datasets/pypibugs-fixes/fixes.jsonl.gz', import.meta.url).pathname;

function recordsOf(counts: Record<string, number>): { repo: string; n: number }[] {
  const out: { repo: string; n: number }[] = [];
  for (const [repo, count] of Object.entries(counts)) for (let n = 0; n < count; n++) out.push({ repo, n });
  return out;
}

describe('assignFolds', () => {
  it('puts every record of a repository in one fold and every fold gets a share', () => {
    const records = recordsOf({ 'a/x': 5, 'b/y': 3, 'c/z': 3, 'd/w': 2, 'e/v': 1, 'f/u': 1, 'g/t': 1 });
    const splits = foldSplits(records, 3);
    expect(splits).toHaveLength(3);
    for (const { train, test } of splits) {
      expect(train.length + test.length).toBe(records.length);
      const testRepos = new Set(test.map((r) => r.repo));
      for (const r of train) expect(testRepos.has(r.repo)).toBe(false);
    }
    const sizes = splits.map((s) => s.test.length);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(16);
    // Largest first into the smallest fold: 5 | 3+2 | 3+1+1+1 or similar, never more than one repo apart.
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });

  it('does not depend on the input order', () => {
    const records = recordsOf({ 'a/x': 4, 'b/y': 2, 'c/z': 2, 'd/w': 1, 'e/v': 1, 'f/u': 1 });
    const reversed = [...records].reverse();
    const shuffled = records.filter((_, i) => i % 2 === 0).concat(records.filter((_, i) => i % 2 === 1));
    const base = assignFolds(records, 4);
    expect(assignFolds(reversed, 4)).toEqual(base);
    expect(assignFolds(shuffled, 4)).toEqual(base);
  });

  it('uses a stable hash (the same number on every machine)', () => {
    // First 12 hex digits of sha256("o/r").
    expect(repoHash('o/r')).toBe(0x964584196b5c);
  });

  it('rejects a non-positive fold count and leaves folds empty when repositories are fewer', () => {
    expect(() => assignFolds([], 0)).toThrow(/positive integer/);
    const splits = foldSplits(recordsOf({ 'a/x': 2, 'b/y': 1 }), 4);
    expect(splits.filter((s) => s.test.length === 0)).toHaveLength(2);
  });

  it('balances the shared corpus into 10 folds by repository', async () => {
    const { records, errors } = await readFixRecords(CORPUS);
    expect(errors).toEqual([]);
    const splits = foldSplits(records, 10);
    const sizes = splits.map((s) => s.test.length);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(records.length);
    const perRepo = new Map<string, number>();
    for (const r of records) perRepo.set(r.repo, (perRepo.get(r.repo) ?? 0) + 1);
    const largestRepo = Math.max(...perRepo.values());
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(largestRepo);
    const foldOf = assignFolds(records, 10);
    for (const r of records) expect(splits[foldOf.get(r.repo)!]!.test).toContain(r);
  });
});
