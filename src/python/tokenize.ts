// Python tokenizer with the exact output of CPython 3.11's `tokenize.generate_tokens` (kinds,
// texts, positions), written as a char-code scanner instead of `tokenize`'s regexes. The structure
// mirrors `tokenize._tokenize`: a loop over physical lines, indentation handling at the start of a
// logical line, then a pseudo-token loop over the rest of the line. Where that module has quirks
// (ERRORTOKEN for a space before an unmatched character, continued single-quoted strings that
// swallow a whole line as ERRORTOKEN, parenlev going negative, ...) they are reproduced on purpose.
//
// Line ends: LF, CRLF and lone CR all end a line; positions are those `tokenize` reports for the
// text with line ends translated to LF, token texts keep the original characters.
//
// f-strings are one STRING token as in 3.11, but their end is found with the 3.12 (PEP 701) rules
// so that nested quotes of the same kind work; when that scan fails the 3.11 rules apply.
import {
  CH_BACKSLASH,
  CH_CR,
  CH_DQUOTE,
  CH_FF,
  CH_HASH,
  CH_LF,
  CH_SPACE,
  CH_SQUOTE,
  CH_TAB,
  isAsciiDigit,
  isHexDigit,
  isIdentifierStartCodePoint,
  isPythonWhitespace,
  isWordCodePoint,
} from './chars.js';
import type { Token, TokenKind } from './token.js';

const TAB_SIZE = 8;
/** Nesting depth of f-strings inside f-string replacement fields before the 3.12 scan gives up. */
const MAX_FSTRING_NESTING = 64;

/** Where Python's `tokenize` raises: `TokenError` (EOF inside a string/statement) or `IndentationError`. */
export class TokenizeError extends Error {
  constructor(
    message: string,
    /** Line from 1, as `tokenize` reports it. */
    readonly line: number,
    /** Column from 0 in code points. */
    readonly column: number,
    readonly pythonError: 'TokenError' | 'IndentationError' = 'TokenError',
  ) {
    super(message);
    this.name = 'TokenizeError';
  }
}

/** Tokens of `text` as `tokenize.generate_tokens` yields them (without ENCODING). */
export function tokenize(text: string): Token[] {
  return new Tokenizer(text).run();
}

// ASCII class table for the dispatch in the pseudo-token loop.
const WORD_ASCII = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x5f) {
    WORD_ASCII[c] = 1;
  }
}

/** Bit flags of a string prefix letter: r, b, u, f (any case). */
function prefixFlag(c: number): number {
  switch (c | 0x20) {
    case 0x72: // r
      return 1;
    case 0x62: // b
      return 2;
    case 0x75: // u
      return 4;
    case 0x66: // f
      return 8;
    default:
      return 0;
  }
}
const RAW = 1;
const FORMAT = 8;
/** Valid two-letter prefix combinations: br, rb, fr, rf (in any case). */
function isPairPrefix(a: number, b: number): boolean {
  const both = a | b;
  return a !== b && (both === (RAW | 2) || both === (RAW | FORMAT));
}

class Tokenizer {
  private readonly s: string;
  private readonly n: number;
  private readonly astral: boolean;
  private readonly hasCR: boolean;
  private readonly tokens: Token[] = [];

  // Current physical line: [ls, le) content, [le, ln) its line terminator (empty at EOF).
  private lnum = 0;
  private ls = 0;
  private le = 0;
  private ln = 0;

  // Last column computed on a text with characters outside the BMP (see col()).
  private colOffset = -1;
  private colValue = 0;

  private parenlev = 0;
  private continued = false;
  private readonly indents: number[] = [0];

  constructor(text: string) {
    this.s = text;
    this.n = text.length;
    this.astral = /[\uD800-\uDBFF]/.test(text);
    this.hasCR = text.indexOf('\r') >= 0;
  }

