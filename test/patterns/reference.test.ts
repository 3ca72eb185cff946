import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { minePatterns, type PatternsFile } from '../../src/patterns/mine.js';
import { type ReadFixRecord as FixRecord, recordOf } from '../../src/fixes/records.js';
import { measureReference, ReferenceCorpus, referenceOf, referenceSpecificity, withReference } from '../../src/patterns/reference.js';
import { suggestFixes } from '../../src/patterns/suggest.js';
import { parseModule } from '../../src/python/parser/index.js';

function record(before: string, after: string, repo: string): FixRecord {
  const r = recordOf({ repo, hash: '0123456789abcdef', path: 'm.py', before, after, before_range: [[1, 0], [9, 0]], after_range: [[1, 0], [9, 0]] }, 'test:1');
  if (typeof r === 'string') throw new Error(r);
  return r;
}

// Two patterns of two repositories each: `if h0 > h1:` → `>=`, and `h0 = h1 / h2` → `//`.
const records = [
  record('def f(a):\n    if a > 1:\n        pass\n', 'def f(a):\n    if a >= 1:\n        pass\n', 'o/a'),
  record('def g(b):\n    if b > 2:\n        b()\n', 'def g(b):\n    if b >= 2:\n        b()\n', 'o/b'),
  record('def f(a, b):\n    x = a / b\n', 'def f(a, b):\n    x = a // b\n', 'o/c'),
  record('def g(c, d):\n    y = c.n / d\n', 'def g(c, d):\n    y = c.n // d\n', 'o/d'),
];

describe('reference corpus specificity', () => {
  let dir: string;
  let file: PatternsFile;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bugmine-reference-'));
    await mkdir(join(dir, 'pkg'));
    // Clean code full of `if x > y:` and with one `z = p / q`; a file that does not parse; a hidden one.
    await writeFile(join(dir, 'pkg', 'a.py'), 'def u(x, y):\n    if x > y:\n        return 1\n    if y > 0:\n        return 2\n    z = x / y\n');
    await writeFile(join(dir, 'pkg', 'b.py'), 'if n > 3:\n    pass\n');
    await writeFile(join(dir, 'bad.py'), 'def (:\n');
    await writeFile(join(dir, '.hidden.py'), 'if n > 3:\n    pass\n');
    file = minePatterns(records).file;
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('counts each pattern before part in clean code, reporting files that do not parse', async () => {
    const errors: string[] = [];
    const reference = await measureReference(file, dir, (m) => errors.push(m));
    expect(reference.files).toBe(2);
    expect(reference.skipped).toBe(1);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/bad\.py:1: /);
    const comparison = file.nodes.find((n) => n.children.length > 0 && n.before.startsWith('if h0 > h1'))!;
    const division = file.nodes.find((n) => n.children.length > 0 && n.before === 'h0 = h1 / h2')!;
    expect(reference.matches[comparison.id]).toBe(3);
    expect(reference.matches[division.id]).toBe(1);
    // The leaves are concrete: `if a > 1:` occurs nowhere in the reference.
    expect(reference.matches[0]).toBe(0);
    // The in-memory corpus gives the same counts, and a second file reuses them.
    const corpus = await ReferenceCorpus.load(dir);
    expect(corpus.countsFor(file).matches).toEqual(reference.matches);
    expect(corpus.countsFor(file).nodes).toBe(reference.nodes);
  });

  it('ranks the pattern that matches clean code less first, and old files without counts still rank', async () => {
    const reference = await measureReference(file, dir);
    const stored = JSON.parse(JSON.stringify(withReference(file, reference))) as PatternsFile;
    expect(referenceOf(stored)).toEqual(reference);
    expect(referenceOf(file)).toBeNull();
    // A broken count list is ignored (structural specificity), not trusted.
    expect(referenceOf({ ...stored, reference: { ...reference, matches: [1] } } as PatternsFile)).toBeNull();
    const source = 'def h(p, q):\n    if p > q:\n        m = p / q\n';
    const ranked = suggestFixes(parseModule(source), stored);
    expect(ranked.map((s) => s.patternBefore.split('\n')[0])).toEqual(['h0 = h1 / h2', 'if h0 > h1:']);
    expect(ranked[0]!.parts.specificity).toBeCloseTo(referenceSpecificity(2, 1));
    expect(ranked[1]!.parts.specificity).toBeCloseTo(referenceSpecificity(2, 3));
    expect(referenceSpecificity(2, 0)).toBe(1);
    expect(suggestFixes(parseModule(source), file)).toHaveLength(2);
  });
});
