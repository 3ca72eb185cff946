import { describe, expect, it } from 'vitest';
import { changePath, concreteEdit } from '../../src/patterns/concrete-edit.js';
import { parseFunction } from '../../src/patterns/function-source.js';
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

describe('parseFunction', () => {
  it('parses a method whose text starts at its column, keeping its lines', () => {
    const text = 'def m(self):\n        s = """\n  keep\n"""\n        return s';
    const node = parseFunction(text, 4);
    expect(node.type).toBe('FunctionDef');
    expect(codegen(node)).toContain('"""\n  keep\n"""');
  });
});