  run(): Token[] {
    const s = this.s;
    let endedOnBlankTail = false;
    for (;;) {
      if (this.ln >= this.n) {
        // readline() returned '': end of input.
        this.lnum++;
        if (this.parenlev !== 0 || this.continued) {
          throw new TokenizeError('EOF in multi-line statement', this.lnum, 0);
        }
        break;
      }
      this.readLine(this.ln);
      let pos = this.ls;
      if (this.parenlev === 0 && !this.continued) {
        let column = 0;
        const le = this.le;
        for (; pos < le; pos++) {
          const c = s.charCodeAt(pos);
          if (c === CH_SPACE) column++;
          else if (c === CH_TAB) column = (Math.floor(column / TAB_SIZE) + 1) * TAB_SIZE;
          else if (c === CH_FF) column = 0;
          else break;
        }
        if (pos === le && this.ln === le) {
          // Whitespace-only last line without a line end: tokenize stops here.
          endedOnBlankTail = true;
          break;
        }
        if (pos === le || s.charCodeAt(pos) === CH_HASH) {
          if (pos < le) {
            this.push('COMMENT', pos, le, this.lnum, this.col(pos), this.lnum, this.col(le));
          }
          const c = this.col(le);
          this.push('NL', le, this.ln, this.lnum, c, this.lnum, this.ln > le ? c + 1 : c);
          continue;
        }
        this.indentation(column, pos);
      } else {
        this.continued = false;
      }
      this.scanLine(pos);
    }
    this.finish(endedOnBlankTail);
    return this.tokens;
  }

  private finish(endedOnBlankTail: boolean): void {
    const s = this.s;
    const n = this.n;
    if (!endedOnBlankTail && n > 0) {
      const lastChar = s.charCodeAt(n - 1);
      if (lastChar !== CH_LF && lastChar !== CH_CR) {
        // The last line has no line end: tokenize adds an empty NEWLINE unless it is a comment.
        let start = n;
        while (start > 0) {
          const c = s.charCodeAt(start - 1);
          if (c === CH_LF || c === CH_CR) break;
          start--;
        }
        let i = start;
        while (i < n) {
          const cp = s.codePointAt(i)!;
          if (!isPythonWhitespace(cp)) break;
          i += cp > 0xffff ? 2 : 1;
        }
        if (i >= n || s.charCodeAt(i) !== CH_HASH) {
          const len = this.astral ? countCodePoints(s, start, n) : n - start;
          this.push('NEWLINE', n, n, this.lnum - 1, len, this.lnum - 1, len + 1);
        }
      }
    }
    const endOffset = endedOnBlankTail ? this.ls : n;
    for (let i = 1; i < this.indents.length; i++) this.push('DEDENT', endOffset, endOffset, this.lnum, 0, this.lnum, 0);
    this.push('ENDMARKER', endOffset, endOffset, this.lnum, 0, this.lnum, 0);
  }

  private indentation(column: number, pos: number): void {
    const indents = this.indents;
    if (column > indents[indents.length - 1]!) {
      indents.push(column);
      this.push('INDENT', this.ls, pos, this.lnum, 0, this.lnum, this.col(pos));
    }
    while (column < indents[indents.length - 1]!) {
      if (!indents.includes(column)) {
        throw new TokenizeError(
          'unindent does not match any outer indentation level',
          this.lnum,
          this.col(pos),
          'IndentationError',
        );
      }
      indents.pop();
      const c = this.col(pos);
      this.push('DEDENT', pos, pos, this.lnum, c, this.lnum, c);
    }
  }

