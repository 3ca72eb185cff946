import { describe, expect, it } from 'vitest';
import { antiUnify } from '../../src/patterns/anti-unify.js';
import { instantiate, match } from '../../src/patterns/match.js';
import { renderTemplate } from '../../src/patterns/render.js';
import { sameTokens } from '../../src/patterns/tokens.js';
import { holesOf } from '../../src/patterns/tree.js';
import { codegen } from '../../src/python/codegen.js';
import { editOf, leafOf } from './helpers.js';

describe('antiUnify', () => {
  it('identical edits generalise to themselves, without a hole', () => {
    const p = leafOf('x = foo(a)\n', 'x = foo(b)\n');
    const q = leafOf('x  =  foo( a )  # spacing differs\n', 'x = foo(b)\n');
    const g = antiUnify(p, q);
    expect(g.valid).toBe(true);
    expect(g.pattern.holeCount).toBe(0);
    expect(g.cost).toBe(0);
    expect(renderTemplate(g.pattern.before)).toBe('x = foo(a)');
    expect(renderTemplate(g.pattern.after)).toBe('x = foo(b)');
  });

  it('a pair of differing leaves becomes one hole, reused on both sides', () => {
    const p = leafOf('if a.size > n:\n    pass\n', 'if a.size >= n:\n    pass\n');
    const q = leafOf('if b.size > m:\n    return 1\n', 'if b.size >= m:\n    return 1\n');
    const g = antiUnify(p, q);
    expect(g.valid).toBe(true);
    expect(renderTemplate(g.pattern.before)).toBe('if h0.size > h1:\n    h2');
    expect(renderTemplate(g.pattern.after)).toBe('if h0.size >= h1:\n    h2');
    // h0 stands for the pair (a, b) wherever it occurs: once on each side here.
    expect(holesOf(g.pattern.after)).toEqual(holesOf(g.pattern.before));
    expect(g.pattern.holeTypes[0]).toEqual(['Name']);
  });

  it('the same pair of subtrees gets the same hole each time it occurs', () => {
    const p = leafOf('f(x, x)\n', 'g(x, x)\n');
    const q = leafOf('f(y, y)\n', 'g(y, y)\n');
    const g = antiUnify(p, q);
    expect(renderTemplate(g.pattern.before)).toBe('f(h0, h0)');
    expect(renderTemplate(g.pattern.after)).toBe('g(h0, h0)');
  });

  it('differing node types make one hole for the whole subtree (types are never generalised)', () => {
    const p = leafOf('y = foo(a.b, 1)\n', 'y = foo(1, a.b)\n');
    const q = leafOf('y = foo(c[0], 2)\n', 'y = foo(2, c[0])\n');
    const g = antiUnify(p, q);
    expect(g.valid).toBe(true);
    expect(renderTemplate(g.pattern.before)).toBe('y = foo(h0, h1)');
    expect(renderTemplate(g.pattern.after)).toBe('y = foo(h1, h0)');
    expect(g.pattern.holeTypes[0]).toEqual(['Attribute', 'Subscript']);
    // The Call stays a Call: only its arguments became holes.
    expect(g.pattern.before.type).toBe('SimpleStatementLine');
  });

  it('keeps the unchanged context on both sides', () => {
    const p = leafOf('def f():\n    if x is not None:\n        return x.a\n', 'def f():\n    if x is None:\n        return x.a\n');
    const q = leafOf('def f():\n    if y is not None:\n        y.run()\n', 'def f():\n    if y is None:\n        y.run()\n');
    const g = antiUnify(p, q);
    expect(renderTemplate(g.pattern.before)).toBe('if h0 is not None:\n    h1');
    expect(renderTemplate(g.pattern.after)).toBe('if h0 is None:\n    h1');
  });

  it('operators that differ become an operator hole', () => {
    const p = leafOf('z = a + b\n', 'z = a - b\n');
    const q = leafOf('z = a * b\n', 'z = a - b\n');
    const g = antiUnify(p, q);
    expect(renderTemplate(g.pattern.before)).toBe('z = a h0 b');
    expect(g.valid).toBe(true);
  });

  it('refuses a generalisation whose after part has a hole the before part does not bind', () => {
    const p = leafOf('foo(a)\n', 'foo(b)\n');
    const q = leafOf('foo(c)\n', 'foo(d)\n');
    const g = antiUnify(p, q);
    expect(g.valid).toBe(false);
  });

  it('costs more the more it generalises away', () => {
    const base = leafOf('x = foo(a, b)\n', 'x = foo(b, a)\n');
    const near = leafOf('x = foo(c, d)\n', 'x = foo(d, c)\n');
    const far = leafOf('res = bar.baz(c.d, e[1])\n', 'res = bar.baz(e[1], c.d)\n');
    expect(antiUnify(base, near).cost).toBeLessThan(antiUnify(base, far).cost);
  });

  it('the generalisation matches both edits and reproduces their after parts', () => {
    const e1 = editOf('if a and f(b):\n    pass\n', 'if a or f(b):\n    pass\n');
    const e2 = editOf('if x.y and z:\n    go()\n', 'if x.y or z:\n    go()\n');
    const g = antiUnify(e1.leaf, e2.leaf).pattern;
    for (const e of [e1, e2]) {
      const bindings = match(g.before, e.before);
      expect(bindings).not.toBeNull();
      const fixed = instantiate(g.after, bindings!);
      expect(sameTokens(fixed, e.after)).toBe(true);
      expect(codegen(fixed)).toBe(codegen(e.after));
    }
  });
});

describe('match', () => {
  it('a hole used twice must bind equal subtrees', () => {
    const g = antiUnify(leafOf('f(x, x)\n', 'g(x, x)\n'), leafOf('f(y, y)\n', 'g(y, y)\n')).pattern;
    expect(match(g.before, editOf('f(q, q)\n', 'h(q, q)\n').before)).not.toBeNull();
    expect(match(g.before, editOf('f(q, r)\n', 'h(q, r)\n').before)).toBeNull();
  });

  it('context must be present', () => {
    const g = antiUnify(leafOf('if a > 1:\n    pass\n', 'if a >= 1:\n    pass\n'), leafOf('if b > 2:\n    x()\n', 'if b >= 2:\n    x()\n')).pattern;
    expect(match(g.before, editOf('if c > 3:\n    y()\n', 'if c >= 3:\n    y()\n').before)).not.toBeNull();
    expect(match(g.before, editOf('while c > 3:\n    y()\n', 'while c >= 3:\n    y()\n').before)).toBeNull();
  });
});

describe('rendering', () => {
  it('a hole standing for statements of different types renders as a statement line', () => {
    const p = leafOf('def f():\n    a = 1\n    b = g(x)\n', 'def f():\n    a = 1\n    b = h(x)\n', 1);
    const q = leafOf('def f():\n    if c:\n        pass\n    b = g(y)\n', 'def f():\n    if c:\n        pass\n    b = h(y)\n', 1);
    const g = antiUnify(p, q);
    expect(g.valid).toBe(true);
    expect(renderTemplate(g.pattern.before)).toBe('def f():\n    h0\n    b = g(h1)');
    expect(renderTemplate(g.pattern.after)).toBe('def f():\n    h0\n    b = h(h1)');
  });
});
