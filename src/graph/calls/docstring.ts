/**
 * Raw docstrings of `def` and `class` statements as jedi reports them: the value of a plain string
 * literal that opens the body, cleaned like Python's `inspect.cleandoc` (concatenated or
 * parenthesised strings are not docstrings for jedi, f-strings and bytes neither).
 */
import type { CstNode } from '../../python/cst.js';

const cache = new WeakMap<CstNode, string>();

export function definitionDocstring(definition: CstNode): string {
  let doc = cache.get(definition);
  if (doc === undefined) cache.set(definition, (doc = computeDocstring(definition)));
  return doc;
}

function computeDocstring(definition: CstNode): string {
  const body = definition['body'] as CstNode;
  let first: CstNode | undefined;
  if (body.type === 'SimpleStatementSuite') {
    first = (body['body'] as CstNode[])[0];
  } else {
    const statement = (body['body'] as CstNode[])[0];
    if (statement?.type === 'SimpleStatementLine') first = (statement['body'] as CstNode[])[0];
  }
  if (first?.type !== 'Expr') return '';
  const value = first['value'] as CstNode;
  if (value.type !== 'SimpleString' || (value['lpar'] as unknown[]).length > 0) return '';
  const text = evaluateStringLiteral(value['value'] as string);
  return text === null ? '' : cleandoc(text);
}

/** The value of a Python string literal (prefix and quotes included); null for bytes and f-strings. */
export function evaluateStringLiteral(literal: string): string | null {
  let i = 0;
  let raw = false;
  while (i < literal.length && literal[i] !== '"' && literal[i] !== "'") {
    const c = literal[i]!.toLowerCase();
    if (c === 'r') raw = true;
    else if (c === 'b' || c === 'f') return null;
    i++;
  }
  const quote = literal.startsWith(literal[i]!.repeat(3), i) ? literal[i]!.repeat(3) : literal[i]!;
  const body = literal.slice(i + quote.length, literal.length - quote.length);
  return raw ? body : unescapeBody(body);
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\n': '',
};

function unescapeBody(body: string): string {
  if (!body.includes('\\')) return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\' || i + 1 >= body.length) {
      out += c;
      continue;
    }
    const next = body[i + 1]!;
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) {
      out += simple;
      i++;
    } else if (next >= '0' && next <= '7') {
      let j = i + 1;
      while (j < body.length && j < i + 4 && body[j]! >= '0' && body[j]! <= '7') j++;
      out += String.fromCodePoint(parseInt(body.slice(i + 1, j), 8));
      i = j - 1;
    } else if (next === 'x' || next === 'u' || next === 'U') {
      const width = next === 'x' ? 2 : next === 'u' ? 4 : 8;
      const hex = body.slice(i + 2, i + 2 + width);
      if (/^[0-9a-fA-F]+$/.test(hex) && hex.length === width) {
        out += String.fromCodePoint(parseInt(hex, 16));
        i += 1 + width;
      } else {
        out += c;
      }
    } else {
      out += c; // unknown escapes (and \N{...}) keep their backslash
    }
  }
  return out;
}

function isPyWhitespace(ch: string): boolean {
  return /\s/u.test(ch) || ch === '\x1c' || ch === '\x1d' || ch === '\x1e' || ch === '\x1f';
}

function lstrip(line: string): string {
  let i = 0;
  while (i < line.length && isPyWhitespace(line[i]!)) i++;
  return line.slice(i);
}

function expandTabs(line: string): string {
  if (!line.includes('\t')) return line;
  let out = '';
  let column = 0;
  for (const ch of line) {
    if (ch === '\t') {
      const spaces = 8 - (column % 8);
      out += ' '.repeat(spaces);
      column += spaces;
    } else {
      out += ch;
      column = ch === '\n' || ch === '\r' ? 0 : column + 1;
    }
  }
  return out;
}

/** Python's `inspect.cleandoc`. */
export function cleandoc(doc: string): string {
  const lines = expandTabs(doc).split('\n');
  let margin = Infinity;
  for (let k = 1; k < lines.length; k++) {
    const line = lines[k]!;
    const content = lstrip(line).length;
    if (content > 0) margin = Math.min(margin, line.length - content);
  }
  lines[0] = lstrip(lines[0]!);
  if (margin !== Infinity) for (let k = 1; k < lines.length; k++) lines[k] = lines[k]!.slice(margin);
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  while (lines.length > 0 && lines[0] === '') lines.shift();
  return lines.join('\n');
}