  /** The pseudo-token loop of `tokenize` over the rest of the current line (and lines that strings continue onto). */
  private scanLine(pos: number): void {
    const s = this.s;
    for (;;) {
      const le = this.le;
      let q = pos;
      while (q < le) {
        const c = s.charCodeAt(q);
        if (c !== CH_SPACE && c !== CH_TAB && c !== CH_FF) break;
        q++;
      }
      if (q >= le) {
        if (this.ln > le) {
          const c = this.col(le);
          this.push(this.parenlev > 0 ? 'NL' : 'NEWLINE', le, this.ln, this.lnum, c, this.lnum, c + 1);
        }
        return;
      }
      const c = s.charCodeAt(q);
      let end = -1;
      let kind: TokenKind = 'OP';
      // Strings may end on a later line; remember where they start.
      const startLine = this.lnum;
      const startLineOffset = this.ls;
      if (c < 128) {
        switch (c) {
          case CH_HASH:
            this.pushOnLine('COMMENT', q, le);
            pos = le;
            continue;
          case CH_BACKSLASH:
            if (q + 1 === le && this.ln > le) {
              this.continued = true;
              return;
            }
            break;
          case CH_SQUOTE:
          case CH_DQUOTE: {
            const r = this.string(q, 0);
            if (r === STRING_LINE_CONSUMED) return;
            end = r;
            kind = 'STRING';
            break;
          }
          case 0x2e: // .
            if (isAsciiDigit(s.charCodeAt(q + 1))) {
              end = this.number(q);
              kind = 'NUMBER';
            } else {
              end = s.charCodeAt(q + 1) === 0x2e && s.charCodeAt(q + 2) === 0x2e ? q + 3 : q + 1;
            }
            break;
          default:
            if (isAsciiDigit(c)) {
              end = this.number(q);
              kind = 'NUMBER';
            } else if (WORD_ASCII[c] === 1) {
              const p = this.stringPrefixLength(q, c);
              if (p > 0) {
                const r = this.string(q, p);
                if (r === STRING_LINE_CONSUMED) return;
                if (r >= 0) {
                  end = r;
                  kind = 'STRING';
                  break;
                }
              }
              end = this.wordEnd(q);
              kind = 'NAME';
            } else {
              end = this.operatorEnd(q, c);
            }
        }
      } else {
        const cp = s.codePointAt(q)!;
        if (isWordCodePoint(cp)) {
          end = this.wordEnd(q);
          kind = isIdentifierStartCodePoint(cp) ? 'NAME' : 'OP';
        }
      }
      if (end < 0) {
        // No pseudo-token matches at q: tokenize reports the single character at pos (which is
        // whitespace when q > pos) and moves on by one character.
        const width = this.astral && s.codePointAt(pos)! > 0xffff ? 2 : 1;
        this.pushOnLine('ERRORTOKEN', pos, pos + width);
        pos += width;
        continue;
      }
      if (kind === 'STRING' && this.lnum !== startLine) {
        const startCol = this.astral ? countCodePoints(s, startLineOffset, q) : q - startLineOffset;
        this.push('STRING', q, end, startLine, startCol, this.lnum, this.col(end));
      } else {
        this.pushOnLine(kind, q, end);
      }
      pos = end;
    }
  }

  // ---- lines and positions -------------------------------------------------------------------

  /** Makes the physical line starting at `start` current. */
  private readLine(start: number): void {
    const s = this.s;
    const n = this.n;
    this.lnum++;
    this.ls = start;
    let le: number;
    if (!this.hasCR) {
      le = s.indexOf('\n', start);
      if (le < 0) le = n;
      this.le = le;
      this.ln = le < n ? le + 1 : n;
      return;
    }
    le = start;
    while (le < n) {
      const c = s.charCodeAt(le);
      if (c === CH_LF || c === CH_CR) break;
      le++;
    }
    this.le = le;
    if (le >= n) this.ln = n;
    else if (s.charCodeAt(le) === CH_CR && s.charCodeAt(le + 1) === CH_LF) this.ln = le + 2;
    else this.ln = le + 1;
  }

  /** Moves to the next physical line if the current one has a line end and text follows. */
  private advanceLine(): boolean {
    if (this.ln === this.le || this.ln >= this.n) return false;
    this.readLine(this.ln);
    return true;
  }

