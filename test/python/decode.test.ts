import { describe, expect, it } from 'vitest';
import { decodeSource, SourceDecodeError } from '../../src/python/decode.js';

const bytes = (...parts: (string | number[])[]): Uint8Array =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p, 'latin1')] : p)));

// Expected results are what CPython 3.11's tokenize.detect_encoding + bytes.decode give.
const decoded: [name: string, input: Uint8Array, encoding: string, text: string][] = [
  ['plain UTF-8', bytes('x = "', [0xc3, 0xa9, 0xf0, 0x9f, 0x98, 0x80], '"\n'), 'utf-8', 'x = "é😀"\n'],
  ['BOM is stripped', bytes([0xef, 0xbb, 0xbf], 'x = 1\n'), 'utf-8-sig', 'x = 1\n'],
  ['BOM with utf-8 cookie', bytes([0xef, 0xbb, 0xbf], '# coding: utf-8\nx\n'), 'utf-8-sig', '# coding: utf-8\nx\n'],
  ['latin-1 cookie', bytes('# -*- coding: latin-1 -*-\nx = "', [0xe9, 0x80], '"\n'), 'iso-8859-1', '# -*- coding: latin-1 -*-\nx = "é\u0080"\n'],
  // 0x80 and 0x9c differ between cp1252 (€, œ) and latin-1 (C1 controls).
  ['cp1252 cookie on line 2', bytes('#!/usr/bin/env python\n# vim: set fileencoding=cp1252 :\nx = "', [0x80, 0x9c], '"\n'), 'cp1252', '#!/usr/bin/env python\n# vim: set fileencoding=cp1252 :\nx = "€œ"\n'],
  ['cookie on line 2 after code does not count', bytes('x = 1\n# coding: latin-1\n'), 'utf-8', 'x = 1\n# coding: latin-1\n'],
  ['utf_8 spelling', bytes('# coding=utf_8\n'), 'utf-8', '# coding=utf_8\n'],
  ['Latin_1-foo normalises to iso-8859-1', bytes('# coding: Latin_1-foo\nx="', [0xe9], '"\n'), 'iso-8859-1', '# coding: Latin_1-foo\nx="é"\n'],
  ['alias l1 keeps its name', bytes('# coding: l1\nx="', [0xe9], '"\n'), 'l1', '# coding: l1\nx="é"\n'],
  ['windows-1252 alias', bytes('# coding: windows-1252\nx="', [0x80], '"\n'), 'windows-1252', '# coding: windows-1252\nx="€"\n'],
  ['ISO-8859-15', bytes('# coding: ISO-8859-15\nx="', [0xa4], '"\n'), 'ISO-8859-15', '# coding: ISO-8859-15\nx="€"\n'],
  ['empty file', bytes(''), 'utf-8', ''],
  ['CR line ends kept', bytes('x = "', [0xc3, 0xa9], '"\r\ny = 2\r'), 'utf-8', 'x = "é"\r\ny = 2\r'],
  // Python reads lines up to b'\n' only, so with CR line ends the whole file is "line 1".
  ['CR-only file: a cookie on a later line counts', bytes('# hello\rx = 1\r# coding: cp1252\r'), 'cp1252', '# hello\rx = 1\r# coding: cp1252\r'],
  // Other codecs, bytes from Python's str.encode.
  ...([
    ['shift_jis', [147, 250, 150, 123, 140, 234], '日本語'],
    ['euc-jp', [198, 252, 203, 220, 184, 236], '日本語'],
    ['gbk', [214, 208, 206, 196], '中文'],
    ['big5', [164, 164, 164, 229], '中文'],
    ['euc_kr', [199, 209, 177, 185, 190, 238], '한국어'],
    ['koi8-r', [208, 210, 201, 215, 197, 212], 'привет'],
    ['windows-1251', [239, 240, 232, 226, 229, 242], 'привет'],
    ['iso8859-7', [225, 226, 227], 'αβγ'],
  ] as const).map(([cookie, encoded, text]): [string, Uint8Array, string, string] => [
    `${cookie} cookie`,
    bytes(`# coding: ${cookie}\ns = '`, [...encoded], "'\n"),
    cookie,
    `# coding: ${cookie}\ns = '${text}'\n`,
  ]),
];

