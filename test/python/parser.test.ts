import { describe, expect, it } from 'vitest';
import type { CstNode } from '../../src/python/cst.js';
import { parseModule, ParseError } from '../../src/python/parser/index.js';
import { children } from '../../src/python/visit.js';

/** Token-only and whitespace nodes are left out of shapes; they are checked by the exactness tests. */
const HIDDEN = new Set([
  'SimpleWhitespace', 'ParenthesizedWhitespace', 'TrailingWhitespace', 'EmptyLine', 'Newline', 'Comment', 'LeftParen',
  'RightParen', 'LeftSquareBracket', 'RightSquareBracket', 'LeftCurlyBrace', 'RightCurlyBrace', 'Comma', 'Semicolon',
  'Colon', 'Dot', 'AssignEqual', 'Asynchronous',
]);
const TEXT = new Set(['Name', 'Integer', 'Float', 'Imaginary', 'SimpleString', 'FormattedStringText']);

/** `Type(child child)`, `Name:x` for text leaves; a compact view of a tree's node types. */
function shape(node: CstNode): string {
  const label = TEXT.has(node.type) ? `${node.type}:${String(node['value'])}` : node.type;
  const kids = children(node)
    .map(([, c]) => c)
    .filter((c) => !HIDDEN.has(c.type))
    .map(shape);
  return kids.length === 0 ? label : `${label}(${kids.join(' ')})`;
}

function body(src: string): string {
  const m = parseModule(src, { positions: false });
  return (m['body'] as CstNode[]).map(shape).join('\n');
}