  /** Column (code points) of offset `off` on the current line. */
  private col(off: number): number {
    if (!this.astral) return off - this.ls;
    // Columns are asked for in increasing order along a line: count on from the last answer, so
    // long lines stay linear.
    if (this.colOffset < this.ls || off < this.colOffset) {
      this.colOffset = this.ls;
      this.colValue = 0;
    }
    this.colValue += countCodePoints(this.s, this.colOffset, off);
    this.colOffset = off;
    return this.colValue;
  }

  private push(kind: TokenKind, start: number, end: number, sl: number, sc: number, el: number, ec: number): void {
    this.tokens.push({
      kind,
      text: this.s.slice(start, end),
      startLine: sl,
      startCol: sc,
      endLine: el,
      endCol: ec,
      start,
      end,
    });
  }

  private pushOnLine(kind: TokenKind, start: number, end: number): void {
    this.push(kind, start, end, this.lnum, this.col(start), this.lnum, this.col(end));
  }

  // ---- names, numbers, operators ---------------------------------------------------------------

  /** End of the regex `\w+` match at q. */
  private wordEnd(q: number): number {
    const s = this.s;
    const le = this.le;
    let i = q;
    while (i < le) {
      const c = s.charCodeAt(i);
      if (c < 128) {
        if (WORD_ASCII[c] !== 1) break;
        i++;
      } else {
        const cp = s.codePointAt(i)!;
        if (!isWordCodePoint(cp)) break;
        i += cp > 0xffff ? 2 : 1;
      }
    }
    return i;
  }

  /** End of tokenize's `Number` regex at q (q is a digit, or `.` followed by a digit). */
  private number(q: number): number {
    const s = this.s;
    const c = s.charCodeAt(q);
    if (c === 0x2e) {
      const d = digitPart(s, q + 1);
      const e = exponent(s, d);
      const f = e >= 0 ? e : d;
      return isImaginarySuffix(s.charCodeAt(f)) ? f + 1 : f;
    }
    const d = digitPart(s, q);
    if (isImaginarySuffix(s.charCodeAt(d))) return d + 1;
    let float = -1;
    if (s.charCodeAt(d) === 0x2e) {
      const frac = isAsciiDigit(s.charCodeAt(d + 1)) ? digitPart(s, d + 1) : d + 1;
      const e = exponent(s, frac);
      float = e >= 0 ? e : frac;
    } else {
      float = exponent(s, d);
    }
    if (float >= 0) return isImaginarySuffix(s.charCodeAt(float)) ? float + 1 : float;
    if (c === 0x30) {
      const x = s.charCodeAt(q + 1) | 0x20;
      if (x === 0x78 || x === 0x62 || x === 0x6f) {
        const digitOk = x === 0x78 ? isHexDigit : x === 0x62 ? isBinDigit : isOctDigit;
        let i = q + 2;
        for (;;) {
          const a = s.charCodeAt(i);
          if (digitOk(a)) i++;
          else if (a === 0x5f && digitOk(s.charCodeAt(i + 1))) i += 2;
          else break;
        }
        if (i > q + 2) return i;
      }
      let i = q + 1;
      for (;;) {
        const a = s.charCodeAt(i);
        if (a === 0x30) i++;
        else if (a === 0x5f && s.charCodeAt(i + 1) === 0x30) i += 2;
        else break;
      }
      return i;
    }
    return d;
  }

