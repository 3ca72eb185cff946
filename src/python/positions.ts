/**
 * LibCST's syntactic positions (`PositionProvider`): sets `range` on every node of a tree (whitespace
 * nodes included unless `whitespace: false`), in one walk that follows LibCST's code generation (codegen/rules.ts) token by token
 * but only counts lines and code points: no text is built.
 *
 * A node's range is that of the tokens it generates, narrowed where LibCST's codegen calls
 * `record_syntactic_position`: statements start after their leading lines and indentation (a
 * `FunctionDef`/`ClassDef` after its decorators) and end where their last body statement ends; a
 * `SimpleStatementLine` ends at its last small statement (no trailing whitespace, comment or newline);
 * an `IndentedBlock` spans its first to its last statement; parenthesized expressions exclude their
 * parentheses; `Arg`, `Param`, list elements and the like exclude their commas. Nodes without such a
 * rule (whitespace, brackets, `Parameters`, `CompFor`, unary operators, the `Module`) span everything
 * they generate, whitespace included.
 *
 * Every node type has its own step function reading its fields by literal name, and a step is never
 * shared between node types of different shapes: V8's property caches then stay monomorphic (a
 * shared helper reading `node[field]` sees every node shape and is megamorphic, which made this walk
 * cost more than the parse when it went through the code generator).
 */
import type { CodeRange, CstNode, Position } from './cst.js';
import { moduleDefaults, type CodegenOptions } from './codegen.js';
import { COMMA_SPACE, DEFAULT_COMMA, DEFAULT_SEMICOLON, DEFAULT_SEPARATOR, ELIF } from './codegen/flags.js';
import { NODE_SCHEMA } from './schema.js';
import { EXCEPT_TYPE_FIELD } from './visit.js';

/**
 * Assigns LibCST's `range` to every node of `root` (normally a `Module`; any other root is laid out as
 * if it started at line 1, column 0, like LibCST's `code_for_node`).
 */
export function assignPositions(root: CstNode, options: PositionOptions = {}): void {
  const defaults = moduleDefaults(root, options);
  new PositionWalker(defaults.defaultIndent, defaults.defaultNewline, options.firstLine ?? 1, options.whitespace !== false).node(root, 0, null);
}

export interface PositionOptions extends CodegenOptions {
  /** The line number of the root's first line (default 1). */
  firstLine?: number;
  /**
   * Whether whitespace nodes (`SimpleWhitespace`, `Newline`, `TrailingWhitespace`, `EmptyLine`,
   * `ParenthesizedWhitespace`) get a range too (default true). Without, their `range` is left as it
   * is: the other nodes' ranges do not depend on it, and leaving them out saves about half of the
   * pass's objects (the whitespace nodes are 47% of the nodes of the standard library).
   */
  whitespace?: boolean;
}

/**
 * Walks one node: generates (counts) its tokens and sets its `range`: the span of everything it
 * generated, whitespace included, or the narrower span LibCST's `record_syntactic_position` records.
 * Each step stores `range` itself, so that the store sees one node shape. `extra` is LibCST's string
 * keyword argument of the call (`default_star`, `default_indicator`, `default_space`), if any.
 */
type Step = (w: PositionWalker, node: CstNode, flags: number, extra: string | null) => void;

type Nodes = readonly CstNode[];

class PositionWalker {
  /** 1-based line of the next token. */
  private line: number;
  /** 0-based column (code points) of the next token. */
  private column = 0;
  private readonly indents: string[] = [];
  /** Whether any token (even an empty one) was generated: LibCST's `Module` adds a newline when none was. */
  private generated = false;
  /** The Position object of (line, column), once some range needed it; reset when a token moves on. */
  private here: Position | null = null;
  private lastRange: CodeRange | null = null;
  /** The empty range at `here`, once some empty node needed it. */
  private empty: CodeRange | null = null;

  constructor(
    readonly defaultIndent: string,
    readonly defaultNewline: string,
    firstLine: number,
    /** Whether whitespace nodes get ranges (`PositionOptions.whitespace`). */
    readonly whitespace: boolean,
  ) {
    this.line = firstLine;
  }

  node(node: CstNode, flags: number, extra: string | null): void {
    if (typeof node !== 'object' || node === null) throw new Error(`positions: expected a CST node, got ${JSON.stringify(node)}`);
    const step = STEPS.get(node.type);
    if (step === undefined) throw new Error(`positions: unknown CST node type ${node.type}`);
    step(this, node, flags, extra);
  }

  /** A child without keyword arguments. */
  child(node: unknown): void {
    this.node(node as CstNode, 0, null);
  }

  /**
   * A whitespace child: `SimpleWhitespace`, 42% of the nodes of the standard library, is walked here
   * without the dispatch by type; an empty one gets the empty range of the current position.
   */
  ws(value: unknown): void {
    const node = value as CstNode;
    if (typeof node !== 'object' || node === null || node.type !== 'SimpleWhitespace') return this.node(node, 0, null);
    const text = node['value'] as string;
    this.generated = true;
    if (!this.whitespace) {
      if (text.length > 0) {
        this.advance(text);
        this.here = null;
      }
      return;
    }
    if (text.length === 0) {
      node.range = this.emptyRange();
      return;
    }
    const start = this.position();
    this.advance(text);
    this.here = null;
    node.range = this.range(start, this.position());
  }

  /** An optional child (`null` is LibCST's `None` / `MaybeSentinel.DEFAULT`). */
  maybe(node: unknown): void {
    if (node !== null && node !== undefined) this.node(node as CstNode, 0, null);
  }

  all(nodes: unknown): void {
    if (!Array.isArray(nodes)) throw new Error(`positions: expected a list of CST nodes, got ${JSON.stringify(nodes)}`);
    for (let i = 0; i < nodes.length; i++) this.node(nodes[i] as CstNode, 0, null);
  }

  /** A fixed token: ASCII, no line break (keywords, operators, brackets). */
  token(value: string): void {
    this.generated = true;
    if (value.length > 0) {
      this.column += value.length;
      this.here = null;
    }
  }

  /** A token of source text that may hold line breaks or non-ASCII characters. */
  text(value: string): void {
    this.generated = true;
    if (value.length > 0) {
      this.advance(value);
      this.here = null;
    }
  }

  indent(value: string): void {
    this.indents.push(value);
  }

  dedent(): void {
    this.indents.pop();
  }

  indentation(): void {
    const indents = this.indents;
    for (let i = 0; i < indents.length; i++) this.text(indents[i]!);
  }

  get hasGenerated(): boolean {
    return this.generated;
  }

  /**
   * The current position as an object, shared by every range that starts or ends here until the next
   * token moves on: ranges are read-only, and sharing saves most of their allocation.
   */
  position(): Position {
    return (this.here ??= { line: this.line, column: this.column });
  }

  /** `position()` where a whitespace node starts, if whitespace nodes get ranges. */
  whitespaceStart(): Position | null {
    return this.whitespace ? this.position() : null;
  }

  /** Sets the range of a whitespace node that started at `start` (a `whitespaceStart()`). */
  whitespaceEnd(node: CstNode, start: Position | null): void {
    if (start !== null) node.range = this.span(start);
  }

