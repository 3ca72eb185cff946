import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { concreteEdits, minePatterns, type PatternsFile } from '../../src/patterns/mine.js';
import { type FixRecord, readFixRecords, recordOf } from '../../src/patterns/records.js';
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

  it('does not suggest where the context is missing', () => {
    const file = mined([
      record('def f(a):\n    if a > 1:\n        pass\n', 'def f(a):\n    if a >= 1:\n        pass\n'),
      record('def g(b):\n    if b > 2:\n        b()\n', 'def g(b):\n    if b >= 2:\n        b()\n', 'o/s'),
    ]);
    expect(suggestFixes(parseModule('while c > 3:\n    y()\nz = c > 3\n'), file)).toEqual([]);
  });

  it.skipIf(!existsSync(CORPUS))("each corpus record's own patterns suggest its human fix first", async () => {
    const { records } = await readFixRecords(CORPUS);
    const failures: string[] = [];
    let checked = 0;
    for (let i = 0; i < records.length; i += 3) {
      const r = records[i]!;
      const file = mined([r]);
      const source = asFile(r.before, r.beforeColumn);
      // The fix's line in this file (the same statement may occur more than once): the line of its
      // concrete edit, whose parse has the same one-line wrapper for methods.
      const [edit] = concreteEdits([r], 0, []);
      const line = edit!.edit.before.range!.start.line;
      const [top] = suggestFixes(parseModule(source), file, { line });
      const expected = significantTokens(asFile(r.after, r.afterColumn));
      const got = top === undefined ? [] : significantTokens(top.text);
      if (got.length !== expected.length || got.some((t, k) => t !== expected[k])) failures.push(r.id);
      checked++;
      if (i % 30 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(300);
  }, 600_000);
});
