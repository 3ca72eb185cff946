import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateFolds, evaluateSplit, type Figures, reportOf, reportTable } from '../../src/patterns/eval.js';
import { assignFolds } from '../../src/patterns/folds.js';
import { readFixRecords } from '../../src/fixes/records.js';
import { SHARED } from '../helpers/cli.js';

const CORPUS = join(SHARED, 'datasets', 'pypibugs-fixes', 'fixes.jsonl.gz');

function expectFigures(f: Figures): void {
  expect(Object.keys(f).sort()).toEqual(['coverage', 'mrr', 'top1', 'top5']);
  for (const x of Object.values(f)) {
    expect(x).toBeGreaterThanOrEqual(0);
    expect(x).toBeLessThanOrEqual(1);
  }
  expect(f.top1).toBeLessThanOrEqual(f.top5);
  expect(f.top5).toBeLessThanOrEqual(f.coverage);
  expect(f.mrr).toBeGreaterThanOrEqual(f.top1);
  expect(f.mrr).toBeLessThanOrEqual(f.top5 + (f.coverage - f.top5) / 6 + 1e-9);
}

describe.skipIf(!existsSync(CORPUS))('patterns eval on the shared corpus', () => {
  it('cross-validates by repository, against the baseline, in the issue\'s shape', async () => {
    const { records } = await readFixRecords(CORPUS);
    const subset = records.filter((r) => r.scout === 'BooleanOperatorRewriteScout');
    expect(subset).toHaveLength(72);
    const { report, cases, errors } = evaluateFolds(subset, 3);
    expect(errors).toEqual([]);
    expect(cases).toHaveLength(72);
    expect(Object.keys(report).sort()).toEqual(['baseline', 'overall', 'per_scout']);
    for (const side of [report.overall, report.baseline]) {
      expect(Object.keys(side).sort()).toEqual(['with_line', 'without_line']);
      expectFigures(side.with_line);
      expectFigures(side.without_line);
    }
    expect(Object.keys(report.per_scout)).toEqual(['BooleanOperatorRewriteScout']);
    expect(report.per_scout['BooleanOperatorRewriteScout']!.records).toBe(72);
    // Every PyPIBugs fix is one of BugLab's candidate rewrites: the baseline ranks it somewhere.
    expect(cases.every((c) => c.baseline.withLine.rank !== null && c.baseline.withoutLine.rank !== null)).toBe(true);
    expect(report.baseline.with_line.coverage).toBe(1);
    // Giving the line never hurts the baseline's rank (it sorts by distance first, and the fix is at distance 0).
    for (const c of cases) expect(c.baseline.withLine.rank!).toBeLessThanOrEqual(c.baseline.withoutLine.rank!);
    // Negation and and/or patterns recur across repositories: some held-out fixes are found.
    expect(report.overall.with_line.top5).toBeGreaterThan(0);
    // Held out by repository: the fold of each case is its repository's fold.
    const folds = assignFolds(subset, 3);
    for (const c of cases) expect(c.fold).toBe(folds.get(c.record.repo));
    // The figures are what the outcomes say.
    const top1 = cases.filter((c) => c.patterns.withLine.rank === 1).length / cases.length;
    expect(report.overall.with_line.top1).toBeCloseTo(top1, 12);
    expect(reportOf(cases)).toEqual(report);
    const table = reportTable(report, cases.length);
    expect(table.split('\n')[0]).toMatch(/^\| records \| ranking \| top-1 \(line\) /);
    expect(table).toContain('| all (72) | baseline | ');
    expect(table).toContain('| BooleanOperator (72) | patterns | ');
  }, 600_000);

  it('mines on a fixed training split and evaluates the test split', async () => {
    const { records } = await readFixRecords(CORPUS);
    const subset = records.filter((r) => r.scout === 'BinaryOperatorRewriteScout');
    const test = subset.slice(0, 6);
    const testRepos = new Set(test.map((r) => r.repo));
    const train = subset.filter((r) => !testRepos.has(r.repo));
    const { cases, report } = evaluateSplit(train, [...test, test[0]!]);
    expect(cases.map((c) => c.record.id)).toEqual(test.map((r) => r.id));
    expect(cases.every((c) => c.fold === 0)).toBe(true);
    expect(report.per_scout['BinaryOperatorRewriteScout']!.records).toBe(6);
  }, 600_000);
});
