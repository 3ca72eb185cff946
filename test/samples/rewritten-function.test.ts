/**
 * A rewrite's sample from its function alone must equal BugLab's whole-file re-analysis. The golden
 * rewrites hold it on 872 cases (conformance test); here on standard-library files with decorators,
 * nested classes, methods after other methods' bodies, module-level functions and recursive calls.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stdlibRoot } from '../../scripts/lib/stdlib.js';
import { decodeSource } from '../../src/python/index.js';
import { tokenize } from '../../src/python/tokenize.js';
import { applyOp } from '../../src/rewrite/apply.js';
import { canonicalText } from '../../src/rewrite/canonical.js';
import { candidatesInRange } from '../../src/rewrite/collect.js';
import { walk } from '../../src/python/visit.js';
import { normalizeNewlines } from '../../src/python/decode.js';
import { analyseText } from '../../src/samples/analyse.js';
import { Prng } from '../../src/random/prng.js';
import { FunctionRewriter, reparseFunction, sampleOfRewrite, type RewriteSampleResult } from '../../src/samples/rewritten-function.js';

const FILES = ['textwrap.py', 'json/decoder.py', 'contextlib.py', 'fractions.py'];
const CALL_KINDS = new Set(['CandidateCall', 'CandidateCallDoc', 'MayFormalName']);
const OPTIONS = { packageName: 'p', packageVersion: '1' };

function readStdlib(relative: string): string {
  return normalizeNewlines(decodeSource(readFileSync(join(stdlibRoot(), relative))).text);
}

/** The sample without its call edges (compared separately), as JSON. */
function withoutCalls(result: RewriteSampleResult): string {
  if ('reason' in result) return result.reason;
  const edges = Object.fromEntries(Object.entries(result.sample.graph.edges).filter(([kind]) => !CALL_KINDS.has(kind)));
  // Node labels of call targets are numbered after the other kinds' nodes, so they are left out too.
  return JSON.stringify({ ...result.sample, graph: { ...result.sample.graph, edges, nodes: result.sample.graph.nodes.length } });
}

describe('the sample of a rewrite from its function alone', () => {
  it.each(FILES)('parses the lines of every function of %s back to the same tree, ranges and tokens', async (file) => {
    await new Promise((resolve) => setImmediate(resolve));
    const text = readStdlib(file);
    const analysed = analyseText(text, file);
    const starts = analysed.source.lineStarts!;
    const fileTokens = tokenize(text);
    for (const fn of analysed.functions) {
      const decorators = fn.node['decorators'] as { range?: { start: { line: number } } }[];
      const firstLine = Math.min(fn.range.start.line, ...decorators.map((d) => d.range!.start.line));
      const lines = text.slice(starts[firstLine - 1], starts[fn.range.end.line] ?? text.length);
      const reparsed = reparseFunction(lines, firstLine, fn.range.start.column > 0);
      const shape = (root: Parameters<typeof walk>[0]) => {
        const out: string[] = [];
        // Whitespace differs where it should: the comments and blank lines before the function are not its lines.
        walk(root, { enter: (node) => void out.push(`${node.type}@${JSON.stringify(node.range)}`) }, { whitespace: false });
        return out;
      };
      const original = shape(fn.node);
      expect(original.length).toBeGreaterThan(5);
      expect(shape(reparsed.functionDef), `${file}:${fn.range.start.line}`).toEqual(original);
      const inside = (t: { startLine: number; endLine: number; kind: string }) => t.startLine > firstLine && t.endLine <= fn.range.end.line && t.kind !== 'DEDENT';
      const key = (t: { kind: string; text: string; startLine: number; startCol: number; endLine: number; endCol: number }) =>
        `${t.kind}:${t.text}@${t.startLine}:${t.startCol}-${t.endLine}:${t.endCol}`;
      expect(reparsed.tokens.filter(inside).map(key)).toEqual(fileTokens.filter(inside).map(key));
    }
  });

  it.each(FILES)('equals the whole-file re-analysis on %s (call edges: at least 97%% of rewrites)', async (file) => {
    await new Promise((resolve) => setImmediate(resolve));
    const text = readStdlib(file);
    const analysed = analyseText(text, file);
    const rewriter = new FunctionRewriter(analysed, {});
    let rewrites = 0;
    let sameCalls = 0;
    for (const [index, fn] of analysed.functions.entries()) {
      const candidates = candidatesInRange(analysed.candidates, fn.range);
      for (const chosen of Prng.fromKey(`7\0${file}\0${index}`).sampleIndices(candidates.length, 3)) {
        const op = candidates[chosen]!.op;
        const applied = applyOp(text, op, analysed.module);
        // The rewriter applies a candidate to the function's lines alone, with the same result.
        const own = rewriter.apply(fn.node, op);
        expect(own.text).toBe(applied.text);
        expect(own.revert).toEqual(applied.revert);
        const fast = rewriter.sample(fn.node, rewriter.apply(fn.node, op), OPTIONS);
        expect(withoutCalls(rewriter.sample(fn.node, applied, OPTIONS))).toBe(withoutCalls(fast));
        const whole = sampleOfRewrite(analysed, applied, {}, OPTIONS);
        expect(withoutCalls(fast), `${file}: ${canonicalText(op)}`).toBe(withoutCalls(whole));
        rewrites++;
        if (JSON.stringify(fast) === JSON.stringify(whole)) sameCalls++;
      }
      if (index % 8 === 7) await new Promise((resolve) => setImmediate(resolve));
    }
    expect(rewrites).toBeGreaterThan(20);
    expect(sameCalls / rewrites).toBeGreaterThanOrEqual(0.97);
  });
});