  /** End of the longest operator at q, or -1 (`!` alone, `$`, `?`, backquote, controls). */
  private operatorEnd(q: number, c: number): number {
    const s = this.s;
    const c1 = s.charCodeAt(q + 1);
    switch (c) {
      case 0x28: // (
      case 0x5b: // [
      case 0x7b: // {
        this.parenlev++;
        return q + 1;
      case 0x29: // )
      case 0x5d: // ]
      case 0x7d: // }
        this.parenlev--;
        return q + 1;
      case 0x2c: // ,
      case 0x3b: // ;
      case 0x7e: // ~
        return q + 1;
      case 0x21: // !
        return c1 === 0x3d ? q + 2 : -1;
      case 0x25: // %
      case 0x26: // &
      case 0x40: // @
      case 0x5e: // ^
      case 0x7c: // |
      case 0x2b: // +
      case 0x3d: // = (==)
        return c1 === 0x3d ? q + 2 : q + 1;
      case 0x3a: // : (:=)
        return c1 === 0x3d ? q + 2 : q + 1;
      case 0x2d: // - (-=, ->)
        return c1 === 0x3d || c1 === 0x3e ? q + 2 : q + 1;
      case 0x2a: // * ** **= *=
      case 0x2f: // / // //= /=
      case 0x3c: // < << <<= <=
      case 0x3e: // > >> >>= >=
        if (c1 === c) return s.charCodeAt(q + 2) === 0x3d ? q + 3 : q + 2;
        return c1 === 0x3d ? q + 2 : q + 1;
      default:
        return -1;
    }
  }

  // ---- strings ---------------------------------------------------------------------------------

  /** Length of a valid string prefix at q that is directly followed by a quote, else 0. */
  private stringPrefixLength(q: number, c: number): number {
    const a = prefixFlag(c);
    if (a === 0) return 0;
    const s = this.s;
    const c1 = s.charCodeAt(q + 1);
    if (c1 === CH_SQUOTE || c1 === CH_DQUOTE) return 1;
    const b = prefixFlag(c1);
    if (b === 0 || !isPairPrefix(a, b)) return 0;
    const c2 = s.charCodeAt(q + 2);
    return c2 === CH_SQUOTE || c2 === CH_DQUOTE ? 2 : 0;
  }

  /**
   * A string starting at q with a prefix of `prefixLength` letters. Returns its end offset (the
   * current line may have moved to the line where it ends), -1 when tokenize's string patterns do
   * not match (the caller then reads a name or an error token), or STRING_LINE_CONSUMED when a
   * continued single-quoted string ended in an ERRORTOKEN that took the rest of its last line.
   */
  private string(q: number, prefixLength: number): number {
    const s = this.s;
    let flags = 0;
    for (let i = 0; i < prefixLength; i++) flags |= prefixFlag(s.charCodeAt(q + i));
    const qq = q + prefixLength;
    const quote = s.charCodeAt(qq);
    const triple = s.charCodeAt(qq + 1) === quote && s.charCodeAt(qq + 2) === quote;
    if ((flags & FORMAT) !== 0) {
      const saved = this.saveLine();
      const end = this.fLiteral(triple ? qq + 3 : qq + 1, quote, triple, (flags & RAW) !== 0, false, 0);
      if (end >= 0) return end;
      this.restoreLine(saved);
    }
    if (triple) return this.tripleQuotedEnd(q, qq + 3, quote);
    return this.singleQuotedEnd(q, qq + 1, quote);
  }

  private tripleQuotedEnd(q: number, from: number, quote: number): number {
    const s = this.s;
    const startLine = this.lnum;
    const startCol = this.col(q);
    let k = from;
    for (;;) {
      const le = this.le;
      while (k < le) {
        const c = s.charCodeAt(k);
        if (c === CH_BACKSLASH) k += 2;
        else if (c === quote && s.charCodeAt(k + 1) === quote && s.charCodeAt(k + 2) === quote) return k + 3;
        else k++;
      }
      if (!this.advanceLine()) throw new TokenizeError('EOF in multi-line string', startLine, startCol);
      k = this.ls;
    }
  }

  /** tokenize's `ContStr` pattern on the current line, then its continued-string handling. */
  private singleQuotedEnd(q: number, from: number, quote: number): number {
    const s = this.s;
    const le = this.le;
    let k = from;
    while (k < le) {
      const c = s.charCodeAt(k);
      if (c === quote) return k + 1;
      if (c === CH_BACKSLASH) {
        if (k + 1 < le) {
          k += 2;
          continue;
        }
        if (this.ln > le) return this.continuedString(q, quote);
        return -1;
      }
      k++;
    }
    return -1;
  }

