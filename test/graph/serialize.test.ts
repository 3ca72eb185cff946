import { describe, expect, it } from 'vitest';
import { CodeRelations, type TokenNode } from '../../src/graph/relations.js';
import { nodeLabel, prepareSerialization, serializeFunction, serializeFunctionExhaustive, valueLabel } from '../../src/graph/serialize.js';
import type { CstNode } from '../../src/python/cst.js';

const at = (sl: number, sc: number, el: number, ec: number) => ({ start: { line: sl, column: sc }, end: { line: el, column: ec } });
const node = (type: string, range: ReturnType<typeof at>, fields: Record<string, unknown> = {}): CstNode => ({ type, range, ...fields });

describe('labels', () => {
  it('cuts value names after the last <locals>.', () => {
    expect(valueLabel('f.<locals>.x')).toBe('x');
    expect(valueLabel('f.<locals>.<comprehension>.i')).toBe('<comprehension>.i');
    expect(valueLabel('f.<locals>.g.<locals>.y')).toBe('y');
    expect(valueLabel('builtins.len')).toBe('builtins.len');
  });

  it('labels nodes by source text, fixed token, token text or class name', () => {
    expect(nodeLabel(node('Name', at(1, 0, 1, 1), { value: 'x' }))).toBe('x');
    expect(nodeLabel(node('Integer', at(1, 0, 1, 3), { value: '0x1' }))).toBe('0x1');
    expect(nodeLabel(node('SimpleString', at(1, 0, 1, 4), { value: "b'a'" }))).toBe("b'a'");
    expect(nodeLabel(node('Add', at(1, 0, 1, 1)))).toBe('+');
    expect(nodeLabel(node('FloorDivideAssign', at(1, 0, 1, 3)))).toBe('//=');
    expect(nodeLabel(node('NotEqual', at(1, 0, 1, 2), { value: '<>' }))).toBe('<>');
    expect(nodeLabel(node('NotIn', at(1, 0, 1, 6)))).toBe('NotIn');
    expect(nodeLabel(node('Comment', at(1, 0, 1, 3), { value: '# c' }))).toBe('Comment');
    expect(nodeLabel(node('LeftParen', at(1, 0, 1, 1)))).toBe('LeftParen');
    const token: TokenNode = { type: '<token>', value: '<DEDENT>', range: at(2, 0, 2, 0) };
    expect(nodeLabel(token)).toBe('<DEDENT>');
  });
});