  /** The range from `start` (a `position()`) to here. */
  span(start: Position): CodeRange {
    return this.range(start, this.position());
  }

  /** `record_syntactic_position(node, start_node=?, end_node=?)`: child ranges hoisted over the recorded span. */
  hoisted(start: Position, startNode: CstNode | null, endNode: CstNode | null): CodeRange {
    return this.range(startNode?.range?.start ?? start, endNode?.range?.end ?? this.position());
  }

  private emptyRange(): CodeRange {
    const here = this.position();
    const empty = this.empty;
    if (empty !== null && empty.start === here) return empty;
    return (this.empty = { start: here, end: here });
  }

  /**
   * A range object; nested nodes that start and end at the same positions (an expression statement,
   * its expression, ...) are created one after the other and share one.
   */
  private range(start: Position, end: Position): CodeRange {
    const last = this.lastRange;
    if (last !== null && last.start === start && last.end === end) return last;
    return (this.lastRange = { start, end });
  }

  /** Python's position update for a token: lines split at `\r\n`, `\r`, `\n`; columns count code points. */
  private advance(value: string): void {
    let line = this.line;
    let column = this.column;
    const length = value.length;
    for (let i = 0; i < length; i++) {
      const c = value.charCodeAt(i);
      if (c === 10) {
        line++;
        column = 0;
      } else if (c === 13) {
        line++;
        column = 0;
        if (value.charCodeAt(i + 1) === 10) i++;
      } else if (c >= 0xdc00 && c <= 0xdfff && i > 0) {
        const previous = value.charCodeAt(i - 1);
        // The low half of a surrogate pair: the pair is one code point, already counted.
        if (previous < 0xd800 || previous > 0xdbff) column++;
      } else {
        column++;
      }
    }
    this.line = line;
    this.column = column;
  }
}

function fieldError(node: CstNode, field: string, what: string): Error {
  return new Error(`positions: ${node.type}.${field} must be ${what}`);
}

function orNull(value: unknown): CstNode | null {
  return (value as CstNode | null | undefined) ?? null;
}

/** The comma of elements that take `default_comma` (`", "` when defaulted). */
function comma(w: PositionWalker, c: unknown, flags: number): void {
  if (c !== null && c !== undefined) w.child(c);
  else if (flags & DEFAULT_COMMA) w.token(', ');
}

/** `_BaseElementImpl._codegen_comma`: the defaulted comma has a space only with `default_comma_whitespace`. */
function elementComma(w: PositionWalker, c: unknown, flags: number): void {
  if (c !== null && c !== undefined) w.child(c);
  else if (flags & DEFAULT_COMMA) w.token(flags & COMMA_SPACE ? ', ' : ',');
}

function semicolon(w: PositionWalker, s: unknown, flags: number): void {
  if (s !== null && s !== undefined) w.child(s);
  else if (flags & DEFAULT_SEMICOLON) w.token('; ');
}

/** Elements of List/Set/Dict: defaulted commas between elements, with a space. */
function elements(w: PositionWalker, items: Nodes): void {
  const last = items.length - 1;
  for (let i = 0; i <= last; i++) w.node(items[i]!, i < last ? DEFAULT_COMMA | COMMA_SPACE : COMMA_SPACE, null);
}

/** Children of a comma-separated list with `default_comma` on all but the last. */
function commaList(w: PositionWalker, items: Nodes): void {
  const last = items.length - 1;
  for (let i = 0; i <= last; i++) w.node(items[i]!, i !== last ? DEFAULT_COMMA : 0, null);
}

function list(node: CstNode, value: unknown, field: string): Nodes {
  if (!Array.isArray(value)) throw fieldError(node, field, 'a list');
  return value as Nodes;
}

function lastOf(nodes: Nodes): CstNode | null {
  return nodes.length > 0 ? nodes[nodes.length - 1]! : null;
}

function oneTokenOperator(token: string | null): Step {
  return (w, node) => {
    w.ws(node['whitespace_before']);
    const start = w.position();
    w.token(token ?? (node['value'] as string));
    node.range = w.span(start);
    w.ws(node['whitespace_after']);
  };
}

function twoTokenOperator(first: string, second: string): Step {
  return (w, node) => {
    w.ws(node['whitespace_before']);
    const start = w.position();
    w.token(first);
    w.ws(node['whitespace_between']);
    w.token(second);
    node.range = w.span(start);
    w.ws(node['whitespace_after']);
  };
}

function unaryOperator(token: string): Step {
  return (w, node) => {
    const start = w.position();
    w.token(token);
    w.ws(node['whitespace_after']);
    node.range = w.span(start);
  };
}

function leaf(w: PositionWalker, node: CstNode): void {
  const start = w.position();
  w.text(node['value'] as string);
  node.range = w.span(start);
}

/** A `Set` or `Dict` display: its elements between braces, inside its parentheses (which its range excludes). */
function bracedElements(w: PositionWalker, node: CstNode): void {
  w.all(node['lpar']);
  const start = w.position();
  w.child(node['lbrace']);
  elements(w, list(node, node['elements'], 'elements'));
  w.child(node['rbrace']);
  node.range = w.span(start);
  w.all(node['rpar']);
}

/** A literal or name: its `value`, inside its parentheses (which its range excludes). */
function parenthesizedLeaf(w: PositionWalker, node: CstNode): void {
  w.all(node['lpar']);
  leaf(w, node);
  w.all(node['rpar']);
}

function parameters(w: PositionWalker, node: CstNode): void {
  const start = w.position();
  const posonly = list(node, node['posonly_params'], 'posonly_params');
  const params = list(node, node['params'], 'params');
  const kwonly = list(node, node['kwonly_params'], 'kwonly_params');
  const starArg = orNull(node['star_arg']);
  const starKwarg = orNull(node['star_kwarg']);
  const starIncluded = starArg === null ? kwonly.length > 0 : starArg.type === 'Param' || starArg.type === 'ParamStar';
  for (let i = 0; i < posonly.length; i++) w.node(posonly[i]!, DEFAULT_COMMA, '');
  let moreValues = starIncluded || params.length > 0 || kwonly.length > 0 || starKwarg !== null;
  const slash = orNull(node['posonly_ind']);
  if (slash !== null) w.node(slash, moreValues ? DEFAULT_COMMA : 0, null);
  else if (posonly.length > 0) w.token(moreValues ? '/, ' : '/');
  moreValues = starIncluded || kwonly.length > 0 || starKwarg !== null;
  for (let i = 0; i < params.length; i++) w.node(params[i]!, i < params.length - 1 || moreValues ? DEFAULT_COMMA : 0, '');
  if (starArg === null) {
    if (starIncluded) w.token('*, ');
  } else if (starArg.type === 'Param') {
    w.node(starArg, kwonly.length > 0 || starKwarg !== null ? DEFAULT_COMMA : 0, '*');
  } else {
    w.child(starArg);
  }
  moreValues = starKwarg !== null;
  for (let i = 0; i < kwonly.length; i++) w.node(kwonly[i]!, i < kwonly.length - 1 || moreValues ? DEFAULT_COMMA : 0, '');
  if (starKwarg !== null) w.node(starKwarg, 0, '**');
  node.range = w.span(start);
}

