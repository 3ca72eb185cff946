import { describe, expect, it } from 'vitest';
import { applyGoldenHunks, goldenNames, loadGolden, readGoldenInput } from '../helpers/golden.js';

describe('golden data loader', () => {
  const names = goldenNames();

  it('finds all 52 golden files with their inputs', () => {
    expect(names).toHaveLength(52);
    for (const name of names) {
      const golden = loadGolden(name);
      expect(golden.input).toBe(`${name}.py`);
      expect(readGoldenInput(name).length).toBeGreaterThan(0);
      for (const fn of golden.functions) expect(fn.sample.graph.code_range).toEqual(fn.code_range);
    }
  });

  it('applies rewrite hunks so that every rewrite changes the text where it says', () => {
    let applied = 0;
    for (const name of names.filter((n) => n.startsWith('snippets_'))) {
      const original = readGoldenInput(name);
      for (const fn of loadGolden(name).functions) {
        for (const rewrite of fn.rewrites) {
          const rewritten = applyGoldenHunks(original, rewrite.rewritten_text_hunks);
          expect(rewritten !== original).toBe(rewrite.rewritten_text_hunks.length > 0);
          expect(applyGoldenHunks(original, [])).toBe(original);
          applied++;
        }
      }
    }
    expect(applied).toBeGreaterThan(10);
  });

  it('rejects a hunk that does not match the original', () => {
    expect(() => applyGoldenHunks('a\nb\n', [{ start_line: 2, old_lines: ['c\n'], new_lines: ['d\n'] }])).toThrow();
    expect(applyGoldenHunks('a\nb', [{ start_line: 2, old_lines: ['b'], new_lines: ['c\n', 'd'] }])).toBe('a\nc\nd');
  });
});
