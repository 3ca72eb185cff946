import { describe, expect, it } from 'vitest';
import { fileSamplesWithVariants, swapKeepsMeaning } from '../../src/samples/augment.js';
import { fileSamples, type ProvenancedSample } from '../../src/samples/file-samples.js';
import { parseModule } from '../../src/python/index.js';
import { findFunctions } from '../../src/graph/functions.js';
import { applyTransformToFunctions, TRANSFORMS } from '../../src/transform/index.js';

const SOURCE = `import os

LIMIT = 3 < 4  # module level: never transformed

def clip(value, low, high):
    """Clip value into [low, high]."""
    result = value  # start
    if value < low:
        result = low
    else:
        result = value
    if result > high:
        result = high
    return result + 0 if low <= high else result - 1

def in_range(x, lo, hi):
    count = 0
    if lo < x < hi:
        count += 1
    else:
        count -= 1
    return count * 2 + x - lo

def walrus(items, n):
    total = 0
    if size := len(items):
        total = size + n
    else:
        total = n - 1
    return total > 2 and total < n + 3
`;

const OPTIONS = { path: 'pkg/mod.py', packageName: 'pkg', packageVersion: '1', seed: 7 };

type Augmented = ProvenancedSample & { provenance: { augmentation?: { variant: number; transforms: string[] } } };

function allSamples(variants: number): Augmented[] {
  return fileSamplesWithVariants(variants, SOURCE, OPTIONS).functions.flatMap((fn) => fn.samples) as Augmented[];
}

/** The function text after `ReplaceText` candidate `index` of `sample` (ranges are file positions). */
function applyCandidate(sample: ProvenancedSample, index: number): string | null {
  const [kind, replacement] = sample.candidate_rewrites[index]!;
  if (kind !== 'ReplaceText') return null;
  const [[startLine, startCol]] = sample.graph.code_range;
  const lines = sample.graph.text.split('\n');
  const offset = ([line, col]: [number, number]): number => {
    let at = 0;
    for (let l = startLine; l < line; l++) at += lines[l - startLine]!.length + 1;
    return at + (line === startLine ? col - startCol : col);
  };
  const [from, to] = sample.candidate_rewrite_ranges[index]!;
  const text = sample.graph.text;
  return text.slice(0, offset(from)) + replacement + text.slice(offset(to));
}

describe('fileSamplesWithVariants (--augment)', () => {
  it('with 0 variants gives exactly the samples of fileSamples', () => {
    expect(fileSamplesWithVariants(0, SOURCE, OPTIONS).functions).toEqual(fileSamples(SOURCE, OPTIONS).functions);
  });

  it('keeps the original samples first and unchanged, then variants with provenance.augmentation', () => {
    const plain = fileSamples(SOURCE, OPTIONS).functions.flatMap((fn) => fn.samples);
    const augmented = allSamples(3);
    expect(augmented.slice(0, plain.length)).toEqual(plain);
    const variants = augmented.slice(plain.length);
    expect(variants.length).toBeGreaterThan(0);
    for (const sample of variants) {
      const { augmentation } = sample.provenance;
      expect(augmentation).toBeDefined();
      expect(augmentation!.variant).toBeGreaterThanOrEqual(0);
      expect(augmentation!.variant).toBeLessThan(3);
      expect(augmentation!.transforms.length).toBeGreaterThan(0);
      // In BugLab's order, each at most once.
      expect(augmentation!.transforms).toEqual(TRANSFORMS.filter((t) => augmentation!.transforms.includes(t)));
      expect(sample.graph.path).toBe('pkg/mod.py');
      expect(sample.provenance.seed).toBe(7);
    }
    expect(plain.every((s) => !('augmentation' in s.provenance))).toBe(true);
  });

  it('gives each variant its own rewrites, whose target candidate gives back the variant without bug', () => {
    const variants = allSamples(3).filter((s) => s.provenance.augmentation !== undefined);
    const clean = new Map<string, string>();
    for (const s of variants) if (s.target_fix_action_idx === null) clean.set(`${s.graph.code_range[0]}:${s.provenance.augmentation!.variant}`, s.graph.text);
    let checked = 0;
    for (const s of variants) {
      if (s.target_fix_action_idx === null) continue;
      const repaired = applyCandidate(s, s.target_fix_action_idx);
      if (repaired === null) continue;
      const original = clean.get(`${s.graph.code_range[0]}:${s.provenance.augmentation!.variant}`);
      expect(original).toBeDefined();
      expect(repaired).toBe(original);
      checked++;
    }
    expect(checked).toBeGreaterThan(3);
  });

  it('never repeats a function text: each variant differs from the function and from its other variants', () => {
    const byFunction = new Map<string, string[]>();
    for (const s of allSamples(6)) {
      if (s.target_fix_action_idx !== null) continue;
      const key = String(s.graph.code_range[0]);
      // A variant may move the function (CommentDelete removes lines above it): key by name.
      const name = /def (\w+)/.exec(s.graph.text)![1]!;
      byFunction.set(name, [...(byFunction.get(name) ?? []), s.graph.text]);
      expect(key).toBeTruthy();
    }
    for (const [, texts] of byFunction) expect(new Set(texts).size).toBe(texts.length);
    expect(byFunction.get('clip')!.length).toBeGreaterThan(1);
  });

  it('is deterministic and depends on the seed', () => {
    expect(allSamples(2)).toEqual(allSamples(2));
    const other = fileSamplesWithVariants(2, SOURCE, { ...OPTIONS, seed: 8 }).functions.flatMap((fn) => fn.samples);
    expect(other.map((s) => s.graph.text)).not.toEqual(allSamples(2).map((s) => s.graph.text));
  });

  it('leaves module-level code alone and never swaps an if/else on a chained comparison', () => {
    for (const s of allSamples(8)) {
      expect(s.graph.text).not.toContain('LIMIT');
      if (s.graph.text.includes('def in_range')) expect(s.graph.text).not.toMatch(/>=\s*x\s*>=|not lo|x >= hi/);
    }
    const module = parseModule(SOURCE);
    const [clip, inRange, walrus] = findFunctions(module).map((f) => f.node);
    expect(swapKeepsMeaning(clip!)).toBe(true);
    expect(swapKeepsMeaning(inRange!)).toBe(false);
    expect(swapKeepsMeaning(walrus!)).toBe(true);
  });

  it('still augments a file where IfElseSwap would not parse (an unparenthesised walrus test)', () => {
    const walrusVariants = allSamples(8).filter((s) => s.provenance.augmentation !== undefined && s.graph.text.includes('def walrus'));
    expect(walrusVariants.length).toBeGreaterThan(0);
    for (const s of walrusVariants) expect(s.provenance.augmentation!.transforms).not.toContain('IfElseSwap');
  });
});

describe('applyTransformToFunctions', () => {
  it('transforms only the chosen functions and reports which changed', () => {
    const text = 'x = a < b\n\ndef f(a, b):\n    return a < b\n\ndef g(a):\n    return a is None\n\ndef h(a, b):\n    return a <= b\n';
    const out = applyTransformToFunctions('MirrorComparisons', text, (index) => index !== 2);
    expect(out.text).toBe('x = a < b\n\ndef f(a, b):\n    return b > a\n\ndef g(a):\n    return a is None\n\ndef h(a, b):\n    return a <= b\n');
    expect(out.changed).toEqual([0]);
    expect(applyTransformToFunctions('MirrorComparisons', text, () => false)).toEqual({ text, changed: [] });
  });
});
