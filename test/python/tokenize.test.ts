import { describe, expect, it } from 'vitest';
import { tokenize, TokenizeError } from '../../src/python/tokenize.js';

// Expected tokens are CPython 3.11.7's `tokenize.generate_tokens` output for each source, as
// [kind, text, startLine, startCol, endLine, endCol].
type Expected = [kind: string, text: string, sl: number, sc: number, el: number, ec: number];
type Case = [source: string, tokens: Expected[]];

function actual(source: string): Expected[] {
  return tokenize(source).map((t) => [t.kind, t.text, t.startLine, t.startCol, t.endLine, t.endCol]);
}

/** Line (from 1) and column (code points) of an offset; LF, CRLF and CR each end a line. */
function positionOf(source: string, offset: number): [number, number] {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    const c = source[i];
    if (c === '\n' || (c === '\r' && source[i + 1] !== '\n')) {
      line++;
      lineStart = i + 1;
    }
  }
  return [line, Array.from(source.slice(lineStart, offset)).length];
}

/** Offsets slice out the token text and point at the reported positions. */
function checkOffsets(source: string): void {
  for (const t of tokenize(source)) {
    expect(source.slice(t.start, t.end)).toBe(t.text);
    // Python places these after the text, on a line of their own even when the text has no final
    // line end; their offsets are the end of the text.
    const atEnd = t.start === source.length;
    const afterText = (t.kind === 'NEWLINE' && t.text === '') || ((t.kind === 'DEDENT' || t.kind === 'ENDMARKER') && atEnd);
    if (!afterText) expect(positionOf(source, t.start)).toEqual([t.startLine, t.startCol]);
    // A token that ends with its line end reports the column after it on the same line.
    const endsLine = /[\r\n]$/.test(t.text);
    if (!afterText && !endsLine) expect(positionOf(source, t.end)).toEqual([t.endLine, t.endCol]);
  }
}

