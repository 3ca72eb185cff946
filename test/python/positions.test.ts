import { describe, expect, it } from 'vitest';
import type { CstNode } from '../../src/python/cst.js';
import { assignPositions } from '../../src/python/positions.js';
import { findAll, rangeOf, walk } from '../../src/python/visit.js';
import {
  arg,
  assign,
  binary,
  block,
  call,
  comma,
  decorator,
  emptyLine,
  expr,
  functionDef,
  integer,
  line,
  lpar,
  module,
  name,
  node,
  op,
  param,
  parameters,
  returnStatement,
  rpar,
  sp,
  string,
  trailing,
  ws,
} from './codegen-fixtures.js';

/** `"l:c-l:c"`, the compact form the cases below are written in. */
function at(n: CstNode): string {
  const r = rangeOf(n);
  return `${r.start.line}:${r.start.column}-${r.end.line}:${r.end.column}`;
}

interface Case {
  name: string;
  tree: () => CstNode;
  /** `[type, index among nodes of that type in visiting order, range]`. */
  expect: Array<[string, number, string]>;
}

const cases: Case[] = [
  {
    // # lead
    // @dec  # c
    // def f(a, b=1):
    //     return a + b  # sum
    name: 'FunctionDef starts at def, not at its decorator or leading comment; statements end before comments',
    tree: () =>
      module([
        functionDef(
          'f',
          parameters({ params: [param('a', { comma: comma() }), param('b', { equal: op('AssignEqual', '', ''), default: integer('1') })] }),
          block([line([returnStatement(binary(name('a'), 'Add', name('b')))], { trailing_whitespace: trailing('# sum', '  ') })]),
          { leading_lines: [emptyLine('# lead')], decorators: [decorator(name('dec'), { trailing_whitespace: trailing('# c', '  ') })] },
        ),
      ]),
    expect: [
      ['Module', 0, '1:0-5:0'],
      ['EmptyLine', 0, '1:0-2:0'],
      ['Decorator', 0, '2:0-2:4'],
      ['TrailingWhitespace', 0, '2:4-3:0'],
      ['FunctionDef', 0, '3:0-4:16'],
      ['Parameters', 0, '3:6-3:12'],
      ['Param', 0, '3:6-3:7'],
      ['Param', 1, '3:9-3:10'], // LibCST records only star and name: default and annotation are outside
      ['Comma', 0, '3:7-3:8'],
      ['AssignEqual', 0, '3:10-3:11'],
      ['IndentedBlock', 0, '4:4-4:16'],
      ['SimpleStatementLine', 0, '4:4-4:16'],
      ['Return', 0, '4:4-4:16'],
      ['BinaryOperation', 0, '4:11-4:16'],
      ['Add', 0, '4:13-4:14'],
      ['Comment', 2, '4:18-4:23'],
    ],
  },
  {
    name: 'positions are not rewound when the missing final newline is dropped',
    tree: () => module([line([assign(name('x'), integer('1'))])], { has_trailing_newline: false }),
    expect: [
      ['Module', 0, '1:0-2:0'],
      ['SimpleStatementLine', 0, '1:0-1:5'],
      ['AssignTarget', 0, '1:0-1:1'],
      ['Integer', 0, '1:4-1:5'],
    ],
  },
  {
    // x = '😀\n'; y = (a)
    // z = """a
    // bc"""
    name: 'columns count code points, \\r\\n is one line break, parentheses are outside a node',
    tree: () =>
      module(
        [
          line([
            { ...assign(name('x'), string("'😀\\n'")), semicolon: op('Semicolon', '', ' ') },
            assign(name('y'), name('a', 1)),
          ]),
          line([assign(name('z'), string('"""a\r\nbc"""'))]),
        ],
        { default_newline: '\r\n' },
      ),
    expect: [
      ['SimpleString', 0, '1:4-1:9'],
      ['Semicolon', 0, '1:9-1:10'],
      ['Assign', 1, '1:11-1:18'],
      ['Name', 2, '1:16-1:17'],
      ['LeftParen', 0, '1:15-1:16'],
      ['SimpleStatementLine', 0, '1:0-1:18'],
      ['SimpleString', 1, '2:4-3:5'],
      ['Module', 0, '1:0-4:0'],
    ],
  },
  {
    name: 'an If ends with its else clause; elif is an If inside orelse',
    tree: () => {
      const els = node('Else', { body: block([line([expr(integer('3'))])]), leading_lines: [], whitespace_before_colon: ws() });
      const elif = node('If', { test: name('b'), body: block([line([expr(integer('2'))])]), orelse: els, leading_lines: [], whitespace_before_test: sp(), whitespace_after_test: ws() });
      return module([node('If', { test: name('a'), body: block([line([expr(integer('1'))])]), orelse: elif, leading_lines: [], whitespace_before_test: sp(), whitespace_after_test: ws() })]);
    },
    // if a:\n    1\nelif b:\n    2\nelse:\n    3\n
    expect: [
      ['If', 0, '1:0-6:5'],
      ['If', 1, '3:0-6:5'],
      ['Else', 0, '5:0-6:5'],
      ['IndentedBlock', 0, '2:4-2:5'],
      ['TrailingWhitespace', 0, '1:5-2:0'],
    ],
  },
  {
    name: 'an empty IndentedBlock spans its generated pass',
    tree: () => module([functionDef('e', parameters(), block([]))]),
    expect: [
      ['FunctionDef', 0, '1:0-2:8'],
      ['IndentedBlock', 0, '2:4-2:8'],
    ],
  },
  {
    // async def g(*args, k=(1)):\n    await f(x, *y)\n
    name: 'async functions start at async; Arg and Param exclude commas, star included',
    tree: () =>
      module([
        functionDef(
          'g',
          parameters({
            star_arg: param('args', { star: '*', comma: comma() }),
            kwonly_params: [param('k', { equal: op('AssignEqual', '', ''), default: { ...integer('1'), lpar: [lpar()], rpar: [rpar()] } })],
          }),
          block([line([expr(node('Await', { expression: call(name('f'), [arg(name('x'), { comma: comma() }), arg(name('y'), { star: '*' })]), lpar: [], rpar: [], whitespace_after_await: sp() }))])]),
          { asynchronous: node('Asynchronous', { whitespace_after: sp() }) },
        ),
      ]),
    expect: [
      ['FunctionDef', 0, '1:0-2:18'],
      ['Asynchronous', 0, '1:0-1:5'],
      ['Param', 0, '1:12-1:17'],
      ['Integer', 0, '1:22-1:23'],
      ['Arg', 0, '2:12-2:13'],
      ['Arg', 1, '2:15-2:17'],
      ['Call', 0, '2:10-2:18'],
      ['Await', 0, '2:4-2:18'],
    ],
  },
];

function nth(root: CstNode, type: string, index: number): CstNode {
  const found = findAll(root, type);
  const n = found[index];
  if (n === undefined) throw new Error(`no ${type} #${index} (found ${found.length})`);
  return n;
}

describe('assignPositions', () => {
  it.each(cases)('$name', ({ tree, expect: expected }) => {
    const root = tree();
    assignPositions(root);
    const actual = expected.map(([type, index]) => [type, index, at(nth(root, type, index))]);
    expect(actual).toEqual(expected);
  });

  it('gives every node, whitespace included, a range', () => {
    const root = cases[0]!.tree();
    assignPositions(root);
    let count = 0;
    walk(root, {
      enter(n) {
        expect(n.range, n.type).toBeDefined();
        count++;
      },
    });
    expect(count).toBeGreaterThan(40);
  });

  it('overwrites stale ranges', () => {
    const root = cases[1]!.tree();
    walk(root, { enter: (n) => void (n.range = { start: { line: 9, column: 9 }, end: { line: 9, column: 9 } }) });
    assignPositions(root);
    expect(at(nth(root, 'Integer', 0))).toBe('1:4-1:5');
  });
});
