/**
 * The parser's own scanner: Python tokens in the form LibCST's parser consumes them (parso/CPython
 * 3.12 semantics: no NL or COMMENT tokens, f-strings split into FSTRING_START / middle / END with
 * the replacement-field tokens in between), plus LibCST's whitespace states.
 *
 * LibCST attaches to every token a `whitespace_before` and a `whitespace_after` state; the state
 * after one token is the same object as the state before the next one (INDENT, DEDENT and
 * ENDMARKER share one state on both sides). Node builders consume whitespace by advancing a state,
 * so the first builder that asks owns the text. States are kept here as parallel arrays:
 * `statePos` (the offset where unconsumed whitespace starts), `stateIndent` (LibCST's
 * absolute_indent) and `stateParen` (whether the position is inside brackets).
 */
import { errorAt, ParseError } from './errors.js';

export const NAME = 0;
export const NUMBER = 1;
export const STRING = 2;
export const OP = 3;
export const NEWLINE = 4;
export const INDENT = 5;
export const DEDENT = 6;
export const ENDMARKER = 7;
export const FSTRING_START = 8;
export const FSTRING_MIDDLE = 9;
export const FSTRING_END = 10;
/** Where the scanner failed; the parser reports `Lexed.error` only if it gets that far (as CPython's lazy tokenizer does). */
export const ERRORTOKEN = 11;

/** Stack entries: brackets and replacement fields count as parenthesized for LibCST, f-string bodies do not. */
const S_PAREN = 0;
const S_SQUARE = 1;
const S_CURLY = 2;
const S_FSTRING = 3;
const S_FIELD = 4;
const S_FIELD_SPEC = 5;

/** Deepest bracket nesting CPython's tokenizer accepts (MAXLEVEL). */
const MAX_NESTING = 200;
/** Deepest indentation CPython's tokenizer accepts (MAXINDENT). */
const MAX_INDENT = 100;

export interface Lexed {
  readonly text: string;
  count: number;
  kind: Uint8Array;
  start: Int32Array;
  end: Int32Array;
  /** Token text; for INDENT tokens LibCST's relative indent. */
  value: string[];
  before: Int32Array;
  after: Int32Array;
  stateCount: number;
  statePos: Int32Array;
  stateIndent: string[];
  stateParen: Uint8Array;
  /** LibCST's default indent: the relative indent of the first INDENT token. */
  firstIndent: string | null;
  /** The scanner's error, reported when the parser reaches the ERRORTOKEN. */
  error: ParseError | null;
}

interface FStringFrame {
  quote: number;
  triple: boolean;
  raw: boolean;
}

const KEYWORD_AFTER_NUMBER = ['and', 'else', 'for', 'if', 'in', 'is', 'not', 'or'];

function isAsciiIdStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}
function isAsciiIdChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || (c >= 48 && c <= 57);
}
const ID_START_RE = /^\p{XID_Start}$/u;
const ID_CONTINUE_RE = /^\p{XID_Continue}$/u;
const OTHER_ID_START = new Set(['\u2118', '\u212e', '\u309b', '\u309c', '\u1885', '\u1886']);

export function lex(text: string): Lexed {
  return new Lexer(text).run();
}

class Lexer {
  private pos = 0;
  private readonly n: number;
  private out: Lexed;
  private readonly stack: number[] = [];
  private readonly frames: FStringFrame[] = [];
  private readonly bracketPos: number[] = [];
  /** Indentation columns (tabs to multiples of 8) and alternate columns (tabs as 1), as CPython compares them. */
  private readonly indentCols: number[] = [0];
  private readonly altCols: number[] = [0];
  /** LibCST's raw indentation strings. */
  private readonly indents: string[] = [''];
  private curState = 0;
  private lastKind = NEWLINE;

  constructor(private readonly text: string) {
    this.n = text.length;
    const cap = Math.max(16, (text.length >> 2) + 16);
    this.out = {
      text,
      count: 0,
      kind: new Uint8Array(cap),
      start: new Int32Array(cap),
      end: new Int32Array(cap),
      value: [],
      before: new Int32Array(cap),
      after: new Int32Array(cap),
      stateCount: 1,
      statePos: new Int32Array(cap + 1),
      stateIndent: [''],
      stateParen: new Uint8Array(cap + 1),
      firstIndent: null,
      error: null,
    };
  }

  private error(offset: number, message: string): never {
    throw errorAt(this.text, offset, message);
  }

