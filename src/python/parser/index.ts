/**
 * `parseModule`: Python source text to LibCST 1.8.2's concrete syntax tree (native parser
 * semantics), with LibCST's positions. Everything CPython 3.8–3.12 accepts parses; everything it
 * rejects at parse time raises `ParseError`.
 */
import type { CstNode } from '../cst.js';
import { assignPositions } from '../positions.js';
import { ParseError } from './errors.js';
import { lex } from './lexer.js';
import { StatementParser } from './statements.js';

export { ParseError } from './errors.js';

export interface ParseOptions {
  /** `Module.encoding` (the source's encoding when it was decoded from bytes). Default `utf-8`. */
  encoding?: string;
  /** Set LibCST positions (`range`) on every node that is not a whitespace node. Default true. */
  positions?: boolean;
  /**
   * With `positions`, set them on the whitespace nodes too (`SimpleWhitespace`, `Newline`, ...; for
   * `bugmine cst --json` and for comparing with LibCST's `PositionProvider`). Default false: nothing
   * else reads them, and they are about half of the positions pass's objects.
   */
  whitespacePositions?: boolean;
  /** The line number positions give the text's first line (default 1): for a part of a file. */
  firstLine?: number;
}

function detectNewline(text: string): string {
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c === 10) return '\n';
    if (c === 13) return text.charCodeAt(k + 1) === 10 ? '\r\n' : '\r';
  }
  return '\n';
}

function hasTrailingNewline(text: string): boolean {
  const n = text.length;
  if (n === 0) return false;
  const last = text.charCodeAt(n - 1);
  if (last !== 10 && last !== 13) return false;
  // A newline right after a line continuation does not count.
  if (text.charCodeAt(n - 2) === 92) return false;
  if (last === 10 && text.charCodeAt(n - 2) === 13 && text.charCodeAt(n - 3) === 92) return false;
  return true;
}

export function parseModule(source: string, options: ParseOptions = {}): CstNode {
  const defaultNewline = detectNewline(source);
  const trailing = hasTrailingNewline(source);
  // LibCST parses the text with a newline appended when it has none; codegen leaves it out again.
  const text = trailing ? source : source + defaultNewline;
  let module: CstNode;
  try {
    const lexed = lex(text);
    const defaultIndent = lexed.firstIndent ?? '    ';
    const parser = new StatementParser(lexed, { defaultNewline, defaultIndent });
    const { body, footer } = parser.module();
    let header: CstNode[];
    let moduleFooter = footer;
    if (body.length === 0) {
      header = footer;
      moduleFooter = [];
      if (text === defaultNewline) header = [];
    } else {
      const first = body[0]!;
      header = first['leading_lines'] as CstNode[];
      first['leading_lines'] = [];
    }
    module = {
      type: 'Module',
      body,
      header,
      footer: moduleFooter,
      encoding: options.encoding ?? 'utf-8',
      default_indent: defaultIndent,
      default_newline: defaultNewline,
      has_trailing_newline: trailing,
      range: undefined,
    };
  } catch (e) {
    if (e instanceof ParseError) throw e;
    if (e instanceof RangeError) {
      // Stack exhaustion on pathological input: report it as CPython reports its recursion limit.
      throw new ParseError('too many nested expressions or statements', 1, 0);
    }
    throw e;
  }
  if (options.positions !== false) {
    try {
      assignPositions(module, { firstLine: options.firstLine ?? 1, whitespace: options.whitespacePositions === true });
    } catch (e) {
      if (e instanceof RangeError) throw new ParseError('too many nested expressions or statements', 1, 0);
      throw e;
    }
  }
  return module;
}
