// Learned bug seeding (src/patterns/seed.ts): fix patterns run backwards on clean code.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decode, encode } from '@msgpack/msgpack';
import { beforeAll, describe, expect, it } from 'vitest';
import { readFixRecords } from '../../src/fixes/records.js';
import { fixedFunctionText } from '../../src/export/fixed-text.js';
import { asSample } from '../../src/export/sample.js';
import { lineStarts } from '../../src/graph/text.js';
import { functionAsFile } from '../../src/patterns/eval.js';
import { minePatterns, type PatternsFile } from '../../src/patterns/mine.js';
import { type SeedingIndex, seedBugs, seedingIndex } from '../../src/patterns/seed.js';
import { learnedRewrites, parseSeedingPatterns, SeedingPatternsError } from '../../src/samples/seed-rewrites.js';
import { tokenSignature } from '../../src/patterns/tokens.js';
import { parseModule } from '../../src/python/index.js';
import { applyOp, applyReplaceText } from '../../src/rewrite/apply.js';
import { canonicalText } from '../../src/rewrite/canonical.js';
import { fileSamples, type FileSampleOptions } from '../../src/samples/file-samples.js';
import { LEARNED_SCOUT } from '../../src/samples/learned-rewrites.js';
import { SHARED } from '../helpers/cli.js';
import { goldenInputPath } from '../helpers/golden.js';
import { fixRecord } from './seed-helpers.js';

const COMPARISON = 'ComparisonOperatorRewriteScout';
const MISUSE = 'VariableMisuseRewriteScout';

/** Two repositories fixing `<` to `<=` in an `if`, two replacing a wrong `count` by the assigned name. */
const RECORDS = [
  fixRecord('a/x', 'def f(a, b):\n    if a < b:\n        return a\n    return b', 'def f(a, b):\n    if a <= b:\n        return a\n    return b', COMPARISON),
  fixRecord('b/y', 'def g(items, n):\n    if len(items) < n:\n        items.append(n)', 'def g(items, n):\n    if len(items) <= n:\n        items.append(n)', COMPARISON),
  fixRecord('c/z', 'def h(total, k):\n    total = count + 1\n    return total', 'def h(total, k):\n    total = total + 1\n    return total', MISUSE),
  fixRecord('d/w', 'def i(n):\n    n = count + 2\n    return n', 'def i(n):\n    n = n + 2\n    return n', MISUSE),
];

function seed(text: string, index: SeedingIndex) {
  return seedBugs(parseModule(text), text, lineStarts(text), index);
}

describe('seedBugs', () => {
  const mined = minePatterns(RECORDS);
  const index = seedingIndex(mined.file);
  const byGroup = (group: string) => mined.file.patterns.find((id) => mined.file.nodes[id]!.group === group)!;

  it('indexes the listed patterns by the root type of their after part', () => {
    expect(mined.violations).toEqual([]);
    expect(index.size).toBe(2);
    expect([...index.byType.keys()].sort()).toEqual(['If', 'SimpleStatementLine']);
  });

  it('seeds the bug a fix repaired as a one-line edit, the rest of the file byte for byte as it was', () => {
    const text = 'def clean(i, limit):\n    # keep  this\n    if i  <=  limit:   # and this\n        return i\n    while i <= limit:\n        i += 1\n';
    const bugs = seed(text, index);
    expect(bugs.map((b) => [b.pattern, canonicalText(b.op), b.anchor.type])).toEqual([[byGroup(`${COMPARISON} LessThan→LessThanEqual`), "ReplaceText(target='<' @(3,10)->(3,12))", 'LessThanEqual']]);
    expect(bugs[0]!.scout).toBe(COMPARISON);
    const buggy = applyReplaceText(text, bugs[0]!.op);
    expect(buggy.text).toBe(text.replace('i  <=  limit', 'i  <  limit'));
    // The inverse puts the original characters back.
    expect(applyOp(buggy.text, buggy.revert).text).toBe(text);
  });

  it('binds a repeated hole only to equal subtrees', () => {
    const text = 'def clean(s, t):\n    s = s + 5\n    t = s + 5\n    t = t + 1\n';
    const bugs = seed(text, index);
    expect(bugs.map((b) => canonicalText(b.op))).toEqual(["ReplaceText(target='count' @(2,8)->(2,9))", "ReplaceText(target='count' @(4,8)->(4,9))"]);
    expect(applyReplaceText(text, bugs[1]!.op).text).toBe('def clean(s, t):\n    s = s + 5\n    t = s + 5\n    t = count + 1\n');
  });

  it('finds each place a pattern matches, once per distinct edit', () => {
    const text = 'def clean(a, b):\n    if a <= b:\n        if b <= a:\n            pass\n';
    expect(seed(text, index).map((b) => canonicalText(b.op))).toEqual(["ReplaceText(target='<' @(2,9)->(2,11))", "ReplaceText(target='<' @(3,13)->(3,15))"]);
  });

  it('is deterministic', () => {
    const text = readFileSync(goldenInputPath('json____init__'), 'utf8');
    const again = seedingIndex(minePatterns(RECORDS).file);
    expect(JSON.stringify(seed(text, again).map((b) => b.op))).toBe(JSON.stringify(seed(text, index).map((b) => b.op)));
  });

  it('refuses a damaged patterns file with the file and node named', () => {
    const bad = JSON.parse(JSON.stringify(mined.file)) as PatternsFile;
    (bad.nodes[3]!.template.after as unknown as Record<string, unknown>)['type'] = 'NoSuchNode';
    expect(() => parseSeedingPatterns(JSON.stringify(bad), 'p.json')).toThrow(SeedingPatternsError);
    expect(() => parseSeedingPatterns(JSON.stringify(bad), 'p.json')).toThrow(/^p\.json: node 3 after: unknown node type "NoSuchNode"$/);
    expect(() => parseSeedingPatterns('{', 'p.json')).toThrow(/^p\.json: not JSON/);
    expect(() => parseSeedingPatterns('{"format": "x"}', 'p.json')).toThrow(/not a bugmine patterns file/);
  });
});

