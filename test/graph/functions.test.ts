import { describe, expect, it } from 'vitest';
import { findFunctions } from '../../src/graph/functions.js';
import type { CstNode } from '../../src/python/cst.js';

let line = 0;
const r = () => ({ start: { line: ++line, column: 0 }, end: { line, column: 1 } });
const name = (value: string): CstNode => ({ type: 'Name', range: r(), value });
const block = (...body: CstNode[]): CstNode => ({ type: 'IndentedBlock', range: r(), body, header: { type: 'TrailingWhitespace' }, footer: [] });
const def = (id: string, ...body: CstNode[]): CstNode => ({ type: 'FunctionDef', range: r(), name: name(id), body: block(...body), decorators: [] });
const cls = (id: string, ...body: CstNode[]): CstNode => ({ type: 'ClassDef', range: r(), name: name(id), body: block(...body), decorators: [] });

describe('findFunctions', () => {
  it('lists outermost functions and methods of (nested) classes in pre-order, not looking inside functions', () => {
    const module: CstNode = {
      type: 'Module',
      range: r(),
      body: [
        def('a', def('a_inner'), cls('InA', def('in_a_method'))),
        cls('C', def('m1'), cls('Nested', def('nested_method')), def('m2')),
        { type: 'If', range: r(), test: name('x'), body: block(def('conditional')), orelse: null, leading_lines: [] },
        def('b'),
      ],
      header: [],
      footer: [],
    };
    const found = findFunctions(module).map((f) => (f.node['name'] as CstNode)['value']);
    expect(found).toEqual(['a', 'm1', 'nested_method', 'm2', 'conditional', 'b']);
  });

  it('gives each function its own syntactic range', () => {
    const f = def('f');
    const [only] = findFunctions({ type: 'Module', range: r(), body: [f], header: [], footer: [] });
    expect(only!.range).toBe(f.range);
  });
});
