/**
 * Scopes and qualified names on small snippets, with the values LibCST 1.8.2 gives (checked against
 * it while writing these tests), including the corner cases BugLab's output depends on.
 */
import { describe, expect, it } from 'vitest';
import { FileAnalysis } from '../../src/graph/analysis.js';
import { scopesProvider, type Scope, type ScopeFacts } from '../../src/graph/scopes/index.js';
import { nonWhitespaceChildren } from '../../src/python/visit.js';
import type { CstNode } from '../../src/python/cst.js';
import { parseModule } from '../../src/python/index.js';


function analyse(lines: string[]): { module: CstNode; facts: ScopeFacts } {
  const text = lines.join('\n') + '\n';
  const module = parseModule(text);
  return { module, facts: new FileAnalysis(text, module, 'snippet.py').get(scopesProvider) };
}

function preorder(node: CstNode, out: CstNode[] = []): CstNode[] {
  out.push(node);
  for (const child of nonWhitespaceChildren(node)) preorder(child, out);
  return out;
}

/** The `Name` nodes spelling `value`, in source order. */
function names(module: CstNode, value: string): CstNode[] {
  return preorder(module).filter((n) => n.type === 'Name' && n['value'] === value);
}

function qualified(facts: ScopeFacts, node: CstNode): string[] {
  return facts.qualifiedNames(node).map((q) => `${q.name} ${q.source}`);
}

/** Qualified names of every occurrence of `value`, in source order. */
function qualifiedAll(module: CstNode, facts: ScopeFacts, value: string): string[][] {
  return names(module, value).map((n) => qualified(facts, n));
}

function scopeOfName(module: CstNode, facts: ScopeFacts, value: string, occurrence = 0): Scope {
  return facts.scopeOf(names(module, value)[occurrence]!)!;
}

