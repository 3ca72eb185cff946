/**
 * Parser state shared by all grammar areas (acorn style: one object, grammar methods layered on
 * it by subclassing): the token cursor, error reporting, nesting guard, and LibCST's whitespace
 * parsers working on the lexer's whitespace states.
 *
 * Every node literal of the parser ends with `range: undefined`: the positions pass then fills an
 * existing in-object field instead of adding a property to each of millions of nodes (a hidden-class
 * transition and an out-of-object property store per node, most of the pass's garbage-collection
 * cost). It stays last so that key order, and so every serialization, is what it was.
 */
import type { CstNode } from '../cst.js';
import { errorAt, ParseError } from './errors.js';
import { ENDMARKER, ERRORTOKEN, type Lexed, NAME, OP } from './lexer.js';

/** Deepest expression/statement nesting we accept; deeper input is rejected instead of overflowing the stack. */
const MAX_DEPTH = 400;
/** Longest left-nested chain we accept (see checkChain). */
const MAX_CHAIN = 2000;

export const KEYWORDS = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif',
  'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or',
  'pass', 'raise', 'return', 'try', 'while', 'with', 'yield',
]);

export type Node = CstNode;

/**
 * The `lpar`/`rpar` of every node without parentheses (most expressions): one frozen empty list
 * shared by all, instead of two new arrays per expression node (about 6M on the standard library,
 * and the positions walk then reads one array that stays in cache). Parenthesizing a node replaces
 * its lists; nothing changes them in place (a change would throw).
 */
export const NO_PARENS: Node[] = Object.freeze([]) as unknown as Node[];

export interface ParserConfig {
  defaultNewline: string;
  defaultIndent: string;
}

export class ParserState {
  readonly text: string;
  readonly n: number;
  readonly kind: Uint8Array;
  readonly start: Int32Array;
  readonly end: Int32Array;
  readonly value: string[];
  readonly before: Int32Array;
  readonly after: Int32Array;
  readonly statePos: Int32Array;
  readonly stateIndent: string[];
  readonly stateParen: Uint8Array;
  readonly count: number;
  /** Cursor: index of the current token. */
  i = 0;
  depth = 0;
  readonly config: ParserConfig;
  private readonly lexError: ParseError | null;

  constructor(lexed: Lexed, config: ParserConfig) {
    this.lexError = lexed.error;
    this.text = lexed.text;
    this.n = lexed.text.length;
    this.kind = lexed.kind;
    this.start = lexed.start;
    this.end = lexed.end;
    this.value = lexed.value;
    this.before = lexed.before;
    this.after = lexed.after;
    this.statePos = lexed.statePos;
    this.stateIndent = lexed.stateIndent;
    this.stateParen = lexed.stateParen;
    this.count = lexed.count;
    this.config = config;
  }

  // ---- errors and nesting ----

  fail(message = 'invalid syntax', token = this.i): never {
    if (this.kind[this.i] === ERRORTOKEN && token >= this.i && this.lexError !== null) throw this.lexError;
    const at = token < this.count ? this.start[token]! : this.n;
    throw errorAt(this.text, at, message);
  }

  failAt(offset: number, message: string): never {
    throw errorAt(this.text, offset, message);
  }

  /**
   * Left-nested chains (`a + b + ...`, `a.b.c...`, `a and b and ...`, implicit string concatenation)
   * are parsed iteratively but make deep trees; CPython gives up near this length too.
   */
  checkChain(length: number): void {
    if (length > MAX_CHAIN) throw errorAt(this.text, this.start[this.i] ?? this.n, 'too many nested expressions or statements');
  }

  enter(): void {
    if (++this.depth > MAX_DEPTH) throw errorAt(this.text, this.start[this.i] ?? this.n, 'too many nested expressions or statements');
  }

  leave(): void {
    this.depth--;
  }

  // ---- token tests ----

  isOp(v: string, i = this.i): boolean {
    return this.kind[i] === OP && this.value[i] === v;
  }

  isKw(v: string, i = this.i): boolean {
    return this.kind[i] === NAME && this.value[i] === v;
  }

