// MinHash signatures and the token sets they are computed from, on real stdlib files.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { estimateJaccard, minhash, MIN_DISTINCT_TOKENS, PERMUTATIONS } from '../../src/dedup/minhash.js';
import { identifierAndStringTokens } from '../../src/dedup/tokens.js';
import { sourceSignature } from '../../src/dedup/sign-package.js';

const STDLIB = execFileSync('python3', ['-c', 'import sysconfig; print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8' }).trim();
const MODULES = ['textwrap', 'shlex', 'colorsys', 'bisect', 'heapq', 'graphlib', 'fnmatch', 'getopt', 'glob', 'gzip', 'netrc', 'pprint', 'sched', 'stat', 'tabnanny'];
const source = (module: string): string => readFileSync(join(STDLIB, `${module}.py`), 'utf8');

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let both = 0;
  for (const x of a) if (b.has(x)) both++;
  return both / (a.size + b.size - both);
}

/** Python's own tokenize as the oracle: distinct NAME (not keyword) and STRING token texts. */
function oracleTokens(file: string): Set<string> {
  const script =
    'import sys, tokenize, keyword, json\n' +
    'with open(sys.argv[1], "rb") as f: toks = list(tokenize.tokenize(f.readline))\n' +
    'print(json.dumps(sorted({t.string for t in toks if t.type == tokenize.STRING or (t.type == tokenize.NAME and not keyword.iskeyword(t.string))})))\n';
  return new Set(JSON.parse(execFileSync('python3', ['-c', script, file], { encoding: 'utf8' })) as string[]);
}

describe('identifier and string tokens', () => {
  it.each(['textwrap', 'shlex', 'pprint', 'gzip'])('are the NAME (not keyword) and STRING tokens Python\'s tokenize gives for %s.py', (module) => {
    const ours = identifierAndStringTokens(source(module))!;
    expect([...ours].sort()).toEqual([...oracleTokens(join(STDLIB, `${module}.py`))].sort());
  });

  it('leave out keywords, numbers and operators, and keep a string apart from the same identifier', () => {
    const tokens = identifierAndStringTokens('def f(x):\n    return x + 1 if x else "x"\n')!;
    expect([...tokens].sort()).toEqual(['"x"', 'f', 'x']);
  });

  it('are null for text tokenize rejects', () => {
    expect(identifierAndStringTokens('x = (1,\n')).toBeNull();
  });
});

describe('minhash', () => {
  it('does not depend on the order of the tokens', () => {
    const tokens = [...identifierAndStringTokens(source('textwrap'))!];
    expect(minhash(tokens)).toEqual(minhash([...tokens].reverse()));
    expect(minhash(tokens)).toHaveLength(PERMUTATIONS);
  });

  it('estimates the Jaccard similarity of synthetic sets within 0.08', () => {
    const universe = Array.from({ length: 3000 }, (_, i) => `tok${i}`);
    for (const target of [0.2, 0.5, 0.7, 0.85, 0.9, 0.97]) {
      // |A| = |B| = 1000, overlap k: J = k / (2000 - k).
      const k = Math.round((2000 * target) / (1 + target));
      const a = universe.slice(0, 1000);
      const b = [...universe.slice(0, k), ...universe.slice(1000, 1000 + 1000 - k)];
      const exact = jaccard(new Set(a), new Set(b));
      expect(Math.abs(estimateJaccard(minhash(a), minhash(b)) - exact), `J=${exact}`).toBeLessThan(0.08);
    }
  });

  it('estimates the Jaccard similarity of every pair of real stdlib modules within 0.1', () => {
    const sets = MODULES.map((m) => identifierAndStringTokens(source(m))!);
    const signatures = sets.map((set) => minhash(set));
    for (let i = 0; i < sets.length; i++) {
      for (let j = i + 1; j < sets.length; j++) {
        expect(Math.abs(estimateJaccard(signatures[i]!, signatures[j]!) - jaccard(sets[i]!, sets[j]!)), `${MODULES[i]} ~ ${MODULES[j]}`).toBeLessThan(0.1);
      }
    }
  });

  it('gives identical files the same signature and a file with small edits an estimate close to its exact Jaccard', () => {
    const text = source('textwrap');
    const copy = sourceSignature(Buffer.from(text));
    expect(copy).toEqual(sourceSignature(Buffer.from(text.replace(/\n/g, '\r\n'))));
    const edited = text.replace(/\bcur_len\b/g, 'current_length') + '\ndef vendored_helper(value):\n    return "vendored " + value\n';
    const exact = jaccard(identifierAndStringTokens(text)!, identifierAndStringTokens(edited)!);
    expect(exact).toBeGreaterThan(0.85);
    expect(exact).toBeLessThan(1);
    expect(Math.abs(estimateJaccard(copy!, sourceSignature(Buffer.from(edited))!) - exact)).toBeLessThan(0.06);
  });

  it(`gives no signature to a file under ${MIN_DISTINCT_TOKENS} distinct tokens`, () => {
    expect(sourceSignature(Buffer.from('from .colorsys import *\n'))).toBeNull();
    expect(sourceSignature(Buffer.from('a = b + c\nd = e(f, g, h, i)\n'))).toBeNull(); // 9 distinct names
    expect(sourceSignature(Buffer.from('a = b + c\nd = e(f, g, h, i, j)\n'))).not.toBeNull(); // 10
  });
});