describe('scopes and qualified names (LibCST 1.8.2 semantics)', () => {
  it('names locals of functions, methods, nested functions, lambdas and comprehensions', () => {
    const { module, facts } = analyse([
      'class C:',
      '    y = 1',
      '    def m(self, a):',
      '        def inner(z):',
      '            return z',
      '        k = lambda p: p',
      '        return [i for i in a]',
    ]);
    expect(qualifiedAll(module, facts, 'y')).toEqual([['C.y LOCAL']]);
    expect(qualifiedAll(module, facts, 'm')).toEqual([['C.m LOCAL']]);
    expect(qualifiedAll(module, facts, 'a')).toEqual([['C.m.<locals>.a LOCAL'], ['C.m.<locals>.a LOCAL']]);
    expect(qualifiedAll(module, facts, 'z')).toEqual([['C.m.<locals>.inner.<locals>.z LOCAL'], ['C.m.<locals>.inner.<locals>.z LOCAL']]);
    expect(qualifiedAll(module, facts, 'p')).toEqual([['C.m.<locals>.<locals>.p LOCAL'], ['C.m.<locals>.<locals>.p LOCAL']]);
    expect(qualifiedAll(module, facts, 'i')).toEqual([
      ['C.m.<locals>.<comprehension>.i LOCAL'],
      ['C.m.<locals>.<comprehension>.i LOCAL'],
    ]);
    const comprehension = scopeOfName(module, facts, 'i');
    expect(comprehension.kind).toBe('comprehension');
    expect(comprehension.parent.kind).toBe('function');
    expect(comprehension.parent.name).toBe('m');
    expect(comprehension.parent.parent.kind).toBe('class');
    // The first iterable of a comprehension belongs to the enclosing scope.
    expect(facts.scopeOf(names(module, 'a')[1]!)).toBe(comprehension.parent);
  });

  it('resolves builtins and imports, dotted and relative', () => {
    const { module, facts } = analyse([
      'import os.path',
      'from a.b import c as d',
      'from . import rel',
      'def f(s):',
      '    os.path.join(s, d, rel)',
      '    return len(s)',
    ]);
    // Names inside import statements are not visited by LibCST's scope visitor: no qualified names.
    const attributes = preorder(module).filter((n) => n.type === 'Attribute');
    expect(attributes.map((n) => qualified(facts, n))).toEqual([[], [], ['os.path.join IMPORT'], ['os.path IMPORT']]);
    expect(qualified(facts, names(module, 'os')[0]!)).toEqual([]);
    expect(qualified(facts, names(module, 'os')[1]!)).toEqual(['os IMPORT']);
    expect(qualified(facts, names(module, 'd')[1]!)).toEqual(['a.b.c IMPORT']);
    expect(qualified(facts, names(module, 'rel')[1]!)).toEqual(['.rel IMPORT']);
    expect(qualified(facts, names(module, 'len')[0]!)).toEqual(['builtins.len BUILTIN']);
    // The attribute name after a dot has no scope, hence no qualified name.
    const join = names(module, 'join')[0]!;
    expect(facts.scopeOf(join)).toBeUndefined();
    expect(qualified(facts, join)).toEqual([]);
    // `import os.path` binds both `os.path` and `os`.
    expect([...facts.globalScope.assignments.keys()]).toEqual(['os.path', 'os', 'd', 'rel', 'f']);
  });

  it('hides class scopes from the methods inside them', () => {
    const { module, facts } = analyse([
      'x = 0',
      'class C:',
      '    x = 1',
      '    w = 2',
      '    def m(self):',
      '        return x + w',
    ]);
    expect(qualifiedAll(module, facts, 'x')).toEqual([['x LOCAL'], ['C.x LOCAL'], ['x LOCAL']]);
    expect(qualifiedAll(module, facts, 'w')).toEqual([['C.w LOCAL'], []]);
  });

  it('redirects global and nonlocal bindings to the declaring scope', () => {
    const { module, facts } = analyse([
      'def outer():',
      '    counter = 0',
      '    def bump():',
      '        nonlocal counter',
      '        global total',
      '        counter = counter + 1',
      '        total = counter',
      '    return bump',
    ]);
    expect(qualifiedAll(module, facts, 'total')).toEqual([[], ['total LOCAL']]);
    expect(qualifiedAll(module, facts, 'counter')).toEqual([
      ['outer.<locals>.counter LOCAL'],
      [],
      ['outer.<locals>.counter LOCAL'],
      ['outer.<locals>.counter LOCAL'],
      ['outer.<locals>.counter LOCAL'],
    ]);
    expect(facts.globalScope.ownAssignments('total').map((a) => a.node!.type)).toEqual(['Name']);
    const outer = scopeOfName(module, facts, 'counter');
    expect(outer.ownAssignments('counter')).toHaveLength(2);
    const bump = scopeOfName(module, facts, 'counter', 2);
    expect(bump.kind).toBe('function');
    expect(bump.assignments.has('counter')).toBe(false);
  });

  it('treats del as an access and augmented assignment as a binding', () => {
    const { module, facts } = analyse(['def f(n):', '    n += 1', '    del n']);
    const scope = scopeOfName(module, facts, 'n', 1);
    expect(scope.ownAssignments('n').map((a) => a.node!.type)).toEqual(['Param', 'Name']);
    expect(scope.accessesByName.get('n')?.map((a) => a.node)).toEqual([names(module, 'n')[2]]);
    expect(scope.accessesByName.get('n')![0]!.referents).toHaveLength(2);
  });

  it('binds a walrus inside a comprehension in the comprehension scope', () => {
    const { module, facts } = analyse(['def f(xs):', '    return [y for i in xs if (y := i)]']);
    expect(qualifiedAll(module, facts, 'y')).toEqual([['f.<locals>.<comprehension>.y LOCAL'], ['f.<locals>.<comprehension>.y LOCAL']]);
  });

  it('leaves a name without qualified name when its only binding comes later in the same step', () => {
    // LibCST 1.8.2: the `b` in the `if` clause of the inner `for` has the same assignment index as
    // its binding, so it resolves to nothing (the golden data shows the same).
    const { module, facts } = analyse(['def f(rows, squares):', '    return [(a, b) for a in rows for b in squares if a < b]']);
    expect(qualifiedAll(module, facts, 'b')).toEqual([
      ['f.<locals>.<comprehension>.b LOCAL'],
      ['f.<locals>.<comprehension>.b LOCAL'],
      [],
    ]);
    expect(qualifiedAll(module, facts, 'a')[2]).toEqual(['f.<locals>.<comprehension>.a LOCAL']);
  });

  it('falls back to the enclosing scope for a read before the first local binding', () => {
    const { module, facts } = analyse(['x = 0', 'def f():', '    print(x)', '    x = 1', 'def g():', '    print(q)', '    q = 1']);
    expect(qualifiedAll(module, facts, 'x')).toEqual([['x LOCAL'], ['x LOCAL'], ['f.<locals>.x LOCAL']]);
    expect(qualifiedAll(module, facts, 'q')).toEqual([[], ['g.<locals>.q LOCAL']]);
  });

  it('records names in first-binding order, parameters first, with their statements', () => {
    const { module, facts } = analyse([
      'def f(a, *rest, b=1, **kw):',
      '    for i, (j, k) in enumerate(rest):',
      '        with open(a) as fh:',
      '            total = i',
      '    try:',
      '        pass',
      '    except ValueError as err:',
      '        a = err',
      '    import json',
    ]);
    const scope = scopeOfName(module, facts, 'a', 1);
    expect([...scope.assignments.keys()]).toEqual(['a', 'rest', 'b', 'kw', 'i', 'j', 'k', 'fh', 'total', 'err', 'json']);
    const lines = (name: string): number[] =>
      scope.ownAssignments(name).map((assignment) => facts.statementOf(assignment.node!).range!.start.line);
    expect(lines('a')).toEqual([1, 8]);
    expect(lines('fh')).toEqual([3]);
    expect(lines('total')).toEqual([4]);
    expect(lines('json')).toEqual([9]);
    expect(scope.ownAssignments('a').map((a) => a.index)).toEqual([0, expect.any(Number)]);
    expect(scope.ownAssignments('a')[1]!.index).toBeGreaterThan(scope.ownAssignments('total')[0]!.index);
  });

  it('gives the qualified name of a function through its name', () => {
    const { module, facts } = analyse(['def f():', '    def g():', '        pass', '    return g']);
    expect(qualifiedAll(module, facts, 'g')).toEqual([['f.<locals>.g LOCAL'], ['f.<locals>.g LOCAL']]);
    const f = preorder(module).find((n) => n.type === 'FunctionDef')!;
    expect(facts.scopeOf(f)).toBe(facts.globalScope);
  });

  it('skips the first argument of typing.NewType and typing.TypeVar, as LibCST does', () => {
    const { module, facts } = analyse(['from typing import TypeVar', 'label = "T"', 'T = TypeVar(label, bound=int)', 'print(label)']);
    expect(qualifiedAll(module, facts, 'label')).toEqual([['label LOCAL'], [], ['label LOCAL']]);
    expect(facts.scopeOf(names(module, 'label')[1]!)).toBeUndefined();
    expect(qualifiedAll(module, facts, 'int')).toEqual([['builtins.int BUILTIN']]);
  });

  it('resolves attribute chains through their base, including unnamed bases', () => {
    const { module, facts } = analyse(['class K:', '    def m(self):', '        self.v = "".join([])', '        return self.v']);
    const attributes = preorder(module).filter((n) => n.type === 'Attribute');
    expect(attributes.map((n) => qualified(facts, n))).toEqual([
      ['K.m.<locals>.self.v LOCAL'],
      ['builtins.None BUILTIN'],
      ['K.m.<locals>.self.v LOCAL'],
    ]);
  });
});