const basics: Case[] = [
  ["if x:\n\ty = 1\n        z\n", [["NAME", "if", 1, 0, 1, 2], ["NAME", "x", 1, 3, 1, 4], ["OP", ":", 1, 4, 1, 5], ["NEWLINE", "\n", 1, 5, 1, 6], ["INDENT", "\t", 2, 0, 2, 1], ["NAME", "y", 2, 1, 2, 2], ["OP", "=", 2, 3, 2, 4], ["NUMBER", "1", 2, 5, 2, 6], ["NEWLINE", "\n", 2, 6, 2, 7], ["NAME", "z", 3, 8, 3, 9], ["NEWLINE", "\n", 3, 9, 3, 10], ["DEDENT", "", 4, 0, 4, 0], ["ENDMARKER", "", 4, 0, 4, 0]]],
  ["a = (1,\n  2)\n", [["NAME", "a", 1, 0, 1, 1], ["OP", "=", 1, 2, 1, 3], ["OP", "(", 1, 4, 1, 5], ["NUMBER", "1", 1, 5, 1, 6], ["OP", ",", 1, 6, 1, 7], ["NL", "\n", 1, 7, 1, 8], ["NUMBER", "2", 2, 2, 2, 3], ["OP", ")", 2, 3, 2, 4], ["NEWLINE", "\n", 2, 4, 2, 5], ["ENDMARKER", "", 3, 0, 3, 0]]],
  ["x = 1 \\\n  + 2\n", [["NAME", "x", 1, 0, 1, 1], ["OP", "=", 1, 2, 1, 3], ["NUMBER", "1", 1, 4, 1, 5], ["OP", "+", 2, 2, 2, 3], ["NUMBER", "2", 2, 4, 2, 5], ["NEWLINE", "\n", 2, 5, 2, 6], ["ENDMARKER", "", 3, 0, 3, 0]]],
  ["x = \\\n\ny\n", [["NAME", "x", 1, 0, 1, 1], ["OP", "=", 1, 2, 1, 3], ["NEWLINE", "\n", 2, 0, 2, 1], ["NAME", "y", 3, 0, 3, 1], ["NEWLINE", "\n", 3, 1, 3, 2], ["ENDMARKER", "", 4, 0, 4, 0]]],
  ["x", [["NAME", "x", 1, 0, 1, 1], ["NEWLINE", "", 1, 1, 1, 2], ["ENDMARKER", "", 2, 0, 2, 0]]],
  ["if a:\n  b", [["NAME", "if", 1, 0, 1, 2], ["NAME", "a", 1, 3, 1, 4], ["OP", ":", 1, 4, 1, 5], ["NEWLINE", "\n", 1, 5, 1, 6], ["INDENT", "  ", 2, 0, 2, 2], ["NAME", "b", 2, 2, 2, 3], ["NEWLINE", "", 2, 3, 2, 4], ["DEDENT", "", 3, 0, 3, 0], ["ENDMARKER", "", 3, 0, 3, 0]]],
  ["  \n", [["NL", "\n", 1, 2, 1, 3], ["ENDMARKER", "", 2, 0, 2, 0]]],
  ["x\n   ", [["NAME", "x", 1, 0, 1, 1], ["NEWLINE", "\n", 1, 1, 1, 2], ["ENDMARKER", "", 2, 0, 2, 0]]],
  ["", [["ENDMARKER", "", 1, 0, 1, 0]]],
  ["# c", [["COMMENT", "# c", 1, 0, 1, 3], ["NL", "", 1, 3, 1, 3], ["ENDMARKER", "", 2, 0, 2, 0]]],
  ["  # c\n", [["COMMENT", "# c", 1, 2, 1, 5], ["NL", "\n", 1, 5, 1, 6], ["ENDMARKER", "", 2, 0, 2, 0]]],
  ["\f  x\n", [["INDENT", "\f  ", 1, 0, 1, 3], ["NAME", "x", 1, 3, 1, 4], ["NEWLINE", "\n", 1, 4, 1, 5], ["DEDENT", "", 2, 0, 2, 0], ["ENDMARKER", "", 2, 0, 2, 0]]],
  ["if a:\n  \f b\n", [["NAME", "if", 1, 0, 1, 2], ["NAME", "a", 1, 3, 1, 4], ["OP", ":", 1, 4, 1, 5], ["NEWLINE", "\n", 1, 5, 1, 6], ["INDENT", "  \f ", 2, 0, 2, 4], ["NAME", "b", 2, 4, 2, 5], ["NEWLINE", "\n", 2, 5, 2, 6], ["DEDENT", "", 3, 0, 3, 0], ["ENDMARKER", "", 3, 0, 3, 0]]],
  ["if a:\n    b\n  # c\n\n        # d\nc\n", [["NAME", "if", 1, 0, 1, 2], ["NAME", "a", 1, 3, 1, 4], ["OP", ":", 1, 4, 1, 5], ["NEWLINE", "\n", 1, 5, 1, 6], ["INDENT", "    ", 2, 0, 2, 4], ["NAME", "b", 2, 4, 2, 5], ["NEWLINE", "\n", 2, 5, 2, 6], ["COMMENT", "# c", 3, 2, 3, 5], ["NL", "\n", 3, 5, 3, 6], ["NL", "\n", 4, 0, 4, 1], ["COMMENT", "# d", 5, 8, 5, 11], ["NL", "\n", 5, 11, 5, 12], ["DEDENT", "", 6, 0, 6, 0], ["NAME", "c", 6, 0, 6, 1], ["NEWLINE", "\n", 6, 1, 6, 2], ["ENDMARKER", "", 7, 0, 7, 0]]],
  ["0x_1f 0o7 0b1_0 1_000 1.5e-3 .5j 1e5 1.j 0123 00 1__0 1_.5 09.5 1if 0x 1e 1.__class__ 0_0 1E+5J\n", [["NUMBER", "0x_1f", 1, 0, 1, 5], ["NUMBER", "0o7", 1, 6, 1, 9], ["NUMBER", "0b1_0", 1, 10, 1, 15], ["NUMBER", "1_000", 1, 16, 1, 21], ["NUMBER", "1.5e-3", 1, 22, 1, 28], ["NUMBER", ".5j", 1, 29, 1, 32], ["NUMBER", "1e5", 1, 33, 1, 36], ["NUMBER", "1.j", 1, 37, 1, 40], ["NUMBER", "0", 1, 41, 1, 42], ["NUMBER", "123", 1, 42, 1, 45], ["NUMBER", "00", 1, 46, 1, 48], ["NUMBER", "1", 1, 49, 1, 50], ["NAME", "__0", 1, 50, 1, 53], ["NUMBER", "1", 1, 54, 1, 55], ["NAME", "_", 1, 55, 1, 56], ["NUMBER", ".5", 1, 56, 1, 58], ["NUMBER", "09.5", 1, 59, 1, 63], ["NUMBER", "1", 1, 64, 1, 65], ["NAME", "if", 1, 65, 1, 67], ["NUMBER", "0", 1, 68, 1, 69], ["NAME", "x", 1, 69, 1, 70], ["NUMBER", "1", 1, 71, 1, 72], ["NAME", "e", 1, 72, 1, 73], ["NUMBER", "1.", 1, 74, 1, 76], ["NAME", "__class__", 1, 76, 1, 85], ["NUMBER", "0_0", 1, 86, 1, 89], ["NUMBER", "1E+5J", 1, 90, 1, 95], ["NEWLINE", "\n", 1, 95, 1, 96], ["ENDMARKER", "", 2, 0, 2, 0]]],
  ["r'a' Rb'b' bR\"c\" f'd' rF'e' u'g' FR'h' ''' x\ny''' \n", [["STRING", "r'a'", 1, 0, 1, 4], ["STRING", "Rb'b'", 1, 5, 1, 10], ["STRING", "bR\"c\"", 1, 11, 1, 16], ["STRING", "f'd'", 1, 17, 1, 21], ["STRING", "rF'e'", 1, 22, 1, 27], ["STRING", "u'g'", 1, 28, 1, 32], ["STRING", "FR'h'", 1, 33, 1, 38], ["STRING", "''' x\ny'''", 1, 39, 2, 4], ["NEWLINE", "\n", 2, 5, 2, 6], ["ENDMARKER", "", 3, 0, 3, 0]]],
  ["b'x' ub'y' bu'z' rr'w'\n", [["STRING", "b'x'", 1, 0, 1, 4], ["NAME", "ub", 1, 5, 1, 7], ["STRING", "'y'", 1, 7, 1, 10], ["NAME", "bu", 1, 11, 1, 13], ["STRING", "'z'", 1, 13, 1, 16], ["NAME", "rr", 1, 17, 1, 19], ["STRING", "'w'", 1, 19, 1, 22], ["NEWLINE", "\n", 1, 22, 1, 23], ["ENDMARKER", "", 2, 0, 2, 0]]],
  ["a->b := c ... .. ** **= //= >>= <<= != @= -= ~ ^= |= %= &= <> == <= >=\n", [["NAME", "a", 1, 0, 1, 1], ["OP", "->", 1, 1, 1, 3], ["NAME", "b", 1, 3, 1, 4], ["OP", ":=", 1, 5, 1, 7], ["NAME", "c", 1, 8, 1, 9], ["OP", "...", 1, 10, 1, 13], ["OP", ".", 1, 14, 1, 15], ["OP", ".", 1, 15, 1, 16], ["OP", "**", 1, 17, 1, 19], ["OP", "**=", 1, 20, 1, 23], ["OP", "//=", 1, 24, 1, 27], ["OP", ">>=", 1, 28, 1, 31], ["OP", "<<=", 1, 32, 1, 35], ["OP", "!=", 1, 36, 1, 38], ["OP", "@=", 1, 39, 1, 41], ["OP", "-=", 1, 42, 1, 44], ["OP", "~", 1, 45, 1, 46], ["OP", "^=", 1, 47, 1, 49], ["OP", "|=", 1, 50, 1, 52], ["OP", "%=", 1, 53, 1, 55], ["OP", "&=", 1, 56, 1, 58], ["OP", "<", 1, 59, 1, 60], ["OP", ">", 1, 60, 1, 61], ["OP", "==", 1, 62, 1, 64], ["OP", "<=", 1, 65, 1, 67], ["OP", ">=", 1, 68, 1, 70], ["NEWLINE", "\n", 1, 70, 1, 71], ["ENDMARKER", "", 2, 0, 2, 0]]],
  ["$ ? ! `\n", [["ERRORTOKEN", "$", 1, 0, 1, 1], ["ERRORTOKEN", " ", 1, 1, 1, 2], ["ERRORTOKEN", "?", 1, 2, 1, 3], ["ERRORTOKEN", " ", 1, 3, 1, 4], ["ERRORTOKEN", "!", 1, 4, 1, 5], ["ERRORTOKEN", " ", 1, 5, 1, 6], ["ERRORTOKEN", "`", 1, 6, 1, 7], ["NEWLINE", "\n", 1, 7, 1, 8], ["ENDMARKER", "", 2, 0, 2, 0]]],
  ["a $b\n", [["NAME", "a", 1, 0, 1, 1], ["ERRORTOKEN", " ", 1, 1, 1, 2], ["ERRORTOKEN", "$", 1, 2, 1, 3], ["NAME", "b", 1, 3, 1, 4], ["NEWLINE", "\n", 1, 4, 1, 5], ["ENDMARKER", "", 2, 0, 2, 0]]],
  ["x \\", [["NAME", "x", 1, 0, 1, 1], ["ERRORTOKEN", " ", 1, 1, 1, 2], ["ERRORTOKEN", "\\", 1, 2, 1, 3], ["NEWLINE", "", 1, 3, 1, 4], ["ENDMARKER", "", 2, 0, 2, 0]]],
  ["x = 'abc\n", [["NAME", "x", 1, 0, 1, 1], ["OP", "=", 1, 2, 1, 3], ["ERRORTOKEN", " ", 1, 3, 1, 4], ["ERRORTOKEN", "'", 1, 4, 1, 5], ["NAME", "abc", 1, 5, 1, 8], ["NEWLINE", "\n", 1, 8, 1, 9], ["ENDMARKER", "", 2, 0, 2, 0]]],
  ["'abc\\\ndef\ny = 1\n", [["ERRORTOKEN", "'abc\\\ndef\n", 1, 0, 2, 4], ["NAME", "y", 3, 0, 3, 1], ["OP", "=", 3, 2, 3, 3], ["NUMBER", "1", 3, 4, 3, 5], ["NEWLINE", "\n", 3, 5, 3, 6], ["ENDMARKER", "", 4, 0, 4, 0]]],
  ["s = 'ab\\\ncd' + 1\n", [["NAME", "s", 1, 0, 1, 1], ["OP", "=", 1, 2, 1, 3], ["STRING", "'ab\\\ncd'", 1, 4, 2, 3], ["OP", "+", 2, 4, 2, 5], ["NUMBER", "1", 2, 6, 2, 7], ["NEWLINE", "\n", 2, 7, 2, 8], ["ENDMARKER", "", 3, 0, 3, 0]]],
  ["s = '''ab\\\n'''\n", [["NAME", "s", 1, 0, 1, 1], ["OP", "=", 1, 2, 1, 3], ["STRING", "'''ab\\\n'''", 1, 4, 2, 3], ["NEWLINE", "\n", 2, 3, 2, 4], ["ENDMARKER", "", 3, 0, 3, 0]]],
  ["\"\"\"\n\n\"\"\" x\n", [["STRING", "\"\"\"\n\n\"\"\"", 1, 0, 3, 3], ["NAME", "x", 3, 4, 3, 5], ["NEWLINE", "\n", 3, 5, 3, 6], ["ENDMARKER", "", 4, 0, 4, 0]]],
  ["def f():\n    return 1\n", [["NAME", "def", 1, 0, 1, 3], ["NAME", "f", 1, 4, 1, 5], ["OP", "(", 1, 5, 1, 6], ["OP", ")", 1, 6, 1, 7], ["OP", ":", 1, 7, 1, 8], ["NEWLINE", "\n", 1, 8, 1, 9], ["INDENT", "    ", 2, 0, 2, 4], ["NAME", "return", 2, 4, 2, 10], ["NUMBER", "1", 2, 11, 2, 12], ["NEWLINE", "\n", 2, 12, 2, 13], ["DEDENT", "", 3, 0, 3, 0], ["ENDMARKER", "", 3, 0, 3, 0]]],
  ["x = ( # c\n  1 # d\n)\n", [["NAME", "x", 1, 0, 1, 1], ["OP", "=", 1, 2, 1, 3], ["OP", "(", 1, 4, 1, 5], ["COMMENT", "# c", 1, 6, 1, 9], ["NL", "\n", 1, 9, 1, 10], ["NUMBER", "1", 2, 2, 2, 3], ["COMMENT", "# d", 2, 4, 2, 7], ["NL", "\n", 2, 7, 2, 8], ["OP", ")", 3, 0, 3, 1], ["NEWLINE", "\n", 3, 1, 3, 2], ["ENDMARKER", "", 4, 0, 4, 0]]],
  ["ñame = 1\n", [["NAME", "ñame", 1, 0, 1, 4], ["OP", "=", 1, 5, 1, 6], ["NUMBER", "1", 1, 7, 1, 8], ["NEWLINE", "\n", 1, 8, 1, 9], ["ENDMARKER", "", 2, 0, 2, 0]]],
  ["٣abc\n", [["OP", "٣abc", 1, 0, 1, 4], ["NEWLINE", "\n", 1, 4, 1, 5], ["ENDMARKER", "", 2, 0, 2, 0]]],
  ["x² = 1\n", [["NAME", "x²", 1, 0, 1, 2], ["OP", "=", 1, 3, 1, 4], ["NUMBER", "1", 1, 5, 1, 6], ["NEWLINE", "\n", 1, 6, 1, 7], ["ENDMARKER", "", 2, 0, 2, 0]]],
  ["é = 1\n", [["NAME", "e", 1, 0, 1, 1], ["ERRORTOKEN", "́", 1, 1, 1, 2], ["OP", "=", 1, 3, 1, 4], ["NUMBER", "1", 1, 5, 1, 6], ["NEWLINE", "\n", 1, 6, 1, 7], ["ENDMARKER", "", 2, 0, 2, 0]]],
  ["𝔘 = '𝔘' # 𝔘\nx\n", [["NAME", "𝔘", 1, 0, 1, 1], ["OP", "=", 1, 2, 1, 3], ["STRING", "'𝔘'", 1, 4, 1, 7], ["COMMENT", "# 𝔘", 1, 8, 1, 11], ["NEWLINE", "\n", 1, 11, 1, 12], ["NAME", "x", 2, 0, 2, 1], ["NEWLINE", "\n", 2, 1, 2, 2], ["ENDMARKER", "", 3, 0, 3, 0]]],
  [" x\n", [["ERRORTOKEN", " ", 1, 0, 1, 1], ["NAME", "x", 1, 1, 1, 2], ["NEWLINE", "\n", 1, 2, 1, 3], ["ENDMARKER", "", 2, 0, 2, 0]]],
  ["x\u000by\n", [["NAME", "x", 1, 0, 1, 1], ["ERRORTOKEN", "\u000b", 1, 1, 1, 2], ["NAME", "y", 1, 2, 1, 3], ["NEWLINE", "\n", 1, 3, 1, 4], ["ENDMARKER", "", 2, 0, 2, 0]]],
  ["f\"{x['a']}\" f'{y:>{w}}' rf\"\\{z}\" f\"\\N{DASH}{q}\" f'''{a\n}'''\n", [["STRING", "f\"{x['a']}\"", 1, 0, 1, 11], ["STRING", "f'{y:>{w}}'", 1, 12, 1, 23], ["STRING", "rf\"\\{z}\"", 1, 24, 1, 32], ["STRING", "f\"\\N{DASH}{q}\"", 1, 33, 1, 47], ["STRING", "f'''{a\n}'''", 1, 48, 2, 4], ["NEWLINE", "\n", 2, 4, 2, 5], ["ENDMARKER", "", 3, 0, 3, 0]]],
  // Indentation, continuation lines, numbers, strings and prefixes, operators, real-code shapes.
  ["if a:\n  \tb\n        c\n", [["NAME", "if", 1, 0, 1, 2], ["NAME", "a", 1, 3, 1, 4], ["OP", ":", 1, 4, 1, 5], ["NEWLINE", "\n", 1, 5, 1, 6], ["INDENT", "  \t", 2, 0, 2, 3], ["NAME", "b", 2, 3, 2, 4], ["NEWLINE", "\n", 2, 4, 2, 5], ["NAME", "c", 3, 8, 3, 9], ["NEWLINE", "\n", 3, 9, 3, 10], ["DEDENT", "", 4, 0, 4, 0], ["ENDMARKER", "", 4, 0, 4, 0]]],
  ["if a:\n    if b:\n        c\nd\n", [["NAME", "if", 1, 0, 1, 2], ["NAME", "a", 1, 3, 1, 4], ["OP", ":", 1, 4, 1, 5], ["NEWLINE", "\n", 1, 5, 1, 6], ["INDENT", "    ", 2, 0, 2, 4], ["NAME", "if", 2, 4, 2, 6], ["NAME", "b", 2, 7, 2, 8], ["OP", ":", 2, 8, 2, 9], ["NEWLINE", "\n", 2, 9, 2, 10], ["INDENT", "        ", 3, 0, 3, 8], ["NAME", "c", 3, 8, 3, 9], ["NEWLINE", "\n", 3, 9, 3, 10], ["DEDENT", "", 4, 0, 4, 0], ["DEDENT", "", 4, 0, 4, 0], ["NAME", "d", 4, 0, 4, 1], ["NEWLINE", "\n", 4, 1, 4, 2], ["ENDMARKER", "", 5, 0, 5, 0]]],
  ["if a:\n    if b:\n        c", [["NAME", "if", 1, 0, 1, 2], ["NAME", "a", 1, 3, 1, 4], ["OP", ":", 1, 4, 1, 5], ["NEWLINE", "\n", 1, 5, 1, 6], ["INDENT", "    ", 2, 0, 2, 4], ["NAME", "if", 2, 4, 2, 6], ["NAME", "b", 2, 7, 2, 8], ["OP", ":", 2, 8, 2, 9], ["NEWLINE", "\n", 2, 9, 2, 10], ["INDENT", "        ", 3, 0, 3, 8], ["NAME", "c", 3, 8, 3, 9], ["NEWLINE", "", 3, 9, 3, 10], ["DEDENT", "", 4, 0, 4, 0], ["DEDENT", "", 4, 0, 4, 0], ["ENDMARKER", "", 4, 0, 4, 0]]],
  ["if a:\n  b\n  ", [["NAME", "if", 1, 0, 1, 2], ["NAME", "a", 1, 3, 1, 4], ["OP", ":", 1, 4, 1, 5], ["NEWLINE", "\n", 1, 5, 1, 6], ["INDENT", "  ", 2, 0, 2, 2], ["NAME", "b", 2, 2, 2, 3], ["NEWLINE", "\n", 2, 3, 2, 4], ["DEDENT", "", 3, 0, 3, 0], ["ENDMARKER", "", 3, 0, 3, 0]]],
  ["if a:\n    x = (1,\n  2)\n    y = 1 + \\\n3\n", [["NAME", "if", 1, 0, 1, 2], ["NAME", "a", 1, 3, 1, 4], ["OP", ":", 1, 4, 1, 5], ["NEWLINE", "\n", 1, 5, 1, 6], ["INDENT", "    ", 2, 0, 2, 4], ["NAME", "x", 2, 4, 2, 5], ["OP", "=", 2, 6, 2, 7], ["OP", "(", 2, 8, 2, 9], ["NUMBER", "1", 2, 9, 2, 10], ["OP", ",", 2, 10, 2, 11], ["NL", "\n", 2, 11, 2, 12], ["NUMBER", "2", 3, 2, 3, 3], ["OP", ")", 3, 3, 3, 4], ["NEWLINE", "\n", 3, 4, 3, 5], ["NAME", "y", 4, 4, 4, 5], ["OP", "=", 4, 6, 4, 7], ["NUMBER", "1", 4, 8, 4, 9], ["OP", "+", 4, 10, 4, 11], ["NUMBER", "3", 5, 0, 5, 1], ["NEWLINE", "\n", 5, 1, 5, 2], ["DEDENT", "", 6, 0, 6, 0], ["ENDMARKER", "", 6, 0, 6, 0]]],
  ["x = 1 \\ \n", [["NAME", "x", 1, 0, 1, 1], ["OP", "=", 1, 2, 1, 3], ["NUMBER", "1", 1, 4, 1, 5], ["ERRORTOKEN", " ", 1, 5, 1, 6], ["ERRORTOKEN", "\\", 1, 6, 1, 7], ["NEWLINE", "\n", 1, 8, 1, 9], ["ENDMARKER", "", 2, 0, 2, 0]]],
  ["x = 1 \\\n# c\n", [["NAME", "x", 1, 0, 1, 1], ["OP", "=", 1, 2, 1, 3], ["NUMBER", "1", 1, 4, 1, 5], ["COMMENT", "# c", 2, 0, 2, 3], ["NEWLINE", "\n", 2, 3, 2, 4], ["ENDMARKER", "", 3, 0, 3, 0]]],
  ["1j 1_0j 0o 0b2 1.e 1e+ .e5 0_ 0b_1 1E5 0XFF 0O17 0B1\n", [["NUMBER", "1j", 1, 0, 1, 2], ["NUMBER", "1_0j", 1, 3, 1, 7], ["NUMBER", "0", 1, 8, 1, 9], ["NAME", "o", 1, 9, 1, 10], ["NUMBER", "0", 1, 11, 1, 12], ["NAME", "b2", 1, 12, 1, 14], ["NUMBER", "1.", 1, 15, 1, 17], ["NAME", "e", 1, 17, 1, 18], ["NUMBER", "1", 1, 19, 1, 20], ["NAME", "e", 1, 20, 1, 21], ["OP", "+", 1, 21, 1, 22], ["OP", ".", 1, 23, 1, 24], ["NAME", "e5", 1, 24, 1, 26], ["NUMBER", "0", 1, 27, 1, 28], ["NAME", "_", 1, 28, 1, 29], ["NUMBER", "0b_1", 1, 30, 1, 34], ["NUMBER", "1E5", 1, 35, 1, 38], ["NUMBER", "0XFF", 1, 39, 1, 43], ["NUMBER", "0O17", 1, 44, 1, 48], ["NUMBER", "0B1", 1, 49, 1, 52], ["NEWLINE", "\n", 1, 52, 1, 53], ["ENDMARKER", "", 2, 0, 2, 0]]],
  ["'a\\'b' \"\"\"a\\\"\"\"b\"\"\" '' \"\" '''''' \"\\\\\"\n", [["STRING", "'a\\'b'", 1, 0, 1, 6], ["STRING", "\"\"\"a\\\"\"\"b\"\"\"", 1, 7, 1, 19], ["STRING", "''", 1, 20, 1, 22], ["STRING", "\"\"", 1, 23, 1, 25], ["STRING", "''''''", 1, 26, 1, 32], ["STRING", "\"\\\\\"", 1, 33, 1, 37], ["NEWLINE", "\n", 1, 37, 1, 38], ["ENDMARKER", "", 2, 0, 2, 0]]],
  ["bar'x' rb'' Rb'''x''' fr'{x}' bu'x' U\"y\" uR'z'\n", [["NAME", "bar", 1, 0, 1, 3], ["STRING", "'x'", 1, 3, 1, 6], ["STRING", "rb''", 1, 7, 1, 11], ["STRING", "Rb'''x'''", 1, 12, 1, 21], ["STRING", "fr'{x}'", 1, 22, 1, 29], ["NAME", "bu", 1, 30, 1, 32], ["STRING", "'x'", 1, 32, 1, 35], ["STRING", "U\"y\"", 1, 36, 1, 40], ["NAME", "uR", 1, 41, 1, 43], ["STRING", "'z'", 1, 43, 1, 46], ["NEWLINE", "\n", 1, 46, 1, 47], ["ENDMARKER", "", 2, 0, 2, 0]]],
  ["x = 1; y = 2;\n@decorator\ndef f(*, a: int = 1, **k) -> None: ...\n", [["NAME", "x", 1, 0, 1, 1], ["OP", "=", 1, 2, 1, 3], ["NUMBER", "1", 1, 4, 1, 5], ["OP", ";", 1, 5, 1, 6], ["NAME", "y", 1, 7, 1, 8], ["OP", "=", 1, 9, 1, 10], ["NUMBER", "2", 1, 11, 1, 12], ["OP", ";", 1, 12, 1, 13], ["NEWLINE", "\n", 1, 13, 1, 14], ["OP", "@", 2, 0, 2, 1], ["NAME", "decorator", 2, 1, 2, 10], ["NEWLINE", "\n", 2, 10, 2, 11], ["NAME", "def", 3, 0, 3, 3], ["NAME", "f", 3, 4, 3, 5], ["OP", "(", 3, 5, 3, 6], ["OP", "*", 3, 6, 3, 7], ["OP", ",", 3, 7, 3, 8], ["NAME", "a", 3, 9, 3, 10], ["OP", ":", 3, 10, 3, 11], ["NAME", "int", 3, 12, 3, 15], ["OP", "=", 3, 16, 3, 17], ["NUMBER", "1", 3, 18, 3, 19], ["OP", ",", 3, 19, 3, 20], ["OP", "**", 3, 21, 3, 23], ["NAME", "k", 3, 23, 3, 24], ["OP", ")", 3, 24, 3, 25], ["OP", "->", 3, 26, 3, 28], ["NAME", "None", 3, 29, 3, 33], ["OP", ":", 3, 33, 3, 34], ["OP", "...", 3, 35, 3, 38], ["NEWLINE", "\n", 3, 38, 3, 39], ["ENDMARKER", "", 4, 0, 4, 0]]],
  ["x\u0000y\n", [["NAME", "x", 1, 0, 1, 1], ["ERRORTOKEN", "\u0000", 1, 1, 1, 2], ["NAME", "y", 1, 2, 1, 3], ["NEWLINE", "\n", 1, 3, 1, 4], ["ENDMARKER", "", 2, 0, 2, 0]]],
  ["a\tb\fc\n", [["NAME", "a", 1, 0, 1, 1], ["NAME", "b", 1, 2, 1, 3], ["NAME", "c", 1, 4, 1, 5], ["NEWLINE", "\n", 1, 5, 1, 6], ["ENDMARKER", "", 2, 0, 2, 0]]],
  ["def f():\n\tif x:\n\t\treturn\n\treturn\n", [["NAME", "def", 1, 0, 1, 3], ["NAME", "f", 1, 4, 1, 5], ["OP", "(", 1, 5, 1, 6], ["OP", ")", 1, 6, 1, 7], ["OP", ":", 1, 7, 1, 8], ["NEWLINE", "\n", 1, 8, 1, 9], ["INDENT", "\t", 2, 0, 2, 1], ["NAME", "if", 2, 1, 2, 3], ["NAME", "x", 2, 4, 2, 5], ["OP", ":", 2, 5, 2, 6], ["NEWLINE", "\n", 2, 6, 2, 7], ["INDENT", "\t\t", 3, 0, 3, 2], ["NAME", "return", 3, 2, 3, 8], ["NEWLINE", "\n", 3, 8, 3, 9], ["DEDENT", "", 4, 1, 4, 1], ["NAME", "return", 4, 1, 4, 7], ["NEWLINE", "\n", 4, 7, 4, 8], ["DEDENT", "", 5, 0, 5, 0], ["ENDMARKER", "", 5, 0, 5, 0]]],
  ["x = '''\n\\\n'''\n", [["NAME", "x", 1, 0, 1, 1], ["OP", "=", 1, 2, 1, 3], ["STRING", "'''\n\\\n'''", 1, 4, 3, 3], ["NEWLINE", "\n", 3, 3, 3, 4], ["ENDMARKER", "", 4, 0, 4, 0]]],
  ["print('x',\n      end='')  # done\n", [["NAME", "print", 1, 0, 1, 5], ["OP", "(", 1, 5, 1, 6], ["STRING", "'x'", 1, 6, 1, 9], ["OP", ",", 1, 9, 1, 10], ["NL", "\n", 1, 10, 1, 11], ["NAME", "end", 2, 6, 2, 9], ["OP", "=", 2, 9, 2, 10], ["STRING", "''", 2, 10, 2, 12], ["OP", ")", 2, 12, 2, 13], ["COMMENT", "# done", 2, 15, 2, 21], ["NEWLINE", "\n", 2, 21, 2, 22], ["ENDMARKER", "", 3, 0, 3, 0]]],
  ["class A:\n    '''doc'''\n\n    def f(self): pass\n\n\n# end\n", [["NAME", "class", 1, 0, 1, 5], ["NAME", "A", 1, 6, 1, 7], ["OP", ":", 1, 7, 1, 8], ["NEWLINE", "\n", 1, 8, 1, 9], ["INDENT", "    ", 2, 0, 2, 4], ["STRING", "'''doc'''", 2, 4, 2, 13], ["NEWLINE", "\n", 2, 13, 2, 14], ["NL", "\n", 3, 0, 3, 1], ["NAME", "def", 4, 4, 4, 7], ["NAME", "f", 4, 8, 4, 9], ["OP", "(", 4, 9, 4, 10], ["NAME", "self", 4, 10, 4, 14], ["OP", ")", 4, 14, 4, 15], ["OP", ":", 4, 15, 4, 16], ["NAME", "pass", 4, 17, 4, 21], ["NEWLINE", "\n", 4, 21, 4, 22], ["NL", "\n", 5, 0, 5, 1], ["NL", "\n", 6, 0, 6, 1], ["COMMENT", "# end", 7, 0, 7, 5], ["NL", "\n", 7, 5, 7, 6], ["DEDENT", "", 8, 0, 8, 0], ["ENDMARKER", "", 8, 0, 8, 0]]],
  ["lambda: (yield)\n", [["NAME", "lambda", 1, 0, 1, 6], ["OP", ":", 1, 6, 1, 7], ["OP", "(", 1, 8, 1, 9], ["NAME", "yield", 1, 9, 1, 14], ["OP", ")", 1, 14, 1, 15], ["NEWLINE", "\n", 1, 15, 1, 16], ["ENDMARKER", "", 2, 0, 2, 0]]],
  ["async def f():\n    await x\n", [["NAME", "async", 1, 0, 1, 5], ["NAME", "def", 1, 6, 1, 9], ["NAME", "f", 1, 10, 1, 11], ["OP", "(", 1, 11, 1, 12], ["OP", ")", 1, 12, 1, 13], ["OP", ":", 1, 13, 1, 14], ["NEWLINE", "\n", 1, 14, 1, 15], ["INDENT", "    ", 2, 0, 2, 4], ["NAME", "await", 2, 4, 2, 9], ["NAME", "x", 2, 10, 2, 11], ["NEWLINE", "\n", 2, 11, 2, 12], ["DEDENT", "", 3, 0, 3, 0], ["ENDMARKER", "", 3, 0, 3, 0]]],
  ["x = [\n    1,  # one\n\n    2,\n]\n", [["NAME", "x", 1, 0, 1, 1], ["OP", "=", 1, 2, 1, 3], ["OP", "[", 1, 4, 1, 5], ["NL", "\n", 1, 5, 1, 6], ["NUMBER", "1", 2, 4, 2, 5], ["OP", ",", 2, 5, 2, 6], ["COMMENT", "# one", 2, 8, 2, 13], ["NL", "\n", 2, 13, 2, 14], ["NL", "\n", 3, 0, 3, 1], ["NUMBER", "2", 4, 4, 4, 5], ["OP", ",", 4, 5, 4, 6], ["NL", "\n", 4, 6, 4, 7], ["OP", "]", 5, 0, 5, 1], ["NEWLINE", "\n", 5, 1, 5, 2], ["ENDMARKER", "", 6, 0, 6, 0]]],
];

