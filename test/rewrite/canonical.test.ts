import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalText, parseCanonicalOp, tryParseCanonicalOp } from '../../src/rewrite/canonical.js';
import { argSwap, codeRange, replaceText, sameOp } from '../../src/rewrite/ops.js';
import { SHARED } from '../helpers/cli.js';
import { goldenNames, loadGolden } from '../helpers/golden.js';

describe('canonicalText', () => {
  it('writes BugLab repr form', () => {
    expect(canonicalText(replaceText(codeRange(57, 15, 57, 16), '>='))).toBe("ReplaceText(target='>=' @(57,15)->(57,16))");
    expect(canonicalText(argSwap(codeRange(12, 8, 12, 20), 0, 1))).toBe('ArgSwap(idxs=0<->1 @(12,8)->(12,20))');
    expect(canonicalText(replaceText(codeRange(3, 4, 3, 4), 'not '))).toBe("ReplaceText(target='not ' @(3,4)->(3,4))");
    expect(canonicalText(replaceText(codeRange(1, 0, 1, 1), "it's"))).toBe(`ReplaceText(target="it's" @(1,0)->(1,1))`);
  });
});

describe('parseCanonicalOp', () => {
  it('round-trips every canonical text of the golden data', () => {
    let count = 0;
    for (const name of goldenNames()) {
      for (const fn of loadGolden(name).functions) {
        for (const text of [...fn.op_reprs, ...fn.rewrites.map((r) => r.revert_op_repr)]) {
          expect(canonicalText(parseCanonicalOp(text))).toBe(text);
          count++;
        }
      }
    }
    expect(count).toBeGreaterThan(38_000);
  });

  it('parses the candidate data the golden samples hold', () => {
    const golden = loadGolden(goldenNames()[0]!);
    for (const fn of golden.functions) {
      fn.op_reprs.forEach((text, k) => {
        const op = parseCanonicalOp(text);
        const [kind, data] = fn.sample.candidate_rewrites[k]!;
        expect(op.kind).toBe(kind);
        expect(op.kind === 'ReplaceText' ? op.replacement : [op.i, op.j]).toEqual(data);
        const [[l1, c1], [l2, c2]] = fn.sample.candidate_rewrite_ranges[k]!;
        expect(op.range).toEqual(codeRange(l1, c1, l2, c2));
      });
    }
  });

  it('parses every rewrite of the PyPIBugs dataset', () => {
    const lines = readFileSync(join(SHARED, 'datasets', 'pypibugs', 'pypi-bugs.jsonl'), 'utf8').split('\n').filter((l) => l.length > 0);
    expect(lines.length).toBe(2436);
    const kinds = { ReplaceText: 0, ArgSwap: 0 };
    for (const line of lines) {
      const rewrite = (JSON.parse(line) as { rewrite: string }).rewrite;
      const op = parseCanonicalOp(rewrite);
      expect(canonicalText(op)).toBe(rewrite);
      kinds[op.kind]++;
    }
    expect(kinds).toEqual({ ReplaceText: 2125, ArgSwap: 311 });
  });

  it('rejects malformed texts', () => {
    for (const text of [
      '',
      "ReplaceText(target='x' @(1,2)->(1,3)",
      "ReplaceText(target='x @(1,2)->(1,3))",
      "ReplaceText(target='x' @(1,2)->(1,3)) ",
      'ReplaceText(target=x @(1,2)->(1,3))',
      'ArgSwap(idxs=0<->1 @(1,2)->(1,a))',
      'ArgSwap(idxs=0<>1 @(1,2)->(1,3))',
      'Swap(idxs=0<->1 @(1,2)->(1,3))',
    ]) {
      expect(tryParseCanonicalOp(text), text).toBeNull();
      expect(() => parseCanonicalOp(text)).toThrow(/not a canonical/);
    }
  });
});

describe('sameOp', () => {
  it('compares kind, range and data, agreeing with canonical text equality', () => {
    const ops = [
      replaceText(codeRange(1, 2, 1, 3), '+'),
      replaceText(codeRange(1, 2, 1, 3), '-'),
      replaceText(codeRange(1, 2, 1, 4), '+'),
      replaceText(codeRange(2, 2, 2, 3), '+'),
      argSwap(codeRange(1, 2, 1, 3), 0, 1),
      argSwap(codeRange(1, 2, 1, 3), 0, 2),
      argSwap(codeRange(1, 2, 1, 3), 1, 2),
    ];
    for (const a of ops) {
      for (const b of ops) {
        expect(sameOp(a, b)).toBe(canonicalText(a) === canonicalText(b));
        expect(sameOp(a, parseCanonicalOp(canonicalText(b)))).toBe(a === b);
      }
    }
  });
});
