/**
 * Per-node code generation rules: what each LibCST class's `_codegen_impl` emits, in order. The
 * positions walk (../positions.ts) follows the same token order and adds LibCST's
 * `record_syntactic_position` calls; a change here needs the same change there.
 *
 * Field conventions (cst.ts): `null` stands for both `None` and `MaybeSentinel.DEFAULT`; LibCST's
 * codegen treats the two alike wherever a field admits only one of them, so the checks below test
 * for "no node" and then apply LibCST's default for that field.
 */
import type { CstNode } from '../cst.js';
import { NODE_SCHEMA } from '../schema.js';
import type { Emitter, NodeRule } from './emitter.js';
import { EXCEPT_TYPE_FIELD } from '../visit.js';
import { COMMA_SPACE, DEFAULT_COMMA, DEFAULT_SEMICOLON, DEFAULT_SEPARATOR, ELIF } from './flags.js';

function child(node: CstNode, field: string): CstNode {
  const value = node[field];
  if (typeof value !== 'object' || value === null) throw missing(node, field, 'a node');
  return value as CstNode;
}

function optional(node: CstNode, field: string): CstNode | null {
  return (node[field] as CstNode | null | undefined) ?? null;
}

function list(node: CstNode, field: string): CstNode[] {
  const value = node[field];
  if (!Array.isArray(value)) throw missing(node, field, 'a list');
  return value as CstNode[];
}

function missing(node: CstNode, field: string, what: string): Error {
  return new Error(`codegen: ${node.type}.${field} must be ${what} (got ${node[field] === undefined ? 'nothing' : JSON.stringify(node[field])})`);
}

function string(node: CstNode, field: string): string {
  return node[field] as string;
}

/** The comma of elements that take `default_comma` (`", "` when defaulted). */
function comma(e: Emitter, node: CstNode, flags: number): void {
  const c = optional(node, 'comma');
  if (c !== null) e.node(c);
  else if (flags & DEFAULT_COMMA) e.token(', ');
}

/** `_BaseElementImpl._codegen_comma`: the defaulted comma has a space only with `default_comma_whitespace`. */
function elementComma(e: Emitter, node: CstNode, flags: number): void {
  const c = optional(node, 'comma');
  if (c !== null) e.node(c);
  else if (flags & DEFAULT_COMMA) e.token(flags & COMMA_SPACE ? ', ' : ',');
}

function semicolon(e: Emitter, node: CstNode, flags: number): void {
  const s = optional(node, 'semicolon');
  if (s !== null) e.node(s);
  else if (flags & DEFAULT_SEMICOLON) e.token('; ');
}

/** `_BaseParenthesizedNode._parenthesize` around a body that emits the node's own tokens. */
function parenthesized(body: (e: Emitter, node: CstNode) => void): NodeRule {
  return (e, node) => {
    e.all(list(node, 'lpar'));
    body(e, node);
    e.all(list(node, 'rpar'));
  };
}

/** A small statement: its body, then its semicolon. */
function smallStatement(body: (e: Emitter, node: CstNode) => void): NodeRule {
  return (e, node, flags) => {
    body(e, node);
    semicolon(e, node, flags);
  };
}

/** Leading lines then the indentation, as every compound statement and clause starts. */
function leadingLinesAndIndent(e: Emitter, node: CstNode): void {
  e.all(list(node, 'leading_lines'));
  e.addIndentTokens();
}

/** A clause `keyword ws : body` (Else, Finally). */
function clause(keyword: string): NodeRule {
  return (e, node) => {
    leadingLinesAndIndent(e, node);
    e.token(keyword);
    e.node(child(node, 'whitespace_before_colon'));
    e.token(':');
    e.node(child(node, 'body'));
  };
}

function leaf(e: Emitter, node: CstNode): void {
  e.token(string(node, 'value'));
}

function oneTokenOperator(token: string | null): NodeRule {
  return (e, node) => {
    e.node(child(node, 'whitespace_before'));
    e.token(token ?? string(node, 'value'));
    e.node(child(node, 'whitespace_after'));
  };
}

function twoTokenOperator(first: string, second: string): NodeRule {
  return (e, node) => {
    e.node(child(node, 'whitespace_before'));
    e.token(first);
    e.node(child(node, 'whitespace_between'));
    e.token(second);
    e.node(child(node, 'whitespace_after'));
  };
}

function unaryOperator(token: string): NodeRule {
  return (e, node) => {
    e.token(token);
    e.node(child(node, 'whitespace_after'));
  };
}

function openBracket(token: string): NodeRule {
  return (e, node) => {
    e.token(token);
    e.node(child(node, 'whitespace_after'));
  };
}

function closeBracket(token: string): NodeRule {
  return (e, node) => {
    e.node(child(node, 'whitespace_before'));
    e.token(token);
  };
}

/** Elements of List/Set/Dict: defaulted commas between elements, with a space. */
function elements(e: Emitter, items: CstNode[]): void {
  const last = items.length - 1;
  for (let i = 0; i <= last; i++) e.node(items[i]!, i < last ? DEFAULT_COMMA | COMMA_SPACE : COMMA_SPACE);
}