describe('tokenize: agrees with CPython 3.11 tokenize', () => {
  it.each(basics)('%j', (source, tokens) => {
    expect(actual(source)).toEqual(tokens);
    checkOffsets(source);
  });
});

// Characters outside the BMP: one column each (two UTF-16 units in the offsets).
const astral: Case[] = [
  ["s = '''𝔘\n𝔘''' + 𝔘\n", [["NAME", "s", 1, 0, 1, 1], ["OP", "=", 1, 2, 1, 3], ["STRING", "'''𝔘\n𝔘'''", 1, 4, 2, 4], ["OP", "+", 2, 5, 2, 6], ["NAME", "𝔘", 2, 7, 2, 8], ["NEWLINE", "\n", 2, 8, 2, 9], ["ENDMARKER", "", 3, 0, 3, 0]]],
  ["# 𝔘\n𝔘 = 1 # 𝔘𝔘\n", [["COMMENT", "# 𝔘", 1, 0, 1, 3], ["NL", "\n", 1, 3, 1, 4], ["NAME", "𝔘", 2, 0, 2, 1], ["OP", "=", 2, 2, 2, 3], ["NUMBER", "1", 2, 4, 2, 5], ["COMMENT", "# 𝔘𝔘", 2, 6, 2, 10], ["NEWLINE", "\n", 2, 10, 2, 11], ["ENDMARKER", "", 3, 0, 3, 0]]],
  ["x = '𝔘' $ 𝔘 ? 😀\n", [["NAME", "x", 1, 0, 1, 1], ["OP", "=", 1, 2, 1, 3], ["STRING", "'𝔘'", 1, 4, 1, 7], ["ERRORTOKEN", " ", 1, 7, 1, 8], ["ERRORTOKEN", "$", 1, 8, 1, 9], ["NAME", "𝔘", 1, 10, 1, 11], ["ERRORTOKEN", " ", 1, 11, 1, 12], ["ERRORTOKEN", "?", 1, 12, 1, 13], ["ERRORTOKEN", " ", 1, 13, 1, 14], ["ERRORTOKEN", "😀", 1, 14, 1, 15], ["NEWLINE", "\n", 1, 15, 1, 16], ["ENDMARKER", "", 2, 0, 2, 0]]],
  ["'𝔘\\\n𝔘\nx\n", [["ERRORTOKEN", "'𝔘\\\n𝔘\n", 1, 0, 2, 2], ["NAME", "x", 3, 0, 3, 1], ["NEWLINE", "\n", 3, 1, 3, 2], ["ENDMARKER", "", 4, 0, 4, 0]]],
  ["(𝔘,\n 𝔘) 𝔘", [["OP", "(", 1, 0, 1, 1], ["NAME", "𝔘", 1, 1, 1, 2], ["OP", ",", 1, 2, 1, 3], ["NL", "\n", 1, 3, 1, 4], ["NAME", "𝔘", 2, 1, 2, 2], ["OP", ")", 2, 2, 2, 3], ["NAME", "𝔘", 2, 4, 2, 5], ["NEWLINE", "", 2, 5, 2, 6], ["ENDMARKER", "", 3, 0, 3, 0]]],
  ["if 𝔘:\n\t𝔘\n", [["NAME", "if", 1, 0, 1, 2], ["NAME", "𝔘", 1, 3, 1, 4], ["OP", ":", 1, 4, 1, 5], ["NEWLINE", "\n", 1, 5, 1, 6], ["INDENT", "\t", 2, 0, 2, 1], ["NAME", "𝔘", 2, 1, 2, 2], ["NEWLINE", "\n", 2, 2, 2, 3], ["DEDENT", "", 3, 0, 3, 0], ["ENDMARKER", "", 3, 0, 3, 0]]],
];

