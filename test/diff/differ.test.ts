import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { applyEditScript, diffCst, diffSources, printPlain, toPlain, type EditAction, type TreeDiff } from '../../src/diff/index.js';
import { parseFunctionText } from '../../src/diff/function-source.js';
import { tokenize } from '../../src/python/index.js';
import { SHARED } from '../helpers/cli.js';

function kinds(actions: readonly EditAction[]): string[] {
  return actions.map((a) => `${a.kind} ${a.type}${a.kind === 'update' ? ` ${a.from}->${a.to}` : ''}`);
}

function roundTrips(diff: TreeDiff): boolean {
  return printPlain(applyEditScript(diff.before, diff.actions)) === printPlain(toPlain(diff.after.root));
}

/** Python's tokens without layout: comments and non-logical newlines left out, indentation by kind only. */
function codeTokens(text: string): string[] {
  return tokenize(text)
    .filter((t) => t.kind !== 'COMMENT' && t.kind !== 'NL' && t.kind !== 'ENDMARKER')
    .map((t) => (t.kind === 'INDENT' || t.kind === 'DEDENT' || t.kind === 'NEWLINE' ? t.kind : `${t.kind} ${t.text}`));
}

describe('tree differ: hand-checkable cases', () => {
  it('an updated name is one update', () => {
    const diff = diffSources('x = foo(a, b)\n', 'x = bar(a, b)\n');
    expect(kinds(diff.actions)).toEqual(['update Name foo->bar']);
    const update = diff.actions[0]!;
    expect(update.kind === 'update' && update.beforeRange).toEqual({ start: { line: 1, column: 4 }, end: { line: 1, column: 7 } });
    expect(roundTrips(diff)).toBe(true);
  });

  it('an inserted argument is inserts only: the argument, its name and the comma before it', () => {
    const diff = diffSources('f(a)\n', 'f(a, b)\n');
    expect(kinds(diff.actions).sort()).toEqual(['insert Arg', 'insert Comma', 'insert Name']);
    const name = diff.actions.find((a) => a.kind === 'insert' && a.type === 'Name');
    expect(name?.kind === 'insert' && name.value).toBe('b');
    expect(roundTrips(diff)).toBe(true);
  });

  it('a deleted statement is deletes of its nodes, leaves first', () => {
    const diff = diffSources('a()\nb()\nc()\n', 'a()\nc()\n');
    expect(kinds(diff.actions)).toEqual(['delete Name', 'delete Call', 'delete Expr', 'delete SimpleStatementLine']);
    expect(diff.actions[0]!.kind === 'delete' && diff.actions[0]!.value).toBe('b');
    expect(roundTrips(diff)).toBe(true);
  });

  it('a statement moved to the end of its block is one move', () => {
    const diff = diffSources('def f():\n    a()\n    b()\n    c()\n', 'def f():\n    b()\n    c()\n    a()\n');
    expect(kinds(diff.actions)).toEqual(['move SimpleStatementLine']);
    const move = diff.actions[0]!;
    expect(move.kind === 'move' && [move.position, move.beforeRange?.start.line, move.afterRange?.start.line]).toEqual([2, 2, 4]);
    expect(roundTrips(diff)).toBe(true);
  });

  it('a statement moved into another block is a move to a new parent', () => {
    const diff = diffSources('x = 1\nif y:\n    z = 2\n', 'if y:\n    x = 1\n    z = 2\n');
    expect(kinds(diff.actions)).toEqual(['move SimpleStatementLine']);
    expect(roundTrips(diff)).toBe(true);
  });

  it('whitespace-only changes give an empty script', () => {
    const before = 'def f(a,b):\n    return g(a,b)+[1,2]\n';
    const after = 'def f( a, b ):\n\n\n        return g(a,\n                 b) + [ 1 , 2 ]\n';
    expect(diffSources(before, after).actions).toEqual([]);
  });

  it('comment-only changes give an empty script', () => {
    const before = 'def f(a):\n    return a  # the answer\n';
    const after = '# a new comment\ndef f(a):\n    # explain\n    return a\n';
    expect(diffSources(before, after).actions).toEqual([]);
  });

  it('a comparison operator changed is the old operator deleted and the new one inserted', () => {
    const diff = diffSources('if x < y:\n    pass\n', 'if x <= y:\n    pass\n');
    expect(kinds(diff.actions).sort()).toEqual(['delete LessThan', 'insert LessThanEqual']);
    expect(roundTrips(diff)).toBe(true);
  });

  it('is deterministic', () => {
    const before = 'def f(self):\n    self.a = self.b\n    self.c(self.d, 1)\n    return self\n';
    const after = 'def f(self):\n    self.c(self.d, 2)\n    self.a = self.e\n    return self.a\n';
    const first = JSON.stringify(diffSources(before, after).actions);
    for (let i = 0; i < 5; i++) expect(JSON.stringify(diffSources(before, after).actions)).toBe(first);
    expect(roundTrips(diffSources(before, after))).toBe(true);
  });
});

interface CorpusRow {
  line: number;
  before: string;
  after: string;
  before_range: [[number, number], [number, number]];
  after_range: [[number, number], [number, number]];
}

describe('tree differ: the shared corpus of real fixes', () => {
  const rows = gunzipSync(readFileSync(join(SHARED, 'datasets', 'pypibugs-fixes', 'fixes.jsonl.gz')))
    .toString('utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as CorpusRow);

  it('has the 909 pairs of its README', () => expect(rows.length).toBe(909));

  it('applying the script to before gives after, token for token, on every pair (both directions)', () => {
    const failures: string[] = [];
    for (const row of rows) {
      const before = parseFunctionText(row.before, { line: row.before_range[0][0], column: row.before_range[0][1] });
      const after = parseFunctionText(row.after, { line: row.after_range[0][0], column: row.after_range[0][1] });
      const forward = diffCst(before, after);
      const backward = diffCst(after, before);
      if (!roundTrips(forward)) failures.push(`line ${row.line}: forward`);
      if (!roundTrips(backward)) failures.push(`line ${row.line}: backward`);
      // The tree abstraction keeps every token: an empty script exactly when the code tokens are equal.
      const sameTokens = JSON.stringify(codeTokens(row.before)) === JSON.stringify(codeTokens(row.after));
      if (sameTokens !== (forward.actions.length === 0)) failures.push(`line ${row.line}: ${forward.actions.length} actions, tokens ${sameTokens ? 'equal' : 'differ'}`);
      if (forward.actions.length === 0 && !sameTokens) failures.push(`line ${row.line}: empty script`);
    }
    expect(failures).toEqual([]);
  });
});