const CORPUS = join(SHARED, 'datasets', 'pypibugs-fixes', 'fixes.jsonl.gz');

describe.skipIf(!existsSync(CORPUS))('seeding with patterns mined from real fixes', () => {
  let file: PatternsFile;
  let records: Awaited<ReturnType<typeof readFixRecords>>['records'];

  beforeAll(async () => {
    records = (await readFixRecords(CORPUS)).records.slice(0, 200);
    file = minePatterns(records).file;
  }, 300_000);

  it("seeds exactly a record's real bug into its fixed function", () => {
    const index = seedingIndex(file);
    expect(index.size).toBeGreaterThan(0);
    let recalled = 0;
    for (const id of file.patterns) {
      for (const leaf of file.nodes[id]!.records) {
        const record = records.find((r) => r.id === file.records[leaf]!.id)!;
        const fixed = functionAsFile(record.after, record.afterColumn);
        const expected = tokenSignature(functionAsFile(record.before, record.beforeColumn));
        const bugs = seed(fixed, index);
        for (const bug of bugs) {
          const buggy = applyReplaceText(fixed, bug.op).text;
          // One line changed, every other byte kept.
          const a = fixed.split('\n');
          const b = buggy.split('\n');
          expect(b.length).toBe(a.length);
          expect(a.filter((line, i) => line !== b[i])).toHaveLength(1);
        }
        if (bugs.some((bug) => tokenSignature(applyReplaceText(fixed, bug.op).text) === expected)) recalled++;
      }
    }
    expect(recalled).toBeGreaterThan(5);
  });

  it('gives samples that the sample format checks accept, each learned bug targeting its inverse', () => {
    const text = readFileSync(goldenInputPath('json____init__'), 'utf8');
    for (const source of ['patterns', 'both'] as const) {
      const options: FileSampleOptions = { path: 'json/__init__.py', packageName: 'stdlib', packageVersion: '3.11', seed: 3, learned: learnedRewrites(seedingIndex(file), source) };
      const made = fileSamples(text, options);
      let learnedBugs = 0;
      let withLearned = 0;
      for (const fn of made.functions) {
        const [clean, ...bugs] = fn.samples;
        if (clean!.candidate_rewrite_metadata.some(([scout]) => scout === LEARNED_SCOUT)) withLearned++;
        for (const sample of fn.samples) {
          const checked = asSample(decode(encode(sample)));
          expect(checked.graph.reference_nodes).toHaveLength(checked.candidate_rewrites.length);
          for (const [scout, value] of checked.candidate_rewrite_metadata) if (scout === LEARNED_SCOUT) expect(file.nodes[value!]).toBeDefined();
        }
        for (const bug of bugs) {
          expect(fixedFunctionText(asSample(bug))).toBe(clean!.graph.text);
          if (bug.provenance.bug_pattern === undefined) continue;
          learnedBugs++;
          const [scout, value] = bug.candidate_rewrite_metadata[bug.target_fix_action_idx!]!;
          // The inverse is a learned candidate of that pattern unless a scout proposes the same edit.
          if (scout === LEARNED_SCOUT) expect(value).toBe(bug.provenance.bug_pattern);
        }
        if (source === 'patterns') expect(bugs.every((b) => b.provenance.bug_pattern !== undefined)).toBe(true);
      }
      // Drawn among hundreds of scout candidates, a learned one is rare with `both`.
      if (source === 'patterns') expect(learnedBugs).toBeGreaterThan(0);
      expect(withLearned).toBeGreaterThan(0);
      expect(JSON.stringify(fileSamples(text, options))).toBe(JSON.stringify(made));
    }
  });
});