  /** A single-quoted string whose line ended with a backslash: tokenize matches each further line on its own. */
  private continuedString(q: number, quote: number): number {
    const s = this.s;
    const startLine = this.lnum;
    const startCol = this.col(q);
    for (;;) {
      if (!this.advanceLine()) {
        throw new TokenizeError('EOF in multi-line string', startLine, startCol);
      }
      const le = this.le;
      let k = this.ls;
      while (k < le) {
        const c = s.charCodeAt(k);
        if (c === quote) {
          return k + 1;
        }
        if (c === CH_BACKSLASH) {
          if (k + 1 >= le) break;
          k += 2;
        } else k++;
      }
      const endsWithBackslash = le > this.ls && s.charCodeAt(le - 1) === CH_BACKSLASH && this.ln > le;
      if (!endsWithBackslash) {
        const lineLength = this.col(le) + (this.ln > le ? 1 : 0);
        this.push('ERRORTOKEN', q, this.ln, startLine, startCol, this.lnum, lineLength);
        return STRING_LINE_CONSUMED;
      }
    }
  }

  // ---- f-strings (3.12 rules for finding the end) ---------------------------------------------

  /**
   * Literal part of an f-string (or a format spec when inSpec) from k. Returns the offset after
   * the closing quote(s) (after the closing `}` of the field for a spec), or -1.
   */
  private fLiteral(k: number, quote: number, triple: boolean, raw: boolean, inSpec: boolean, depth: number): number {
    const s = this.s;
    for (;;) {
      if (k >= this.le) {
        if (!triple || !this.advanceLine()) return -1;
        k = this.ls;
        continue;
      }
      const c = s.charCodeAt(k);
      if (c === quote) {
        if (!triple) return inSpec ? -1 : k + 1;
        if (s.charCodeAt(k + 1) === quote && s.charCodeAt(k + 2) === quote) return inSpec ? -1 : k + 3;
        k++;
      } else if (c === CH_BACKSLASH) {
        if (k + 1 >= this.le) {
          // Backslash-newline: the string continues on the next line.
          if (!this.advanceLine()) return -1;
          k = this.ls;
          continue;
        }
        const c1 = s.charCodeAt(k + 1);
        if (c1 === 0x7b || c1 === 0x7d) {
          k++; // `\{` is a backslash followed by a replacement field
        } else if (!raw && c1 === 0x4e && s.charCodeAt(k + 2) === 0x7b) {
          let close = k + 3; // \N{NAME}: its braces are not a replacement field
          while (close < this.le && s.charCodeAt(close) !== 0x7d) close++;
          k = close < this.le ? close + 1 : k + 2;
        } else {
          k += 2;
        }
      } else if (c === 0x7b) {
        if (!inSpec && s.charCodeAt(k + 1) === 0x7b) {
          k += 2;
        } else {
          k = this.fField(k + 1, quote, triple, raw, depth);
          if (k < 0) return -1;
        }
      } else if (c === 0x7d) {
        if (inSpec) return k + 1;
        k += s.charCodeAt(k + 1) === 0x7d ? 2 : 1;
      } else {
        k++;
      }
    }
  }

