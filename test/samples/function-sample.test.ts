import { describe, expect, it } from 'vitest';
import { CodeRelations } from '../../src/graph/relations.js';
import type { CstNode } from '../../src/python/cst.js';
import { argSwap, replaceText } from '../../src/rewrite/ops.js';
import { functionSample, type SampleCandidate } from '../../src/samples/function-sample.js';

const at = (sl: number, sc: number, el: number, ec: number) => ({ start: { line: sl, column: sc }, end: { line: el, column: ec } });

// def f(a, b): return g(b, a)
const text = 'def f(a, b): return g(b, a)\n';
const fn: CstNode = { type: 'FunctionDef', range: at(1, 0, 1, 27) };
const call: CstNode = { type: 'Call', range: at(1, 20, 1, 27) };
const b: CstNode = { type: 'Name', range: at(1, 22, 1, 23), value: 'b' };
const elsewhere: CstNode = { type: 'Name', range: at(2, 0, 2, 1), value: 'z' };

function relations(): CodeRelations {
  const r = new CodeRelations();
  r.add('Child', fn, call, 'body');
  r.add('Child', call, b, 'args');
  r.addValue('OccurrenceOf', b, 'f.<locals>.b');
  r.addValue('OccurrenceOf', b, 'f.<locals>.a'); // a value node the misuse metadata can point at
  return r;
}

const candidates: SampleCandidate[] = [
  { op: argSwap(at(1, 20, 1, 21), 0, 1), scout: 'ArgSwapRewriteScout', anchor: call, metadata: null },
  { op: replaceText(at(1, 22, 1, 23), 'a'), scout: 'VariableMisuseRewriteScout', anchor: b, metadata: 'f.<locals>.a' },
  { op: replaceText(at(1, 22, 1, 23), 'q'), scout: 'VariableMisuseRewriteScout', anchor: elsewhere, metadata: 'f.<locals>.b' },
];
const options = { packageName: 'pkg', packageVersion: '1.0' };

describe('functionSample', () => {
  it('assembles graph, candidates, ranges, metadata and reference nodes', () => {
    const sample = functionSample(relations(), { text, path: 'p.py' }, fn.range!, candidates, options)!;
    expect(sample.graph.nodes).toEqual(['FunctionDef', 'Call', 'b', 'b', 'a']);
    expect(sample.candidate_rewrites).toEqual([['ArgSwap', [0, 1]], ['ReplaceText', 'a'], ['ReplaceText', 'q']]);
    expect(sample.candidate_rewrite_ranges).toEqual([[[1, 20], [1, 21]], [[1, 22], [1, 23]], [[1, 22], [1, 23]]]);
    expect(sample.candidate_rewrite_metadata).toEqual([['ArgSwapRewriteScout', null], ['VariableMisuseRewriteScout', 4], ['VariableMisuseRewriteScout', 3]]);
    expect(sample.graph.reference_nodes).toEqual([1, 2, null]);
    expect(sample.target_fix_action_idx).toBeNull();
    expect([sample.package_name, sample.package_version]).toEqual(['pkg', '1.0']);
  });

  it('points target_fix_action_idx at the fixing candidate, and gives no sample when it is missing', () => {
    const fixed = functionSample(relations(), { text, path: 'p.py' }, fn.range!, candidates, { ...options, targetFix: replaceText(at(1, 22, 1, 23), 'q') });
    expect(fixed!.target_fix_action_idx).toBe(2);
    const missing = functionSample(relations(), { text, path: 'p.py' }, fn.range!, candidates, { ...options, targetFix: replaceText(at(1, 22, 1, 23), 'r') });
    expect(missing).toBeNull();
  });

  it('refuses misuse metadata that is not a value node of the graph', () => {
    const bad: SampleCandidate = { ...candidates[1]!, metadata: 'nowhere' };
    expect(() => functionSample(relations(), { text, path: 'p.py' }, fn.range!, [bad], options)).toThrow(/not a node/);
  });
});
