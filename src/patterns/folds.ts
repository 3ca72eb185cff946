/**
 * Deterministic k-fold assignment of fix records by repository, for evaluating mined patterns on fixes
 * they were not mined from. Every record of one repository lands in the same fold, so a fork's copy of a
 * fix or a repository's repeated fix cannot appear on both sides of a split.
 *
 * Balance: repositories are placed largest first (by record count) into the fold with the fewest records
 * so far, ties broken by a stable hash of the repository name and then by the lowest fold index. The
 * result depends only on the multiset of (repo, count) pairs, never on the order of the input, and is the
 * same on every machine and Node version (SHA-256 of the name, not a runtime hash).
 */
import { createHash } from 'node:crypto';

export interface HasRepo {
  readonly repo: string;
}

export interface FoldSplit<T> {
  readonly fold: number;
  readonly train: T[];
  readonly test: T[];
}

/** A stable 48-bit hash of a repository name (first 12 hex digits of its SHA-256). */
export function repoHash(repo: string): number {
  return Number.parseInt(createHash('sha256').update(repo, 'utf8').digest('hex').slice(0, 12), 16);
}

/**
 * The fold (0 ≤ fold < k) of every repository among `records`. Throws on k < 1. With fewer repositories
 * than folds some folds stay empty.
 */
export function assignFolds(records: readonly HasRepo[], k: number): Map<string, number> {
  if (!Number.isInteger(k) || k < 1) throw new Error(`folds must be a positive integer, not ${k}`);
  const counts = new Map<string, number>();
  for (const r of records) counts.set(r.repo, (counts.get(r.repo) ?? 0) + 1);
  const repos = [...counts.entries()].map(([repo, count]) => ({ repo, count, hash: repoHash(repo) }));
  repos.sort((a, b) => b.count - a.count || a.hash - b.hash || (a.repo < b.repo ? -1 : a.repo > b.repo ? 1 : 0));
  const sizes = new Array<number>(k).fill(0);
  const folds = new Map<string, number>();
  for (const { repo, count, hash } of repos) {
    let best = -1;
    for (let f = 0; f < k; f++) {
      const size = sizes[f] as number;
      if (best < 0 || size < (sizes[best] as number)) best = f;
    }
    // Among the equally small folds, start from the hash's fold so small repositories spread by name.
    const smallest = sizes[best] as number;
    const start = hash % k;
    for (let i = 0; i < k; i++) {
      const f = (start + i) % k;
      if (sizes[f] === smallest) {
        best = f;
        break;
      }
    }
    sizes[best] = smallest + count;
    folds.set(repo, best);
  }
  return folds;
}

/** The k train/test splits: split i tests on fold i and trains on every other fold. Input order is kept. */
export function foldSplits<T extends HasRepo>(records: readonly T[], k: number): FoldSplit<T>[] {
  const folds = assignFolds(records, k);
  const splits: FoldSplit<T>[] = [];
  for (let fold = 0; fold < k; fold++) {
    const train: T[] = [];
    const test: T[] = [];
    for (const r of records) (folds.get(r.repo) === fold ? test : train).push(r);
    splits.push({ fold, train, test });
  }
  return splits;
}

/** A fix record prepared for evaluation: anything that keeps its record. */
export interface HasRecord {
  readonly record: { readonly repo: string };
}

/**
 * Each record prepared once, in input order: a repeated record id is reported in `errors` and
 * skipped, and so is a record `prepare` rejects (it reports its own reason).
 */
export function prepareDistinct<R extends { readonly id: string; readonly source: string }, C>(
  records: readonly R[],
  errors: string[],
  prepare: (record: R, errors: string[]) => C | null,
): C[] {
  const seen = new Set<string>();
  const out: C[] = [];
  for (const r of records) {
    if (seen.has(r.id)) {
      errors.push(`${r.source}: duplicate record ${r.id}, skipped`);
      continue;
    }
    seen.add(r.id);
    const c = prepare(r, errors);
    if (c !== null) out.push(c);
  }
  return out;
}

/**
 * k-fold cross-validation by repository: `runFold` gets each fold's training and held-out cases
 * (folds with nothing held out are skipped); their results are concatenated in fold order.
 */
export function crossValidate<C extends HasRecord, R>(
  cases: readonly C[],
  k: number,
  runFold: (fold: number, train: C[], test: C[]) => R[],
  progress?: (message: string) => void,
): R[] {
  const results: R[] = [];
  for (const { fold, train, test } of foldSplits(cases.map((c) => ({ repo: c.record.repo, c })), k)) {
    if (test.length === 0) continue;
    results.push(
      ...runFold(
        fold,
        train.map((t) => t.c),
        test.map((t) => t.c),
      ),
    );
    progress?.(`fold ${fold + 1}/${k}: ${train.length} training records, ${test.length} held out`);
  }
  return results;
}
