import { describe, expect, it } from 'vitest';
import { diffSources } from '../../src/diff/index.js';
import { changePath, concreteEdit, coveringPair } from '../../src/patterns/concrete-edit.js';
import { parseFunctionText } from '../../src/diff/function-source.js';
import { renderTemplate } from '../../src/patterns/render.js';
import { codegen } from '../../src/python/codegen.js';
import { parseModule } from '../../src/python/parser/index.js';
import { editOf } from './helpers.js';

describe('concreteEdit', () => {
  it('finds the smallest changed pair and widens it to the enclosing statement', () => {
    const e = editOf('def f(a, b):\n    x = 1\n    return g(a, b.c)\n', 'def f(a, b):\n    x = 1\n    return g(a, b.d)\n');
    expect(e.changeBefore.type).toBe('Name');
    expect(codegen(e.changeBefore)).toBe('c');
    expect(renderTemplate(e.leaf.before)).toBe('return g(a, b.c)');
    expect(renderTemplate(e.leaf.after)).toBe('return g(a, b.d)');
    expect(e.leaf.holeCount).toBe(0);
  });

  it('whitespace and comments are not changes', () => {
    expect(changePath(parseModule('x = f(a,b)  # one\n'), parseModule('x = f( a, b )\n'))).toBeNull();
    expect(concreteEdit(parseModule('if a:\n    b()\n'), parseModule('if a:\n\n    # c\n    b()\n'))).toBeNull();
  });

  it('an unchanged body of the enclosing statement becomes a hole shared by both sides', () => {
    const e = editOf('if a < 1:\n    run()\n    stop()\nelse:\n    other()\n', 'if a <= 1:\n    run()\n    stop()\nelse:\n    other()\n');
    expect(renderTemplate(e.leaf.before)).toBe('if a < 1:\n    h0\nelse:\n    h1');
    expect(renderTemplate(e.leaf.after)).toBe('if a <= 1:\n    h0\nelse:\n    h1');
  });

  it('two changes in one call: the call is the changed pair', () => {
    const e = editOf('y = f(a, b)\n', 'y = f(b, a)\n');
    expect(e.changeBefore.type).toBe('Call');
  });

  it('--context 1 adds the enclosing compound header and the neighbouring statements', () => {
    const before = 'def f():\n    for x in xs:\n        a = 1\n        b = g(x)\n        c = 3\n        d = 4\n';
    const after = before.replace('g(x)', 'h(x)');
    const e = editOf(before, after, 1);
    expect(renderTemplate(e.leaf.before)).toBe('for x in xs:\n    a = 1\n    b = g(x)\n    c = 3\n    h0');
    expect(renderTemplate(e.leaf.after)).toBe('for x in xs:\n    a = 1\n    b = h(x)\n    c = 3\n    h0');
  });
});

describe('coveringPair (from the differ\'s edit script)', () => {
  const pairOf = (before: string, after: string): [string, string] | null => {
    const pair = coveringPair(diffSources(before, after));
    return pair === null ? null : [`${pair[0].type} ${codegen(pair[0].cst).trim()}`, `${pair[1].type} ${codegen(pair[1].cst).trim()}`];
  };

  it('an update covers the updated leaf', () => {
    expect(pairOf('x = f(a, b.c)\n', 'x = f(a, b.d)\n')).toEqual(['Name c', 'Name d']);
  });

  it('an inserted statement is covered by the block it goes into', () => {
    const pair = pairOf('def f():\n    a()\n    b()\n', 'def f():\n    a()\n    if x:\n        return\n    b()\n');
    expect(pair![0]).toMatch(/^IndentedBlock /);
    expect(pair![1]).toMatch(/^IndentedBlock /);
  });

  it('swapped arguments (a move inside one parent) are covered by the call', () => {
    expect(pairOf('y = f(a, b)\n', 'y = f(b, a)\n')).toEqual(['Call f(a, b)', 'Call f(b, a)']);
  });

  it('an empty script covers nothing', () => {
    expect(pairOf('x = 1  # c\n', 'x = 1\n')).toBeNull();
  });

  it('a replaced operator (a delete and an insert) narrows to the two operators in the change path', () => {
    const path = changePath(parseModule('if a < b:\n    pass\n'), parseModule('if a <= b:\n    pass\n'))!;
    const last = path[path.length - 1]!;
    expect([last.before.type, last.after.type]).toEqual(['LessThan', 'LessThanEqual']);
    // The differ alone stops at the comparison target, the nearest pair it maps.
    const pair = coveringPair(diffSources('if a < b:\n    pass\n', 'if a <= b:\n    pass\n'))!;
    expect(pair[0].type).toBe('ComparisonTarget');
  });
});

describe('parseFunctionText', () => {
  it('parses a method whose text starts at its column, keeping its lines', () => {
    const text = 'def m(self):\n        s = """\n  keep\n"""\n        return s';
    const node = parseFunctionText(text, { line: 7, column: 4 });
    expect(node.type).toBe('FunctionDef');
    expect(codegen(node)).toContain('"""\n  keep\n"""');
  });
});
