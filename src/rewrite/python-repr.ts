/**
 * Python's `repr()` of a `str`, exactly as CPython 3 computes it (unicode_repr): single quotes
 * unless the text contains `'` and no `"`; `\\`, the chosen quote, `\t`, `\n`, `\r` escaped;
 * other ASCII controls and DEL as `\xhh`; non-ASCII code points kept when Python considers them
 * printable (by Python 3.11's Unicode 14 tables, see python-printable-table.ts), else `\xhh` /
 * `\uhhhh` / `\Uhhhhhhhh`. JS lone surrogates map to Python's lone
 * surrogates (category Cs, so escaped).
 */

import { NON_PRINTABLE_RANGES } from './python-printable-table.js';

/** Flattened [start, end, start, end, ...] of the non-printable ranges, for binary search. */
const NON_PRINTABLE_BOUNDS: Uint32Array = (() => {
  const parts = NON_PRINTABLE_RANGES.split(',');
  const bounds = new Uint32Array(parts.length * 2);
  parts.forEach((part, k) => {
    const [start, end = start] = part.split('-');
    bounds[2 * k] = parseInt(start!, 16);
    bounds[2 * k + 1] = parseInt(end!, 16);
  });
  return bounds;
})();

/** Python 3.11's `str.isprintable()` for one non-ASCII code point. */
export function isPythonPrintable(cp: number): boolean {
  let low = 0;
  let high = NON_PRINTABLE_BOUNDS.length / 2 - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (cp < NON_PRINTABLE_BOUNDS[2 * mid]!) high = mid - 1;
    else if (cp > NON_PRINTABLE_BOUNDS[2 * mid + 1]!) low = mid + 1;
    else return false;
  }
  return true;
}

const HEX = '0123456789abcdef';

function hex(value: number, digits: number): string {
  let out = '';
  for (let shift = (digits - 1) * 4; shift >= 0; shift -= 4) out += HEX[(value >> shift) & 0xf];
  return out;
}

function needsEscapeOnly(text: string): boolean {
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c < 0x20 || c === 0x27 || c === 0x5c || c >= 0x7f) return true;
  }
  return false;
}

export function pythonStrRepr(text: string): string {
  // Fast path: printable ASCII without quote or backslash.
  if (!needsEscapeOnly(text)) return `'${text}'`;
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp === 0x5c) out += '\\\\';
    else if (ch === quote) out += '\\' + quote;
    else if (cp === 0x09) out += '\\t';
    else if (cp === 0x0a) out += '\\n';
    else if (cp === 0x0d) out += '\\r';
    else if (cp < 0x20 || cp === 0x7f) out += '\\x' + hex(cp, 2);
    else if (cp < 0x7f) out += ch;
    else if (isPythonPrintable(cp)) out += ch;
    else if (cp <= 0xff) out += '\\x' + hex(cp, 2);
    else if (cp <= 0xffff) out += '\\u' + hex(cp, 4);
    else out += '\\U' + hex(cp, 8);
  }
  return out + quote;
}

/**
 * Reads a Python string literal (as `repr` writes it, plus the other escapes of Python's plain
 * `str` literals) starting at `text[start]`. Returns the value and the index after the closing
 * quote, or null when `text[start]` does not begin a well-formed literal.
 */
export function readPythonStrLiteral(text: string, start: number): { value: string; end: number } | null {
  const quote = text[start];
  if (quote !== "'" && quote !== '"') return null;
  let value = '';
  let k = start + 1;
  while (k < text.length) {
    const ch = text[k]!;
    if (ch === quote) return { value, end: k + 1 };
    if (ch === '\n') return null;
    if (ch !== '\\') {
      value += ch;
      k++;
      continue;
    }
    const esc = text[k + 1];
    if (esc === undefined) return null;
    k += 2;
    switch (esc) {
      case '\\': value += '\\'; break;
      case "'": value += "'"; break;
      case '"': value += '"'; break;
      case 'n': value += '\n'; break;
      case 't': value += '\t'; break;
      case 'r': value += '\r'; break;
      case 'a': value += '\x07'; break;
      case 'b': value += '\b'; break;
      case 'f': value += '\f'; break;
      case 'v': value += '\v'; break;
      case '\n': break;
      case 'x':
      case 'u':
      case 'U': {
        const digits = esc === 'x' ? 2 : esc === 'u' ? 4 : 8;
        const hexText = text.slice(k, k + digits);
        if (hexText.length !== digits || !/^[0-9a-fA-F]+$/.test(hexText)) return null;
        const cp = parseInt(hexText, 16);
        if (cp > 0x10ffff) return null;
        value += String.fromCodePoint(cp);
        k += digits;
        break;
      }
      default:
        if (esc >= '0' && esc <= '7') {
          let end = k;
          while (end < k + 2 && text[end]! >= '0' && text[end]! <= '7') end++;
          value += String.fromCodePoint(parseInt(text.slice(k - 1, end), 8));
          k = end;
        } else {
          // Python keeps unknown escapes verbatim.
          value += '\\' + esc;
        }
    }
  }
  return null;
}
