/**
 * BugLab's control-flow relations on small functions. Each expected edge list was derived from
 * BugLab's `ControlFlow` visitor by hand (and agrees with LibCST-based BugLab runs): quirks such as
 * the doubled walk of `for` bodies are part of the expected output.
 */
import { describe, expect, it } from 'vitest';
import { FileAnalysis } from '../../src/graph/analysis.js';
import { addControlFlowRelations } from '../../src/graph/passes/controlflow.js';
import { CodeRelations, isTokenNode, type GraphNode } from '../../src/graph/relations.js';
import { parseModule } from '../../src/python/index.js';


function describeNode(node: GraphNode): string {
  if (isTokenNode(node)) return node.value;
  const label = node.type === 'Name' ? (node['value'] as string) : node.type;
  return `${label}@${node.range!.start.line}`;
}

/** The edges of `kind`, as `from -> to` with labels and start lines, in the store's order. */
function edges(lines: string[], kind: string): string[] {
  const text = lines.join('\n') + '\n';
  const relations = new CodeRelations();
  addControlFlowRelations(new FileAnalysis(text, parseModule(text), 'snippet.py'), relations);
  const out: string[] = [];
  for (const [from, targets] of relations.sources(kind)) {
    for (const target of targets) out.push(`${describeNode(from)} -> ${target.node === null ? target.value : describeNode(target.node)}`);
  }
  return out;
}

describe('control-flow relations (BugLab semantics)', () => {
  it('chains calls, assignments and operators in evaluation order', () => {
    const source = ['def f(a, b):', '    x = g(a) + b', '    y = -x', '    return x < y <= b'];
    expect(edges(source, 'ControlFlowNext')).toEqual([
      'FunctionDef@1 -> Call@2',
      'Call@2 -> BinaryOperation@2',
      'BinaryOperation@2 -> Assign@2',
      'Assign@2 -> UnaryOperation@3',
      'UnaryOperation@3 -> Assign@3',
      'Assign@3 -> ComparisonTarget@4',
      'ComparisonTarget@4 -> ComparisonTarget@4',
      'ComparisonTarget@4 -> Return@4',
    ]);
    expect(edges(source, 'AssignedFrom')).toEqual(['AssignTarget@2 -> BinaryOperation@2', 'AssignTarget@3 -> UnaryOperation@3']);
    expect(edges(source, 'ReturnsFrom')).toEqual(['FunctionDef@1 -> Return@4']);
  });

  it('joins both branches of an if and returns from the open ends', () => {
    const source = ['def f(a):', '    if a:', '        b = g()', '    else:', '        return h()', '    k()'];
    expect(edges(source, 'ControlFlowNext')).toEqual([
      'FunctionDef@1 -> Call@3',
      'FunctionDef@1 -> Call@5',
      'Call@3 -> Assign@3',
      'Call@5 -> Return@5',
      'Assign@3 -> Call@6',
    ]);
    expect(edges(source, 'ReturnsFrom')).toEqual(['FunctionDef@1 -> Return@5', 'FunctionDef@1 -> Call@6']);
  });

  it('walks a for body twice and links continue, break and the else clause', () => {
    const source = [
      'def f(xs):',
      '    for x in g(xs):',
      '        if p(x):',
      '            continue',
      '        if q(x):',
      '            break',
      '        r(x)',
      '    else:',
      '        s()',
      '    t()',
    ];
    expect(edges(source, 'AssignedFrom')).toEqual(['x@2 -> Call@2']);
    expect(edges(source, 'ControlFlowNext')).toEqual([
      'FunctionDef@1 -> Call@2',
      'Call@2 -> Call@3',
      'Call@3 -> Continue@4',
      'Call@3 -> Call@5',
      'Call@5 -> Break@6',
      'Call@5 -> Call@7',
      'Call@7 -> Call@3',
      'Call@7 -> Call@9',
      'Continue@4 -> Call@3',
      'Call@9 -> Call@10',
      'Break@6 -> Call@10',
    ]);
  });

  it('enters the first handler from the end of the try body only, later ones also from before it', () => {
    // BugLab's visitor sets the handlers' entry points only after visiting the first handler.
    const source = [
      'def f():',
      '    try:',
      '        a()',
      '    except E:',
      '        b()',
      '    except F:',
      '        d()',
      '    finally:',
      '        c()',
    ];
    expect(edges(source, 'ControlFlowNext')).toEqual([
      'FunctionDef@1 -> Call@3',
      'FunctionDef@1 -> Call@7',
      'FunctionDef@1 -> Call@9',
      'Call@3 -> Call@5',
      'Call@3 -> Call@7',
      'Call@3 -> Call@9',
      'Call@5 -> Call@9',
      'Call@7 -> Call@9',
    ]);
    expect(edges(source, 'ReturnsFrom')).toEqual(['FunctionDef@1 -> Call@9']);
  });

  it('tests a while condition again after the body, and records with-targets and yields', () => {
    const source = ['def f(n):', '    with open(n) as fh:', '        while ok(fh):', '            yield fh.read()', '    yield'];
    expect(edges(source, 'AssignedFrom')).toEqual(['fh@2 -> Call@2']);
    expect(edges(source, 'ControlFlowNext')).toEqual([
      'FunctionDef@1 -> Call@2',
      'Call@2 -> Call@3',
      'Call@3 -> Call@4',
      'Call@4 -> Yield@4',
      'Yield@4 -> Call@3',
    ]);
    expect(edges(source, 'YieldsFrom')).toEqual(['FunctionDef@1 -> Yield@4']);
    expect(edges(source, 'ReturnsFrom')).toEqual(['FunctionDef@1 -> Call@3']);
  });

  it('keeps nested functions separate and returns the function itself when nothing is tracked', () => {
    const source = ['def outer():', '    a()', '    def inner():', '        pass', '    b()'];
    expect(edges(source, 'ControlFlowNext')).toEqual(['FunctionDef@1 -> Call@2', 'Call@2 -> Call@5']);
    expect(edges(source, 'ReturnsFrom')).toEqual(['FunctionDef@3 -> FunctionDef@3', 'FunctionDef@1 -> Call@5']);
  });

  it('visits comprehensions loop first, then the element', () => {
    const source = ['def f(xs):', '    return [g(x)', '            for x in h(xs)', '            if p(x)]'];
    expect(edges(source, 'ControlFlowNext')).toEqual([
      'FunctionDef@1 -> Call@3',
      'Call@3 -> Call@4',
      'Call@4 -> Call@2',
      'Call@2 -> Return@2',
    ]);
  });
});