  private grow(): void {
    const o = this.out;
    const cap = o.kind.length * 2;
    o.kind = grow8(o.kind, cap);
    o.start = grow32(o.start, cap);
    o.end = grow32(o.end, cap);
    o.before = grow32(o.before, cap);
    o.after = grow32(o.after, cap);
    o.statePos = grow32(o.statePos, cap);
    o.stateParen = grow8(o.stateParen, cap);
  }

  private isParenthesized(): boolean {
    const s = this.stack;
    return s.length > 0 && s[s.length - 1] !== S_FSTRING;
  }

  /** Emits a token that creates a fresh whitespace state after itself. */
  private emit(kind: number, start: number, end: number, value: string): void {
    const o = this.out;
    if (o.count + 2 >= o.kind.length) this.grow();
    const i = o.count++;
    o.kind[i] = kind;
    o.start[i] = start;
    o.end[i] = end;
    o.value[i] = value;
    o.before[i] = this.curState;
    const s = o.stateCount++;
    o.statePos[s] = end;
    o.stateParen[s] = this.isParenthesized() ? 1 : 0;
    o.stateIndent[s] = this.indents[this.indents.length - 1]!;
    o.after[i] = s;
    this.curState = s;
    this.lastKind = kind;
  }

  /** INDENT, DEDENT, ENDMARKER: no text, the state before is also the state after. */
  private emitMarker(kind: number, at: number, value: string): void {
    const o = this.out;
    if (o.count + 2 >= o.kind.length) this.grow();
    const i = o.count++;
    o.kind[i] = kind;
    o.start[i] = at;
    o.end[i] = at;
    o.value[i] = value;
    o.before[i] = this.curState;
    o.after[i] = this.curState;
    if (kind !== ENDMARKER) {
      // The state shared with the following token gets the indentation after all INDENT/DEDENTs.
      o.stateIndent[this.curState] = this.indents[this.indents.length - 1]!;
    }
    this.lastKind = kind;
  }

  run(): Lexed {
    try {
      this.scan();
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      this.out.error = e;
      const at = Math.min(this.pos, this.n);
      this.emit(ERRORTOKEN, at, at, '');
    }
    return this.out;
  }

  private scan(): void {
    const o = this.out;
    o.statePos[0] = 0;
    o.stateParen[0] = 0;
    let atLineStart = true;
    while (true) {
      const top = this.stack.length > 0 ? this.stack[this.stack.length - 1]! : -1;
      if (top === S_FSTRING || top === S_FIELD_SPEC) {
        this.fstringMiddle(top === S_FIELD_SPEC);
        continue;
      }
      if (atLineStart && this.stack.length === 0) {
        if (this.lineStart()) continue;
        atLineStart = false;
      }
      if (this.pos >= this.n) break;
      const c = this.text.charCodeAt(this.pos);
      if (c === 32 || c === 9 || c === 12) {
        this.pos++;
        continue;
      }
      if (c === 10 || c === 13) {
        const len = c === 13 && this.text.charCodeAt(this.pos + 1) === 10 ? 2 : 1;
        if (this.stack.length === 0) {
          if (this.lastKind !== NEWLINE && this.lastKind !== INDENT && this.lastKind !== DEDENT) {
            this.emit(NEWLINE, this.pos, this.pos + len, this.text.slice(this.pos, this.pos + len));
          }
          atLineStart = true;
        }
        this.pos += len;
        continue;
      }
      if (c === 35) {
        this.skipComment();
        continue;
      }
      if (c === 92) {
        this.continuation();
        continue;
      }
      this.token(c);
    }
    if (this.stack.length > 0) {
      const top = this.stack[this.stack.length - 1]!;
      if (top === S_FSTRING || top === S_FIELD_SPEC) this.error(this.n, 'unterminated f-string literal');
      const at = this.bracketPos[this.bracketPos.length - 1]!;
      this.error(at, `'${this.text[at]}' was never closed`);
    }
    if (this.lastKind !== NEWLINE && this.lastKind !== DEDENT && this.lastKind !== INDENT && o.count > 0) {
      this.emit(NEWLINE, this.n, this.n, '');
    }
    while (this.indentCols.length > 1) {
      this.indentCols.pop();
      this.altCols.pop();
      this.indents.pop();
      this.emitMarker(DEDENT, this.n, '');
    }
    this.emitMarker(ENDMARKER, this.n, '');
  }

