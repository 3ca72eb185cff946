import { describe, expect, it } from 'vitest';
import { FileAnalysis } from '../../src/graph/analysis.js';
import { canonicalText } from '../../src/rewrite/canonical.js';
import { candidatesInRange, collectCandidates } from '../../src/rewrite/collect.js';
import { codeRange } from '../../src/rewrite/ops.js';
import { parseModule } from '../../src/python/index.js';
import { SCOUT_CASES } from './scout-cases.js';

function analyse(source: string): FileAnalysis {
  return new FileAnalysis(source, parseModule(source), 'snippet.py');
}

describe('rewrite scouts on snippets', () => {
  for (const c of SCOUT_CASES) {
    it(`${c.scout}: ${c.title}`, () => {
      const all = collectCandidates(analyse(c.source)).filter((x) => x.scout === c.scout);
      expect(all.map((x) => canonicalText(x.op))).toEqual(c.expected);
      if (c.metadata !== undefined) expect(all.map((x) => x.metadata)).toEqual(c.metadata);
      else expect(all.every((x) => x.metadata === null)).toBe(true);
      const reduced = collectCandidates(analyse(c.source), { easyOperatorsOff: true }).filter((x) => x.scout === c.scout);
      expect(reduced.map((x) => canonicalText(x.op))).toEqual(c.easyOff ?? c.expected);
    });
  }

  it('anchors candidates at the nodes BugLab records', () => {
    const candidates = collectCandidates(analyse('def f(a, b):\n    if a and not b:\n        g(a, b)\n    return -1 < a\n'));
    const anchors = new Map<string, string[]>();
    for (const c of candidates) anchors.set(c.scout, [...(anchors.get(c.scout) ?? []), c.anchor.type]);
    expect(anchors.get('ArgSwapRewriteScout')).toEqual(['Call']);
    expect(anchors.get('BooleanOperatorRewriteScout')).toEqual(['BooleanOperation', 'Name', 'UnaryOperation']);
    expect(anchors.get('ComparisonOperatorRewriteScout')).toEqual(Array(5).fill('ComparisonTarget'));
    expect(anchors.get('LiteralRewriteScout')).toEqual(Array(4).fill('UnaryOperation'));
    expect(new Set(anchors.get('VariableMisuseRewriteScout'))).toEqual(new Set(['Name']));
  });

  it('keeps, for a function range, exactly the candidates inside it (inclusive), in order', () => {
    const source = 'x = 1 + 2\ndef f(a):\n    return a - 1\ny = x * 2\n';
    const all = collectCandidates(analyse(source));
    const inside = candidatesInRange(all, codeRange(2, 0, 3, 16));
    expect(inside.length).toBeGreaterThan(0);
    expect(inside.every((c) => c.op.range.start.line >= 2 && c.op.range.end.line <= 3)).toBe(true);
    expect(all.filter((c) => c.op.range.start.line === 3)).toEqual(inside);
    // The end position is inclusive: the literal `1` ends exactly at (3,16).
    expect(inside.some((c) => c.op.range.end.column === 16)).toBe(true);
    expect(candidatesInRange(all, codeRange(2, 0, 3, 15)).some((c) => c.op.range.end.column === 16)).toBe(false);
  });
});