function param(w: PositionWalker, node: CstNode, flags: number, defaultStar: string | null): void {
  const start = w.position();
  let star = node['star'] as string | null | undefined;
  if (star === null || star === undefined) {
    if (defaultStar === null) throw new Error('positions: a Param without star needs its Parameters (default_star)');
    star = defaultStar;
  }
  w.token(star);
  w.ws(node['whitespace_after_star']);
  w.child(node['name']);
  node.range = w.span(start);
  const annotation = orNull(node['annotation']);
  if (annotation !== null) w.node(annotation, 0, ':');
  const equal = orNull(node['equal']);
  const value = orNull(node['default']);
  if (equal !== null) w.child(equal);
  else if (value !== null) w.token(' = ');
  if (value !== null) w.child(value);
  comma(w, node['comma'], flags);
  w.ws(node['whitespace_after_param']);
}

function annotation(w: PositionWalker, node: CstNode, _flags: number, indicator: string | null): void {
  if (indicator === null) throw new Error('positions: an Annotation needs its parent (default_indicator)');
  const before = orNull(node['whitespace_before_indicator']);
  if (before !== null) w.ws(before);
  else if (indicator === '->') w.token(' ');
  w.token(indicator);
  w.ws(node['whitespace_after_indicator']);
  const start = w.position();
  w.child(node['annotation']);
  node.range = w.span(start);
}

function indentedBlock(w: PositionWalker, node: CstNode): void {
  w.child(node['header']);
  w.indent((node['indent'] as string | null) ?? w.defaultIndent);
  const body = list(node, node['body'], 'body');
  if (body.length > 0) {
    const start = w.position();
    for (let i = 0; i < body.length; i++) w.node(body[i]!, 0, null);
    node.range = w.hoisted(start, body[0]!, body[body.length - 1]!);
  } else {
    w.indentation();
    const start = w.position();
    w.token('pass');
    node.range = w.span(start);
    w.text(w.defaultNewline);
  }
  w.all(node['footer']);
  w.dedent();
}

function simpleStatementBody(w: PositionWalker, node: CstNode, body: Nodes): void {
  const start = w.position();
  if (body.length > 0) {
    const last = body.length - 1;
    for (let i = 0; i <= last; i++) w.node(body[i]!, i !== last ? DEFAULT_SEMICOLON : 0, null);
    node.range = w.hoisted(start, null, body[last]!);
  } else {
    w.token('pass');
    node.range = w.span(start);
  }
}

function ifStatement(w: PositionWalker, node: CstNode, flags: number): void {
  w.all(node['leading_lines']);
  w.indentation();
  const orelse = orNull(node['orelse']);
  const body = node['body'] as CstNode;
  const start = w.position();
  w.token(flags & ELIF ? 'elif' : 'if');
  w.ws(node['whitespace_before_test']);
  w.child(node['test']);
  w.ws(node['whitespace_after_test']);
  w.token(':');
  w.child(body);
  if (orelse !== null) w.node(orelse, orelse.type === 'If' ? ELIF : 0, null);
  node.range = w.hoisted(start, null, orelse ?? body);
}

function exceptHandler(w: PositionWalker, node: CstNode): void {
  w.all(node['leading_lines']);
  w.indentation();
  const body = node['body'] as CstNode;
  const start = w.position();
  w.token('except');
  w.ws(node['whitespace_after_except']);
  w.maybe(node[EXCEPT_TYPE_FIELD]);
  w.maybe(node['name']);
  w.ws(node['whitespace_before_colon']);
  w.token(':');
  w.child(body);
  node.range = w.hoisted(start, null, body);
}

function exceptStarHandler(w: PositionWalker, node: CstNode): void {
  w.all(node['leading_lines']);
  w.indentation();
  const body = node['body'] as CstNode;
  const start = w.position();
  w.token('except');
  w.ws(node['whitespace_after_except']);
  w.token('*');
  w.ws(node['whitespace_after_star']);
  w.maybe(node[EXCEPT_TYPE_FIELD]);
  w.maybe(node['name']);
  w.ws(node['whitespace_before_colon']);
  w.token(':');
  w.child(body);
  node.range = w.hoisted(start, null, body);
}

function tryStatement(w: PositionWalker, node: CstNode): void {
  w.all(node['leading_lines']);
  w.indentation();
  const body = node['body'] as CstNode;
  const handlers = list(node, node['handlers'], 'handlers');
  const orelse = orNull(node['orelse']);
  const finalbody = orNull(node['finalbody']);
  const end = finalbody ?? orelse ?? lastOf(handlers) ?? body;
  const start = w.position();
  w.token('try');
  w.ws(node['whitespace_before_colon']);
  w.token(':');
  w.child(body);
  w.all(handlers);
  if (orelse !== null) w.child(orelse);
  if (finalbody !== null) w.child(finalbody);
  node.range = w.hoisted(start, null, end);
}

function functionDef(w: PositionWalker, node: CstNode): void {
  w.all(node['leading_lines']);
  w.all(node['decorators']);
  w.all(node['lines_after_decorators']);
  w.indentation();
  const body = node['body'] as CstNode;
  const start = w.position();
  w.maybe(node['asynchronous']);
  w.token('def');
  w.ws(node['whitespace_after_def']);
  w.child(node['name']);
  w.ws(node['whitespace_after_name']);
  w.maybe(node['type_parameters']);
  w.ws(node['whitespace_after_type_parameters']);
  w.token('(');
  w.ws(node['whitespace_before_params']);
  w.child(node['params']);
  w.token(')');
  const returns = orNull(node['returns']);
  if (returns !== null) w.node(returns, 0, '->');
  w.ws(node['whitespace_before_colon']);
  w.token(':');
  w.child(body);
  node.range = w.hoisted(start, null, body);
}

function classDef(w: PositionWalker, node: CstNode): void {
  w.all(node['leading_lines']);
  w.all(node['decorators']);
  w.all(node['lines_after_decorators']);
  w.indentation();
  const body = node['body'] as CstNode;
  const start = w.position();
  w.token('class');
  w.ws(node['whitespace_after_class']);
  w.child(node['name']);
  w.ws(node['whitespace_after_name']);
  w.maybe(node['type_parameters']);
  w.ws(node['whitespace_after_type_parameters']);
  const bases = list(node, node['bases'], 'bases');
  const keywords = list(node, node['keywords'], 'keywords');
  const hasArgs = bases.length > 0 || keywords.length > 0;
  const lpar = orNull(node['lpar']);
  if (lpar !== null) w.child(lpar);
  else if (hasArgs) w.token('(');
  const last = bases.length + keywords.length - 1;
  for (let i = 0; i < bases.length; i++) w.node(bases[i]!, i !== last ? DEFAULT_COMMA : 0, null);
  for (let i = 0; i < keywords.length; i++) w.node(keywords[i]!, bases.length + i !== last ? DEFAULT_COMMA : 0, null);
  const rpar = orNull(node['rpar']);
  if (rpar !== null) w.child(rpar);
  else if (hasArgs) w.token(')');
  w.ws(node['whitespace_before_colon']);
  w.token(':');
  w.child(body);
  node.range = w.hoisted(start, null, body);
}