/** Children of a comma-separated list with `default_comma` on all but the last. */
function commaList(e: Emitter, items: CstNode[]): void {
  const last = items.length - 1;
  for (let i = 0; i <= last; i++) e.node(items[i]!, i !== last ? DEFAULT_COMMA : 0);
}

function parameters(e: Emitter, node: CstNode): void {
  const posonly = list(node, 'posonly_params');
  const params = list(node, 'params');
  const kwonly = list(node, 'kwonly_params');
  const starArg = optional(node, 'star_arg');
  const starKwarg = optional(node, 'star_kwarg');
  const starIncluded = starArg === null ? kwonly.length > 0 : starArg.type === 'Param' || starArg.type === 'ParamStar';
  for (const param of posonly) e.node(param, DEFAULT_COMMA, '');
  let moreValues = starIncluded || params.length > 0 || kwonly.length > 0 || starKwarg !== null;
  const slash = optional(node, 'posonly_ind');
  if (slash !== null) e.node(slash, moreValues ? DEFAULT_COMMA : 0);
  else if (posonly.length > 0) e.token(moreValues ? '/, ' : '/');
  moreValues = starIncluded || kwonly.length > 0 || starKwarg !== null;
  for (let i = 0; i < params.length; i++) e.node(params[i]!, i < params.length - 1 || moreValues ? DEFAULT_COMMA : 0, '');
  if (starArg === null) {
    if (starIncluded) e.token('*, ');
  } else if (starArg.type === 'Param') {
    e.node(starArg, kwonly.length > 0 || starKwarg !== null ? DEFAULT_COMMA : 0, '*');
  } else {
    e.node(starArg);
  }
  moreValues = starKwarg !== null;
  for (let i = 0; i < kwonly.length; i++) e.node(kwonly[i]!, i < kwonly.length - 1 || moreValues ? DEFAULT_COMMA : 0, '');
  if (starKwarg !== null) e.node(starKwarg, 0, '**');
}

function param(e: Emitter, node: CstNode, flags: number, defaultStar: string | null): void {
  let star = node['star'] as string | null;
  if (star === null || star === undefined) {
    if (defaultStar === null) throw new Error('codegen: a Param without star needs its Parameters (default_star)');
    star = defaultStar;
  }
  e.token(star);
  e.node(child(node, 'whitespace_after_star'));
  e.node(child(node, 'name'));
  const annotation = optional(node, 'annotation');
  if (annotation !== null) e.node(annotation, 0, ':');
  const equal = optional(node, 'equal');
  const value = optional(node, 'default');
  if (equal !== null) e.node(equal);
  else if (value !== null) e.token(' = ');
  if (value !== null) e.node(value);
  comma(e, node, flags);
  e.node(child(node, 'whitespace_after_param'));
}

function annotation(e: Emitter, node: CstNode, _flags: number, indicator: string | null): void {
  if (indicator === null) throw new Error('codegen: an Annotation needs its parent (default_indicator)');
  const before = optional(node, 'whitespace_before_indicator');
  if (before !== null) e.node(before);
  else if (indicator === '->') e.token(' ');
  e.token(indicator);
  e.node(child(node, 'whitespace_after_indicator'));
  e.node(child(node, 'annotation'));
}

function indentedBlock(e: Emitter, node: CstNode): void {
  e.node(child(node, 'header'));
  const indent = node['indent'] as string | null;
  e.indent(indent ?? e.defaultIndent);
  const body = list(node, 'body');
  if (body.length > 0) {
    for (const statement of body) e.node(statement);
  } else {
    e.addIndentTokens();
    e.token('pass');
    e.token(e.defaultNewline);
  }
  e.all(list(node, 'footer'));
  e.dedent();
}

function simpleStatementBody(e: Emitter, node: CstNode): void {
  const body = list(node, 'body');
  if (body.length > 0) {
    const last = body.length - 1;
    for (let i = 0; i <= last; i++) e.node(body[i]!, i !== last ? DEFAULT_SEMICOLON : 0);
  } else {
    e.token('pass');
  }
  e.node(child(node, 'trailing_whitespace'));
}

function ifStatement(e: Emitter, node: CstNode, flags: number): void {
  leadingLinesAndIndent(e, node);
  const orelse = optional(node, 'orelse');
  const body = child(node, 'body');
  e.token(flags & ELIF ? 'elif' : 'if');
  e.node(child(node, 'whitespace_before_test'));
  e.node(child(node, 'test'));
  e.node(child(node, 'whitespace_after_test'));
  e.token(':');
  e.node(body);
  if (orelse !== null) e.node(orelse, orelse.type === 'If' ? ELIF : 0);
}

function exceptHandler(star: boolean): NodeRule {
  return (e, node) => {
    leadingLinesAndIndent(e, node);
    const body = child(node, 'body');
    e.token('except');
    e.node(child(node, 'whitespace_after_except'));
    if (star) {
      e.token('*');
      e.node(child(node, 'whitespace_after_star'));
    }
    e.maybe(node[EXCEPT_TYPE_FIELD]);
    e.maybe(node['name']);
    e.node(child(node, 'whitespace_before_colon'));
    e.token(':');
    e.node(body);
  };
}

