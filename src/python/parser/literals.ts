/**
 * The checks CPython applies to string literal contents at parse time: malformed `\x`, `\u`,
 * `\U` and `\N{...}` escapes and non-ASCII characters in bytes literals are syntax errors.
 */

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 102);
}

/**
 * Checks the body `text.slice(from, to)` of a literal; returns the offset of the first bad escape
 * (or character) with a message, or null when it is fine.
 */
export function checkLiteralBody(
  text: string,
  from: number,
  to: number,
  raw: boolean,
  bytes: boolean,
): [offset: number, message: string] | null {
  if (bytes) {
    for (let p = from; p < to; p++) {
      if (text.charCodeAt(p) > 127) return [p, 'bytes can only contain ASCII literal characters'];
    }
  }
  if (raw) return null;
  let p = text.indexOf('\\', from);
  while (p >= 0 && p < to) {
    const c = text.charCodeAt(p + 1);
    let need = 0;
    if (c === 120) need = 2;
    else if (!bytes && c === 117) need = 4;
    else if (!bytes && c === 85) need = 8;
    if (need > 0) {
      let value = 0;
      for (let k = 0; k < need; k++) {
        const d = text.charCodeAt(p + 2 + k);
        if (p + 2 + k >= to || !isHex(d)) {
          const kind = c === 120 ? '\\xXX' : c === 117 ? '\\uXXXX' : '\\UXXXXXXXX';
          return [p, `(unicode error) truncated ${kind} escape`];
        }
        value = value * 16 + parseInt(text[p + 2 + k]!, 16);
      }
      if (c === 85 && value > 0x10ffff) return [p, '(unicode error) illegal Unicode character'];
      p = text.indexOf('\\', p + 2 + need);
      continue;
    }
    if (!bytes && c === 78) {
      const close = text.indexOf('}', p + 3);
      if (text.charCodeAt(p + 2) !== 123 || close < 0 || close >= to || close === p + 3) {
        return [p, '(unicode error) malformed \\N character escape'];
      }
      p = text.indexOf('\\', close + 1);
      continue;
    }
    p = text.indexOf('\\', p + 2);
  }
  return null;
}