describe('tokenize: characters outside the BMP', () => {
  it.each(astral)('%j', (source, tokens) => {
    expect(actual(source)).toEqual(tokens);
    checkOffsets(source);
  });
});

// f-strings valid in 3.11 (and broken ones, where the 3.12 scan fails and 3.11's rules apply).
const fstrings311: Case[] = [
  ["f\"\\N{BULLET} {x}\"\n", [["STRING", "f\"\\N{BULLET} {x}\"", 1, 0, 1, 17], ["NEWLINE", "\n", 1, 17, 1, 18], ["ENDMARKER", "", 2, 0, 2, 0]]],
  ["f\"{x!r:>{w}}\" \"y\"\n", [["STRING", "f\"{x!r:>{w}}\"", 1, 0, 1, 13], ["STRING", "\"y\"", 1, 14, 1, 17], ["NEWLINE", "\n", 1, 17, 1, 18], ["ENDMARKER", "", 2, 0, 2, 0]]],
  ["f\"{x}}}{{y\"\n", [["STRING", "f\"{x}}}{{y\"", 1, 0, 1, 11], ["NEWLINE", "\n", 1, 11, 1, 12], ["ENDMARKER", "", 2, 0, 2, 0]]],
  ["f\"{ {'a': 1}['a'] }\"\n", [["STRING", "f\"{ {'a': 1}['a'] }\"", 1, 0, 1, 20], ["NEWLINE", "\n", 1, 20, 1, 21], ["ENDMARKER", "", 2, 0, 2, 0]]],
  ["f\"{a!=b}\" f'{x=}' f\"{x:'^10}\"\n", [["STRING", "f\"{a!=b}\"", 1, 0, 1, 9], ["STRING", "f'{x=}'", 1, 10, 1, 17], ["STRING", "f\"{x:'^10}\"", 1, 18, 1, 29], ["NEWLINE", "\n", 1, 29, 1, 30], ["ENDMARKER", "", 2, 0, 2, 0]]],
  ["f\"{x[\"a\"\n", [["STRING", "f\"{x[\"", 1, 0, 1, 6], ["NAME", "a", 1, 6, 1, 7], ["ERRORTOKEN", "\"", 1, 7, 1, 8], ["NEWLINE", "\n", 1, 8, 1, 9], ["ENDMARKER", "", 2, 0, 2, 0]]],
  ["f'''{\n  x\n}''' + 1\n", [["STRING", "f'''{\n  x\n}'''", 1, 0, 3, 4], ["OP", "+", 3, 5, 3, 6], ["NUMBER", "1", 3, 7, 3, 8], ["NEWLINE", "\n", 3, 8, 3, 9], ["ENDMARKER", "", 4, 0, 4, 0]]],
  ["f\"a{x}\\\nb\" + 1\n", [["STRING", "f\"a{x}\\\nb\"", 1, 0, 2, 2], ["OP", "+", 2, 3, 2, 4], ["NUMBER", "1", 2, 5, 2, 6], ["NEWLINE", "\n", 2, 6, 2, 7], ["ENDMARKER", "", 3, 0, 3, 0]]],
  ["f\"{\"\n", [["STRING", "f\"{\"", 1, 0, 1, 4], ["NEWLINE", "\n", 1, 4, 1, 5], ["ENDMARKER", "", 2, 0, 2, 0]]],
  ["f'{x:{y}}' 'z'\n", [["STRING", "f'{x:{y}}'", 1, 0, 1, 10], ["STRING", "'z'", 1, 11, 1, 14], ["NEWLINE", "\n", 1, 14, 1, 15], ["ENDMARKER", "", 2, 0, 2, 0]]],
  ["rf'\\N{x}' f'\\N{DASH}'\n", [["STRING", "rf'\\N{x}'", 1, 0, 1, 9], ["STRING", "f'\\N{DASH}'", 1, 10, 1, 21], ["NEWLINE", "\n", 1, 21, 1, 22], ["ENDMARKER", "", 2, 0, 2, 0]]],
  ["f\"\"\"{x[\"a\"]}\"\"\"\n", [["STRING", "f\"\"\"{x[\"a\"]}\"\"\"", 1, 0, 1, 15], ["NEWLINE", "\n", 1, 15, 1, 16], ["ENDMARKER", "", 2, 0, 2, 0]]],
  ["a\nb\n\n", [["NAME", "a", 1, 0, 1, 1], ["NEWLINE", "\n", 1, 1, 1, 2], ["NAME", "b", 2, 0, 2, 1], ["NEWLINE", "\n", 2, 1, 2, 2], ["NL", "\n", 3, 0, 3, 1], ["ENDMARKER", "", 4, 0, 4, 0]]],
  ["ﬁle = 1\n", [["NAME", "ﬁle", 1, 0, 1, 3], ["OP", "=", 1, 4, 1, 5], ["NUMBER", "1", 1, 6, 1, 7], ["NEWLINE", "\n", 1, 7, 1, 8], ["ENDMARKER", "", 2, 0, 2, 0]]],
];