function tryStatement(e: Emitter, node: CstNode): void {
  leadingLinesAndIndent(e, node);
  const body = child(node, 'body');
  const handlers = list(node, 'handlers');
  const orelse = optional(node, 'orelse');
  const finalbody = optional(node, 'finalbody');
  e.token('try');
  e.node(child(node, 'whitespace_before_colon'));
  e.token(':');
  e.node(body);
  e.all(handlers);
  if (orelse !== null) e.node(orelse);
  if (finalbody !== null) e.node(finalbody);
}

function functionDef(e: Emitter, node: CstNode): void {
  e.all(list(node, 'leading_lines'));
  e.all(list(node, 'decorators'));
  e.all(list(node, 'lines_after_decorators'));
  e.addIndentTokens();
  const body = child(node, 'body');
  e.maybe(node['asynchronous']);
  e.token('def');
  e.node(child(node, 'whitespace_after_def'));
  e.node(child(node, 'name'));
  e.node(child(node, 'whitespace_after_name'));
  e.maybe(node['type_parameters']);
  e.node(child(node, 'whitespace_after_type_parameters'));
  e.token('(');
  e.node(child(node, 'whitespace_before_params'));
  e.node(child(node, 'params'));
  e.token(')');
  const returns = optional(node, 'returns');
  if (returns !== null) e.node(returns, 0, '->');
  e.node(child(node, 'whitespace_before_colon'));
  e.token(':');
  e.node(body);
}

function classDef(e: Emitter, node: CstNode): void {
  e.all(list(node, 'leading_lines'));
  e.all(list(node, 'decorators'));
  e.all(list(node, 'lines_after_decorators'));
  e.addIndentTokens();
  const body = child(node, 'body');
  e.token('class');
  e.node(child(node, 'whitespace_after_class'));
  e.node(child(node, 'name'));
  e.node(child(node, 'whitespace_after_name'));
  e.maybe(node['type_parameters']);
  e.node(child(node, 'whitespace_after_type_parameters'));
  const bases = list(node, 'bases');
  const keywords = list(node, 'keywords');
  const hasArgs = bases.length > 0 || keywords.length > 0;
  const lpar = optional(node, 'lpar');
  if (lpar !== null) e.node(lpar);
  else if (hasArgs) e.token('(');
  const last = bases.length + keywords.length - 1;
  for (let i = 0; i < bases.length; i++) e.node(bases[i]!, i !== last ? DEFAULT_COMMA : 0);
  for (let i = 0; i < keywords.length; i++) e.node(keywords[i]!, bases.length + i !== last ? DEFAULT_COMMA : 0);
  const rpar = optional(node, 'rpar');
  if (rpar !== null) e.node(rpar);
  else if (hasArgs) e.token(')');
  e.node(child(node, 'whitespace_before_colon'));
  e.token(':');
  e.node(body);
}

const LINE_BREAKING_WHITESPACE = new Set(['EmptyLine', 'TrailingWhitespace', 'ParenthesizedWhitespace']);

function withStatement(e: Emitter, node: CstNode): void {
  leadingLinesAndIndent(e, node);
  const items = list(node, 'items');
  let needsParen = false;
  for (const item of items) {
    const c = optional(item, 'comma');
    if (c !== null && LINE_BREAKING_WHITESPACE.has(child(c, 'whitespace_after').type)) {
      needsParen = true;
      break;
    }
  }
  const body = child(node, 'body');
  e.maybe(node['asynchronous']);
  e.token('with');
  e.node(child(node, 'whitespace_after_with'));
  const lpar = optional(node, 'lpar');
  if (lpar !== null) e.node(lpar);
  else if (needsParen) e.token('(');
  commaList(e, items);
  const rpar = optional(node, 'rpar');
  if (rpar !== null) e.node(rpar);
  else if (needsParen) e.token(')');
  e.node(child(node, 'whitespace_before_colon'));
  e.token(':');
  e.node(body);
}

function forStatement(e: Emitter, node: CstNode): void {
  leadingLinesAndIndent(e, node);
  const body = child(node, 'body');
  const orelse = optional(node, 'orelse');
  e.maybe(node['asynchronous']);
  e.token('for');
  e.node(child(node, 'whitespace_after_for'));
  e.node(child(node, 'target'));
  e.node(child(node, 'whitespace_before_in'));
  e.token('in');
  e.node(child(node, 'whitespace_after_in'));
  e.node(child(node, 'iter'));
  e.node(child(node, 'whitespace_before_colon'));
  e.token(':');
  e.node(body);
  if (orelse !== null) e.node(orelse);
}

function whileStatement(e: Emitter, node: CstNode): void {
  leadingLinesAndIndent(e, node);
  const body = child(node, 'body');
  const orelse = optional(node, 'orelse');
  e.token('while');
  e.node(child(node, 'whitespace_after_while'));
  e.node(child(node, 'test'));
  e.node(child(node, 'whitespace_before_colon'));
  e.token(':');
  e.node(body);
  if (orelse !== null) e.node(orelse);
}

