// Builders for small hand-made CST trees in LibCST's shape, for the codegen, positions and visitor
// tests. Defaults are the whitespace LibCST's parser produces for tightly written code.
import type { CstNode } from '../../src/python/cst.js';

type Fields = Record<string, unknown>;

export function node(type: string, fields: Fields = {}): CstNode {
  return { type, ...fields };
}

export const ws = (value = ''): CstNode => node('SimpleWhitespace', { value });
export const sp = (): CstNode => ws(' ');
export const newline = (value: string | null = null): CstNode => node('Newline', { value });
export const comment = (value: string): CstNode => node('Comment', { value });

export function trailing(commentText: string | null = null, whitespace = '', nl: string | null = null): CstNode {
  return node('TrailingWhitespace', { whitespace: ws(whitespace), comment: commentText === null ? null : comment(commentText), newline: newline(nl) });
}

export function emptyLine(commentText: string | null = null, indent = true, whitespace = ''): CstNode {
  return node('EmptyLine', { indent, whitespace: ws(whitespace), comment: commentText === null ? null : comment(commentText), newline: newline() });
}

export const lpar = (after: CstNode = ws()): CstNode => node('LeftParen', { whitespace_after: after });
export const rpar = (before: CstNode = ws()): CstNode => node('RightParen', { whitespace_before: before });

export const name = (value: string, parens = 0): CstNode =>
  node('Name', { value, lpar: Array.from({ length: parens }, () => lpar()), rpar: Array.from({ length: parens }, () => rpar()) });
export const integer = (value: string): CstNode => node('Integer', { value, lpar: [], rpar: [] });
export const string = (value: string): CstNode => node('SimpleString', { value, lpar: [], rpar: [] });

export function op(type: string, before = ' ', after = ' ', fields: Fields = {}): CstNode {
  return node(type, { whitespace_before: ws(before), whitespace_after: ws(after), ...fields });
}

export const comma = (before = '', after = ' '): CstNode => op('Comma', before, after);

export function binary(left: CstNode, operator: string, right: CstNode): CstNode {
  return node('BinaryOperation', { left, operator: op(operator), right, lpar: [], rpar: [] });
}

export function arg(value: CstNode, fields: Fields = {}): CstNode {
  return node('Arg', {
    value,
    keyword: null,
    equal: null,
    comma: null,
    star: '',
    whitespace_after_star: ws(),
    whitespace_after_arg: ws(),
    ...fields,
  });
}

export function call(func: CstNode, args: CstNode[]): CstNode {
  return node('Call', { func, args, lpar: [], rpar: [], whitespace_after_func: ws(), whitespace_before_args: ws() });
}

export function expr(value: CstNode, semicolon: CstNode | null = null): CstNode {
  return node('Expr', { value, semicolon });
}

export function line(body: CstNode[], fields: Fields = {}): CstNode {
  return node('SimpleStatementLine', { body, leading_lines: [], trailing_whitespace: trailing(), ...fields });
}

export function assign(target: CstNode, value: CstNode): CstNode {
  return node('Assign', {
    targets: [node('AssignTarget', { target, whitespace_before_equal: sp(), whitespace_after_equal: sp() })],
    value,
    semicolon: null,
  });
}

export function returnStatement(value: CstNode | null): CstNode {
  return node('Return', { value, whitespace_after_return: value === null ? null : sp(), semicolon: null });
}

export function block(body: CstNode[], fields: Fields = {}): CstNode {
  return node('IndentedBlock', { body, header: trailing(), indent: null, footer: [], ...fields });
}

export function param(paramName: string, fields: Fields = {}): CstNode {
  return node('Param', {
    name: name(paramName),
    annotation: null,
    equal: null,
    default: null,
    comma: null,
    star: '',
    whitespace_after_star: ws(),
    whitespace_after_param: ws(),
    ...fields,
  });
}

export function parameters(fields: Fields = {}): CstNode {
  return node('Parameters', { params: [], star_arg: null, kwonly_params: [], star_kwarg: null, posonly_params: [], posonly_ind: null, ...fields });
}

export function functionDef(fnName: string, params: CstNode, body: CstNode, fields: Fields = {}): CstNode {
  return node('FunctionDef', {
    name: name(fnName),
    params,
    body,
    decorators: [],
    returns: null,
    asynchronous: null,
    leading_lines: [],
    lines_after_decorators: [],
    whitespace_after_def: sp(),
    whitespace_after_name: ws(),
    whitespace_before_params: ws(),
    whitespace_before_colon: ws(),
    type_parameters: null,
    whitespace_after_type_parameters: ws(),
    ...fields,
  });
}

export function decorator(value: CstNode, fields: Fields = {}): CstNode {
  return node('Decorator', { decorator: value, leading_lines: [], whitespace_after_at: ws(), trailing_whitespace: trailing(), ...fields });
}

export function module(body: CstNode[], fields: Fields = {}): CstNode {
  return node('Module', {
    body,
    header: [],
    footer: [],
    encoding: 'utf-8',
    default_indent: '    ',
    default_newline: '\n',
    has_trailing_newline: true,
    ...fields,
  });
}