  private skipComment(): void {
    let p = this.pos;
    while (p < this.n) {
      const c = this.text.charCodeAt(p);
      if (c === 10 || c === 13) break;
      p++;
    }
    this.pos = p;
  }

  private continuation(): void {
    const p = this.pos;
    const next = this.text.charCodeAt(p + 1);
    if (next === 10) this.pos = p + 2;
    else if (next === 13) this.pos = this.text.charCodeAt(p + 2) === 10 ? p + 3 : p + 2;
    else if (p + 1 >= this.n) this.error(p, 'unexpected EOF while parsing');
    else this.error(p + 1, 'unexpected character after line continuation character');
    if (this.pos >= this.n) this.error(p, 'unexpected EOF while parsing');
  }

  /** Handles indentation at the start of a logical line; returns true if the line was blank. */
  private lineStart(): boolean {
    const text = this.text;
    const lineBegin = this.pos;
    let p = lineBegin;
    let col = 0;
    let alt = 0;
    while (p < this.n) {
      const c = text.charCodeAt(p);
      if (c === 32) {
        col++;
        alt++;
      } else if (c === 9) {
        col = ((col >> 3) + 1) << 3;
        alt++;
      } else if (c === 12) {
        col = 0;
        alt = 0;
      } else break;
      p++;
    }
    this.pos = p;
    if (p >= this.n) return false;
    const c = text.charCodeAt(p);
    if (c === 35 || c === 10 || c === 13) {
      // Blank or comment-only line: no tokens, no indentation change.
      if (c === 35) this.skipComment();
      const q = this.pos;
      if (q < this.n) {
        const d = text.charCodeAt(q);
        this.pos = d === 13 && text.charCodeAt(q + 1) === 10 ? q + 2 : q + 1;
        return true;
      }
      return false;
    }
    if (c === 92) {
      // A line that starts with a continuation: CPython treats the joined text as this line.
    }
    const cols = this.indentCols;
    const top = cols[cols.length - 1]!;
    if (col === top) {
      if (alt !== this.altCols[this.altCols.length - 1]) this.error(p, 'inconsistent use of tabs and spaces in indentation');
    } else if (col > top) {
      if (cols.length >= MAX_INDENT) this.error(p, 'too many levels of indentation');
      if (alt <= this.altCols[this.altCols.length - 1]!) this.error(p, 'inconsistent use of tabs and spaces in indentation');
      if (this.out.count === 0 || this.lastKind !== NEWLINE) this.error(p, 'unexpected indent');
      const raw = text.slice(lineBegin, p);
      const prev = this.indents[this.indents.length - 1]!;
      cols.push(col);
      this.altCols.push(alt);
      this.indents.push(raw);
      const rel = raw.slice(prev.length);
      if (this.out.firstIndent === null) this.out.firstIndent = rel;
      this.emitMarker(INDENT, p, rel);
    } else {
      while (cols.length > 1 && col < cols[cols.length - 1]!) {
        cols.pop();
        this.altCols.pop();
        this.indents.pop();
        this.emitMarker(DEDENT, p, '');
      }
      if (col !== cols[cols.length - 1]) this.error(p, 'unindent does not match any outer indentation level');
      if (alt !== this.altCols[this.altCols.length - 1]) this.error(p, 'inconsistent use of tabs and spaces in indentation');
    }
    return false;
  }

  private token(c: number): void {
    const text = this.text;
    const start = this.pos;
    if (isAsciiIdStart(c) || c >= 128) {
      let p = start;
      if (c < 128) {
        p++;
        while (p < this.n) {
          const d = text.charCodeAt(p);
          if (isAsciiIdChar(d)) p++;
          else if (d >= 128) {
            p = this.scanUnicodeIdentifier(start, p);
            break;
          } else break;
        }
      } else {
        p = this.scanUnicodeIdentifier(start, start);
      }
      const next = text.charCodeAt(p);
      if ((next === 34 || next === 39) && p - start <= 2 && this.isStringPrefix(start, p)) {
        this.string(start, p);
        return;
      }
      this.pos = p;
      this.emit(NAME, start, p, text.slice(start, p));
      return;
    }
    if (c >= 48 && c <= 57) {
      this.number(start);
      return;
    }
    if (c === 34 || c === 39) {
      this.string(start, start);
      return;
    }
    if (c === 46 && this.isDigit(text.charCodeAt(start + 1))) {
      this.number(start);
      return;
    }
    this.operator(c, start);
  }

  private isDigit(c: number): boolean {
    return c >= 48 && c <= 57;
  }