describe('tokenize: f-strings as CPython 3.11 tokenizes them', () => {
  it.each(fstrings311)('%j', (source, tokens) => {
    expect(actual(source)).toEqual(tokens);
    checkOffsets(source);
  });
});

// 3.12-only f-strings (PEP 701): still one STRING token, whose end the 3.12 rules find.
// [source, the f-string token's text, its end line and column]; it starts at 1:0 (1:4 after a
// leading `x = `) and the line ends right after it.
const fstrings312: [source: string, text: string, endLine: number, endCol: number][] = [
  ['f"{x["a"]}"\n', 'f"{x["a"]}"', 1, 11],
  ['f"{f"{x}"}"\n', 'f"{f"{x}"}"', 1, 11],
  ['f"{x:{y["w"]}.{p}}"\n', 'f"{x:{y["w"]}.{p}}"', 1, 19],
  ["f\"{'\\n'.join(a)}\"\n", "f\"{'\\n'.join(a)}\"", 1, 17],
  ['rf"\\{x["a"]}"\n', 'rf"\\{x["a"]}"', 1, 13],
  ['f"{"a" if x else "b"}"\n', 'f"{"a" if x else "b"}"', 1, 22],
  ['f"{f"{f"{f"{1}"}"}"}"\n', 'f"{f"{f"{f"{1}"}"}"}"', 1, 21],
  ["F'{x[\"}\"]:{'{'}}'\n", "F'{x[\"}\"]:{'{'}}'", 1, 17],
  ['fR"{x}\\"{y["q"]}"\n', 'fR"{x}\\"{y["q"]}"', 1, 17],
  ["x = f'''{\n  a[\"b\"] # a comment with ''' quotes\n}'''\n", "f'''{\n  a[\"b\"] # a comment with ''' quotes\n}'''", 3, 4],
  ['x = f"{a +\n  b["c"]}"\n', 'f"{a +\n  b["c"]}"', 2, 10],
  ['x = f"{a:{"b"}}{c!r:>{"d"}}"\n', 'f"{a:{"b"}}{c!r:>{"d"}}"', 1, 28],
];

