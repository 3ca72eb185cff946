import { describe, expect, it } from 'vitest';
import { codegen } from '../../src/python/codegen.js';
import type { CstNode } from '../../src/python/cst.js';
import { EXCEPT_TYPE_FIELD } from '../../src/python/visit.js';
import {
  arg,
  assign,
  binary,
  block,
  call,
  comma,
  comment,
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

interface Case {
  name: string;
  tree: () => CstNode;
  text: string;
}

const elseClause = (body: CstNode): CstNode => node('Else', { body, leading_lines: [], whitespace_before_colon: ws() });
const ifStatement = (test: CstNode, body: CstNode, orelse: CstNode | null): CstNode =>
  node('If', { test, body, orelse, leading_lines: [], whitespace_before_test: sp(), whitespace_after_test: ws() });

const cases: Case[] = [
  {
    name: 'decorated function with comments, default arguments and a trailing comment',
    tree: () =>
      module([
        functionDef(
          'f',
          parameters({ params: [param('a', { comma: comma() }), param('b', { equal: op('AssignEqual', '', ''), default: integer('1') })] }),
          block([line([returnStatement(binary(name('a'), 'Add', name('b')))], { trailing_whitespace: trailing('# sum', '  ') })]),
          { leading_lines: [emptyLine('# lead')], decorators: [decorator(name('dec'), { trailing_whitespace: trailing('# c', '  ') })] },
        ),
      ]),
    text: '# lead\n@dec  # c\ndef f(a, b=1):\n    return a + b  # sum\n',
  },
  {
    name: 'a module without its final newline drops the last token',
    tree: () => module([line([assign(name('x'), integer('1'))])], { has_trailing_newline: false }),
    text: 'x = 1',
  },
  {
    name: 'an empty module with a trailing newline',
    tree: () => module([]),
    text: '\n',
  },
  {
    name: "Newline(null) is the module's default newline, IndentedBlock(indent=null) its default indent",
    tree: () =>
      module([functionDef('g', parameters(), block([line([returnStatement(null)])]))], { default_newline: '\r\n', default_indent: '\t' }),
    text: 'def g():\r\n\treturn\r\n',
  },
  {
    name: 'explicit block indent and defaulted comma/equal/star of parameters',
    tree: () =>
      module([
        functionDef(
          'h',
          parameters({
            posonly_params: [param('a')],
            params: [param('b', { default: integer('2') })],
            star_arg: param('args', { star: null }),
            kwonly_params: [param('c')],
            star_kwarg: param('kw', { star: null }),
          }),
          block([line([node('Pass', { semicolon: null })])], { indent: '  ' }),
        ),
      ]),
    text: 'def h(a, /, b = 2, *args, c, **kw):\n  pass\n',
  },
  {
    name: 'a bare star is inferred from keyword-only parameters',
    tree: () => module([functionDef('k', parameters({ kwonly_params: [param('a')] }), block([line([])]))]),
    text: 'def k(*, a):\n    pass\n',
  },
  {
    name: 'elif chains and else',
    tree: () =>
      module([
        ifStatement(
          name('a'),
          block([line([expr(integer('1'))])]),
          ifStatement(name('b'), block([line([expr(integer('2'))])]), elseClause(block([line([expr(integer('3'))])]))),
        ),
      ]),
    text: 'if a:\n    1\nelif b:\n    2\nelse:\n    3\n',
  },
  {
    name: 'an empty IndentedBlock generates pass',
    tree: () => module([functionDef('e', parameters(), block([]))]),
    text: 'def e():\n    pass\n',
  },
  {
    name: 'semicolons default between small statements',
    tree: () => module([line([expr(name('a')), expr(name('b'), op('Semicolon', ' ', '')), expr(name('c'))])]),
    text: 'a; b ;c\n',
  },
  {
    name: 'one-element tuple gets a comma, parentheses stay outside',
    tree: () =>
      module([
        line([assign(name('t'), node('Tuple', { elements: [node('Element', { value: integer('1'), comma: null })], lpar: [lpar()], rpar: [rpar()] }))]),
      ]),
    text: 't = (1,)\n',
  },
  {
    name: 'calls with keyword, star and defaulted commas',
    tree: () =>
      module([
        line([
          expr(
            call(name('f'), [
              arg(name('x')),
              arg(name('y'), { star: '*' }),
              arg(integer('3'), { keyword: name('k') }),
              arg(name('z'), { star: '**' }),
            ]),
          ),
        ]),
      ]),
    text: 'f(x, *y, k = 3, **z)\n',
  },
  {
    name: 'NotEqual keeps its spelling, NotIn/IsNot their inner whitespace',
    tree: () =>
      module([
        line([
          expr(
            node('Comparison', {
              left: name('a'),
              comparisons: [
                node('ComparisonTarget', { operator: op('NotEqual', ' ', ' ', { value: '<>' }), comparator: name('b') }),
                node('ComparisonTarget', { operator: op('NotIn', ' ', ' ', { whitespace_between: ws('  ') }), comparator: name('c') }),
                node('ComparisonTarget', { operator: op('IsNot', ' ', ' ', { whitespace_between: sp() }), comparator: name('d') }),
              ],
              lpar: [],
              rpar: [],
            }),
          ),
        ]),
      ]),
    text: 'a <> b not  in c is not d\n',
  },
  {
    name: 'try / except with exception type, except* and finally',
    tree: () => {
      const handler = (star: boolean, type: CstNode | null): CstNode =>
        node(star ? 'ExceptStarHandler' : 'ExceptHandler', {
          body: block([line([node('Pass', { semicolon: null })])]),
          [EXCEPT_TYPE_FIELD]: type,
          name: type === null ? null : node('AsName', { name: name('e'), whitespace_before_as: sp(), whitespace_after_as: sp() }),
          leading_lines: [],
          whitespace_after_except: type === null && !star ? ws() : sp(),
          ...(star ? { whitespace_after_star: ws() } : {}),
          whitespace_before_colon: ws(),
        });
      return module([
        node('TryStar', {
          body: block([line([node('Pass', { semicolon: null })])]),
          handlers: [handler(true, name('E'))],
          orelse: null,
          finalbody: node('Finally', { body: block([line([node('Pass', { semicolon: null })])]), leading_lines: [], whitespace_before_colon: ws() }),
          leading_lines: [],
          whitespace_before_colon: ws(),
        }),
        node('Try', {
          body: block([line([node('Pass', { semicolon: null })])]),
          handlers: [handler(false, name('E')), handler(false, null)],
          orelse: null,
          finalbody: null,
          leading_lines: [],
          whitespace_before_colon: ws(),
        }),
      ]);
    },
    text: 'try:\n    pass\nexcept *E as e:\n    pass\nfinally:\n    pass\ntry:\n    pass\nexcept E as e:\n    pass\nexcept:\n    pass\n',
  },
  {
    name: 'f-strings with conversion, format spec and =',
    tree: () =>
      module([
        line([
          expr(
            node('FormattedString', {
              start: 'f"',
              end: '"',
              lpar: [],
              rpar: [],
              parts: [
                node('FormattedStringText', { value: 'x=' }),
                node('FormattedStringExpression', {
                  expression: name('x'),
                  conversion: 'r',
                  format_spec: [node('FormattedStringText', { value: '>10' })],
                  whitespace_before_expression: ws(),
                  whitespace_after_expression: ws(),
                  equal: null,
                }),
                node('FormattedStringExpression', {
                  expression: name('y'),
                  conversion: null,
                  format_spec: null,
                  whitespace_before_expression: sp(),
                  whitespace_after_expression: ws(),
                  equal: op('AssignEqual', '', ''),
                }),
              ],
            }),
          ),
        ]),
      ]),
    text: 'f"x={x!r:>10}{ y=}"\n',
  },
  {
    name: 'comment lines in a block footer and a module footer',
    tree: () =>
      module([functionDef('f', parameters(), block([line([node('Pass', { semicolon: null })])], { footer: [emptyLine('# end of f')] }))], {
        footer: [emptyLine(null, false), emptyLine('# end', false)],
      }),
    text: 'def f():\n    pass\n    # end of f\n\n# end\n',
  },
  {
    name: 'backslash continuation inside whitespace, parenthesized whitespace across lines',
    tree: () =>
      module([
        line([
          assign(
            name('x'),
            node('Tuple', {
              elements: [
                node('Element', {
                  value: integer('1'),
                  comma: node('Comma', {
                    whitespace_before: ws(),
                    whitespace_after: node('ParenthesizedWhitespace', {
                      first_line: trailing('# one'),
                      empty_lines: [],
                      indent: true,
                      last_line: ws('  '),
                    }),
                  }),
                }),
                node('Element', { value: integer('2'), comma: null }),
              ],
              lpar: [lpar()],
              rpar: [rpar()],
            }),
          ),
        ]),
        line([expr(binary(name('a'), 'Add', name('b')))]),
      ]),
    text: 'x = (1,# one\n  2)\na + b\n',
  },
];

// The continuation case replaces the Add's whitespace to hold a backslash-newline.
cases.push({
  name: 'backslash continuation held by SimpleWhitespace',
  tree: () => module([line([expr(node('BinaryOperation', { left: name('a'), operator: op('Add', ' ', ' \\\n    '), right: name('b'), lpar: [], rpar: [] }))])]),
  text: 'a + \\\n    b\n',
});

describe('codegen', () => {
  it.each(cases)('$name', ({ tree, text }) => {
    expect(codegen(tree())).toBe(text);
  });

  it('generates a single node with default indent and newline', () => {
    const fn = functionDef('f', parameters(), block([line([returnStatement(integer('1'))])]));
    expect(codegen(fn)).toBe('def f():\n    return 1\n');
    expect(codegen(fn, { defaultIndent: '  ', defaultNewline: '\r\n' })).toBe('def f():\r\n  return 1\r\n');
    expect(codegen(binary(name('a', 1), 'Multiply', integer('2')))).toBe('(a) * 2');
  });

  it('reports unknown node types and parameters out of context', () => {
    expect(() => codegen(node('NoSuchNode'))).toThrow(/unknown CST node type NoSuchNode/);
    expect(() => codegen(param('a', { star: null }))).toThrow(/default_star/);
    expect(() => codegen(node('Name', { value: 'x', lpar: [] }))).toThrow('codegen: Name.rpar must be a list (got nothing)');
    expect(() => codegen(node('Expr', { value: null, semicolon: null }))).toThrow('codegen: Expr.value must be a node (got null)');
  });

  it('keeps comments and strings verbatim, non-ASCII included', () => {
    const tree = module([line([assign(name('ß'), string("'😀\\n'"))], { trailing_whitespace: trailing('# ünïcode', ' ') })]);
    expect(codegen(tree)).toBe("ß = '😀\\n' # ünïcode\n");
    expect(comment('#x').value).toBe('#x');
  });
});

// Fields left at LibCST's MaybeSentinel.DEFAULT (null here) get LibCST's default text, as when
// code builds nodes without spelling out their whitespace. Expected texts are LibCST 1.8.2's.
describe('codegen of defaulted fields', () => {
  const colon = (after = ' '): CstNode => op('Colon', '', after);
  const pass = (): CstNode => line([node('Pass', { semicolon: null })]);
  const matchCase = (pattern: CstNode): CstNode =>
    node('MatchCase', {
      pattern,
      body: block([pass()]),
      guard: null,
      leading_lines: [],
      whitespace_after_case: sp(),
      whitespace_before_if: ws(),
      whitespace_after_if: ws(),
      whitespace_before_colon: ws(),
    });
  const matchValue = (value: CstNode): CstNode => node('MatchValue', { value });
  const matchAs = (pattern: CstNode | null, asName: CstNode | null): CstNode =>
    node('MatchAs', { pattern, name: asName, whitespace_before_as: null, whitespace_after_as: null, lpar: [], rpar: [] });

  const cases: Array<[string, CstNode, string]> = [
    ['lambda without parameters', node('Lambda', { params: parameters(), body: name('a'), colon: colon(), lpar: [], rpar: [], whitespace_after_lambda: null }), 'lambda: a'],
    [
      'lambda with parameters',
      node('Lambda', { params: parameters({ params: [param('a')] }), body: name('a'), colon: colon(), lpar: [], rpar: [], whitespace_after_lambda: null }),
      'lambda a: a',
    ],
    ['return with a value', node('Return', { value: name('x'), whitespace_after_return: null, semicolon: null }), 'return x'],
    ['bare return', node('Return', { value: null, whitespace_after_return: null, semicolon: null }), 'return'],
    [
      'raise from',
      node('Raise', {
        exc: name('E'),
        cause: node('From', { item: name('e'), whitespace_before_from: null, whitespace_after_from: sp() }),
        whitespace_after_raise: null,
        semicolon: null,
      }),
      'raise E from e',
    ],
    [
      'yield from',
      node('Yield', { value: node('From', { item: name('y'), whitespace_before_from: null, whitespace_after_from: sp() }), lpar: [], rpar: [], whitespace_after_yield: null }),
      'yield from y',
    ],
    ['bare yield', node('Yield', { value: null, lpar: [], rpar: [], whitespace_after_yield: null }), 'yield'],
    ['assert with message', node('Assert', { test: name('t'), msg: name('m'), comma: null, whitespace_after_assert: sp(), semicolon: null }), 'assert t, m'],
    [
      'annotated assignment',
      node('AnnAssign', {
        target: name('v'),
        annotation: node('Annotation', { annotation: name('int'), whitespace_before_indicator: null, whitespace_after_indicator: sp() }),
        value: integer('0'),
        equal: null,
        semicolon: null,
      }),
      'v: int = 0',
    ],
    ['slice with step', node('Slice', { lower: name('x'), upper: name('y'), step: name('z'), first_colon: colon(''), second_colon: null }), 'x:y:z'],
    [
      'class with bases and keywords',
      node('ClassDef', {
        name: name('C'),
        body: block([pass()]),
        bases: [arg(name('B'))],
        keywords: [arg(name('M'), { keyword: name('metaclass') })],
        decorators: [],
        lpar: null,
        rpar: null,
        leading_lines: [],
        lines_after_decorators: [],
        whitespace_after_class: sp(),
        whitespace_after_name: ws(),
        whitespace_before_colon: ws(),
        type_parameters: null,
        whitespace_after_type_parameters: ws(),
      }),
      'class C(B, metaclass = M):\n    pass\n',
    ],
    [
      'match patterns',
      node('Match', {
        subject: name('p'),
        cases: [
          matchCase(matchAs(matchValue(integer('1')), name('one'))),
          matchCase(
            node('MatchList', {
              patterns: [node('MatchSequenceElement', { value: matchValue(name('a')), comma: null }), node('MatchStar', { name: null, comma: null, whitespace_before_name: ws() })],
              lbracket: null,
              rbracket: null,
              lpar: [],
              rpar: [],
            }),
          ),
          matchCase(node('MatchTuple', { patterns: [node('MatchSequenceElement', { value: matchAs(null, null), comma: null })], lpar: [lpar()], rpar: [rpar()] })),
          matchCase(
            node('MatchOr', {
              patterns: [node('MatchOrElement', { pattern: matchValue(integer('1')), separator: null }), node('MatchOrElement', { pattern: matchValue(integer('2')), separator: null })],
              lpar: [],
              rpar: [],
            }),
          ),
        ],
        leading_lines: [],
        whitespace_after_match: sp(),
        whitespace_before_colon: ws(),
        whitespace_after_colon: trailing(),
        indent: null,
        footer: [],
      }),
      'match p:\n    case 1 as one:\n        pass\n    case a, *_:\n        pass\n    case (_,):\n        pass\n    case 1 | 2:\n        pass\n',
    ],
    [
      'type alias',
      node('TypeAlias', {
        name: name('A'),
        value: name('int'),
        type_parameters: null,
        whitespace_after_type: sp(),
        whitespace_after_name: null,
        whitespace_after_type_parameters: null,
        whitespace_after_equals: sp(),
        semicolon: null,
      }),
      'type A = int',
    ],
  ];

  it.each(cases)('%s', (_name, tree, text) => {
    expect(codegen(tree)).toBe(text);
  });
});