describe('decodeSource', () => {
  it.each(decoded)('%s', (_name, input, encoding, text) => {
    expect(decodeSource(input)).toEqual({ text, encoding });
  });
});

const failures: [name: string, input: Uint8Array, message: RegExp, offset?: number, line?: number][] = [
  ['unknown encoding', bytes('# coding: uft-8\n'), /unknown or unsupported encoding: uft-8/],
  ['encoding Python has but bugmine does not decode', bytes('# coding: utf-16\n'), /unknown or unsupported encoding: utf-16/],
  ['BOM with a latin-1 cookie', bytes([0xef, 0xbb, 0xbf], '# coding: latin-1\n'), /encoding problem: utf-8/],
  ['BOM with a utf8 cookie (Python only accepts the spelling utf-8)', bytes([0xef, 0xbb, 0xbf], '# coding: utf8\n'), /encoding problem: utf-8/],
  ['invalid UTF-8 on line 1', bytes('x = "', [0xff], '"\n'), /invalid or missing encoding declaration.*0xff at offset 5/, 5, 1],
  ['invalid UTF-8 on line 2 after a comment line', bytes('#', [0xe9], '\n# coding: latin-1\n'), /invalid or missing encoding declaration/, 1, 1],
  ['cookie on line 3 does not count', bytes('\n\n# coding: latin-1\nx="', [0xe9], '"\n'), /as utf-8: byte 0xe9 at offset 23 \(line 4\)/, 23, 4],
  // 0x81 0x20: a Shift-JIS lead byte followed by a byte that cannot trail it.
  ['invalid shift_jis sequence', bytes('# coding: shift_jis\nx = 1\ns = "', [0x93, 0xfa, 0x81, 0x20], '"\n'), /as shift_jis: byte 0x81 at offset 33 \(line 3\)/, 33, 3],
  ['truncated gbk at EOF', bytes('# coding: gbk\ns = "', [0xd6]), /as gbk: byte 0xd6 at offset 19 \(line 2\)/, 19, 2],
  ['cp1250 undefined byte', bytes('# coding: cp1250\nx="', [0x83], '"\n'), /as cp1250: byte 0x83 at offset 20 \(line 2\)/, 20, 2],
  ['cp1252 undefined byte', bytes('# coding: cp1252\nx="', [0x81], '"\n'), /as cp1252: byte 0x81 at offset 20 \(line 2\)/, 20, 2],
  ['ascii rejects high bytes', bytes('  \t# coding:ascii\nx="', [0xc3, 0xa9], '"\n'), /as ascii: byte 0xc3 at offset 21/, 21, 2],
  ['CR-only latin-1 file: its single "line 1" must be UTF-8', bytes('# coding: latin-1\rx="', [0xe9], '"\r'), /invalid or missing encoding declaration/, 21, 1],
  ['truncated UTF-8 sequence at EOF', bytes('x = 1\n# ', [0xe2, 0x82]), /as utf-8: byte 0xe2 at offset 8 \(line 2\)/, 8, 2],
  ['UTF-8 encoded surrogate', bytes('x = 1\ny = "', [0xed, 0xa0, 0x80], '"\n'), /byte 0xed at offset 11 \(line 2\)/, 11, 2],
  ['offsets count the BOM', bytes([0xef, 0xbb, 0xbf], 'x\n', [0xc0, 0x80]), /as utf-8-sig: byte 0xc0 at offset 5 \(line 2\)/, 5, 2],
];

describe('decodeSource errors', () => {
  it.each(failures)('%s', (_name, input, message, offset, line) => {
    let caught: unknown;
    try {
      decodeSource(input);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(SourceDecodeError);
    const e = caught as SourceDecodeError;
    expect(e.message).toMatch(message);
    if (offset !== undefined) expect([e.offset, e.line]).toEqual([offset, line]);
  });
});
