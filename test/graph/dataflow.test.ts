/**
 * BugLab's data-flow relations on small functions. Each expected edge list was derived from BugLab's
 * `DataFlow` visitor by hand, quirks included (the last write is the last one walked, whatever the
 * branch; the target of `t = t + v` is written before the value is read; in `self.v = x` the base
 * `self` is a write too).
 */
import { describe, expect, it } from 'vitest';
import { FileAnalysis } from '../../src/graph/analysis.js';
import { addControlFlowRelations } from '../../src/graph/passes/controlflow.js';
import { addDataFlowRelations } from '../../src/graph/passes/dataflow.js';
import { CodeRelations, isTokenNode, type GraphNode } from '../../src/graph/relations.js';
import { parseModule } from '../../src/python/index.js';


function describeNode(node: GraphNode): string {
  if (isTokenNode(node)) return node.value;
  const label = node.type === 'Name' ? (node['value'] as string) : node.type;
  return `${label}@${node.range!.start.line}:${node.range!.start.column}`;
}

type Edges = Record<string, string[]>;

/** Every data-flow kind's edges as `from -> to`, in the store's order. */
function dataflow(lines: string[]): Edges {
  const text = lines.join('\n') + '\n';
  const relations = new CodeRelations();
  addDataFlowRelations(new FileAnalysis(text, parseModule(text), 'snippet.py'), relations);
  const out: Edges = {};
  for (const kind of relations.kindNames()) {
    out[kind] = [];
    for (const [from, targets] of relations.sources(kind)) {
      for (const target of targets) out[kind].push(`${describeNode(from)} -> ${target.node === null ? target.value : describeNode(target.node)}`);
    }
  }
  return out;
}

describe('data-flow relations (BugLab semantics)', () => {
  it('handles the deepest expressions the parser accepts (2,000 levels) without exhausting the stack', () => {
    const terms = 1990;
    for (const expression of [Array(terms).fill('a').join(' + '), 'a' + '.b'.repeat(terms), 'a' + '()'.repeat(terms), Array(terms).fill('a').join(' and ')]) {
      const edges = dataflow(['def f(a):', `    return ${expression}`]);
      expect(edges['OccurrenceOf']!.length).toBeGreaterThan(1);
      if (expression.includes(' + ')) expect(edges['NextMayUse']).toHaveLength(terms - 1);
    }
    const text = `def f(a):\n    x = ${Array(terms).fill('a').join(' + ')}\n    return x\n`;
    const relations = new CodeRelations();
    addControlFlowRelations(new FileAnalysis(text, parseModule(text), 'deep.py'), relations);
    expect([...relations.sources('ControlFlowNext')]).toHaveLength(terms + 1);
  });

  it('links writes to reads and reads to the next reads along straight code', () => {
    const edges = dataflow(['def f(a):', '    b = a', '    c = a + b', '    return c']);
    expect(Object.keys(edges)).toEqual(['OccurrenceOf', 'LastMayWrite', 'NextMayUse', 'MayFinalUseOf']);
    expect(edges['OccurrenceOf']).toEqual([
      'FunctionDef@1:0 -> f',
      'a@1:6 -> f.<locals>.a',
      'b@2:4 -> f.<locals>.b',
      'a@2:8 -> f.<locals>.a',
      'c@3:4 -> f.<locals>.c',
      'a@3:8 -> f.<locals>.a',
      'b@3:12 -> f.<locals>.b',
      'c@4:11 -> f.<locals>.c',
    ]);
    expect(edges['LastMayWrite']).toEqual(['a@1:6 -> a@2:8', 'a@1:6 -> a@3:8', 'b@2:4 -> b@3:12', 'c@3:4 -> c@4:11']);
    expect(edges['NextMayUse']).toEqual(['a@2:8 -> a@3:8']);
    expect(edges['MayFinalUseOf']).toEqual(['a@3:8 -> f.<locals>.a', 'b@3:12 -> f.<locals>.b', 'c@4:11 -> f.<locals>.c']);
  });

  it('merges the reads of both branches but keeps only the last write walked', () => {
    const edges = dataflow(['def f(x):', '    if x:', '        y = x', '    else:', '        y = 0', '    return y + x']);
    expect(edges['NextMayUse']).toEqual(['x@2:7 -> x@3:12', 'x@2:7 -> x@6:15', 'x@3:12 -> x@6:15']);
    expect(edges['LastMayWrite']).toEqual(['x@1:6 -> x@2:7', 'x@1:6 -> x@3:12', 'x@1:6 -> x@6:15', 'y@5:8 -> y@6:11']);
    expect(edges['MayFinalUseOf']).toEqual(['x@6:15 -> f.<locals>.x', 'y@6:11 -> f.<locals>.y']);
  });

  it('walks a for loop twice, writing the target before reading the value', () => {
    const edges = dataflow(['def f(xs):', '    t = 0', '    for v in xs:', '        t = t + v', '    return t']);
    expect(edges['LastMayWrite']).toEqual([
      'xs@1:6 -> xs@3:13',
      't@4:8 -> t@4:12',
      't@4:8 -> t@5:11',
      'v@3:8 -> v@4:16',
    ]);
    expect(edges['NextMayUse']).toEqual(['t@4:12 -> t@5:11']);
    expect(edges['MayFinalUseOf']).toEqual(['xs@3:13 -> f.<locals>.xs', 't@5:11 -> f.<locals>.t', 'v@4:16 -> f.<locals>.v']);
  });

  it('flows from the end of a while body back into its test', () => {
    const edges = dataflow(['def f(n):', '    while n:', '        n = n - 1', '    return n']);
    expect(edges['NextMayUse']).toEqual(['n@3:12 -> n@2:10', 'n@2:10 -> n@4:11']);
    expect(edges['LastMayWrite']).toEqual(['n@1:6 -> n@2:10', 'n@3:8 -> n@3:12', 'n@3:8 -> n@2:10', 'n@3:8 -> n@4:11']);
    expect(edges['MayFinalUseOf']).toEqual(['n@4:11 -> f.<locals>.n']);
  });

  it('treats the base of an assigned attribute as a write and crosses scopes by qualified name', () => {
    const edges = dataflow(['x = 1', 'class K:', '    def m(self):', '        self.v = x', '        return self.v']);
    expect(edges['LastMayWrite']).toEqual([
      'x@1:0 -> x@4:17',
      'Attribute@4:8 -> Attribute@5:15',
      'self@4:8 -> self@5:15',
    ]);
    expect(edges['OccurrenceOf']).toContain('Attribute@4:8 -> K.m.<locals>.self.v');
  });

  it('names imported and builtin occurrences without tracking their flow', () => {
    const edges = dataflow(['import os', 'def f(p):', '    return os.path.join(p, len(p))']);
    expect(edges['OccurrenceOf']).toEqual([
      'FunctionDef@2:0 -> f',
      'p@2:6 -> f.<locals>.p',
      'Attribute@3:11 -> os.path.join',
      'Attribute@3:11 -> os.path',
      'os@3:11 -> os',
      'p@3:24 -> f.<locals>.p',
      'len@3:27 -> builtins.len',
      'p@3:31 -> f.<locals>.p',
    ]);
    expect(edges['NextMayUse']).toEqual(['p@3:24 -> p@3:31']);
    expect(edges['MayFinalUseOf']).toEqual(['p@3:31 -> f.<locals>.p']);
  });
});
