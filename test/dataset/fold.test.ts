import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { foldBounds, foldOf, parseLibraryList, parseRatio, pathHash, validateRatios } from '../../src/dataset/index.js';
import { SHARED } from '../helpers/cli.js';

interface SplitVector {
  path: string;
  key: string;
  md5_mod_65536: number;
  'fold_0.6_0.2': string;
  'fold_0.7_0.1': string;
}

const vectors = (JSON.parse(readFileSync(join(SHARED, 'conformance', 'split-vectors.json'), 'utf8')) as { vectors: SplitVector[] }).vectors;

describe('the fold rule agrees with BugLab on every split vector', () => {
  it('has vectors to check, including non-ASCII paths', () => {
    expect(vectors.length).toBeGreaterThan(100);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range, control characters included.
    expect(vectors.some((v) => !/^[\x00-\x7f]*$/.test(v.path))).toBe(true);
  });

  it('hash of "/" + path modulo 65536', () => {
    const mismatches = vectors.filter((v) => pathHash(v.path) !== v.md5_mod_65536);
    expect(mismatches).toEqual([]);
  });

  it.each([
    [0.6, 0.2, 'fold_0.6_0.2'],
    [0.7, 0.1, 'fold_0.7_0.1'],
  ] as const)('folds at train %f, valid %f', (trainRatio, validRatio, column) => {
    const bounds = foldBounds({ trainRatio, validRatio });
    const mismatches = vectors.filter((v) => foldOf(v.path, 'any-package', bounds) !== v[column]);
    expect(mismatches).toEqual([]);
  });

  it('the last-two-bytes shortcut equals the whole digest as a big integer modulo 65536', () => {
    for (const path of ['a.py', 'pkg/ünïcode_模块.py', '', 'x/'.repeat(100)]) {
      const digest = createHash('md5').update('/' + path, 'utf8').digest('hex');
      expect(pathHash(path)).toBe(Number(BigInt('0x' + digest) % 65536n));
    }
  });
});

describe('fold bounds', () => {
  // Ratios whose product with 65536 is not exact in binary floating point, or lands just below or
  // on an integer: int() must truncate the very same double as Python does.
  const ratios = [0.6, 0.2, 0.7, 0.1, 0.3, 0.05, 0.15, 0.45, 0.8, 0.9, 0.33, 1 / 3, 0.999, 0.0001, 0.30000000000000004, 0.1 + 0.2, 0.7 - 0.1, 0.5];

  it('int(65536 * ratio) as in Python (python3 as oracle)', () => {
    const script = 'import sys, json; print(json.dumps([int(65536 * float(r)) for r in sys.argv[1:]]))';
    const expected = JSON.parse(execFileSync('python3', ['-c', script, ...ratios.map((r) => r.toPrecision(17))], { encoding: 'utf8' })) as number[];
    expect(ratios.map((r) => foldBounds({ trainRatio: r, validRatio: 0.01 }).train)).toEqual(expected);
    // The valid bound adds int(65536 * valid_ratio) to the train bound (int(655.36) = 655 here).
    expect(ratios.map((r) => foldBounds({ trainRatio: 0.01, validRatio: r }).valid - 655)).toEqual(expected);
  });

  it('the bounds are inclusive', () => {
    const bounds = foldBounds({ trainRatio: 0.6, validRatio: 0.2 });
    expect(bounds).toEqual({ train: 39321, valid: 39321 + 13107 });
    // Paths hashing exactly to a bound (or one above), found among generated names.
    const onBound = (bound: number) => {
      for (let i = 0; i < 2_000_000; i++) if (pathHash(`f${i}.py`) === bound) return `f${i}.py`;
      throw new Error('no path found');
    };
    expect(foldOf(onBound(bounds.train), 'p', bounds)).toBe('train');
    expect(foldOf(onBound(bounds.train + 1), 'p', bounds)).toBe('valid');
    expect(foldOf(onBound(bounds.valid), 'p', bounds)).toBe('valid');
    expect(foldOf(onBound(bounds.valid + 1), 'p', bounds)).toBe('test');
  });

  it('test-only libraries take precedence over the hash', () => {
    const bounds = foldBounds({ trainRatio: 0.6, validRatio: 0.2 });
    const trainPath = vectors.find((v) => v['fold_0.6_0.2'] === 'train')!.path;
    expect(foldOf(trainPath, 'libA', bounds, new Set(['libA']))).toBe('test-only');
    expect(foldOf(trainPath, 'libB', bounds, new Set(['libA']))).toBe('train');
    expect(foldOf(trainPath, undefined, bounds, new Set(['libA']))).toBe('train');
  });
});

describe('ratio and library-list parsing', () => {
  it('accepts ratios in (0, 1) that leave a test share', () => {
    expect(() => validateRatios({ trainRatio: 0.6, validRatio: 0.2 })).not.toThrow();
    expect(() => validateRatios({ trainRatio: 0.98, validRatio: 0.01 })).not.toThrow();
  });

  it.each([
    [0, 0.2, /--train-ratio must be a number between 0 and 1/],
    [1, 0.2, /--train-ratio must be/],
    [0.6, -0.1, /--valid-ratio must be/],
    [Number.NaN, 0.2, /--train-ratio must be/],
    [0.6, 0.4, /must be below 1 to leave a test share/],
    [0.7, 0.5, /must be below 1/],
  ])('rejects train %f, valid %f', (trainRatio, validRatio, message) => {
    expect(() => validateRatios({ trainRatio, validRatio })).toThrow(message);
  });

  it('parses ratios strictly', () => {
    expect(parseRatio('--train-ratio', '0.65')).toBe(0.65);
    expect(parseRatio('--train-ratio', '.5')).toBe(0.5);
    expect(() => parseRatio('--train-ratio', 'abc')).toThrow(/--train-ratio must be a number, got 'abc'/);
    expect(() => parseRatio('--train-ratio', '')).toThrow(/must be a number/);
    expect(() => parseRatio('--train-ratio', '0.5x')).toThrow(/must be a number/);
  });

  it('reads one library per line, ignoring blanks and surrounding whitespace', () => {
    expect([...parseLibraryList('numpy\n  requests \r\n\n\tflask\n')].sort()).toEqual(['flask', 'numpy', 'requests']);
  });
});
