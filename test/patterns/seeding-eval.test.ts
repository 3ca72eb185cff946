// `patterns eval --seeding`: recall of real bugs and the distance of the seeded bug kinds to the real ones.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateSeedingSplit, seedingTable, totalVariation } from '../../src/patterns/seeding-eval.js';
import { fixRecordJson } from '../../src/fixes/records.js';
import { runCli } from '../helpers/cli.js';
import { fixRecord } from './seed-helpers.js';

const COMPARISON = 'ComparisonOperatorRewriteScout';
const MISUSE = 'VariableMisuseRewriteScout';

const TRAIN = [
  fixRecord('a/x', 'def f(a, b):\n    if a < b:\n        return a\n    return b', 'def f(a, b):\n    if a <= b:\n        return a\n    return b', COMPARISON),
  fixRecord('b/y', 'def g(items, n):\n    if len(items) < n:\n        items.append(n)', 'def g(items, n):\n    if len(items) <= n:\n        items.append(n)', COMPARISON),
  fixRecord('c/z', 'def h(total, k):\n    total = count + 1\n    return total', 'def h(total, k):\n    total = total + 1\n    return total', MISUSE),
  fixRecord('d/w', 'def i(n):\n    n = count + 2\n    return n', 'def i(n):\n    n = n + 2\n    return n', MISUSE),
];

/** Held out: a comparison fix both sides recall, a misuse of a non-local name only the patterns recall, one neither does. */
const TEST = [
  fixRecord('e/v', 'def j(x, y):\n    if x < y:\n        x = y\n    return x', 'def j(x, y):\n    if x <= y:\n        x = y\n    return x', COMPARISON),
  fixRecord('f/u', 'def k(s, t):\n    s = count + 3\n    return s * t', 'def k(s, t):\n    s = s + 3\n    return s * t', MISUSE),
  fixRecord('g/t', 'def l(p, q):\n    return p.run(q)', 'def l(p, q):\n    return p.start(q)', null),
];

describe('seeding evaluation', () => {
  const result = evaluateSeedingSplit(TRAIN, TEST);
  const { report } = result;

  it('finds the real bug where a pattern seeds it, and where a scout proposes it', () => {
    expect(result.errors).toEqual([]);
    expect(report.records).toBe(3);
    expect(result.cases.map((c) => [c.patterns.hits > 0, c.scouts.hits > 0])).toEqual([
      [true, true],
      [true, false],
      [false, false],
    ]);
    expect(report.patterns.recall).toBeCloseTo(2 / 3);
    expect(report.scouts.recall).toBeCloseTo(1 / 3);
    expect(report.per_scout[MISUSE]).toEqual({ records: 1, patterns_recall: 1, scouts_recall: 0 });
  });

  it('measures the seeded bug kinds against the real ones', () => {
    expect(report.real_kinds).toEqual({ [COMPARISON]: 1 / 3, unknown: 1 / 3, [MISUSE]: 1 / 3 });
    // Each function with proposals weighs 1; j gets the comparison bug only, k the misuse bug only.
    expect(report.patterns.kinds).toEqual({ [COMPARISON]: 0.5, [MISUSE]: 0.5 });
    expect(report.patterns.tvd).toBeCloseTo(1 / 3);
    for (const side of [report.patterns, report.scouts]) {
      expect(Object.values(side.kinds).reduce((a, b) => a + b, 0)).toBeCloseTo(1);
      expect(side.tvd).toBeGreaterThanOrEqual(0);
      expect(side.tvd).toBeLessThanOrEqual(1);
      expect(side.hit_per_draw).toBeLessThanOrEqual(side.recall);
    }
    expect(report.scouts.proposals).toBeGreaterThan(report.patterns.proposals);
    expect(totalVariation({ a: 1 }, { b: 1 })).toBe(1);
    expect(totalVariation({ a: 0.5, b: 0.5 }, { a: 0.5, b: 0.5 })).toBe(0);
  });

  it('prints one table of both sides and the kinds per scout', () => {
    const table = seedingTable(report);
    expect(table).toMatch(/^\| seeding \(3 held-out fixes\) \| recall \|/);
    expect(table).toContain('| patterns | 66.7% |');
    expect(table).toContain('| scouts | 33.3% |');
    expect(table).toContain('| VariableMisuse | 1 | 100.0% | 0.0% | 33.3% | 50.0% |');
  });

  it('runs from the command line with --train/--test and --json', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bugmine-seeding-eval-'));
    const write = (name: string, records: typeof TRAIN) => {
      const file = join(dir, name);
      writeFileSync(file, records.map((r) => JSON.stringify(fixRecordJson(r))).join('\n') + '\n');
      return file;
    };
    const run = await runCli(['patterns', 'eval', '--seeding', '--train', write('train.jsonl', TRAIN), '--test', write('test.jsonl', TEST), '--json']);
    expect(run.code, run.stderr + run.stdout).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(JSON.parse(JSON.stringify(report)));
    const table = await runCli(['patterns', 'eval', '--seeding', '--train', join(dir, 'train.jsonl'), '--test', join(dir, 'test.jsonl')]);
    expect(table.stdout).toBe(seedingTable(report));
  }, 120_000);
});
