// The character classes behind NAME tokens, checked on every code point against the machine's
// python3: tokenize's `\w` (regex, Unicode), `str.isidentifier()` of a single character, and
// `str.isspace()` (tokenize strips the last line with it when deciding on the final NEWLINE).
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { isIdentifierStartCodePoint, isPythonWhitespace, isWordCodePoint } from '../../src/python/chars.js';

const ORACLE = String.raw`
import re, json
word = re.compile(r'\w')
def ranges(pred):
    out, start = [], None
    for cp in range(0x110001):
        inside = cp <= 0x10ffff and not (0xd800 <= cp < 0xe000) and pred(chr(cp))
        if inside and start is None: start = cp
        if not inside and start is not None: out.append([start, cp - 1]); start = None
    return out
print(json.dumps({'word': ranges(lambda c: word.match(c) is not None),
                  'nameStart': ranges(lambda c: word.match(c) is not None and c.isidentifier()),
                  'space': ranges(str.isspace)}))
`;

function ranges(predicate: (cp: number) => boolean): [number, number][] {
  const out: [number, number][] = [];
  let start = -1;
  for (let cp = 0; cp <= 0x110000; cp++) {
    const inside = cp <= 0x10ffff && !(cp >= 0xd800 && cp < 0xe000) && predicate(cp);
    if (inside && start < 0) start = cp;
    if (!inside && start >= 0) {
      out.push([start, cp - 1]);
      start = -1;
    }
  }
  return out;
}

describe('tokenize character classes agree with CPython 3.11 on every code point', () => {
  const python = JSON.parse(execFileSync('python3', ['-c', ORACLE], { encoding: 'utf8', maxBuffer: 1 << 26 })) as {
    word: [number, number][];
    nameStart: [number, number][];
    space: [number, number][];
  };

  it('`\\w` (characters that continue a NAME)', () => {
    expect(ranges(isWordCodePoint)).toEqual(python.word);
  });

  it('first characters of a NAME token (`\\w` and isidentifier)', () => {
    expect(ranges((cp) => isWordCodePoint(cp) && isIdentifierStartCodePoint(cp))).toEqual(python.nameStart);
  });

  it('whitespace (`str.isspace`)', () => {
    expect(ranges(isPythonWhitespace)).toEqual(python.space);
  });
});
