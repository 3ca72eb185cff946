import { describe, expect, it } from 'vitest';
import { lineStarts, textInRange } from '../../src/graph/text.js';
import { goldenNames, loadGolden, readGoldenInput } from '../helpers/golden.js';

const range = (sl: number, sc: number, el: number, ec: number) => ({ start: { line: sl, column: sc }, end: { line: el, column: ec } });

describe('textInRange', () => {
  it('cuts every golden function text from its code_range', () => {
    let checked = 0;
    for (const name of goldenNames()) {
      const text = readGoldenInput(name);
      const starts = lineStarts(text);
      for (const fn of loadGolden(name).functions) {
        const [[sl, sc], [el, ec]] = fn.code_range;
        expect(textInRange(text, range(sl, sc, el, ec), starts)).toBe(fn.sample.graph.text);
        checked++;
      }
    }
    expect(checked).toBe(543);
  });

  it('counts columns in code points, so characters outside the BMP are one column', () => {
    const text = 'x = "😀é"\ny = 1\n';
    expect(textInRange(text, range(1, 5, 1, 7))).toBe('😀é');
    expect(textInRange(text, range(1, 6, 2, 1))).toBe('é"\ny');
  });

  it('clamps columns past the line end to the line, newline included, as Python slicing does', () => {
    const text = 'ab\ncd\nef';
    expect(textInRange(text, range(1, 1, 1, 99))).toBe('b\n');
    expect(textInRange(text, range(1, 5, 2, 1))).toBe('c');
    expect(textInRange(text, range(3, 0, 3, 5))).toBe('ef');
    expect(textInRange(text, range(7, 0, 8, 0))).toBe('');
  });
});