const LINE_BREAKING_WHITESPACE = new Set(['EmptyLine', 'TrailingWhitespace', 'ParenthesizedWhitespace']);

function withStatement(w: PositionWalker, node: CstNode): void {
  w.all(node['leading_lines']);
  w.indentation();
  const items = list(node, node['items'], 'items');
  let needsParen = false;
  for (let i = 0; i < items.length; i++) {
    const c = orNull(items[i]!['comma']);
    if (c !== null && LINE_BREAKING_WHITESPACE.has((c['whitespace_after'] as CstNode).type)) {
      needsParen = true;
      break;
    }
  }
  const body = node['body'] as CstNode;
  const start = w.position();
  w.maybe(node['asynchronous']);
  w.token('with');
  w.ws(node['whitespace_after_with']);
  const lpar = orNull(node['lpar']);
  if (lpar !== null) w.child(lpar);
  else if (needsParen) w.token('(');
  commaList(w, items);
  const rpar = orNull(node['rpar']);
  if (rpar !== null) w.child(rpar);
  else if (needsParen) w.token(')');
  w.ws(node['whitespace_before_colon']);
  w.token(':');
  w.child(body);
  node.range = w.hoisted(start, null, body);
}

function forStatement(w: PositionWalker, node: CstNode): void {
  w.all(node['leading_lines']);
  w.indentation();
  const body = node['body'] as CstNode;
  const orelse = orNull(node['orelse']);
  const start = w.position();
  w.maybe(node['asynchronous']);
  w.token('for');
  w.ws(node['whitespace_after_for']);
  w.child(node['target']);
  w.ws(node['whitespace_before_in']);
  w.token('in');
  w.ws(node['whitespace_after_in']);
  w.child(node['iter']);
  w.ws(node['whitespace_before_colon']);
  w.token(':');
  w.child(body);
  if (orelse !== null) w.child(orelse);
  node.range = w.hoisted(start, null, orelse ?? body);
}

function whileStatement(w: PositionWalker, node: CstNode): void {
  w.all(node['leading_lines']);
  w.indentation();
  const body = node['body'] as CstNode;
  const orelse = orNull(node['orelse']);
  const start = w.position();
  w.token('while');
  w.ws(node['whitespace_after_while']);
  w.child(node['test']);
  w.ws(node['whitespace_before_colon']);
  w.token(':');
  w.child(body);
  if (orelse !== null) w.child(orelse);
  node.range = w.hoisted(start, null, orelse ?? body);
}

function matchStatement(w: PositionWalker, node: CstNode): void {
  w.all(node['leading_lines']);
  w.indentation();
  const cases = list(node, node['cases'], 'cases');
  const start = w.position();
  w.token('match');
  w.ws(node['whitespace_after_match']);
  w.child(node['subject']);
  w.ws(node['whitespace_before_colon']);
  w.token(':');
  w.ws(node['whitespace_after_colon']);
  w.indent((node['indent'] as string | null) ?? w.defaultIndent);
  w.all(cases);
  w.all(node['footer']);
  w.dedent();
  node.range = w.hoisted(start, null, lastOf(cases));
}

function matchCase(w: PositionWalker, node: CstNode): void {
  w.all(node['leading_lines']);
  w.indentation();
  const body = node['body'] as CstNode;
  const start = w.position();
  w.token('case');
  w.ws(node['whitespace_after_case']);
  w.child(node['pattern']);
  const guard = orNull(node['guard']);
  if (guard !== null) {
    w.ws(node['whitespace_before_if']);
    w.token('if');
    w.ws(node['whitespace_after_if']);
    w.child(guard);
  }
  w.ws(node['whitespace_before_colon']);
  w.token(':');
  w.child(body);
  node.range = w.hoisted(start, null, body);
}

/** MatchSequenceElement / MatchStar: the comma is inside the syntactic range; `default_comma_whitespace` defaults to true. */
function matchSequenceComma(w: PositionWalker, c: unknown, flags: number): void {
  if (c !== null && c !== undefined) w.child(c);
  else if (flags & DEFAULT_COMMA) w.token(flags & COMMA_SPACE ? ', ' : ',');
}

function module(w: PositionWalker, node: CstNode): void {
  const start = w.position();
  w.all(node['header']);
  w.all(node['body']);
  w.all(node['footer']);
  // LibCST's codegen pops the last token (the newline parsing added) without rewinding positions.
  if (node['has_trailing_newline'] !== false && !w.hasGenerated) w.text(w.defaultNewline);
  node.range = w.span(start);
}

/** A clause `keyword ws : body` (Else, Finally) whose range ends where its body ends. */
function elseClause(w: PositionWalker, node: CstNode): void {
  w.all(node['leading_lines']);
  w.indentation();
  const start = w.position();
  w.token('else');
  w.ws(node['whitespace_before_colon']);
  w.token(':');
  const body = node['body'] as CstNode;
  w.child(body);
  node.range = w.hoisted(start, null, body);
}

function finallyClause(w: PositionWalker, node: CstNode): void {
  w.all(node['leading_lines']);
  w.indentation();
  const start = w.position();
  w.token('finally');
  w.ws(node['whitespace_before_colon']);
  w.token(':');
  const body = node['body'] as CstNode;
  w.child(body);
  node.range = w.hoisted(start, null, body);
}