  private scanUnicodeIdentifier(start: number, from: number): number {
    const text = this.text;
    let p = from;
    while (p < this.n) {
      const cp = text.codePointAt(p)!;
      const len = cp > 0xffff ? 2 : 1;
      if (cp < 128) {
        if (!isAsciiIdChar(cp)) break;
      } else {
        const ch = String.fromCodePoint(cp);
        const ok = p === start ? ID_START_RE.test(ch) || OTHER_ID_START.has(ch) : ID_CONTINUE_RE.test(ch) || OTHER_ID_START.has(ch);
        if (!ok) {
          if (p === start) {
            this.error(p, `invalid character '${ch}' (U+${cp.toString(16).toUpperCase().padStart(4, '0')})`);
          }
          // CPython reports identifiers that contain a character that cannot continue one.
          if (!/[\s\p{P}\p{S}]/u.test(ch) || ch === '·') {
            this.error(p, `invalid character '${ch}' (U+${cp.toString(16).toUpperCase().padStart(4, '0')})`);
          }
          break;
        }
      }
      p += len;
    }
    return p;
  }

  private isStringPrefix(start: number, end: number): boolean {
    const s = this.text.slice(start, end).toLowerCase();
    return s === 'r' || s === 'u' || s === 'b' || s === 'f' || s === 'br' || s === 'rb' || s === 'fr' || s === 'rf';
  }

  private string(start: number, quoteAt: number): void {
    const text = this.text;
    const prefix = text.slice(start, quoteAt).toLowerCase();
    const quote = text.charCodeAt(quoteAt);
    const triple = text.charCodeAt(quoteAt + 1) === quote && text.charCodeAt(quoteAt + 2) === quote;
    const bodyStart = quoteAt + (triple ? 3 : 1);
    if (prefix.includes('f')) {
      if (this.stack.length >= MAX_NESTING) this.error(start, 'too many nested parentheses');
      this.frames.push({ quote, triple, raw: prefix.includes('r') });
      this.stack.push(S_FSTRING);
      this.bracketPos.push(start);
      this.pos = bodyStart;
      this.emit(FSTRING_START, start, bodyStart, text.slice(start, bodyStart));
      return;
    }
    let p = bodyStart;
    while (true) {
      if (p >= this.n) {
        this.error(start, triple ? 'unterminated triple-quoted string literal' : 'unterminated string literal');
      }
      const c = text.charCodeAt(p);
      if (c === 92) {
        p += 2;
        if (text.charCodeAt(p - 1) === 13 && text.charCodeAt(p) === 10) p++;
        continue;
      }
      if (c === quote) {
        if (!triple) {
          p++;
          break;
        }
        if (text.charCodeAt(p + 1) === quote && text.charCodeAt(p + 2) === quote) {
          p += 3;
          break;
        }
      } else if ((c === 10 || c === 13) && !triple) {
        this.error(start, 'unterminated string literal');
      }
      p++;
    }
    if (p > this.n) this.error(start, 'unterminated string literal');
    this.pos = p;
    this.emit(STRING, start, p, text.slice(start, p));
  }

