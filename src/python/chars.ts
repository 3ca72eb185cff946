// Character classes of Python's `tokenize` module, on UTF-16 char codes / code points.
// `tokenize` matches names with the regex `\w+` (Unicode: letters, numbers and `_`) and then
// classifies a match as NAME only when its first character is an identifier start
// (`str.isidentifier()`), otherwise as OP. ASCII is answered from a table; anything else from a
// lazily filled BMP table (built with Unicode property regexes) or, outside the BMP, directly.

export const CH_TAB = 0x09;
export const CH_LF = 0x0a;
export const CH_FF = 0x0c;
export const CH_CR = 0x0d;
export const CH_SPACE = 0x20;
export const CH_HASH = 0x23;
export const CH_DQUOTE = 0x22;
export const CH_SQUOTE = 0x27;
export const CH_BACKSLASH = 0x5c;

const WORD = 1;
const ID_START = 2;

const asciiClass = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const isLetter = (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
  const isDigit = c >= 0x30 && c <= 0x39;
  if (isLetter || isDigit || c === 0x5f) asciiClass[c] = WORD;
  if (isLetter || c === 0x5f) asciiClass[c]! |= ID_START;
}

const wordRegex = /^[\p{L}\p{N}_]$/u;
const idStartRegex = /^[\p{XID_Start}_]$/u;
// Per BMP code unit: 0 = not computed, otherwise 0x80 | class bits.
let bmpClass: Uint8Array | undefined;

function classOf(cp: number): number {
  if (cp < 128) return asciiClass[cp]!;
  if (cp < 0x10000) {
    bmpClass ??= new Uint8Array(0x10000);
    let k = bmpClass[cp]!;
    if (k === 0) {
      k = 0x80 | computeClass(cp);
      bmpClass[cp] = k;
    }
    return k & 0x7f;
  }
  return computeClass(cp);
}

function computeClass(cp: number): number {
  const s = String.fromCodePoint(cp);
  return (wordRegex.test(s) ? WORD : 0) | (idStartRegex.test(s) ? ID_START : 0);
}

/** Python regex `\w` (Unicode): `str.isalnum()` or `_`. */
export function isWordCodePoint(cp: number): boolean {
  return (classOf(cp) & WORD) !== 0;
}

/** First character of a Python identifier (`str.isidentifier()` on one character). */
export function isIdentifierStartCodePoint(cp: number): boolean {
  return (classOf(cp) & ID_START) !== 0;
}

export function isAsciiDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

export function isHexDigit(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
}

/** Python's `str.isspace()` for one code point (what `str.strip()` removes). */
export function isPythonWhitespace(cp: number): boolean {
  if (cp <= 0x20) return cp === 0x20 || (cp >= 0x09 && cp <= 0x0d) || (cp >= 0x1c && cp <= 0x1f);
  if (cp < 0x85) return false;
  return (
    cp === 0x85 ||
    cp === 0xa0 ||
    cp === 0x1680 ||
    (cp >= 0x2000 && cp <= 0x200a) ||
    cp === 0x2028 ||
    cp === 0x2029 ||
    cp === 0x202f ||
    cp === 0x205f ||
    cp === 0x3000
  );
}