const STEP_TABLE: Record<string, Step> = {
  Module: module,

  // Whitespace
  SimpleWhitespace: (w, node) => {
    const start = w.whitespaceStart();
    w.text(node['value'] as string);
    w.whitespaceEnd(node, start);
  },
  Comment: leaf,
  Newline: (w, node) => {
    const start = w.whitespaceStart();
    w.text((node['value'] as string | null) ?? w.defaultNewline);
    w.whitespaceEnd(node, start);
  },
  TrailingWhitespace: (w, node) => {
    const start = w.whitespaceStart();
    w.ws(node['whitespace']);
    w.maybe(node['comment']);
    w.child(node['newline']);
    w.whitespaceEnd(node, start);
  },
  EmptyLine: (w, node) => {
    const start = w.whitespaceStart();
    if (node['indent']) w.indentation();
    w.ws(node['whitespace']);
    w.maybe(node['comment']);
    w.child(node['newline']);
    w.whitespaceEnd(node, start);
  },
  ParenthesizedWhitespace: (w, node) => {
    const start = w.whitespaceStart();
    w.child(node['first_line']);
    w.all(node['empty_lines']);
    if (node['indent']) w.indentation();
    w.ws(node['last_line']);
    w.whitespaceEnd(node, start);
  },

  // Brackets and small tokens
  LeftParen: (w, node) => {
    const start = w.position();
    w.token('(');
    w.ws(node['whitespace_after']);
    node.range = w.span(start);
  },
  LeftSquareBracket: (w, node) => {
    const start = w.position();
    w.token('[');
    w.ws(node['whitespace_after']);
    node.range = w.span(start);
  },
  LeftCurlyBrace: (w, node) => {
    const start = w.position();
    w.token('{');
    w.ws(node['whitespace_after']);
    node.range = w.span(start);
  },
  RightParen: (w, node) => {
    const start = w.position();
    w.ws(node['whitespace_before']);
    w.token(')');
    node.range = w.span(start);
  },
  RightSquareBracket: (w, node) => {
    const start = w.position();
    w.ws(node['whitespace_before']);
    w.token(']');
    node.range = w.span(start);
  },
  RightCurlyBrace: (w, node) => {
    const start = w.position();
    w.ws(node['whitespace_before']);
    w.token('}');
    node.range = w.span(start);
  },
  ImportStar: (w, node) => {
    const start = w.position();
    w.token('*');
    node.range = w.span(start);
  },
  Asynchronous: (w, node) => {
    const start = w.position();
    w.token('async');
    node.range = w.span(start);
    w.ws(node['whitespace_after']);
  },

  // Atoms. Parenthesized expressions (`_BaseParenthesizedNode._parenthesize`): the range excludes `lpar`/`rpar`.
  Name: parenthesizedLeaf,
  Integer: parenthesizedLeaf,
  Float: parenthesizedLeaf,
  Imaginary: parenthesizedLeaf,
  SimpleString: parenthesizedLeaf,
  Ellipsis: (w, node) => {
    w.all(node['lpar']);
    const start = w.position();
    w.token('...');
    node.range = w.span(start);
    w.all(node['rpar']);
  },
  FormattedString: (w, node) => {
    w.all(node['lpar']);
    const start = w.position();
    w.text(node['start'] as string);
    w.all(node['parts']);
    w.text(node['end'] as string);
    node.range = w.span(start);
    w.all(node['rpar']);
  },
  FormattedStringText: leaf,
  FormattedStringExpression: (w, node) => {
    const start = w.position();
    w.token('{');
    w.ws(node['whitespace_before_expression']);
    w.child(node['expression']);
    w.maybe(node['equal']);
    w.ws(node['whitespace_after_expression']);
    const conversion = node['conversion'] as string | null | undefined;
    if (conversion !== null && conversion !== undefined) {
      w.token('!');
      w.text(conversion);
    }
    const spec = node['format_spec'] as Nodes | null | undefined;
    if (spec !== null && spec !== undefined) {
      w.token(':');
      w.all(spec);
    }
    w.token('}');
    node.range = w.span(start);
  },
  ConcatenatedString: (w, node) => {
    w.all(node['lpar']);
    const start = w.position();
    w.child(node['left']);
    w.ws(node['whitespace_between']);
    w.child(node['right']);
    node.range = w.span(start);
    w.all(node['rpar']);
  },

  // Expressions
  Comparison: (w, node) => {
    w.all(node['lpar']);
    const start = w.position();
    w.child(node['left']);
    w.all(node['comparisons']);
    node.range = w.span(start);
    w.all(node['rpar']);
  },
  ComparisonTarget: (w, node) => {
    const start = w.position();
    w.child(node['operator']);
    w.child(node['comparator']);
    node.range = w.span(start);
  },
  UnaryOperation: (w, node) => {
    w.all(node['lpar']);
    const start = w.position();
    w.child(node['operator']);
    w.child(node['expression']);
    node.range = w.span(start);
    w.all(node['rpar']);
  },
  BinaryOperation: (w, node) => {
    w.all(node['lpar']);
    const start = w.position();
    w.child(node['left']);
    w.child(node['operator']);
    w.child(node['right']);
    node.range = w.span(start);
    w.all(node['rpar']);
  },
  BooleanOperation: (w, node) => {
    w.all(node['lpar']);
    const start = w.position();
    w.child(node['left']);
    w.child(node['operator']);
    w.child(node['right']);
    node.range = w.span(start);
    w.all(node['rpar']);
  },
  Attribute: (w, node) => {
    w.all(node['lpar']);
    const start = w.position();
    w.child(node['value']);
    w.child(node['dot']);
    w.child(node['attr']);
    node.range = w.span(start);
    w.all(node['rpar']);
  },
  Index: (w, node) => {
    const start = w.position();
    const star = node['star'] as string | null | undefined;
    if (star !== null && star !== undefined) w.token(star);
    w.maybe(node['whitespace_after_star']);
    w.child(node['value']);
    node.range = w.span(start);
  },
  Slice: (w, node) => {
    const start = w.position();
    w.maybe(node['lower']);
    w.child(node['first_colon']);
    w.maybe(node['upper']);
    const second = orNull(node['second_colon']);
    const step = orNull(node['step']);
    if (second !== null) w.child(second);
    else if (step !== null) w.token(':');
    if (step !== null) w.child(step);
    node.range = w.span(start);
  },
  SubscriptElement: (w, node, flags) => {
    const start = w.position();
    w.child(node['slice']);
    node.range = w.span(start);
    comma(w, node['comma'], flags);
  },
  Subscript: (w, node) => {
    w.all(node['lpar']);
    const start = w.position();
    w.child(node['value']);
    w.ws(node['whitespace_after_value']);
    w.child(node['lbracket']);
    commaList(w, list(node, node['slice'], 'slice'));
    w.child(node['rbracket']);
    node.range = w.span(start);
    w.all(node['rpar']);
  },
  Annotation: annotation,
  ParamStar: (w, node) => {
    const start = w.position();
    w.token('*');
    w.child(node['comma']);
    node.range = w.span(start);
  },
  ParamSlash: (w, node, flags) => {
    const start = w.position();
    w.token('/');
    w.ws(node['whitespace_after']);
    comma(w, node['comma'], flags);
    node.range = w.span(start);
  },
  Param: param,
  Parameters: parameters,
  Lambda: (w, node) => {
    w.all(node['lpar']);
    const start = w.position();
    w.token('lambda');
    const params = node['params'] as CstNode;
    const ws = orNull(node['whitespace_after_lambda']);
    if (ws !== null) w.ws(ws);
    else if (
      list(params, params['posonly_params'], 'posonly_params').length > 0 ||
      list(params, params['params'], 'params').length > 0 ||
      orNull(params['star_arg'])?.type === 'Param' ||
      list(params, params['kwonly_params'], 'kwonly_params').length > 0 ||
      orNull(params['star_kwarg']) !== null
    ) {
      w.token(' ');
    }
    w.child(params);
    w.child(node['colon']);
    w.child(node['body']);
    node.range = w.span(start);
    w.all(node['rpar']);
  },
  Arg: (w, node, flags) => {
    const start = w.position();
    w.token((node['star'] as string | null) ?? '');
    w.ws(node['whitespace_after_star']);
    const keyword = orNull(node['keyword']);
    if (keyword !== null) w.child(keyword);
    const equal = orNull(node['equal']);
    if (equal !== null) w.child(equal);
    else if (keyword !== null) w.token(' = ');
    w.child(node['value']);
    node.range = w.span(start);
    comma(w, node['comma'], flags);
    w.ws(node['whitespace_after_arg']);
  },
  Call: (w, node) => {
    w.all(node['lpar']);
    const start = w.position();
    w.child(node['func']);
    w.ws(node['whitespace_after_func']);
    w.token('(');
    w.ws(node['whitespace_before_args']);
    commaList(w, list(node, node['args'], 'args'));
    w.token(')');
    node.range = w.span(start);
    w.all(node['rpar']);
  },
  Await: (w, node) => {
    w.all(node['lpar']);
    const start = w.position();
    w.token('await');
    w.ws(node['whitespace_after_await']);
    w.child(node['expression']);
    node.range = w.span(start);
    w.all(node['rpar']);
  },
  IfExp: (w, node) => {
    w.all(node['lpar']);
    const start = w.position();
    w.child(node['body']);
    w.ws(node['whitespace_before_if']);
    w.token('if');
    w.ws(node['whitespace_after_if']);
    w.child(node['test']);
    w.ws(node['whitespace_before_else']);
    w.token('else');
    w.ws(node['whitespace_after_else']);
    w.child(node['orelse']);
    node.range = w.span(start);
    w.all(node['rpar']);
  },
  From: (w, node, _flags, defaultSpace) => {
    const before = orNull(node['whitespace_before_from']);
    if (before !== null) w.ws(before);
    else w.token(defaultSpace ?? '');
    const start = w.position();
    w.token('from');
    w.ws(node['whitespace_after_from']);
    w.child(node['item']);
    node.range = w.span(start);
  },
  Yield: (w, node) => {
    w.all(node['lpar']);
    const start = w.position();
    w.token('yield');
    const ws = orNull(node['whitespace_after_yield']);
    const value = orNull(node['value']);
    if (ws !== null) w.ws(ws);
    else if (value !== null) w.token(' ');
    if (value !== null) w.node(value, 0, value.type === 'From' ? '' : null);
    node.range = w.span(start);
    w.all(node['rpar']);
  },
  Element: (w, node, flags) => {
    const start = w.position();
    w.child(node['value']);
    node.range = w.span(start);
    elementComma(w, node['comma'], flags);
  },
  DictElement: (w, node, flags) => {
    const start = w.position();
    w.child(node['key']);
    w.ws(node['whitespace_before_colon']);
    w.token(':');
    w.ws(node['whitespace_after_colon']);
    w.child(node['value']);
    node.range = w.span(start);
    elementComma(w, node['comma'], flags);
  },
  StarredElement: (w, node, flags) => {
    w.all(node['lpar']);
    const start = w.position();
    w.token('*');
    w.ws(node['whitespace_before_value']);
    w.child(node['value']);
    node.range = w.span(start);
    w.all(node['rpar']);
    elementComma(w, node['comma'], flags);
  },
  StarredDictElement: (w, node, flags) => {
    const start = w.position();
    w.token('**');
    w.ws(node['whitespace_before_value']);
    w.child(node['value']);
    node.range = w.span(start);
    elementComma(w, node['comma'], flags);
  },
  Tuple: (w, node) => {
    w.all(node['lpar']);
    const start = w.position();
    const items = list(node, node['elements'], 'elements');
    if (items.length === 1) w.node(items[0]!, DEFAULT_COMMA, null);
    else elements(w, items);
    node.range = w.span(start);
    w.all(node['rpar']);
  },
  List: (w, node) => {
    w.all(node['lpar']);
    const start = w.position();
    w.child(node['lbracket']);
    elements(w, list(node, node['elements'], 'elements'));
    w.child(node['rbracket']);
    node.range = w.span(start);
    w.all(node['rpar']);
  },
  Set: bracedElements,
  Dict: bracedElements,
  CompFor: (w, node) => {
    const start = w.position();
    w.ws(node['whitespace_before']);
    w.maybe(node['asynchronous']);
    w.token('for');
    w.ws(node['whitespace_after_for']);
    w.child(node['target']);
    w.ws(node['whitespace_before_in']);
    w.token('in');
    w.ws(node['whitespace_after_in']);
    w.child(node['iter']);
    w.all(node['ifs']);
    w.maybe(node['inner_for_in']);
    node.range = w.span(start);
  },
  CompIf: (w, node) => {
    const start = w.position();
    w.ws(node['whitespace_before']);
    w.token('if');
    w.ws(node['whitespace_before_test']);
    w.child(node['test']);
    node.range = w.span(start);
  },
  GeneratorExp: (w, node) => {
    w.all(node['lpar']);
    const start = w.position();
    w.child(node['elt']);
    w.child(node['for_in']);
    node.range = w.span(start);
    w.all(node['rpar']);
  },
  ListComp: (w, node) => {
    w.all(node['lpar']);
    const start = w.position();
    w.child(node['lbracket']);
    w.child(node['elt']);
    w.child(node['for_in']);
    w.child(node['rbracket']);
    node.range = w.span(start);
    w.all(node['rpar']);
  },
  SetComp: (w, node) => {
    w.all(node['lpar']);
    const start = w.position();
    w.child(node['lbrace']);
    w.child(node['elt']);
    w.child(node['for_in']);
    w.child(node['rbrace']);
    node.range = w.span(start);
    w.all(node['rpar']);
  },
  DictComp: (w, node) => {
    w.all(node['lpar']);
    const start = w.position();
    w.child(node['lbrace']);
    w.child(node['key']);
    w.ws(node['whitespace_before_colon']);
    w.token(':');
    w.ws(node['whitespace_after_colon']);
    w.child(node['value']);
    w.child(node['for_in']);
    w.child(node['rbrace']);
    node.range = w.span(start);
    w.all(node['rpar']);
  },
  NamedExpr: (w, node) => {
    w.all(node['lpar']);
    const start = w.position();
    w.child(node['target']);
    w.ws(node['whitespace_before_walrus']);
    w.token(':=');
    w.ws(node['whitespace_after_walrus']);
    w.child(node['value']);
    node.range = w.span(start);
    w.all(node['rpar']);
  },

  // Small statements: the range excludes the semicolon.
  Del: (w, node, flags) => {
    const start = w.position();
    w.token('del');
    w.ws(node['whitespace_after_del']);
    w.child(node['target']);
    node.range = w.span(start);
    semicolon(w, node['semicolon'], flags);
  },
  Pass: (w, node, flags) => {
    const start = w.position();
    w.token('pass');
    node.range = w.span(start);
    semicolon(w, node['semicolon'], flags);
  },
  Break: (w, node, flags) => {
    const start = w.position();
    w.token('break');
    node.range = w.span(start);
    semicolon(w, node['semicolon'], flags);
  },
  Continue: (w, node, flags) => {
    const start = w.position();
    w.token('continue');
    node.range = w.span(start);
    semicolon(w, node['semicolon'], flags);
  },
  Return: (w, node, flags) => {
    const start = w.position();
    w.token('return');
    const ws = orNull(node['whitespace_after_return']);
    const value = orNull(node['value']);
    if (ws !== null) w.ws(ws);
    else if (value !== null) w.token(' ');
    if (value !== null) w.child(value);
    node.range = w.span(start);
    semicolon(w, node['semicolon'], flags);
  },
  Expr: (w, node, flags) => {
    const start = w.position();
    w.child(node['value']);
    node.range = w.span(start);
    semicolon(w, node['semicolon'], flags);
  },
  Import: (w, node, flags) => {
    const start = w.position();
    w.token('import');
    w.ws(node['whitespace_after_import']);
    commaList(w, list(node, node['names'], 'names'));
    node.range = w.span(start);
    semicolon(w, node['semicolon'], flags);
  },
  ImportFrom: (w, node, flags) => {
    const names = node['names'] as Nodes | CstNode;
    const rpar = orNull(node['rpar']);
    const end = rpar ?? (Array.isArray(names) ? lastOf(names) : (names as CstNode));
    const start = w.position();
    w.token('from');
    w.ws(node['whitespace_after_from']);
    w.all(node['relative']);
    w.maybe(node['module']);
    w.ws(node['whitespace_before_import']);
    w.token('import');
    w.ws(node['whitespace_after_import']);
    w.maybe(node['lpar']);
    if (Array.isArray(names)) commaList(w, names);
    else w.child(names);
    if (rpar !== null) w.child(rpar);
    node.range = w.hoisted(start, null, end);
    semicolon(w, node['semicolon'], flags);
  },
  ImportAlias: (w, node, flags) => {
    const start = w.position();
    w.child(node['name']);
    w.maybe(node['asname']);
    node.range = w.span(start);
    comma(w, node['comma'], flags);
  },
  AsName: (w, node) => {
    const start = w.position();
    w.ws(node['whitespace_before_as']);
    w.token('as');
    w.ws(node['whitespace_after_as']);
    w.child(node['name']);
    node.range = w.span(start);
  },
  AssignTarget: (w, node) => {
    const start = w.position();
    w.child(node['target']);
    node.range = w.span(start);
    w.ws(node['whitespace_before_equal']);
    w.token('=');
    w.ws(node['whitespace_after_equal']);
  },
  Assign: (w, node, flags) => {
    const start = w.position();
    w.all(node['targets']);
    w.child(node['value']);
    node.range = w.span(start);
    semicolon(w, node['semicolon'], flags);
  },
  AnnAssign: (w, node, flags) => {
    const start = w.position();
    w.child(node['target']);
    w.node(node['annotation'] as CstNode, 0, ':');
    const equal = orNull(node['equal']);
    const value = orNull(node['value']);
    if (equal !== null) w.child(equal);
    else if (value !== null) w.token(' = ');
    if (value !== null) w.child(value);
    node.range = w.span(start);
    semicolon(w, node['semicolon'], flags);
  },
  AugAssign: (w, node, flags) => {
    const start = w.position();
    w.child(node['target']);
    w.child(node['operator']);
    w.child(node['value']);
    node.range = w.span(start);
    semicolon(w, node['semicolon'], flags);
  },
  Raise: (w, node, flags) => {
    const start = w.position();
    const exc = orNull(node['exc']);
    const cause = orNull(node['cause']);
    w.token('raise');
    const ws = orNull(node['whitespace_after_raise']);
    if (ws !== null) w.ws(ws);
    else if (exc !== null) w.token(' ');
    if (exc !== null) w.child(exc);
    if (cause !== null) w.node(cause, 0, ' ');
    node.range = w.span(start);
    semicolon(w, node['semicolon'], flags);
  },
  Assert: (w, node, flags) => {
    const start = w.position();
    w.token('assert');
    w.ws(node['whitespace_after_assert']);
    w.child(node['test']);
    const c = orNull(node['comma']);
    const msg = orNull(node['msg']);
    if (c !== null) w.child(c);
    else if (msg !== null) w.token(', ');
    if (msg !== null) w.child(msg);
    node.range = w.span(start);
    semicolon(w, node['semicolon'], flags);
  },
  NameItem: (w, node, flags) => {
    const start = w.position();
    w.child(node['name']);
    node.range = w.span(start);
    comma(w, node['comma'], flags);
  },
  Global: (w, node, flags) => {
    const start = w.position();
    w.token('global');
    w.ws(node['whitespace_after_global']);
    commaList(w, list(node, node['names'], 'names'));
    node.range = w.span(start);
    semicolon(w, node['semicolon'], flags);
  },
  Nonlocal: (w, node, flags) => {
    const start = w.position();
    w.token('nonlocal');
    w.ws(node['whitespace_after_nonlocal']);
    commaList(w, list(node, node['names'], 'names'));
    node.range = w.span(start);
    semicolon(w, node['semicolon'], flags);
  },
  // Unlike the other small statements, LibCST records TypeAlias's range with its semicolon inside.
  TypeAlias: (w, node, flags) => {
    const start = w.position();
    w.token('type');
    w.ws(node['whitespace_after_type']);
    w.child(node['name']);
    const typeParameters = orNull(node['type_parameters']);
    const afterName = orNull(node['whitespace_after_name']);
    if (afterName !== null) w.ws(afterName);
    else if (typeParameters === null) w.token(' ');
    if (typeParameters !== null) {
      w.child(typeParameters);
      const afterParameters = orNull(node['whitespace_after_type_parameters']);
      if (afterParameters !== null) w.ws(afterParameters);
      else w.token(' ');
    }
    w.token('=');
    w.ws(node['whitespace_after_equals']);
    w.child(node['value']);
    semicolon(w, node['semicolon'], flags);
    node.range = w.span(start);
  },

  // Statements and blocks
  SimpleStatementLine: (w, node) => {
    w.all(node['leading_lines']);
    w.indentation();
    simpleStatementBody(w, node, list(node, node['body'], 'body'));
    w.child(node['trailing_whitespace']);
  },
  SimpleStatementSuite: (w, node) => {
    w.ws(node['leading_whitespace']);
    simpleStatementBody(w, node, list(node, node['body'], 'body'));
    w.child(node['trailing_whitespace']);
  },
  IndentedBlock: indentedBlock,
  Else: elseClause,
  Finally: finallyClause,
  If: ifStatement,
  ExceptHandler: exceptHandler,
  ExceptStarHandler: exceptStarHandler,
  Try: tryStatement,
  TryStar: tryStatement,
  Decorator: (w, node) => {
    w.all(node['leading_lines']);
    w.indentation();
    const start = w.position();
    w.token('@');
    w.ws(node['whitespace_after_at']);
    w.child(node['decorator']);
    node.range = w.span(start);
    w.child(node['trailing_whitespace']);
  },
  FunctionDef: functionDef,
  ClassDef: classDef,
  WithItem: (w, node, flags) => {
    const start = w.position();
    w.child(node['item']);
    w.maybe(node['asname']);
    node.range = w.span(start);
    comma(w, node['comma'], flags);
  },
  With: withStatement,
  For: forStatement,
  While: whileStatement,

  // Pattern matching
  Match: matchStatement,
  MatchCase: matchCase,
  MatchValue: (w, node) => {
    const start = w.position();
    w.child(node['value']);
    node.range = w.span(start);
  },
  MatchSingleton: (w, node) => {
    const start = w.position();
    w.child(node['value']);
    node.range = w.span(start);
  },
  MatchSequenceElement: (w, node, flags) => {
    const start = w.position();
    w.child(node['value']);
    matchSequenceComma(w, node['comma'], flags);
    node.range = w.span(start);
  },
  MatchStar: (w, node, flags) => {
    const start = w.position();
    w.token('*');
    w.ws(node['whitespace_before_name']);
    const name = orNull(node['name']);
    if (name !== null) w.child(name);
    else w.token('_');
    matchSequenceComma(w, node['comma'], flags);
    node.range = w.span(start);
  },
  MatchList: (w, node) => {
    w.all(node['lpar']);
    const start = w.position();
    w.maybe(node['lbracket']);
    const patterns = list(node, node['patterns'], 'patterns');
    const last = patterns.length - 1;
    for (let i = 0; i <= last; i++) w.node(patterns[i]!, i < last ? DEFAULT_COMMA | COMMA_SPACE : COMMA_SPACE, null);
    w.maybe(node['rbracket']);
    node.range = w.span(start);
    w.all(node['rpar']);
  },
  MatchTuple: (w, node) => {
    w.all(node['lpar']);
    const start = w.position();
    const patterns = list(node, node['patterns'], 'patterns');
    const count = patterns.length;
    for (let i = 0; i < count; i++) {
      const defaultComma = count === 1 || i < count - 1 ? DEFAULT_COMMA : 0;
      w.node(patterns[i]!, defaultComma | (count !== 1 ? COMMA_SPACE : 0), null);
    }
    node.range = w.span(start);
    w.all(node['rpar']);
  },
  MatchMappingElement: (w, node, flags) => {
    const start = w.position();
    w.child(node['key']);
    w.ws(node['whitespace_before_colon']);
    w.token(':');
    w.ws(node['whitespace_after_colon']);
    w.child(node['pattern']);
    comma(w, node['comma'], flags);
    node.range = w.span(start);
  },
  MatchMapping: (w, node) => {
    w.all(node['lpar']);
    const start = w.position();
    w.child(node['lbrace']);
    const items = list(node, node['elements'], 'elements');
    const rest = orNull(node['rest']);
    for (let i = 0; i < items.length; i++) w.node(items[i]!, rest !== null || i < items.length - 1 ? DEFAULT_COMMA : 0, null);
    if (rest !== null) {
      w.token('**');
      w.ws(node['whitespace_before_rest']);
      w.child(rest);
      w.maybe(node['trailing_comma']);
    }
    w.child(node['rbrace']);
    node.range = w.span(start);
    w.all(node['rpar']);
  },
  MatchKeywordElement: (w, node, flags) => {
    const start = w.position();
    w.child(node['key']);
    w.ws(node['whitespace_before_equal']);
    w.token('=');
    w.ws(node['whitespace_after_equal']);
    w.child(node['pattern']);
    comma(w, node['comma'], flags);
    node.range = w.span(start);
  },
  MatchClass: (w, node) => {
    w.all(node['lpar']);
    const start = w.position();
    w.child(node['cls']);
    w.ws(node['whitespace_after_cls']);
    w.token('(');
    w.ws(node['whitespace_before_patterns']);
    const patterns = list(node, node['patterns'], 'patterns');
    const keywords = list(node, node['kwds'], 'kwds');
    for (let i = 0; i < patterns.length; i++) {
      w.node(patterns[i]!, i + 1 < patterns.length + keywords.length ? DEFAULT_COMMA | COMMA_SPACE : COMMA_SPACE, null);
    }
    for (let i = 0; i < keywords.length; i++) w.node(keywords[i]!, i + 1 < keywords.length ? DEFAULT_COMMA : 0, null);
    w.ws(node['whitespace_after_kwds']);
    w.token(')');
    node.range = w.span(start);
    w.all(node['rpar']);
  },
  MatchAs: (w, node) => {
    w.all(node['lpar']);
    const start = w.position();
    const pattern = orNull(node['pattern']);
    if (pattern !== null) {
      w.child(pattern);
      const before = orNull(node['whitespace_before_as']);
      if (before !== null) w.ws(before);
      else w.token(' ');
      w.token('as');
      const after = orNull(node['whitespace_after_as']);
      if (after !== null) w.ws(after);
      else w.token(' ');
    }
    const name = orNull(node['name']);
    if (name !== null) w.child(name);
    else w.token('_');
    node.range = w.span(start);
    w.all(node['rpar']);
  },
  MatchOrElement: (w, node, flags) => {
    const start = w.position();
    w.child(node['pattern']);
    const separator = orNull(node['separator']);
    if (separator !== null) w.child(separator);
    else if (flags & DEFAULT_SEPARATOR) w.token(' | ');
    node.range = w.span(start);
  },
  MatchOr: (w, node) => {
    w.all(node['lpar']);
    const start = w.position();
    const patterns = list(node, node['patterns'], 'patterns');
    for (let i = 0; i < patterns.length; i++) w.node(patterns[i]!, i + 1 < patterns.length ? DEFAULT_SEPARATOR : 0, null);
    node.range = w.span(start);
    w.all(node['rpar']);
  },

  // Type parameters (PEP 695)
  TypeVar: (w, node) => {
    const start = w.position();
    w.child(node['name']);
    const bound = orNull(node['bound']);
    const colon = orNull(node['colon']);
    if (colon !== null) w.child(colon);
    else if (bound !== null) w.token(': ');
    if (bound !== null) w.child(bound);
    node.range = w.span(start);
  },
  TypeVarTuple: (w, node) => {
    const start = w.position();
    w.token('*');
    w.ws(node['whitespace_after_star']);
    w.child(node['name']);
    node.range = w.span(start);
  },
  ParamSpec: (w, node) => {
    const start = w.position();
    w.token('**');
    w.ws(node['whitespace_after_star']);
    w.child(node['name']);
    node.range = w.span(start);
  },
  TypeParam: (w, node, flags) => {
    const start = w.position();
    w.child(node['param']);
    const equal = orNull(node['equal']);
    const value = orNull(node['default']);
    if (equal !== null) w.child(equal);
    else if (value !== null) w.token(' = ');
    w.token((node['star'] as string | null) ?? '');
    w.ws(node['whitespace_after_star']);
    if (value !== null) w.child(value);
    comma(w, node['comma'], flags);
    node.range = w.span(start);
  },
  TypeParameters: (w, node) => {
    const start = w.position();
    w.child(node['lbracket']);
    commaList(w, list(node, node['params'], 'params'));
    w.child(node['rbracket']);
    node.range = w.span(start);
  },
};

/** Operators: their token comes from the schema (LibCST's `_get_token`), their shape from their base class. */
function operatorStep(type: string): Step | undefined {
  const schema = NODE_SCHEMA[type]!;
  if (type === 'NotIn') return twoTokenOperator('not', 'in');
  if (type === 'IsNot') return twoTokenOperator('is', 'not');
  if (schema.bases.includes('BaseUnaryOp')) return unaryOperator(schema.token!);
  if (schema.bases.includes('_BaseOneTokenOp')) return oneTokenOperator(type === 'NotEqual' ? null : schema.token!);
  return undefined;
}

for (const type of Object.keys(NODE_SCHEMA)) {
  if (STEP_TABLE[type] !== undefined) continue;
  const step = operatorStep(type);
  if (step !== undefined) STEP_TABLE[type] = step;
}

const STEPS: ReadonlyMap<string, Step> = new Map(Object.entries(STEP_TABLE));
