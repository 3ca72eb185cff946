import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { concreteEdits, minePatterns, type PatternsFile } from '../../src/patterns/mine.js';
import { type ReadFixRecord as FixRecord, readFixRecords, recordOf } from '../../src/fixes/records.js';
import { suggestFixes, unifiedDiff } from '../../src/patterns/suggest.js';
import { significantTokens } from '../../src/patterns/tokens.js';
import { parseModule } from '../../src/python/parser/index.js';
import { SHARED } from '../helpers/cli.js';

const CORPUS = join(SHARED, 'datasets', 'pypibugs-fixes', 'fixes.jsonl.gz');

function record(before: string, after: string, repo = 'o/r', hash = '0123456789abcdef'): FixRecord {
  const r = recordOf({ repo, hash, path: 'm.py', before, after, before_range: [[1, 0], [9, 0]], after_range: [[1, 0], [9, 0]] }, 'test:1');
  if (typeof r === 'string') throw new Error(r);
  return r;
}

/** A record's function as a whole file (a method inside a class at its column). */
function asFile(text: string, column: number): string {
  return column === 0 ? `${text}\n` : `class _:\n${' '.repeat(column)}${text}\n`;
}

function mined(records: FixRecord[]): PatternsFile {
  return JSON.parse(JSON.stringify(minePatterns(records).file)) as PatternsFile;
}

describe('suggestFixes', () => {
  it('applies a fix as a text edit that leaves the rest of the file byte-identical', () => {
    const file = mined([
      record('def f(a):\n    if a.ok():\n        go(a)\n', 'def f(a):\n    if not a.ok():\n        go(a)\n'),
      record('def g(b):\n    if check(b):\n        return 1\n', 'def g(b):\n    if not check(b):\n        return 1\n', 'o/s'),
    ]);
    const source = 'import x\n\n\ndef h(p):\n    # why\n    y  =  1\n    if  ready(p, y):   # keep\n        p.run( y )\n    return y\n';
    const [top] = suggestFixes(parseModule(source), file, { line: 7 });
    expect(top).toBeDefined();
    expect(top!.text).toBe(source.replace('if  ready(p, y):', 'if not ready(p, y):'));
    expect(top!.range.start.line).toBe(7);
    expect(unifiedDiff('m.py', source, top!.text)).toContain('-    if  ready(p, y):   # keep\n+    if not ready(p, y):   # keep\n');
  });

  it('finds a pattern matching twice in one function, nearer the given line first', () => {
    const file = mined([
      record('def f(a, b):\n    x = a / b\n', 'def f(a, b):\n    x = a // b\n'),
      record('def g(c, d):\n    y = c.n / d\n', 'def g(c, d):\n    y = c.n // d\n', 'o/s'),
    ]);
    const source = 'def h(p, q):\n    m = p / q\n    n = q / p\n    return m, n\n';
    const found = suggestFixes(parseModule(source), file, { line: 3 });
    expect(found.map((s) => s.range.start.line)).toEqual([3, 2]);
    expect(found[0]!.text).toBe(source.replace('n = q / p', 'n = q // p'));
    expect(found[0]!.parts.proximity).toBe(1);
    expect(found[1]!.parts.proximity).toBe(0.5);
  });

  it('binds a repeated hole only to equal subtrees', () => {
    const file = mined([
      record('def f(p):\n    y = p + p\n', 'def f(p):\n    y = p * 2\n'),
      record('def g(q):\n    z = q.n + q.n\n', 'def g(q):\n    z = q.n * 2\n', 'o/s'),
    ]);
    const general = file.nodes.find((n) => n.children.length > 0)!;
    expect(general.before).toBe('h0 = h1 + h1');
    expect(suggestFixes(parseModule('w = r + s\n'), file)).toEqual([]);
    expect(suggestFixes(parseModule('w = r.m  +  r.m\n'), file).map((s) => s.text)).toEqual(['w = r.m * 2\n']);
  });

  it('keeps to --function and names the enclosing function of each suggestion', () => {
    const file = mined([
      record('def f(a, b):\n    x = a / b\n', 'def f(a, b):\n    x = a // b\n'),
      record('def g(c, d):\n    y = c.n / d\n', 'def g(c, d):\n    y = c.n // d\n', 'o/s'),
    ]);
    const source = 'def h(p, q):\n    m = p / q\n\n\nclass K:\n    def h(self, q):\n        n = q / self\n\n        def inner():\n            return 1\n        o = q / 2\n';
    const all = suggestFixes(parseModule(source), file);
    expect(all.map((s) => [s.range.start.line, s.function])).toEqual([
      [2, 'h'],
      [7, 'K.h'],
      [11, 'K.h'],
    ]);
    expect(suggestFixes(parseModule(source), file, { function: 'K.h' }).map((s) => s.range.start.line)).toEqual([7, 11]);
    expect(suggestFixes(parseModule(source), file, { function: 'h' }).map((s) => s.range.start.line)).toEqual([2, 7, 11]);
    expect(suggestFixes(parseModule(source), file, { function: 'inner' })).toEqual([]);
  });

  it('does not suggest where the context is missing', () => {
    const file = mined([
      record('def f(a):\n    if a > 1:\n        pass\n', 'def f(a):\n    if a >= 1:\n        pass\n'),
      record('def g(b):\n    if b > 2:\n        b()\n', 'def g(b):\n    if b >= 2:\n        b()\n', 'o/s'),
    ]);
    expect(suggestFixes(parseModule('while c > 3:\n    y()\nz = c > 3\n'), file)).toEqual([]);
  });

  it.skipIf(!existsSync(CORPUS))("every corpus record's own leaf pattern, mined on that record alone, suggests its human fix first", async () => {
    const { records } = await readFixRecords(CORPUS);
    const failures: string[] = [];
    for (let i = 0; i < records.length; i++) {
      const r = records[i]!;
      const file = mined([r]);
      const source = asFile(r.before, r.beforeColumn);
      // The fix's line in this file (the same statement may occur more than once): the line of its
      // concrete edit, parsed at the function's place in its file, moved to where asFile puts the def.
      const [edit] = concreteEdits([r], 0, []);
      const line = edit!.edit.before.range!.start.line - r.beforeLine + (r.beforeColumn === 0 ? 1 : 2);
      const [top] = suggestFixes(parseModule(source), file, { line });
      const expected = significantTokens(asFile(r.after, r.afterColumn));
      const got = top === undefined ? [] : significantTokens(top.text);
      if (top === undefined) failures.push(`${r.id}: no suggestion`);
      else if (got.length !== expected.length || got.some((t, k) => t !== expected[k])) failures.push(`${r.id}: top-1 is another fix (${top.patternBefore} → ${top.patternAfter} at line ${top.range.start.line})`);
      if (i % 30 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    expect(records.length).toBe(909);
    expect(failures).toEqual([]);
  }, 900_000);
});