const SHAPES: Array<[string, string]> = [
  ['x = 1\n', 'SimpleStatementLine(Assign(AssignTarget(Name:x) Integer:1))'],
  ['a = b = 2.5\n', 'SimpleStatementLine(Assign(AssignTarget(Name:a) AssignTarget(Name:b) Float:2.5))'],
  ['x += 1j\n', 'SimpleStatementLine(AugAssign(Name:x AddAssign Imaginary:1j))'],
  ['x: int = 0\n', 'SimpleStatementLine(AnnAssign(Name:x Annotation(Name:int) Integer:0))'],
  ['a, *b = c\n', 'SimpleStatementLine(Assign(AssignTarget(Tuple(Element(Name:a) StarredElement(Name:b))) Name:c))'],
  ['f(a, *b, c=1, **d)\n', 'SimpleStatementLine(Expr(Call(Name:f Arg(Name:a) Arg(Name:b) Arg(Name:c Integer:1) Arg(Name:d))))'],
  ['a.b[c]\n', 'SimpleStatementLine(Expr(Subscript(Attribute(Name:a Name:b) SubscriptElement(Index(Name:c)))))'],
  ['x[1:2, ::3]\n', 'SimpleStatementLine(Expr(Subscript(Name:x SubscriptElement(Slice(Integer:1 Integer:2)) SubscriptElement(Slice(Integer:3)))))'],
  ['a + b * c ** -d\n', 'SimpleStatementLine(Expr(BinaryOperation(Name:a Add BinaryOperation(Name:b Multiply BinaryOperation(Name:c Power UnaryOperation(Minus Name:d))))))'],
  ['a - b - c\n', 'SimpleStatementLine(Expr(BinaryOperation(BinaryOperation(Name:a Subtract Name:b) Subtract Name:c)))'],
  ['not a and b or c\n', 'SimpleStatementLine(Expr(BooleanOperation(BooleanOperation(UnaryOperation(Not Name:a) And Name:b) Or Name:c)))'],
  ['a < b is not c not in d\n', 'SimpleStatementLine(Expr(Comparison(Name:a ComparisonTarget(LessThan Name:b) ComparisonTarget(IsNot Name:c) ComparisonTarget(NotIn Name:d))))'],
  ['x if y else z\n', 'SimpleStatementLine(Expr(IfExp(Name:x Name:y Name:z)))'],
  ['lambda a, *b: 0\n', 'SimpleStatementLine(Expr(Lambda(Parameters(Param(Name:a) Param(Name:b)) Integer:0)))'],
  ['(y := 1)\n', 'SimpleStatementLine(Expr(NamedExpr(Name:y Integer:1)))'],
  ['[x for x in y if x]\n', 'SimpleStatementLine(Expr(ListComp(Name:x CompFor(Name:x Name:y CompIf(Name:x)))))'],
  ['{k: v for k, v in d}\n', 'SimpleStatementLine(Expr(DictComp(Name:k Name:v CompFor(Tuple(Element(Name:k) Element(Name:v)) Name:d))))'],
  ['{1, 2}\n', 'SimpleStatementLine(Expr(Set(Element(Integer:1) Element(Integer:2))))'],
  ['{**a, "b": 1}\n', 'SimpleStatementLine(Expr(Dict(StarredDictElement(Name:a) DictElement(SimpleString:"b" Integer:1))))'],
  ['()\n', 'SimpleStatementLine(Expr(Tuple))'],
  ['(1,)\n', 'SimpleStatementLine(Expr(Tuple(Element(Integer:1))))'],
  ['(x for x in y)\n', 'SimpleStatementLine(Expr(GeneratorExp(Name:x CompFor(Name:x Name:y))))'],
  ['"a" "b" f"c{d!r:>{w}}"\n', 'SimpleStatementLine(Expr(ConcatenatedString(SimpleString:"a" ConcatenatedString(SimpleString:"b" FormattedString(FormattedStringText:c FormattedStringExpression(Name:d FormattedStringText:> FormattedStringExpression(Name:w)))))))'],
  ['f"{x=}"\n', 'SimpleStatementLine(Expr(FormattedString(FormattedStringExpression(Name:x))))'],
  ['...\n', 'SimpleStatementLine(Expr(Ellipsis))'],
  ['await x\n', 'SimpleStatementLine(Expr(Await(Name:x)))'],
  ['del a, b[0]\n', 'SimpleStatementLine(Del(Tuple(Element(Name:a) Element(Subscript(Name:b SubscriptElement(Index(Integer:0)))))))'],
  ['import a.b as c, d\n', 'SimpleStatementLine(Import(ImportAlias(Attribute(Name:a Name:b) AsName(Name:c)) ImportAlias(Name:d)))'],
  ['from .. import (x as y,)\n', 'SimpleStatementLine(ImportFrom(ImportAlias(Name:x AsName(Name:y))))'],
  ['from m import *\n', 'SimpleStatementLine(ImportFrom(Name:m ImportStar))'],
  ['global a, b; nonlocal c\n', 'SimpleStatementLine(Global(NameItem(Name:a) NameItem(Name:b)) Nonlocal(NameItem(Name:c)))'],
  ['assert x, "m"\n', 'SimpleStatementLine(Assert(Name:x SimpleString:"m"))'],
  ['raise E from e\n', 'SimpleStatementLine(Raise(Name:E From(Name:e)))'],
  ['return\n', 'SimpleStatementLine(Return)'],
  ['yield from g\n', 'SimpleStatementLine(Expr(Yield(From(Name:g))))'],
  ['pass; break; continue\n', 'SimpleStatementLine(Pass Break Continue)'],
  ['if a:\n    pass\nelif b:\n    pass\nelse:\n    pass\n', 'If(Name:a IndentedBlock(SimpleStatementLine(Pass)) If(Name:b IndentedBlock(SimpleStatementLine(Pass)) Else(IndentedBlock(SimpleStatementLine(Pass)))))'],
  ['while x: pass\n', 'While(Name:x SimpleStatementSuite(Pass))'],
  ['for a, b in c:\n    pass\nelse:\n    pass\n', 'For(Tuple(Element(Name:a) Element(Name:b)) Name:c IndentedBlock(SimpleStatementLine(Pass)) Else(IndentedBlock(SimpleStatementLine(Pass))))'],
  ['try:\n    pass\nexcept E as e:\n    pass\nfinally:\n    pass\n', 'Try(IndentedBlock(SimpleStatementLine(Pass)) ExceptHandler(Name:E AsName(Name:e) IndentedBlock(SimpleStatementLine(Pass))) Finally(IndentedBlock(SimpleStatementLine(Pass))))'],
  ['try:\n    pass\nexcept* E:\n    pass\n', 'TryStar(IndentedBlock(SimpleStatementLine(Pass)) ExceptStarHandler(Name:E IndentedBlock(SimpleStatementLine(Pass))))'],
  ['with a as b, c: pass\n', 'With(WithItem(Name:a AsName(Name:b)) WithItem(Name:c) SimpleStatementSuite(Pass))'],
  ['with (a as b, c): pass\n', 'With(WithItem(Name:a AsName(Name:b)) WithItem(Name:c) SimpleStatementSuite(Pass))'],
  ['@d\ndef f(a, /, b=1, *, c, **k) -> int: pass\n', 'FunctionDef(Decorator(Name:d) Name:f Parameters(Param(Name:a) ParamSlash Param(Name:b Integer:1) ParamStar Param(Name:c) Param(Name:k)) Annotation(Name:int) SimpleStatementSuite(Pass))'],
  ['async def f():\n    async for x in y: pass\n    async with z: pass\n', 'FunctionDef(Name:f Parameters IndentedBlock(For(Name:x Name:y SimpleStatementSuite(Pass)) With(WithItem(Name:z) SimpleStatementSuite(Pass))))'],
  ['class A(B, metaclass=M): pass\n', 'ClassDef(Name:A Arg(Name:B) Arg(Name:metaclass Name:M) SimpleStatementSuite(Pass))'],
  ['@a.b(c)\nclass A: pass\n', 'ClassDef(Decorator(Call(Attribute(Name:a Name:b) Arg(Name:c))) Name:A SimpleStatementSuite(Pass))'],
  ['x[*a]\n', 'SimpleStatementLine(Expr(Subscript(Name:x SubscriptElement(Index(Name:a)))))'],
  ['match p:\n    case [1, *r] | {"k": v, **kw}:\n        pass\n    case C(x, y=2) if x:\n        pass\n    case _:\n        pass\n', 'Match(Name:p MatchCase(MatchOr(MatchOrElement(MatchList(MatchSequenceElement(MatchValue(Integer:1)) MatchStar(Name:r)) BitOr) MatchOrElement(MatchMapping(MatchMappingElement(SimpleString:"k" MatchAs(Name:v)) Name:kw))) IndentedBlock(SimpleStatementLine(Pass))) MatchCase(MatchClass(Name:C MatchSequenceElement(MatchAs(Name:x)) MatchKeywordElement(Name:y MatchValue(Integer:2))) Name:x IndentedBlock(SimpleStatementLine(Pass))) MatchCase(MatchAs IndentedBlock(SimpleStatementLine(Pass))))'],
  ['type X[T] = list[T]\n', 'SimpleStatementLine(TypeAlias(Name:X TypeParameters(TypeParam(TypeVar(Name:T))) Subscript(Name:list SubscriptElement(Index(Name:T)))))'],
  ['def f[T: int, *Ts, **P](): pass\n', 'FunctionDef(Name:f TypeParameters(TypeParam(TypeVar(Name:T Name:int)) TypeParam(TypeVarTuple(Name:Ts)) TypeParam(ParamSpec(Name:P))) Parameters SimpleStatementSuite(Pass))'],
  ['match = 1\ncase(x)\n', 'SimpleStatementLine(Assign(AssignTarget(Name:match) Integer:1))\nSimpleStatementLine(Expr(Call(Name:case Arg(Name:x))))'],
  ['print(f"{a:{b}.{c}f}")\n', 'SimpleStatementLine(Expr(Call(Name:print Arg(FormattedString(FormattedStringExpression(Name:a FormattedStringExpression(Name:b) FormattedStringText:. FormattedStringExpression(Name:c) FormattedStringText:f))))))'],
];

