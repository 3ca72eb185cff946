import { describe, expect, it } from 'vitest';
import type { CstNode } from '../../src/python/cst.js';
import { parseModule } from '../../src/python/parser/index.js';
import { NODE_SCHEMA } from '../../src/python/schema.js';
import { children, EXCEPT_TYPE_FIELD, fieldValue, findAll, isWhitespaceNode, rangeOf, walk } from '../../src/python/visit.js';
import { call, expr, integer, line, module, name, node, arg, comma, ws } from './codegen-fixtures.js';

const SOURCE = `@decorate
def f(a, b=2):
    def inner(c):
        return c
    try:
        x = g(a, b)
    except ValueError as e:
        pass
    except:
        raise
    return [y for y in x if y]
`;

describe('walk', () => {
  it("visits children in LibCST's order, enter before and leave after them", () => {
    const tree = module([line([expr(call(name('g'), [arg(integer('1'), { comma: comma() }), arg(name('x'))]))])]);
    const events: string[] = [];
    walk(
      tree,
      {
        enter: (n, _parent, field) => void events.push(`+${field ?? ''}:${n.type}`),
        leave: (n) => void events.push(`-${n.type}`),
      },
      { whitespace: false },
    );
    expect(events).toEqual([
      '+:Module',
      '+body:SimpleStatementLine',
      '+body:Expr',
      '+value:Call',
      '+func:Name',
      '-Name',
      '+args:Arg',
      '+value:Integer',
      '-Integer',
      '+comma:Comma',
      '-Comma',
      '-Arg',
      '+args:Arg',
      '+value:Name',
      '-Name',
      '-Arg',
      '-Call',
      '-Expr',
      '-SimpleStatementLine',
      '-Module',
    ]);
  });

  it('includes whitespace nodes by default, in their field order', () => {
    const call1 = call(name('g'), [arg(integer('1'), { comma: comma('', ' ') })]);
    const fields: string[] = [];
    walk(call1, { enter: (_n, _p, field) => void fields.push(field ?? '') });
    // Call visits lpar, func, whitespace_after_func, whitespace_before_args, args, rpar.
    expect(fields.slice(0, 4)).toEqual(['', 'func', 'whitespace_after_func', 'whitespace_before_args']);
    expect(fields).toContain('whitespace_after_arg');
  });

  it('skips the children of a node when enter returns false, still leaving it', () => {
    const tree = parseModule(SOURCE);
    const seen: string[] = [];
    walk(tree, {
      enter(n) {
        seen.push(n.type);
        return n.type !== 'FunctionDef';
      },
      leave(n) {
        if (n.type === 'FunctionDef') seen.push('leave FunctionDef');
      },
    });
    expect(seen).toEqual(['Module', 'FunctionDef', 'leave FunctionDef']);
  });

  it('visits the exception type of handlers (kept as exceptType)', () => {
    const tree = parseModule(SOURCE);
    const handlers = findAll(tree, 'ExceptHandler');
    expect(handlers.map((h) => (fieldValue(h, 'type') as CstNode | null)?.['value'] ?? null)).toEqual(['ValueError', null]);
    expect(handlers[0]![EXCEPT_TYPE_FIELD]).toBe(fieldValue(handlers[0]!, 'type'));
    expect(children(handlers[0]!).map(([field, child]) => `${field}:${child.type}`)).toContain('type:Name');
  });
});

describe('children', () => {
  it('lists every node-valued field in schema visiting order', () => {
    const tree = parseModule(SOURCE);
    for (const n of findAll(tree, ['FunctionDef', 'Try', 'ListComp', 'CompFor', 'Assign'])) {
      const fields = children(n).map(([field]) => field);
      const order = NODE_SCHEMA[n.type]!.visit;
      const positions = fields.map((f) => order.indexOf(f));
      expect(positions.every((p) => p >= 0)).toBe(true);
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    }
  });
});

describe('findAll', () => {
  it('finds nodes of one or more types in pre-order, nested ones included', () => {
    const tree = parseModule(SOURCE);
    expect(findAll(tree, 'FunctionDef').map((f) => (f['name'] as CstNode)['value'])).toEqual(['f', 'inner']);
    expect(findAll(tree, ['Return', 'Raise']).map((n) => n.type)).toEqual(['Return', 'Raise', 'Return']);
    expect(findAll(tree, 'Comment')).toEqual([]);
  });

  it('stops at matches with descend: false (outermost functions, as BugLab finds them)', () => {
    const tree = parseModule(SOURCE);
    expect(findAll(tree, 'FunctionDef', { descend: false }).map((f) => (f['name'] as CstNode)['value'])).toEqual(['f']);
  });

  it('finds whitespace nodes and comments when asked for them', () => {
    const tree = parseModule('x = 1  # one\n# two\ny = 2\n');
    expect(findAll(tree, 'Comment').map((c) => c['value'])).toEqual(['# one', '# two']);
    expect(findAll(tree, 'EmptyLine')).toHaveLength(1);
    expect(isWhitespaceNode(findAll(tree, 'EmptyLine')[0]!)).toBe(true);
    expect(isWhitespaceNode(findAll(tree, 'Comment')[0]!)).toBe(false);
  });
});

describe('rangeOf', () => {
  it('returns the range parseModule assigned', () => {
    const fn = findAll(parseModule(SOURCE), 'FunctionDef')[0]!;
    expect(rangeOf(fn)).toEqual({ start: { line: 2, column: 0 }, end: { line: 11, column: 30 } });
  });

  it('throws a clear error when positions were not assigned', () => {
    const tree = parseModule(SOURCE, { positions: false });
    expect(() => rangeOf(findAll(tree, 'Name')[0]!)).toThrow(/Name node has no position: call assignPositions/);
    expect(() => rangeOf(node('Pass', { semicolon: null }))).toThrow(/Pass node has no position/);
  });

  it('rejects unknown node types while walking', () => {
    expect(() => walk(module([line([node('Bogus')])]), {})).toThrow(/unknown CST node type Bogus/);
    expect(ws().type).toBe('SimpleWhitespace');
  });
});