  /** Expression part of a replacement field, from just after `{`; returns the offset after its `}`, or -1. */
  private fField(k: number, quote: number, triple: boolean, raw: boolean, depth: number): number {
    const s = this.s;
    let brackets = 0;
    for (;;) {
      if (k >= this.le) {
        if (!this.advanceLine()) return -1;
        k = this.ls;
        continue;
      }
      const c = s.charCodeAt(k);
      switch (c) {
        case CH_SQUOTE:
        case CH_DQUOTE:
          k = this.nestedString(k, 0, depth);
          if (k < 0) return -1;
          continue;
        case CH_HASH:
          k = this.le;
          continue;
        case 0x28:
        case 0x5b:
        case 0x7b:
          brackets++;
          break;
        case 0x29:
        case 0x5d:
          if (brackets > 0) brackets--;
          break;
        case 0x7d:
          if (brackets === 0) return k + 1;
          brackets--;
          break;
        case 0x3a: // ':' at the top of the field starts the format spec
          if (brackets === 0) return this.fLiteral(k + 1, quote, triple, raw, true, depth);
          break;
        default:
          if (c < 128 ? WORD_ASCII[c] === 1 : isWordCodePoint(s.codePointAt(k)!)) {
            const p = c < 128 ? this.stringPrefixLength(k, c) : 0;
            if (p > 0) {
              k = this.nestedString(k, p, depth);
              if (k < 0) return -1;
            } else {
              k = this.wordEnd(k);
            }
            continue;
          }
      }
      k++;
    }
  }

  /** A string inside a replacement field, at k with a prefix of p letters; returns its end or -1. */
  private nestedString(k: number, p: number, depth: number): number {
    const s = this.s;
    let flags = 0;
    for (let i = 0; i < p; i++) flags |= prefixFlag(s.charCodeAt(k + i));
    const qq = k + p;
    const quote = s.charCodeAt(qq);
    const triple = s.charCodeAt(qq + 1) === quote && s.charCodeAt(qq + 2) === quote;
    const from = triple ? qq + 3 : qq + 1;
    if ((flags & FORMAT) !== 0) {
      if (depth >= MAX_FSTRING_NESTING) return -1;
      return this.fLiteral(from, quote, triple, (flags & RAW) !== 0, false, depth + 1);
    }
    let i = from;
    for (;;) {
      if (i >= this.le) {
        if (!triple || !this.advanceLine()) return -1;
        i = this.ls;
        continue;
      }
      const c = s.charCodeAt(i);
      if (c === CH_BACKSLASH) {
        if (i + 1 >= this.le) {
          if (!this.advanceLine()) return -1;
          i = this.ls;
          continue;
        }
        i += 2;
      } else if (c === quote) {
        if (!triple) return i + 1;
        if (s.charCodeAt(i + 1) === quote && s.charCodeAt(i + 2) === quote) return i + 3;
        i++;
      } else {
        i++;
      }
    }
  }

  private saveLine(): [number, number, number, number] {
    return [this.lnum, this.ls, this.le, this.ln];
  }

  private restoreLine(saved: [number, number, number, number]): void {
    [this.lnum, this.ls, this.le, this.ln] = saved;
  }
}

/** `string()` result: an ERRORTOKEN took the rest of the line; go on with the next line. */
const STRING_LINE_CONSUMED = -2;

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function countCodePoints(s: string, from: number, to: number): number {
  let n = to - from;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff && i > from && isHighSurrogate(s.charCodeAt(i - 1))) n--;
  }
  return n;
}

function isImaginarySuffix(c: number): boolean {
  return c === 0x6a || c === 0x4a;
}

function isBinDigit(c: number): boolean {
  return c === 0x30 || c === 0x31;
}

function isOctDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x37;
}

/** End of `[0-9](?:_?[0-9])*` at i (i must be a digit). */
function digitPart(s: string, i: number): number {
  i++;
  for (;;) {
    const c = s.charCodeAt(i);
    if (isAsciiDigit(c)) i++;
    else if (c === 0x5f && isAsciiDigit(s.charCodeAt(i + 1))) i += 2;
    else return i;
  }
}

/** End of `[eE][-+]?[0-9](?:_?[0-9])*` at i, or -1. */
function exponent(s: string, i: number): number {
  if ((s.charCodeAt(i) | 0x20) !== 0x65) return -1;
  let j = i + 1;
  const c = s.charCodeAt(j);
  if (c === 0x2b || c === 0x2d) j++;
  return isAsciiDigit(s.charCodeAt(j)) ? digitPart(s, j) : -1;
}