describe('tokenize: f-strings with 3.12 syntax are one STRING token', () => {
  it.each(fstrings312)('%j', (source, text, endLine, endCol) => {
    const col = source.startsWith('x = ') ? 4 : 0;
    const tokens = actual(source);
    const string = tokens.find((t) => t[0] === 'STRING');
    expect(string).toEqual(['STRING', text, 1, col, endLine, endCol]);
    expect(tokens.slice(tokens.indexOf(string!) + 1)).toEqual([
      ['NEWLINE', '\n', endLine, endCol, endLine, endCol + 1],
      ['ENDMARKER', '', endLine + 1, 0, endLine + 1, 0],
    ]);
    checkOffsets(source);
  });
});

// Line ends: CRLF and lone CR give the positions of the same text with LF, texts keep the
// original characters.
describe.each([
  ['CRLF', '\r\n'],
  ['CR', '\r'],
])('tokenize: %s line ends', (_name, lineEnd) => {
  it.each([...basics, ...fstrings311].filter(([source]) => source.includes('\n')))('%j', (source, tokens) => {
    const converted = source.replaceAll('\n', lineEnd);
    const expected = tokens.map(([kind, text, ...rest]): Expected => [kind, text.replaceAll('\n', lineEnd), ...rest]);
    expect(actual(converted)).toEqual(expected);
    checkOffsets(converted);
  });
});