  /** Literal text of an f-string (or of a format spec), up to a replacement field or the closing quote. */
  private fstringMiddle(inSpec: boolean): void {
    const text = this.text;
    const frame = this.frames[this.frames.length - 1]!;
    const start = this.pos;
    let p = start;
    while (true) {
      if (p >= this.n) this.error(this.bracketPos[this.bracketPos.length - 1]!, frame.triple ? 'unterminated triple-quoted f-string literal' : 'unterminated f-string literal');
      const c = text.charCodeAt(p);
      if (c === frame.quote && (!frame.triple || (text.charCodeAt(p + 1) === c && text.charCodeAt(p + 2) === c))) {
        if (inSpec) this.error(p, "f-string: expecting '}'");
        if (p > start) this.emit(FSTRING_MIDDLE, start, p, text.slice(start, p));
        const end = p + (frame.triple ? 3 : 1);
        this.frames.pop();
        this.stack.pop();
        this.bracketPos.pop();
        this.pos = end;
        this.emit(FSTRING_END, p, end, text.slice(p, end));
        return;
      }
      if ((c === 10 || c === 13) && !frame.triple) {
        if (inSpec) this.error(p, "f-string: expecting '}'");
        this.error(this.bracketPos[this.bracketPos.length - 1]!, 'unterminated f-string literal');
      }
      if (c === 92) {
        const d = text.charCodeAt(p + 1);
        if (frame.raw) {
          p += d === 123 || d === 125 ? 1 : 2;
        } else if (d === 78 && text.charCodeAt(p + 2) === 123) {
          const close = text.indexOf('}', p + 3);
          p = close < 0 ? this.n : close + 1;
        } else {
          p += d === 123 || d === 125 ? 1 : 2;
        }
        continue;
      }
      if (c === 123) {
        if (!inSpec && text.charCodeAt(p + 1) === 123) {
          p += 2;
          continue;
        }
        if (p > start) this.emit(FSTRING_MIDDLE, start, p, text.slice(start, p));
        if (this.stack.length >= MAX_NESTING) this.error(p, 'too many nested parentheses');
        this.stack.push(S_FIELD);
        this.bracketPos.push(p);
        this.pos = p + 1;
        this.emit(OP, p, p + 1, '{');
        return;
      }
      if (c === 125) {
        if (!inSpec && text.charCodeAt(p + 1) === 125) {
          p += 2;
          continue;
        }
        if (!inSpec) this.error(p, "f-string: single '}' is not allowed");
        if (p > start) this.emit(FSTRING_MIDDLE, start, p, text.slice(start, p));
        // Close the replacement field whose format spec this was.
        this.stack.pop();
        this.bracketPos.pop();
        this.pos = p + 1;
        this.emit(OP, p, p + 1, '}');
        return;
      }
      p++;
    }
  }

  private isDigitOf(base: number, d: number): boolean {
    if (base === 10) return d >= 48 && d <= 57;
    if (base === 16) return (d >= 48 && d <= 57) || ((d | 32) >= 97 && (d | 32) <= 102);
    if (base === 8) return d >= 48 && d <= 55;
    return d === 48 || d === 49;
  }

  /** Digits of `base` with single underscores between them, from `p`; returns the end. */
  private digits(p: number, base: number, what: string): number {
    const text = this.text;
    if (!this.isDigitOf(base, text.charCodeAt(p))) this.error(p, `invalid ${what} literal`);
    while (true) {
      while (this.isDigitOf(base, text.charCodeAt(p))) p++;
      if (text.charCodeAt(p) !== 95) return p;
      p++;
      if (!this.isDigitOf(base, text.charCodeAt(p))) this.error(p, `invalid ${what} literal`);
    }
  }

  private number(start: number): void {
    const text = this.text;
    let p = start;
    const c = text.charCodeAt(p);
    if (c === 48) {
      const x = text.charCodeAt(p + 1) | 32;
      const base = x === 120 ? 16 : x === 111 ? 8 : x === 98 ? 2 : 0;
      if (base !== 0) {
        const what = base === 16 ? 'hexadecimal' : base === 8 ? 'octal' : 'binary';
        p += 2;
        if (text.charCodeAt(p) === 95) p++;
        const d = text.charCodeAt(p);
        if (base !== 16 && this.isDigit(d) && !this.isDigitOf(base, d)) this.error(p, `invalid digit '${text[p]}' in ${what} literal`);
        p = this.digits(p, base, what);
        if (base !== 16 && this.isDigit(text.charCodeAt(p))) this.error(p, `invalid digit '${text[p]}' in ${what} literal`);
        return this.finishNumber(start, p, what);
      }
    }
    if (c !== 46) {
      p = this.digits(p, 10, 'decimal');
      if (c === 48) {
        // "0", "00", "0_0" are fine; other leading zeros only in floats and imaginaries.
        let allZero = true;
        for (let q = start; q < p; q++) {
          const d = text.charCodeAt(q);
          if (d !== 48 && d !== 95) allZero = false;
        }
        const next = text.charCodeAt(p) | 32;
        if (!allZero && text.charCodeAt(p) !== 46 && next !== 101 && next !== 106) {
          this.error(start, 'leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers');
        }
      }
    }
    if (text.charCodeAt(p) === 46) {
      p++;
      if (this.isDigit(text.charCodeAt(p))) p = this.digits(p, 10, 'decimal');
    }
    if ((text.charCodeAt(p) | 32) === 101) {
      const q = p;
      p++;
      const s = text.charCodeAt(p);
      if (s === 43 || s === 45) p++;
      if (!this.isDigit(text.charCodeAt(p))) this.error(q, 'invalid decimal literal');
      p = this.digits(p, 10, 'decimal');
    }
    if ((text.charCodeAt(p) | 32) === 106) p++;
    this.finishNumber(start, p, 'decimal');
  }