function matchStatement(e: Emitter, node: CstNode): void {
  leadingLinesAndIndent(e, node);
  const cases = list(node, 'cases');
  e.token('match');
  e.node(child(node, 'whitespace_after_match'));
  e.node(child(node, 'subject'));
  e.node(child(node, 'whitespace_before_colon'));
  e.token(':');
  e.node(child(node, 'whitespace_after_colon'));
  e.indent((node['indent'] as string | null) ?? e.defaultIndent);
  e.all(cases);
  e.all(list(node, 'footer'));
  e.dedent();
}

function matchCase(e: Emitter, node: CstNode): void {
  leadingLinesAndIndent(e, node);
  const body = child(node, 'body');
  e.token('case');
  e.node(child(node, 'whitespace_after_case'));
  e.node(child(node, 'pattern'));
  const guard = optional(node, 'guard');
  if (guard !== null) {
    e.node(child(node, 'whitespace_before_if'));
    e.token('if');
    e.node(child(node, 'whitespace_after_if'));
    e.node(guard);
  }
  e.node(child(node, 'whitespace_before_colon'));
  e.token(':');
  e.node(body);
}

/** MatchSequenceElement / MatchStar: `default_comma_whitespace` defaults to true. */
function matchSequenceComma(e: Emitter, node: CstNode, flags: number): void {
  const c = optional(node, 'comma');
  if (c !== null) e.node(c);
  else if (flags & DEFAULT_COMMA) e.token(flags & COMMA_SPACE ? ', ' : ',');
}

function module(e: Emitter, node: CstNode): void {
  e.all(list(node, 'header'));
  e.all(list(node, 'body'));
  e.all(list(node, 'footer'));
  if (node['has_trailing_newline'] === false) e.popLastToken();
  else if (!e.hasTokens) e.token(e.defaultNewline);
}

