import { describe, expect, it } from 'vitest';
import { asSample } from '../../src/export/sample.js';
import { escapeHtml, renderHtml } from '../../src/show/html.js';
import { printable, renderTerminal } from '../../src/show/terminal.js';
import { changedSpan, functionNameOf, sampleView, spanText } from '../../src/show/view.js';

/** A method at column 4 of line 10 whose bug is `-` for `+` (candidate 1 repairs it). */
function methodSample(overrides: Record<string, unknown> = {}) {
  const text = 'def f(self, a):\n        return a - 1';
  return asSample({
    graph: {
      nodes: ['IndentedBlock', 'FunctionDef', 'f', 'Return', '-', 'a.b.f'],
      edges: {
        Child: [
          [0, 1, 'body'],
          [1, 2, 'name'],
          [1, 3, 'body'],
          [3, 4],
        ],
        NextToken: [[2, 4]],
        OccurrenceOf: [[1, 5]],
      },
      path: 'pkg/m.py',
      text,
      code_range: [
        [10, 4],
        [11, 20],
      ],
      reference_nodes: [4, 4],
    },
    candidate_rewrites: [
      ['ReplaceText', '*'],
      ['ReplaceText', '+'],
    ],
    candidate_rewrite_ranges: [
      [
        [11, 17],
        [11, 18],
      ],
      [
        [11, 17],
        [11, 18],
      ],
    ],
    candidate_rewrite_metadata: [
      ['BinaryOperatorRewriteScout', null],
      ['BinaryOperatorRewriteScout', null],
    ],
    target_fix_action_idx: 1,
    package_name: 'pkg',
    package_version: '1.0',
    ...overrides,
  });
}

describe('sampleView', () => {
  it('finds the bug in the text of a method, its name, the fixed text and the counts by kind', () => {
    const view = sampleView('d.msgpack.l.gz', 3, methodSample());
    expect(view.functionName).toBe('f');
    expect(view.target!.index).toBe(1);
    expect(spanText(view, view.target!.span!)).toBe('-');
    expect(view.fixedText).toBe('def f(self, a):\n        return a + 1');
    expect(view.nodeCounts).toEqual({ syntax: 3, token: 2, value: 1 });
    expect(view.edgeCounts).toEqual([
      ['Child', 4],
      ['NextToken', 1],
      ['OccurrenceOf', 1],
    ]);
  });

  it('reports a range outside the function text instead of trusting it', () => {
    const sample = methodSample({
      candidate_rewrite_ranges: [
        [
          [11, 17],
          [11, 18],
        ],
        [
          [12, 0],
          [12, 1],
        ],
      ],
    });
    const view = sampleView('d', 0, sample);
    expect(view.target!.span).toBeNull();
    expect(view.fixProblem).not.toBeNull();
    const text = renderTerminal(view);
    expect(text).toContain("the bug's range (12,0)-(12,1) lies outside the function text");
    expect(text).not.toMatch(/^>/m);
    expect(renderHtml(view)).toContain("<p class=\"problem\">The bug's range lies outside the function text.</p>");
  });

  it('marks the bug with carets under its column, the first line at its column in the file', () => {
    const text = renderTerminal(sampleView('d', 0, methodSample()));
    expect(text).toContain(['    10 |     def f(self, a):', '>   11 |         return a - 1', '       |                  ^ bug (BinaryOperatorRewriteScout)', 'fix 11 |         return a + 1'].join('\n'));
    expect(text).toMatch(/^\* 1 {2}BinaryOperatorRewriteScout {2}ReplaceText\(target='\+' @\(11,17\)->\(11,18\)\) {2}replaces '-' {2}<- the fix$/m);
  });
});

describe('functionNameOf', () => {
  it('is null for a graph without a FunctionDef', () => {
    expect(functionNameOf({ nodes: ['Module'], edges: {}, path: '', text: '', code_range: [[1, 0], [1, 0]], reference_nodes: [] })).toBeNull();
  });
});

describe('printable and escapeHtml', () => {
  it('write controls, separators and bidirectional overrides as \\uXXXX, and markup as character references', () => {
    expect(printable('a\u001b[31m\tb\n\u202ec\u0085\u2028')).toBe('a\\u001b[31m\tb\n\\u202ec\\u0085\\u2028');
    expect(escapeHtml(`</script><b a="x" b='y'>&`)).toBe('&#60;/script&#62;&#60;b a=&#34;x&#34; b=&#39;y&#39;&#62;&#38;');
  });

  it('finds what a fix changed between common prefix and suffix', () => {
    expect(changedSpan('f(a, b)', 'f(b, a)')).toEqual({ start: 2, end: 6 });
    expect(changedSpan('x <= y', 'x < y')).toEqual({ start: 3, end: 3 });
  });
});