describe('parseModule: tree shapes per construct', () => {
  it.each(SHAPES)('%j', (src, expected) => {
    expect(body(src)).toBe(expected);
  });
});

describe('parseModule: whitespace ownership', () => {
  it('gives comments before a statement to its leading_lines and the first ones to Module.header', () => {
    const m = parseModule('# head\n\nx = 1\n# lead\ny = 2\n# foot\n');
    expect((m['header'] as CstNode[]).map((l) => (l['comment'] as CstNode | null)?.['value'] ?? null)).toEqual(['# head', null]);
    const second = (m['body'] as CstNode[])[1]!;
    expect((second['leading_lines'] as CstNode[]).map((l) => (l['comment'] as CstNode)['value'])).toEqual(['# lead']);
    expect((m['footer'] as CstNode[]).map((l) => (l['comment'] as CstNode)['value'])).toEqual(['# foot']);
  });

  it('keeps block-indented trailing comments in the block footer and dedented ones for the next statement', () => {
    const m = parseModule('if a:\n    x\n    # in block\n# next\ny\n');
    const block = (m['body'] as CstNode[])[0]!['body'] as CstNode;
    expect((block['footer'] as CstNode[]).map((l) => (l['comment'] as CstNode)['value'])).toEqual(['# in block']);
    const y = (m['body'] as CstNode[])[1]!;
    expect((y['leading_lines'] as CstNode[]).map((l) => (l['comment'] as CstNode)['value'])).toEqual(['# next']);
  });

  it('records a non-default indent and newline', () => {
    const m = parseModule('if a:\r\n  x\r\nif b:\r\n\ty\r\n');
    expect(m['default_indent']).toBe('  ');
    expect(m['default_newline']).toBe('\r\n');
    const second = (m['body'] as CstNode[])[1]!['body'] as CstNode;
    expect(second['indent']).toBe('\t');
  });

  it('uses ParenthesizedWhitespace for line breaks inside brackets', () => {
    const m = parseModule('f(a,  # c\n  b)\n');
    const call = ((m['body'] as CstNode[])[0]!['body'] as CstNode[])[0]!['value'] as CstNode;
    const comma = (call['args'] as CstNode[])[0]!['comma'] as CstNode;
    const after = comma['whitespace_after'] as CstNode;
    expect(after.type).toBe('ParenthesizedWhitespace');
    expect(((after['first_line'] as CstNode)['comment'] as CstNode)['value']).toBe('# c');
    expect((after['last_line'] as CstNode)['value']).toBe('  ');
  });

  it('appends the missing final newline for parsing and reports has_trailing_newline false', () => {
    const m = parseModule('x = 1');
    expect(m['has_trailing_newline']).toBe(false);
    expect((m['body'] as CstNode[]).length).toBe(1);
  });

  it('gives the space after `[` to the bracket when a slice starts with a colon', () => {
    const m = parseModule('q[ : ]\n');
    const sub = ((m['body'] as CstNode[])[0]!['body'] as CstNode[])[0]!['value'] as CstNode;
    expect(((sub['lbracket'] as CstNode)['whitespace_after'] as CstNode)['value']).toBe(' ');
    const slice = (sub['slice'] as CstNode[])[0]!['slice'] as CstNode;
    expect(((slice['first_colon'] as CstNode)['whitespace_before'] as CstNode)['value']).toBe('');
    expect(((slice['first_colon'] as CstNode)['whitespace_after'] as CstNode)['value']).toBe(' ');
  });

  it('lets a trailing semicolon own the space before a comment', () => {
    const m = parseModule('a; b;  # c\n');
    const line = (m['body'] as CstNode[])[0]!;
    const semi = (line['body'] as CstNode[])[1]!['semicolon'] as CstNode;
    expect((semi['whitespace_after'] as CstNode)['value']).toBe('  ');
    expect(((line['trailing_whitespace'] as CstNode)['whitespace'] as CstNode)['value']).toBe('');
  });

  it('leaves the whitespace after a trailing comma to the closing bracket', () => {
    const m = parseModule('x = [1, ]\nf(a, )\n');
    const list = ((m['body'] as CstNode[])[0]!['body'] as CstNode[])[0]!['value'] as CstNode;
    const comma = (list['elements'] as CstNode[])[0]!['comma'] as CstNode;
    expect((comma['whitespace_after'] as CstNode)['value']).toBe('');
    expect(((list['rbracket'] as CstNode)['whitespace_before'] as CstNode)['value']).toBe(' ');
    // In calls the comma keeps it (LibCST's arglist rule).
    const call = ((m['body'] as CstNode[])[1]!['body'] as CstNode[])[0]!['value'] as CstNode;
    expect((((call['args'] as CstNode[])[0]!['comma'] as CstNode)['whitespace_after'] as CstNode)['value']).toBe(' ');
  });

  it('gives the last parameter the whitespace before `)` and a walrus-free lambda colon none', () => {
    const m = parseModule('def f(a, b ): pass\nlambda x : 0\n');
    const params = (m['body'] as CstNode[])[0]!['params'] as CstNode;
    expect((((params['params'] as CstNode[])[1]!)['whitespace_after_param'] as CstNode)['value']).toBe(' ');
    const lambda = ((m['body'] as CstNode[])[1]!['body'] as CstNode[])[0]!['value'] as CstNode;
    const x = ((lambda['params'] as CstNode)['params'] as CstNode[])[0]!;
    expect((x['whitespace_after_param'] as CstNode)['value']).toBe(' ');
    expect(((lambda['colon'] as CstNode)['whitespace_before'] as CstNode)['value']).toBe('');
  });

  it('keeps decorator leading lines on the definition and lines after decorators separately', () => {
    const m = parseModule('# lead\n@d\n# between\ndef f(): pass\n');
    const f = (m['body'] as CstNode[])[0]!;
    expect((m['header'] as CstNode[]).length).toBe(1);
    expect((f['lines_after_decorators'] as CstNode[]).map((l) => (l['comment'] as CstNode)['value'])).toEqual(['# between']);
    expect(f.range?.start).toEqual({ line: 4, column: 0 });
  });

  it('represents an open sequence pattern as a MatchList without brackets', () => {
    const m = parseModule('match x:\n    case 0, *y:\n        pass\n');
    const pattern = ((m['body'] as CstNode[])[0]!['cases'] as CstNode[])[0]!['pattern'] as CstNode;
    expect(pattern.type).toBe('MatchList');
    expect(pattern['lbracket']).toBeNull();
  });

  it('gives an empty file an empty header', () => {
    const m = parseModule('');
    expect(m['header']).toEqual([]);
    expect(m['body']).toEqual([]);
  });
});