  isName(i = this.i): boolean {
    return this.kind[i] === NAME && !KEYWORDS.has(this.value[i]!);
  }

  atEnd(): boolean {
    return this.kind[this.i] === ENDMARKER;
  }

  /** Consumes the operator `v` and returns its token index, or fails. */
  expectOp(v: string, message?: string): number {
    if (!this.isOp(v)) this.fail(message ?? (v === ':' ? "expected ':'" : 'invalid syntax'));
    return this.i++;
  }

  expectKw(v: string): number {
    if (!this.isKw(v)) this.fail();
    return this.i++;
  }

  eatOp(v: string): number {
    if (this.isOp(v)) return this.i++;
    return -1;
  }

  /** Consumes an identifier token and builds its `Name`. */
  name(): Node {
    if (!this.isName()) this.fail();
    return { type: 'Name', value: this.value[this.i++], lpar: NO_PARENS, rpar: NO_PARENS, range: undefined };
  }

  // ---- LibCST whitespace parsers (see lexer.ts for the state model) ----

  /** End offset of the last successful speculative line scan (trailingAt / emptyLineAt). */
  private scanEnd = 0;

  private simpleEnd(p: number): number {
    const text = this.text;
    while (p < this.n) {
      const c = text.charCodeAt(p);
      if (c === 32 || c === 9 || c === 12) p++;
      else if (c === 92) {
        const d = text.charCodeAt(p + 1);
        if (d === 10) p += 2;
        else if (d === 13) p += text.charCodeAt(p + 2) === 10 ? 3 : 2;
        else break;
      } else break;
    }
    return p;
  }

  /** SimpleWhitespace from state `s`. */
  ws(s: number): Node {
    const p = this.statePos[s]!;
    const e = this.simpleEnd(p);
    this.statePos[s] = e;
    return { type: 'SimpleWhitespace', value: e === p ? '' : this.text.slice(p, e), range: undefined };
  }

  /** An empty SimpleWhitespace that consumes nothing. */
  noWs(): Node {
    return { type: 'SimpleWhitespace', value: '', range: undefined };
  }

  /** SimpleWhitespace or, inside brackets when a newline follows, ParenthesizedWhitespace. */
  pws(s: number): Node {
    if (this.stateParen[s] === 1) {
      const pw = this.parenthesizedWs(s);
      if (pw !== null) return pw;
    }
    return this.ws(s);
  }

  private commentEnd(p: number): number {
    const text = this.text;
    if (text.charCodeAt(p) !== 35) return p;
    while (p < this.n) {
      const c = text.charCodeAt(p);
      if (c === 10 || c === 13) break;
      p++;
    }
    return p;
  }

  private newlineEnd(p: number): number {
    const c = this.text.charCodeAt(p);
    if (c === 10) return p + 1;
    if (c === 13) return this.text.charCodeAt(p + 1) === 10 ? p + 2 : p + 1;
    return -1;
  }

  private newlineNode(p: number, e: number): Node {
    const v = this.text.slice(p, e);
    return { type: 'Newline', value: v === this.config.defaultNewline ? null : v, range: undefined };
  }

  private atLineStart(p: number): boolean {
    if (p === 0) return true;
    const c = this.text.charCodeAt(p - 1);
    return c === 10 || (c === 13 && this.text.charCodeAt(p) !== 10);
  }

  /** Speculative TrailingWhitespace at `p`: the node and the end offset, or null without a newline. */
  private trailingAt(p: number): Node | null {
    const we = this.simpleEnd(p);
    const ce = this.commentEnd(we);
    const ne = this.newlineEnd(ce);
    if (ne < 0) return null;
    const node: Node = {
      type: 'TrailingWhitespace',
      whitespace: { type: 'SimpleWhitespace', value: this.text.slice(p, we), range: undefined },
      comment: ce > we ? { type: 'Comment', value: this.text.slice(we, ce), range: undefined } : null,
      newline: this.newlineNode(ce, ne),
      range: undefined,
    };
    this.scanEnd = ne;
    return node;
  }

