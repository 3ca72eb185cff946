import { describe, expect, it } from 'vitest';
import { baselineCandidates, changedLines, fixingKind, rankBaseline } from '../../src/patterns/baseline.js';
import { parseModule } from '../../src/python/parser/index.js';

const buggy = 'def f(a, b):\n    c = a + 1\n    if a > b:\n        return c\n    return b\n';
const fixed = 'def f(a, b):\n    c = a + 1\n    if a  >=  b:   # fixed\n        return c\n    return b\n';

describe('the no-learning baseline', () => {
  it("finds the line of the fix from the tokens, layout and comments aside", () => {
    expect(changedLines(buggy, fixed)).toEqual({ first: 3, last: 3 });
    expect(changedLines(buggy, buggy.replace('return b\n', 'return  b # same\n'))).toBeNull();
  });

  it("marks BugLab's candidate that gives the fix, and names its kind by scout and operators", () => {
    const candidates = baselineCandidates(buggy, parseModule(buggy), fixed);
    expect(candidates.length).toBeGreaterThan(5);
    expect(candidates.filter((c) => c.correct).map((c) => c.kind)).toEqual(['ComparisonOperatorRewriteScout >→>=']);
    expect(fixingKind(candidates)).toBe('ComparisonOperatorRewriteScout >→>=');
    expect(candidates.some((c) => c.kind === 'VariableMisuseRewriteScout')).toBe(true);
    expect(new Set(candidates.map((c) => c.digest)).size).toBe(candidates.length);
  });

  it('ranks by training counts, and with a line by distance first', () => {
    const candidates = baselineCandidates(buggy, parseModule(buggy), fixed);
    const rank = (counts: Map<string, number>, line?: number): number => rankBaseline(candidates, counts, line).findIndex((c) => c.correct) + 1;
    const untrained = rank(new Map());
    const trained = rank(new Map([['ComparisonOperatorRewriteScout >→>=', 3]]));
    expect(trained).toBe(1);
    expect(untrained).toBeGreaterThan(1);
    // A more frequent kind elsewhere wins without the line, loses to the fix's own line with it.
    const counts = new Map([
      ['BinaryOperatorRewriteScout +→-', 9],
      ['ComparisonOperatorRewriteScout >→>=', 3],
    ]);
    expect(rank(counts)).toBe(2);
    expect(rank(counts, 3)).toBe(1);
  });
});