describe('serializeFunction', () => {
  // def f(x): return g(x)   with a module-level statement after it
  const text = 'def f(x): return g(x)\ny = 1\n';
  const fn = node('FunctionDef', at(1, 0, 1, 21));
  const name = node('Name', at(1, 4, 1, 5), { value: 'f' });
  const param = node('Name', at(1, 6, 1, 7), { value: 'x' });
  const call = node('Call', at(1, 17, 1, 21));
  const arg = node('Name', at(1, 19, 1, 20), { value: 'x' });
  const outside = node('Name', at(2, 0, 2, 1), { value: 'y' });
  const defToken: TokenNode = { type: '<token>', value: 'def', range: at(1, 0, 1, 3) };

  function relations(): CodeRelations {
    const r = new CodeRelations();
    r.add('Child', fn, name, 'name');
    r.add('Child', outside, param, 'value'); // source outside: skipped, numbers nothing
    r.add('Child', fn, call, 'body');
    r.add('Child', call, arg, 'args');
    r.add('Child', fn, defToken);
    r.add('NextToken', defToken, name);
    r.add('NextToken', name, outside); // target outside: dropped
    r.addValue('OccurrenceOf', arg, 'f.<locals>.x');
    r.addValue('OccurrenceOf', param, 'f.<locals>.x');
    r.addValue('CandidateCall', call, 'g');
    r.addValue('MayFormalName', arg, 'f.<locals>.x');
    r.add('Unused', outside, outside);
    return r;
  }

  it('numbers nodes kind by kind, source by source, and shares value nodes across kinds', () => {
    const { graph, nodeIndex } = serializeFunction(relations(), { text, path: 'm.py' }, fn.range!, [call, outside, arg]);
    // The parameter is inside the range although its Child edge came from outside: numbered as an OccurrenceOf source.
    expect(graph.nodes).toEqual(['FunctionDef', 'f', 'Call', 'def', 'x', 'x', 'x', 'g']);
    expect(graph.edges).toEqual({
      Child: [[0, 1, 'name'], [0, 2, 'body'], [0, 3], [2, 4, 'args']],
      NextToken: [[3, 1]],
      OccurrenceOf: [[4, 5], [6, 5]],
      CandidateCall: [[2, 7]],
      MayFormalName: [[4, 5]],
      Unused: [],
    });
    expect(Object.keys(graph.edges)).toEqual(['Child', 'NextToken', 'OccurrenceOf', 'CandidateCall', 'MayFormalName', 'Unused']);
    expect(graph.reference_nodes).toEqual([2, null, 4]);
    expect(graph.text).toBe('def f(x): return g(x)');
    expect(graph.code_range).toEqual([[1, 0], [1, 21]]);
    expect(graph.path).toBe('m.py');
    expect(nodeIndex.get('f.<locals>.x')).toBe(5);
    expect(serializeFunctionExhaustive(relations(), { text, path: 'm.py' }, fn.range!, [call, outside, arg]).graph).toEqual(graph);
  });

  it('lists the kinds given first, in their order, empty ones included, then the remaining kinds', () => {
    const kinds = ['Sibling', 'Child', 'OccurrenceOf'];
    const { graph } = serializeFunction(relations(), { text, path: 'm.py' }, fn.range!, [], { kinds });
    expect(Object.keys(graph.edges)).toEqual(['Sibling', 'Child', 'OccurrenceOf', 'NextToken', 'CandidateCall', 'MayFormalName', 'Unused']);
    expect(graph.edges['Sibling']).toEqual([]);
    // Listing order does not change numbering: that follows the relations' own kind order.
    expect(graph.nodes).toEqual(serializeFunction(relations(), { text, path: 'm.py' }, fn.range!).graph.nodes);
    expect(serializeFunctionExhaustive(relations(), { text, path: 'm.py' }, fn.range!, [], { kinds }).graph).toEqual(graph);
  });

  it('keeps the nodes of another range out', () => {
    const { graph } = serializeFunction(relations(), { text, path: 'm.py' }, at(2, 0, 2, 5));
    expect(graph.nodes).toEqual(['y']);
    expect(graph.edges['Unused']).toEqual([[0, 0]]);
    expect(graph.edges['Child']).toEqual([]);
    expect(graph.text).toBe('y = 1');
  });

  it('gives the graph of the walk from the index too (a store serialised before, or prepared)', () => {
    const source = { text, path: 'm.py' };
    const prepared = relations();
    prepareSerialization(prepared);
    const again = relations();
    serializeFunction(again, source, fn.range!);
    for (const range of [fn.range!, at(2, 0, 2, 5), at(1, 0, 2, 5), at(1, 6, 1, 20)]) {
      const walked = serializeFunctionExhaustive(relations(), source, range, [call, outside, arg]).graph;
      expect(serializeFunction(prepared, source, range, [call, outside, arg]).graph).toEqual(walked);
      expect(serializeFunction(again, source, range, [call, outside, arg]).graph).toEqual(walked);
      expect(serializeFunction(prepared, source, range, [], { kinds: ['Sibling', 'OccurrenceOf'] }).graph).toEqual(
        serializeFunctionExhaustive(relations(), source, range, [], { kinds: ['Sibling', 'OccurrenceOf'] }).graph,
      );
    }
  });

  it('lists sources in first-edge order when the edges of a kind interleave those of many functions', () => {
    // One function per line, three sources each; K's edges come from all first sources, then all
    // third ones (last line first), then all second ones: a function's sources span the whole kind.
    const lines = 60;
    const manyText = Array.from({ length: lines }, () => 'a b c d e\n').join('');
    const r = new CodeRelations();
    const sources = Array.from({ length: lines }, (_, i) => [0, 2, 4].map((column) => node('Name', at(i + 1, column, i + 1, column + 1), { value: `n${i}_${column}` })));
    for (let i = 0; i < lines; i++) r.add('K', sources[i]![0]!, sources[i]![1]!);
    for (let i = lines - 1; i >= 0; i--) r.addValue('K', sources[i]![2]!, `v${i}`);
    for (let i = 0; i < lines; i++) r.add('K', sources[i]![1]!, sources[i]![2]!);
    prepareSerialization(r);
    for (const i of [0, 17, lines - 1]) {
      const range = at(i + 1, 0, i + 1, 9);
      const { graph } = serializeFunction(r, { text: manyText, path: 'm.py' }, range);
      expect(graph.nodes).toEqual([`n${i}_0`, `n${i}_2`, `n${i}_4`, `v${i}`]);
      expect(graph.edges['K']).toEqual([[0, 1], [2, 3], [1, 2]]);
      expect(graph).toEqual(serializeFunctionExhaustive(r, { text: manyText, path: 'm.py' }, range).graph);
    }
  });
});