  /** Speculative EmptyLine at `p` with the given absolute indent. */
  private emptyLineAt(p: number, indent: string): Node | null {
    if (!this.atLineStart(p)) return null;
    const e0 = this.simpleEnd(p);
    const c0 = this.text.charCodeAt(e0);
    if (c0 !== 35 && c0 !== 10 && c0 !== 13) return null;
    let hasIndent = false;
    if (this.text.startsWith(indent, p)) {
      hasIndent = true;
      p += indent.length;
    }
    const we = this.simpleEnd(p);
    const ce = this.commentEnd(we);
    const ne = this.newlineEnd(ce);
    if (ne < 0) return null;
    const node: Node = {
      type: 'EmptyLine',
      indent: hasIndent,
      whitespace: { type: 'SimpleWhitespace', value: this.text.slice(p, we), range: undefined },
      comment: ce > we ? { type: 'Comment', value: this.text.slice(we, ce), range: undefined } : null,
      newline: this.newlineNode(ce, ne),
      range: undefined,
    };
    this.scanEnd = ne;
    return node;
  }

  trailing(s: number): Node {
    const r = this.trailingAt(this.statePos[s]!);
    if (r === null) this.fail();
    this.statePos[s] = this.scanEnd;
    return r;
  }

  emptyLines(s: number, overrideIndent: string | null = null): Node[] {
    const indent = overrideIndent ?? this.stateIndent[s]!;
    let p = this.statePos[s]!;
    const lines: Node[] = [];
    // End offset after the last line kept: with an override, lines not indented like the block are dropped from the end.
    let keptEnd = -1;
    while (true) {
      const r = this.emptyLineAt(p, indent);
      if (r === null) break;
      lines.push(r);
      p = this.scanEnd;
      if (overrideIndent === null || r['indent'] === true) keptEnd = p;
    }
    if (overrideIndent !== null) {
      let keep = lines.length;
      while (keep > 0 && lines[keep - 1]!['indent'] !== true) keep--;
      lines.length = keep;
    }
    if (lines.length > 0) this.statePos[s] = keptEnd;
    return lines;
  }

  private parenthesizedWs(s: number): Node | null {
    const first = this.trailingAt(this.statePos[s]!);
    if (first === null) return null;
    let p = this.scanEnd;
    const indent = this.stateIndent[s]!;
    const empty: Node[] = [];
    while (true) {
      const r = this.emptyLineAt(p, indent);
      if (r === null) break;
      empty.push(r);
      p = this.scanEnd;
    }
    let hasIndent = false;
    if (this.atLineStart(p) && this.text.startsWith(indent, p)) {
      hasIndent = true;
      p += indent.length;
    }
    const e = this.simpleEnd(p);
    this.statePos[s] = e;
    return {
      type: 'ParenthesizedWhitespace',
      first_line: first,
      empty_lines: empty,
      indent: hasIndent,
      last_line: { type: 'SimpleWhitespace', value: this.text.slice(p, e), range: undefined },
      range: undefined,
    };
  }

  // ---- small node builders used everywhere ----

  /** A one-token operator node owning the whitespace on both sides of token `t`. */
  op2(type: string, t: number, paren = true): Node {
    return paren
      ? { type, whitespace_before: this.pws(this.before[t]!), whitespace_after: this.pws(this.after[t]!), range: undefined }
      : { type, whitespace_before: this.ws(this.before[t]!), whitespace_after: this.ws(this.after[t]!), range: undefined };
  }

  comma(t: number, trailing = false, paren = true): Node {
    const before = paren ? this.pws(this.before[t]!) : this.ws(this.before[t]!);
    const after = trailing ? this.noWs() : paren ? this.pws(this.after[t]!) : this.ws(this.after[t]!);
    return { type: 'Comma', whitespace_before: before, whitespace_after: after, range: undefined };
  }

  lpar(t: number): Node {
    return { type: 'LeftParen', whitespace_after: this.pws(this.after[t]!), range: undefined };
  }

  rpar(t: number): Node {
    return { type: 'RightParen', whitespace_before: this.pws(this.before[t]!), range: undefined };
  }
}

export { ParseError };