  private finishNumber(start: number, p: number, what: string): void {
    const text = this.text;
    const c = text.charCodeAt(p);
    if (isAsciiIdChar(c) || c >= 128) {
      let ok = false;
      for (const kw of KEYWORD_AFTER_NUMBER) {
        if (text.startsWith(kw, p) && !isAsciiIdChar(text.charCodeAt(p + kw.length))) ok = true;
      }
      if (!ok && c >= 128 && !ID_CONTINUE_RE.test(String.fromCodePoint(text.codePointAt(p)!))) ok = true;
      if (!ok) this.error(p, `invalid ${what} literal`);
    }
    this.pos = p;
    this.emit(NUMBER, start, p, text.slice(start, p));
  }

  private operator(c: number, start: number): void {
    const text = this.text;
    const c1 = text.charCodeAt(start + 1);
    const c2 = text.charCodeAt(start + 2);
    let len = 1;
    switch (c) {
      case 40: // (
      case 91: // [
      case 123: // {
        if (this.stack.length >= MAX_NESTING) this.error(start, 'too many nested parentheses');
        this.stack.push(c === 40 ? S_PAREN : c === 91 ? S_SQUARE : S_CURLY);
        this.bracketPos.push(start);
        break;
      case 41:
      case 93:
      case 125: {
        const want = c === 41 ? S_PAREN : c === 93 ? S_SQUARE : S_CURLY;
        const top = this.stack.length > 0 ? this.stack[this.stack.length - 1]! : -1;
        if (top === -1) this.error(start, `unmatched '${text[start]}'`);
        if (top === S_FIELD && c === 125) {
          this.stack.pop();
          this.bracketPos.pop();
          break;
        }
        if (top !== want) {
          const open = this.bracketPos[this.bracketPos.length - 1]!;
          const openCh = text[open]!;
          const shown = top === S_FIELD || top === S_FSTRING ? '{' : openCh;
          this.error(start, `closing parenthesis '${text[start]}' does not match opening parenthesis '${shown}'`);
        }
        this.stack.pop();
        this.bracketPos.pop();
        break;
      }
      case 58: // :
        if (this.stack.length > 0 && this.stack[this.stack.length - 1] === S_FIELD) {
          // A top-level ':' in a replacement field starts its format spec.
          this.stack[this.stack.length - 1] = S_FIELD_SPEC;
        } else if (c1 === 61) len = 2;
        break;
      case 33: // !
        if (c1 === 61) len = 2;
        else if (!(this.stack.length > 0 && this.stack[this.stack.length - 1] === S_FIELD)) this.error(start, 'invalid syntax');
        break;
      case 46: // .
        if (c1 === 46 && c2 === 46) len = 3;
        break;
      case 45: // -
        if (c1 === 61 || c1 === 62) len = 2;
        break;
      case 42: // *
      case 47: // /
        if (c1 === c) len = c2 === 61 ? 3 : 2;
        else if (c1 === 61) len = 2;
        break;
      case 60: // <
      case 62: // >
        if (c1 === c) len = c2 === 61 ? 3 : 2;
        else if (c1 === 61) len = 2;
        break;
      case 43: // +
      case 37: // %
      case 38: // &
      case 124: // |
      case 94: // ^
      case 64: // @
      case 61: // =
        if (c1 === 61) len = 2;
        break;
      case 44: // ,
      case 59: // ;
      case 126: // ~
        break;
      default: {
        if (c === 0) this.error(start, 'source code cannot contain null bytes');
        const cp = text.codePointAt(start)!;
        const ch = String.fromCodePoint(cp);
        if (c === 36 || c === 63 || c === 96) this.error(start, 'invalid syntax');
        this.error(start, `invalid character '${ch}' (U+${cp.toString(16).toUpperCase().padStart(4, '0')})`);
      }
    }
    this.pos = start + len;
    this.emit(OP, start, start + len, len === 1 ? OPS1[c]! : text.slice(start, start + len));
  }
}

function grow8(a: Uint8Array, cap: number): Uint8Array {
  const b = new Uint8Array(cap + 1);
  b.set(a);
  return b;
}

function grow32(a: Int32Array, cap: number): Int32Array {
  const b = new Int32Array(cap + 1);
  b.set(a);
  return b;
}

const OPS1: string[] = [];
for (const ch of '()[]{}:!.-*/<>+%&|^@=,;~') OPS1[ch.charCodeAt(0)] = ch;