const ERRORS: Array<[src: string, line: number, column: number]> = [
  ['1 = x\n', 1, 0],
  ['f() = 1\n', 1, 0],
  ['del f()\n', 1, 4],
  ['x + 1 += 2\n', 1, 0],
  ['(a, b) += 1\n', 1, 0],
  ['x = (1\n', 1, 4],
  ['x = 1)\n', 1, 5],
  ['x = [1, 2}\n', 1, 9],
  ['if x:\npass\n', 2, 0],
  ['  x = 1\n', 1, 2],
  ['if x:\n    a\n  b\n', 3, 2],
  ['x = $\n', 1, 4],
  ['def f(:\n', 1, 6],
  ['x = "abc\n', 1, 4],
  ['x = """abc\n', 1, 4],
  ['for x in 1 2: pass\n', 1, 11],
  ['f(**a, *b)\n', 1, 7],
  ['f(a=1, b)\n', 1, 7],
  ['def f(a=1, b): pass\n', 1, 11],
  ['lambda: (yield)\nclass\n', 2, 5],
  ['x = 0777\n', 1, 4],
  ['True = 1\n', 1, 0],
  ['a if b\n', 1, 6],
  ['x = 1 +\n', 1, 7],
  ['try:\n    pass\n', 3, 0],
  ['with a as 1: pass\n', 1, 10],
  ['import a.b as\n', 1, 13],
  ['from x import a,\n', 1, 15],
];

describe('parseModule: rejected input', () => {
  it.each(ERRORS)('%j fails at %i:%i', (src, line, column) => {
    let error: unknown = null;
    try {
      parseModule(src);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ParseError);
    const pe = error as ParseError;
    expect([pe.line, pe.column]).toEqual([line, column]);
  });

  it('accepts return and yield outside functions, as ast.parse does', () => {
    expect(() => parseModule('return 1\nyield 2\nawait x\n')).not.toThrow();
  });
});