const RULES: Record<string, NodeRule> = {
  Module: module,

  // Whitespace
  SimpleWhitespace: leaf,
  Comment: leaf,
  Newline: (e, node) => {
    const value = node['value'] as string | null;
    e.token(value ?? e.defaultNewline);
  },
  TrailingWhitespace: (e, node) => {
    e.node(child(node, 'whitespace'));
    e.maybe(node['comment']);
    e.node(child(node, 'newline'));
  },
  EmptyLine: (e, node) => {
    if (node['indent']) e.addIndentTokens();
    e.node(child(node, 'whitespace'));
    e.maybe(node['comment']);
    e.node(child(node, 'newline'));
  },
  ParenthesizedWhitespace: (e, node) => {
    e.node(child(node, 'first_line'));
    e.all(list(node, 'empty_lines'));
    if (node['indent']) e.addIndentTokens();
    e.node(child(node, 'last_line'));
  },

  // Brackets and small tokens
  LeftParen: openBracket('('),
  LeftSquareBracket: openBracket('['),
  LeftCurlyBrace: openBracket('{'),
  RightParen: closeBracket(')'),
  RightSquareBracket: closeBracket(']'),
  RightCurlyBrace: closeBracket('}'),
  ImportStar: (e) => {
    e.token('*');
  },
  Asynchronous: (e, node) => {
    e.token('async');
    e.node(child(node, 'whitespace_after'));
  },

  // Atoms
  Name: parenthesized((e, node) => e.token(string(node, 'value'))),
  Integer: parenthesized((e, node) => e.token(string(node, 'value'))),
  Float: parenthesized((e, node) => e.token(string(node, 'value'))),
  Imaginary: parenthesized((e, node) => e.token(string(node, 'value'))),
  SimpleString: parenthesized((e, node) => e.token(string(node, 'value'))),
  Ellipsis: parenthesized((e) => e.token('...')),
  FormattedString: parenthesized((e, node) => {
    e.token(string(node, 'start'));
    e.all(list(node, 'parts'));
    e.token(string(node, 'end'));
  }),
  FormattedStringText: leaf,
  FormattedStringExpression: (e, node) => {
    e.token('{');
    e.node(child(node, 'whitespace_before_expression'));
    e.node(child(node, 'expression'));
    e.maybe(node['equal']);
    e.node(child(node, 'whitespace_after_expression'));
    const conversion = node['conversion'] as string | null;
    if (conversion !== null && conversion !== undefined) {
      e.token('!');
      e.token(conversion);
    }
    const spec = node['format_spec'] as CstNode[] | null;
    if (spec !== null && spec !== undefined) {
      e.token(':');
      e.all(spec);
    }
    e.token('}');
  },
  ConcatenatedString: parenthesized((e, node) => {
    e.node(child(node, 'left'));
    e.node(child(node, 'whitespace_between'));
    e.node(child(node, 'right'));
  }),

  // Expressions
  Comparison: parenthesized((e, node) => {
    e.node(child(node, 'left'));
    e.all(list(node, 'comparisons'));
  }),
  ComparisonTarget: (e, node) => {
    e.node(child(node, 'operator'));
    e.node(child(node, 'comparator'));
  },
  UnaryOperation: parenthesized((e, node) => {
    e.node(child(node, 'operator'));
    e.node(child(node, 'expression'));
  }),
  BinaryOperation: parenthesized((e, node) => {
    e.node(child(node, 'left'));
    e.node(child(node, 'operator'));
    e.node(child(node, 'right'));
  }),
  BooleanOperation: parenthesized((e, node) => {
    e.node(child(node, 'left'));
    e.node(child(node, 'operator'));
    e.node(child(node, 'right'));
  }),
  Attribute: parenthesized((e, node) => {
    e.node(child(node, 'value'));
    e.node(child(node, 'dot'));
    e.node(child(node, 'attr'));
  }),
  Index: (e, node) => {
    const star = node['star'] as string | null;
    if (star !== null && star !== undefined) e.token(star);
    e.maybe(node['whitespace_after_star']);
    e.node(child(node, 'value'));
  },
  Slice: (e, node) => {
    e.maybe(node['lower']);
    e.node(child(node, 'first_colon'));
    e.maybe(node['upper']);
    const second = optional(node, 'second_colon');
    const step = optional(node, 'step');
    if (second !== null) e.node(second);
    else if (step !== null) e.token(':');
    if (step !== null) e.node(step);
  },
  SubscriptElement: (e, node, flags) => {
    e.node(child(node, 'slice'));
    comma(e, node, flags);
  },
  Subscript: parenthesized((e, node) => {
    e.node(child(node, 'value'));
    e.node(child(node, 'whitespace_after_value'));
    e.node(child(node, 'lbracket'));
    commaList(e, list(node, 'slice'));
    e.node(child(node, 'rbracket'));
  }),
  Annotation: annotation,
  ParamStar: (e, node) => {
    e.token('*');
    e.node(child(node, 'comma'));
  },
  ParamSlash: (e, node, flags) => {
    e.token('/');
    e.node(child(node, 'whitespace_after'));
    comma(e, node, flags);
  },
  Param: param,
  Parameters: parameters,
  Lambda: parenthesized((e, node) => {
    e.token('lambda');
    const params = child(node, 'params');
    const ws = optional(node, 'whitespace_after_lambda');
    if (ws !== null) e.node(ws);
    else if (
      list(params, 'posonly_params').length > 0 ||
      list(params, 'params').length > 0 ||
      optional(params, 'star_arg')?.type === 'Param' ||
      list(params, 'kwonly_params').length > 0 ||
      optional(params, 'star_kwarg') !== null
    ) {
      e.token(' ');
    }
    e.node(params);
    e.node(child(node, 'colon'));
    e.node(child(node, 'body'));
  }),
  Arg: (e, node, flags) => {
    e.token((node['star'] as string | null) ?? '');
    e.node(child(node, 'whitespace_after_star'));
    const keyword = optional(node, 'keyword');
    if (keyword !== null) e.node(keyword);
    const equal = optional(node, 'equal');
    if (equal !== null) e.node(equal);
    else if (keyword !== null) e.token(' = ');
    e.node(child(node, 'value'));
    comma(e, node, flags);
    e.node(child(node, 'whitespace_after_arg'));
  },
  Call: parenthesized((e, node) => {
    e.node(child(node, 'func'));
    e.node(child(node, 'whitespace_after_func'));
    e.token('(');
    e.node(child(node, 'whitespace_before_args'));
    commaList(e, list(node, 'args'));
    e.token(')');
  }),
  Await: parenthesized((e, node) => {
    e.token('await');
    e.node(child(node, 'whitespace_after_await'));
    e.node(child(node, 'expression'));
  }),
  IfExp: parenthesized((e, node) => {
    e.node(child(node, 'body'));
    e.node(child(node, 'whitespace_before_if'));
    e.token('if');
    e.node(child(node, 'whitespace_after_if'));
    e.node(child(node, 'test'));
    e.node(child(node, 'whitespace_before_else'));
    e.token('else');
    e.node(child(node, 'whitespace_after_else'));
    e.node(child(node, 'orelse'));
  }),
  From: (e, node, _flags, defaultSpace) => {
    const before = optional(node, 'whitespace_before_from');
    if (before !== null) e.node(before);
    else e.token(defaultSpace ?? '');
    e.token('from');
    e.node(child(node, 'whitespace_after_from'));
    e.node(child(node, 'item'));
  },
  Yield: parenthesized((e, node) => {
    e.token('yield');
    const ws = optional(node, 'whitespace_after_yield');
    const value = optional(node, 'value');
    if (ws !== null) e.node(ws);
    else if (value !== null) e.token(' ');
    if (value !== null) e.node(value, 0, value.type === 'From' ? '' : null);
  }),
  Element: (e, node, flags) => {
    e.node(child(node, 'value'));
    elementComma(e, node, flags);
  },
  DictElement: (e, node, flags) => {
    e.node(child(node, 'key'));
    e.node(child(node, 'whitespace_before_colon'));
    e.token(':');
    e.node(child(node, 'whitespace_after_colon'));
    e.node(child(node, 'value'));
    elementComma(e, node, flags);
  },
  StarredElement: (e, node, flags) => {
    e.all(list(node, 'lpar'));
    e.token('*');
    e.node(child(node, 'whitespace_before_value'));
    e.node(child(node, 'value'));
    e.all(list(node, 'rpar'));
    elementComma(e, node, flags);
  },
  StarredDictElement: (e, node, flags) => {
    e.token('**');
    e.node(child(node, 'whitespace_before_value'));
    e.node(child(node, 'value'));
    elementComma(e, node, flags);
  },
  Tuple: parenthesized((e, node) => {
    const items = list(node, 'elements');
    if (items.length === 1) e.node(items[0]!, DEFAULT_COMMA);
    else elements(e, items);
  }),
  List: parenthesized((e, node) => {
    e.node(child(node, 'lbracket'));
    elements(e, list(node, 'elements'));
    e.node(child(node, 'rbracket'));
  }),
  Set: parenthesized((e, node) => {
    e.node(child(node, 'lbrace'));
    elements(e, list(node, 'elements'));
    e.node(child(node, 'rbrace'));
  }),
  Dict: parenthesized((e, node) => {
    e.node(child(node, 'lbrace'));
    elements(e, list(node, 'elements'));
    e.node(child(node, 'rbrace'));
  }),
  CompFor: (e, node) => {
    e.node(child(node, 'whitespace_before'));
    e.maybe(node['asynchronous']);
    e.token('for');
    e.node(child(node, 'whitespace_after_for'));
    e.node(child(node, 'target'));
    e.node(child(node, 'whitespace_before_in'));
    e.token('in');
    e.node(child(node, 'whitespace_after_in'));
    e.node(child(node, 'iter'));
    e.all(list(node, 'ifs'));
    e.maybe(node['inner_for_in']);
  },
  CompIf: (e, node) => {
    e.node(child(node, 'whitespace_before'));
    e.token('if');
    e.node(child(node, 'whitespace_before_test'));
    e.node(child(node, 'test'));
  },
  GeneratorExp: parenthesized((e, node) => {
    e.node(child(node, 'elt'));
    e.node(child(node, 'for_in'));
  }),
  ListComp: parenthesized((e, node) => {
    e.node(child(node, 'lbracket'));
    e.node(child(node, 'elt'));
    e.node(child(node, 'for_in'));
    e.node(child(node, 'rbracket'));
  }),
  SetComp: parenthesized((e, node) => {
    e.node(child(node, 'lbrace'));
    e.node(child(node, 'elt'));
    e.node(child(node, 'for_in'));
    e.node(child(node, 'rbrace'));
  }),
  DictComp: parenthesized((e, node) => {
    e.node(child(node, 'lbrace'));
    e.node(child(node, 'key'));
    e.node(child(node, 'whitespace_before_colon'));
    e.token(':');
    e.node(child(node, 'whitespace_after_colon'));
    e.node(child(node, 'value'));
    e.node(child(node, 'for_in'));
    e.node(child(node, 'rbrace'));
  }),
  NamedExpr: parenthesized((e, node) => {
    e.node(child(node, 'target'));
    e.node(child(node, 'whitespace_before_walrus'));
    e.token(':=');
    e.node(child(node, 'whitespace_after_walrus'));
    e.node(child(node, 'value'));
  }),

  // Small statements
  Del: smallStatement((e, node) => {
    e.token('del');
    e.node(child(node, 'whitespace_after_del'));
    e.node(child(node, 'target'));
  }),
  Pass: smallStatement((e) => e.token('pass')),
  Break: smallStatement((e) => e.token('break')),
  Continue: smallStatement((e) => e.token('continue')),
  Return: smallStatement((e, node) => {
    e.token('return');
    const ws = optional(node, 'whitespace_after_return');
    const value = optional(node, 'value');
    if (ws !== null) e.node(ws);
    else if (value !== null) e.token(' ');
    if (value !== null) e.node(value);
  }),
  Expr: smallStatement((e, node) => e.node(child(node, 'value'))),
  Import: smallStatement((e, node) => {
    e.token('import');
    e.node(child(node, 'whitespace_after_import'));
    commaList(e, list(node, 'names'));
  }),
  ImportFrom: (e, node, flags) => {
    const names = node['names'] as CstNode[] | CstNode;
    const rpar = optional(node, 'rpar');
    e.token('from');
    e.node(child(node, 'whitespace_after_from'));
    e.all(list(node, 'relative'));
    e.maybe(node['module']);
    e.node(child(node, 'whitespace_before_import'));
    e.token('import');
    e.node(child(node, 'whitespace_after_import'));
    e.maybe(node['lpar']);
    if (Array.isArray(names)) commaList(e, names);
    else e.node(names);
    if (rpar !== null) e.node(rpar);
    semicolon(e, node, flags);
  },
  ImportAlias: (e, node, flags) => {
    e.node(child(node, 'name'));
    e.maybe(node['asname']);
    comma(e, node, flags);
  },
  AsName: (e, node) => {
    e.node(child(node, 'whitespace_before_as'));
    e.token('as');
    e.node(child(node, 'whitespace_after_as'));
    e.node(child(node, 'name'));
  },
  AssignTarget: (e, node) => {
    e.node(child(node, 'target'));
    e.node(child(node, 'whitespace_before_equal'));
    e.token('=');
    e.node(child(node, 'whitespace_after_equal'));
  },
  Assign: smallStatement((e, node) => {
    e.all(list(node, 'targets'));
    e.node(child(node, 'value'));
  }),
  AnnAssign: smallStatement((e, node) => {
    e.node(child(node, 'target'));
    e.node(child(node, 'annotation'), 0, ':');
    const equal = optional(node, 'equal');
    const value = optional(node, 'value');
    if (equal !== null) e.node(equal);
    else if (value !== null) e.token(' = ');
    if (value !== null) e.node(value);
  }),
  AugAssign: smallStatement((e, node) => {
    e.node(child(node, 'target'));
    e.node(child(node, 'operator'));
    e.node(child(node, 'value'));
  }),
  Raise: smallStatement((e, node) => {
    const exc = optional(node, 'exc');
    const cause = optional(node, 'cause');
    e.token('raise');
    const ws = optional(node, 'whitespace_after_raise');
    if (ws !== null) e.node(ws);
    else if (exc !== null) e.token(' ');
    if (exc !== null) e.node(exc);
    if (cause !== null) e.node(cause, 0, ' ');
  }),
  Assert: smallStatement((e, node) => {
    e.token('assert');
    e.node(child(node, 'whitespace_after_assert'));
    e.node(child(node, 'test'));
    const c = optional(node, 'comma');
    const msg = optional(node, 'msg');
    if (c !== null) e.node(c);
    else if (msg !== null) e.token(', ');
    if (msg !== null) e.node(msg);
  }),
  NameItem: (e, node, flags) => {
    e.node(child(node, 'name'));
    comma(e, node, flags);
  },
  Global: smallStatement((e, node) => {
    e.token('global');
    e.node(child(node, 'whitespace_after_global'));
    commaList(e, list(node, 'names'));
  }),
  Nonlocal: smallStatement((e, node) => {
    e.token('nonlocal');
    e.node(child(node, 'whitespace_after_nonlocal'));
    commaList(e, list(node, 'names'));
  }),
  TypeAlias: (e, node, flags) => {
    e.token('type');
    e.node(child(node, 'whitespace_after_type'));
    e.node(child(node, 'name'));
    const typeParameters = optional(node, 'type_parameters');
    const afterName = optional(node, 'whitespace_after_name');
    if (afterName !== null) e.node(afterName);
    else if (typeParameters === null) e.token(' ');
    if (typeParameters !== null) {
      e.node(typeParameters);
      const afterParameters = optional(node, 'whitespace_after_type_parameters');
      if (afterParameters !== null) e.node(afterParameters);
      else e.token(' ');
    }
    e.token('=');
    e.node(child(node, 'whitespace_after_equals'));
    e.node(child(node, 'value'));
    semicolon(e, node, flags);
  },

  // Statements and blocks
  SimpleStatementLine: (e, node) => {
    e.all(list(node, 'leading_lines'));
    e.addIndentTokens();
    simpleStatementBody(e, node);
  },
  SimpleStatementSuite: (e, node) => {
    e.node(child(node, 'leading_whitespace'));
    simpleStatementBody(e, node);
  },
  IndentedBlock: indentedBlock,
  Else: clause('else'),
  Finally: clause('finally'),
  If: ifStatement,
  ExceptHandler: exceptHandler(false),
  ExceptStarHandler: exceptHandler(true),
  Try: tryStatement,
  TryStar: tryStatement,
  Decorator: (e, node) => {
    leadingLinesAndIndent(e, node);
    e.token('@');
    e.node(child(node, 'whitespace_after_at'));
    e.node(child(node, 'decorator'));
    e.node(child(node, 'trailing_whitespace'));
  },
  FunctionDef: functionDef,
  ClassDef: classDef,
  WithItem: (e, node, flags) => {
    e.node(child(node, 'item'));
    e.maybe(node['asname']);
    comma(e, node, flags);
  },
  With: withStatement,
  For: forStatement,
  While: whileStatement,

  // Pattern matching
  Match: matchStatement,
  MatchCase: matchCase,
  MatchValue: (e, node) => e.node(child(node, 'value')),
  MatchSingleton: (e, node) => e.node(child(node, 'value')),
  MatchSequenceElement: (e, node, flags) => {
    e.node(child(node, 'value'));
    matchSequenceComma(e, node, flags);
  },
  MatchStar: (e, node, flags) => {
    e.token('*');
    e.node(child(node, 'whitespace_before_name'));
    const name = optional(node, 'name');
    if (name !== null) e.node(name);
    else e.token('_');
    matchSequenceComma(e, node, flags);
  },
  MatchList: parenthesized((e, node) => {
    e.maybe(node['lbracket']);
    const patterns = list(node, 'patterns');
    const last = patterns.length - 1;
    for (let i = 0; i <= last; i++) e.node(patterns[i]!, i < last ? DEFAULT_COMMA | COMMA_SPACE : COMMA_SPACE);
    e.maybe(node['rbracket']);
  }),
  MatchTuple: parenthesized((e, node) => {
    const patterns = list(node, 'patterns');
    const count = patterns.length;
    for (let i = 0; i < count; i++) {
      const defaultComma = count === 1 || i < count - 1 ? DEFAULT_COMMA : 0;
      e.node(patterns[i]!, defaultComma | (count !== 1 ? COMMA_SPACE : 0));
    }
  }),
  MatchMappingElement: (e, node, flags) => {
    e.node(child(node, 'key'));
    e.node(child(node, 'whitespace_before_colon'));
    e.token(':');
    e.node(child(node, 'whitespace_after_colon'));
    e.node(child(node, 'pattern'));
    comma(e, node, flags);
  },
  MatchMapping: parenthesized((e, node) => {
    e.node(child(node, 'lbrace'));
    const items = list(node, 'elements');
    const rest = optional(node, 'rest');
    for (let i = 0; i < items.length; i++) e.node(items[i]!, rest !== null || i < items.length - 1 ? DEFAULT_COMMA : 0);
    if (rest !== null) {
      e.token('**');
      e.node(child(node, 'whitespace_before_rest'));
      e.node(rest);
      e.maybe(node['trailing_comma']);
    }
    e.node(child(node, 'rbrace'));
  }),
  MatchKeywordElement: (e, node, flags) => {
    e.node(child(node, 'key'));
    e.node(child(node, 'whitespace_before_equal'));
    e.token('=');
    e.node(child(node, 'whitespace_after_equal'));
    e.node(child(node, 'pattern'));
    comma(e, node, flags);
  },
  MatchClass: parenthesized((e, node) => {
    e.node(child(node, 'cls'));
    e.node(child(node, 'whitespace_after_cls'));
    e.token('(');
    e.node(child(node, 'whitespace_before_patterns'));
    const patterns = list(node, 'patterns');
    const keywords = list(node, 'kwds');
    for (let i = 0; i < patterns.length; i++) {
      e.node(patterns[i]!, i + 1 < patterns.length + keywords.length ? DEFAULT_COMMA | COMMA_SPACE : COMMA_SPACE);
    }
    for (let i = 0; i < keywords.length; i++) e.node(keywords[i]!, i + 1 < keywords.length ? DEFAULT_COMMA : 0);
    e.node(child(node, 'whitespace_after_kwds'));
    e.token(')');
  }),
  MatchAs: parenthesized((e, node) => {
    const pattern = optional(node, 'pattern');
    if (pattern !== null) {
      e.node(pattern);
      const before = optional(node, 'whitespace_before_as');
      if (before !== null) e.node(before);
      else e.token(' ');
      e.token('as');
      const after = optional(node, 'whitespace_after_as');
      if (after !== null) e.node(after);
      else e.token(' ');
    }
    const name = optional(node, 'name');
    if (name !== null) e.node(name);
    else e.token('_');
  }),
  MatchOrElement: (e, node, flags) => {
    e.node(child(node, 'pattern'));
    const separator = optional(node, 'separator');
    if (separator !== null) e.node(separator);
    else if (flags & DEFAULT_SEPARATOR) e.token(' | ');
  },
  MatchOr: parenthesized((e, node) => {
    const patterns = list(node, 'patterns');
    for (let i = 0; i < patterns.length; i++) e.node(patterns[i]!, i + 1 < patterns.length ? DEFAULT_SEPARATOR : 0);
  }),

  // Type parameters (PEP 695)
  TypeVar: (e, node) => {
    e.node(child(node, 'name'));
    const bound = optional(node, 'bound');
    const colon = optional(node, 'colon');
    if (colon !== null) e.node(colon);
    else if (bound !== null) e.token(': ');
    if (bound !== null) e.node(bound);
  },
  TypeVarTuple: (e, node) => {
    e.token('*');
    e.node(child(node, 'whitespace_after_star'));
    e.node(child(node, 'name'));
  },
  ParamSpec: (e, node) => {
    e.token('**');
    e.node(child(node, 'whitespace_after_star'));
    e.node(child(node, 'name'));
  },
  TypeParam: (e, node, flags) => {
    e.node(child(node, 'param'));
    const equal = optional(node, 'equal');
    const value = optional(node, 'default');
    if (equal !== null) e.node(equal);
    else if (value !== null) e.token(' = ');
    e.token((node['star'] as string | null) ?? '');
    e.node(child(node, 'whitespace_after_star'));
    if (value !== null) e.node(value);
    comma(e, node, flags);
  },
  TypeParameters: (e, node) => {
    e.node(child(node, 'lbracket'));
    commaList(e, list(node, 'params'));
    e.node(child(node, 'rbracket'));
  },
};

/** Operators: their token comes from the schema (LibCST's `_get_token`), their shape from their base class. */
function operatorRule(type: string): NodeRule | undefined {
  const schema = NODE_SCHEMA[type]!;
  if (type === 'NotIn') return twoTokenOperator('not', 'in');
  if (type === 'IsNot') return twoTokenOperator('is', 'not');
  if (schema.bases.includes('BaseUnaryOp')) return unaryOperator(schema.token!);
  if (schema.bases.includes('_BaseOneTokenOp')) return oneTokenOperator(type === 'NotEqual' ? null : schema.token!);
  return undefined;
}

for (const type of Object.keys(NODE_SCHEMA)) {
  if (RULES[type] !== undefined) continue;
  const rule = operatorRule(type);
  if (rule !== undefined) RULES[type] = rule;
}

export const NODE_RULES: ReadonlyMap<string, NodeRule> = new Map(Object.entries(RULES));
