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
// Letters and numbers assigned after Unicode 14.0, the database of Python 3.11: unassigned there,
// so not `\w` for tokenize, but letters for the newer Unicode of Node's ICU.
const NEWER_THAN_PYTHON: readonly (readonly [number, number])[] = [
  [0x88f, 0x88f], [0xc5c, 0xc5c], [0xcdc, 0xcdc], [0x1c89, 0x1c8a], [0xa7cb, 0xa7cf],
  [0xa7d2, 0xa7d2], [0xa7d4, 0xa7d4], [0xa7da, 0xa7dc], [0xa7f1, 0xa7f1], [0x105c0, 0x105f3],
  [0x10940, 0x10959], [0x10d40, 0x10d65], [0x10d6f, 0x10d85], [0x10ec2, 0x10ec7],
  [0x1123f, 0x11240], [0x11380, 0x11389], [0x1138b, 0x1138b], [0x1138e, 0x1138e],
  [0x11390, 0x113b5], [0x113b7, 0x113b7], [0x113d1, 0x113d1], [0x113d3, 0x113d3],
  [0x116d0, 0x116e3], [0x11bc0, 0x11be0], [0x11bf0, 0x11bf9], [0x11db0, 0x11ddb],
  [0x11de0, 0x11de9], [0x11f02, 0x11f02], [0x11f04, 0x11f10], [0x11f12, 0x11f33],
  [0x11f50, 0x11f59], [0x1342f, 0x1342f], [0x13441, 0x13446], [0x13460, 0x143fa],
  [0x16100, 0x1611d], [0x16130, 0x16139], [0x16d40, 0x16d6c], [0x16d70, 0x16d79],
  [0x16ea0, 0x16eb8], [0x16ebb, 0x16ed3], [0x16ff2, 0x16ff6], [0x187f8, 0x187ff],
  [0x18cff, 0x18cff], [0x18d09, 0x18d1e], [0x18d80, 0x18df2], [0x1b132, 0x1b132],
  [0x1b155, 0x1b155], [0x1ccf0, 0x1ccf9], [0x1d2c0, 0x1d2d3], [0x1df25, 0x1df2a],
  [0x1e030, 0x1e06d], [0x1e4d0, 0x1e4eb], [0x1e4f0, 0x1e4f9], [0x1e5d0, 0x1e5ed],
  [0x1e5f0, 0x1e5fa], [0x1e6c0, 0x1e6de], [0x1e6e0, 0x1e6e2], [0x1e6e4, 0x1e6e5],
  [0x1e6e7, 0x1e6ed], [0x1e6f0, 0x1e6f4], [0x1e6fe, 0x1e6ff], [0x2b739, 0x2b73f],
  [0x2cea2, 0x2cead], [0x2ebf0, 0x2ee5d], [0x31350, 0x33479],
];

function isNewerThanPython(cp: number): boolean {
  for (const [from, to] of NEWER_THAN_PYTHON) {
    if (cp < from) return false;
    if (cp <= to) return true;
  }
  return false;
}

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
  if (isNewerThanPython(cp)) return 0;
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