describe('tokenize: mixed line ends', () => {
  it('counts LF, CRLF and CR as one line end each', () => {
    expect(actual('a\r\nb\rc\n(\rd)\r\n')).toEqual([
      ['NAME', 'a', 1, 0, 1, 1],
      ['NEWLINE', '\r\n', 1, 1, 1, 2],
      ['NAME', 'b', 2, 0, 2, 1],
      ['NEWLINE', '\r', 2, 1, 2, 2],
      ['NAME', 'c', 3, 0, 3, 1],
      ['NEWLINE', '\n', 3, 1, 3, 2],
      ['OP', '(', 4, 0, 4, 1],
      ['NL', '\r', 4, 1, 4, 2],
      ['NAME', 'd', 5, 0, 5, 1],
      ['OP', ')', 5, 1, 5, 2],
      ['NEWLINE', '\r\n', 5, 2, 5, 3],
      ['ENDMARKER', '', 6, 0, 6, 0],
    ]);
  });
});

// Where tokenize raises: [source, Python exception, message, line, column].
const errors: [string, 'TokenError' | 'IndentationError', string, number, number][] = [
  [')\nx\n', 'TokenError', 'EOF in multi-line statement', 3, 0],
  ['if a:\n    b\n c\n', 'IndentationError', 'unindent does not match any outer indentation level', 3, 1],
  ["x = '''abc", 'TokenError', 'EOF in multi-line string', 1, 4],
  ['(\n', 'TokenError', 'EOF in multi-line statement', 2, 0],
  ['x = \\\n', 'TokenError', 'EOF in multi-line statement', 2, 0],
  ["x = 'a\\\nb\\\n", 'TokenError', 'EOF in multi-line string', 1, 4],
];

