import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { PYTHON_UNICODE_VERSION } from '../../src/rewrite/python-printable-table.js';
import { pythonStrRepr, readPythonStrLiteral } from '../../src/rewrite/python-repr.js';

const pythonUnicodeVersion = execFileSync('python3', ['-c', 'import unicodedata; print(unicodedata.unidata_version)'], { encoding: 'utf8' }).trim();

// Tricky strings: quote choice, escapes, controls, DEL, Latin-1, non-printable separators and format
// characters, private use, unassigned code points, astral characters, lone surrogates.
const SAMPLES: string[] = [
  '',
  'x',
  '>=',
  ' not in ',
  "it's",
  'say "hi"',
  `both ' and "`,
  'back\\slash',
  'tab\tnew\nline\rcr',
  '\x00\x01\x1f\x7f',
  '\x80\x9f\xa0\xad\xff',
  'é ü ß ñ',
  '\u2028\u2029\u200b\u200e\u3000\ufeff',
  '\ue000\uf8ff',
  '\u0378\ufffe\uffff',
  '日本語 テキスト',
  '😀 𝔘 𐀀',
  '\u{10ffff}\u{e0001}\u{f0000}',
  '\ud800',
  'a\udfffb',
  "'",
  '"',
  `'"`,
  '\\\'',
  'ǅ ʰ ǂ ٠ ۝ ᠎',
];

function pythonReprs(values: string[]): string[] {
  // Lone surrogates cannot travel as UTF-8: send code point lists instead.
  const input = JSON.stringify(values.map((v) => Array.from(v, (ch) => ch.codePointAt(0))));
  const script = 'import json,sys\nfor cps in json.load(sys.stdin): print(json.dumps(repr("".join(map(chr, cps)))))';
  const out = execFileSync('python3', ['-c', script], { input, encoding: 'utf8', maxBuffer: 1 << 28 });
  return out.trimEnd().split('\n').map((line) => JSON.parse(line) as string);
}

describe('pythonStrRepr', () => {
  it('equals python3 repr() on tricky strings', () => {
    expect(SAMPLES.map(pythonStrRepr)).toEqual(pythonReprs(SAMPLES));
  });

  // Only a python3 with the Unicode tables of the golden data's Python 3.11 can judge every code point.
  it.skipIf(pythonUnicodeVersion !== PYTHON_UNICODE_VERSION)('equals python3 repr() on every code point, in blocks', () => {
    const blocks: string[] = [];
    for (let start = 0; start < 0x110000; start += 4096) {
      let block = '';
      for (let cp = start; cp < start + 4096; cp++) block += String.fromCodePoint(cp);
      blocks.push(block);
    }
    expect(blocks.map(pythonStrRepr)).toEqual(pythonReprs(blocks));
  });
});

describe('readPythonStrLiteral', () => {
  it('inverts pythonStrRepr', () => {
    for (const value of SAMPLES) {
      const repr = pythonStrRepr(value);
      expect(readPythonStrLiteral(repr, 0)).toEqual({ value, end: repr.length });
    }
  });

  it('reads the other escapes of Python string literals', () => {
    expect(readPythonStrLiteral(String.raw`'\a\b\f\v\0\101\q'`, 0)?.value).toBe('\x07\b\f\v\0A\\q');
  });

  it('rejects unterminated literals and bad hex escapes', () => {
    expect(readPythonStrLiteral("'abc", 0)).toBeNull();
    expect(readPythonStrLiteral(String.raw`'\x4'`, 0)).toBeNull();
    expect(readPythonStrLiteral('abc', 0)).toBeNull();
  });
});