describe('tokenize: errors where CPython 3.11 tokenize raises', () => {
  it.each(errors)('%j', (source, pythonError, message, line, column) => {
    let caught: unknown;
    try {
      tokenize(source);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(TokenizeError);
    const e = caught as TokenizeError;
    expect([e.pythonError, e.message, e.line, e.column]).toEqual([pythonError, message, line, column]);
  });
});

describe('tokenize: arbitrary input', () => {
  // Random strings over an alphabet of Python's structural characters, quotes, prefixes, line
  // ends and odd code units (lone surrogates included): either tokens that end in ENDMARKER and
  // slice out of the text, or a TokenizeError; nothing else, and no hang.
  const alphabet = ['a', 'f', 'r', 'b', '1', '.', 'e', 'j', '_', ' ', '\t', '\f', '\v', '\n', '\r', '\r\n', '\\', '"', "'", '"""', '#', '(', ')',
    '[', ']', '{', '}', ':', '=', '!', '$', '\u0000', 'é', '𝔘', '\uD800', '\uDC00', '\u2028', '٣', 'f"{', "rb'''"];
  let seed = 7;
  const random = (): number => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return seed / 4294967296;
  };
  it('gives tokens or a TokenizeError on 5,000 random strings', () => {
    let errors = 0;
    for (let n = 0; n < 5000; n++) {
      let source = '';
      const length = Math.floor(random() * 40);
      for (let i = 0; i < length; i++) source += alphabet[Math.floor(random() * alphabet.length)];
      let tokens;
      try {
        tokens = tokenize(source);
      } catch (e) {
        expect(e, JSON.stringify(source)).toBeInstanceOf(TokenizeError);
        errors++;
        continue;
      }
      expect(tokens.at(-1)?.kind, JSON.stringify(source)).toBe('ENDMARKER');
      for (const t of tokens) expect(source.slice(t.start, t.end)).toBe(t.text);
    }
    expect(errors).toBeGreaterThan(0);
    expect(errors).toBeLessThan(5000);
  });
});
