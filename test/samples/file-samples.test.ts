import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFunctions } from '../../src/graph/functions.js';
import { parseModule } from '../../src/python/index.js';
import { applyOp } from '../../src/rewrite/apply.js';
import { canonicalText, parseCanonicalOp } from '../../src/rewrite/canonical.js';
import { argSwap, replaceText } from '../../src/rewrite/ops.js';
import { normalizeNewlines } from '../../src/python/decode.js';
import { fileSamples, type ProvenancedSample } from '../../src/samples/file-samples.js';
import { Prng } from '../../src/random/prng.js';
import { runCli } from '../helpers/cli.js';
import { goldenInputPath, goldenNames, loadGolden } from '../helpers/golden.js';

const INPUT = 'json____init__';
const text = readFileSync(goldenInputPath(INPUT), 'utf8');
const base = { path: 'json/__init__.py', packageName: 'stdlib', packageVersion: '3.11' };

describe('Prng', () => {
  it('draws the same stream for the same key and different streams for different keys', () => {
    const draw = (key: string) => Array.from({ length: 8 }, ((p) => () => p.nextUint32())(Prng.fromKey(key)));
    expect(draw('a')).toEqual(draw('a'));
    expect(draw('a')).not.toEqual(draw('b'));
  });

  it('samples distinct ascending indices, all of them when k >= n', () => {
    const prng = Prng.fromKey('k');
    for (let n = 0; n < 40; n++) {
      const picked = prng.sampleIndices(n, 4);
      expect(picked.length).toBe(Math.min(4, n));
      expect(new Set(picked).size).toBe(picked.length);
      expect([...picked].sort((a, b) => a - b)).toEqual(picked);
      expect(picked.every((i) => i >= 0 && i < n)).toBe(true);
    }
    expect(Prng.fromKey('k').sampleIndices(3, 10)).toEqual([0, 1, 2]);
  });

  it('is roughly uniform', () => {
    const prng = Prng.fromKey('uniform');
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < 20_000; i++) counts[prng.below(10)]!++;
    for (const c of counts) expect(Math.abs(c - 2000)).toBeLessThan(200);
  });
});

describe('fileSamples', () => {
  const result = fileSamples(text, { ...base, seed: 7 });

  it('gives the clean sample then up to 4 rewritten samples per function with >= 6 candidates', () => {
    expect(result.functions.length).toBeGreaterThan(0);
    for (const fn of result.functions) {
      expect(fn.candidates.length).toBeGreaterThanOrEqual(6);
      const [clean, ...bugs] = fn.samples;
      expect(clean!.target_fix_action_idx).toBeNull();
      expect(clean!.provenance.bug_rewrite).toBeNull();
      expect(bugs.length + fn.skippedRewrites.length).toBe(Math.min(4, fn.candidates.length));
      for (const bug of bugs) {
        const target = bug.target_fix_action_idx!;
        expect(target).toBeGreaterThanOrEqual(0);
        expect(target).toBeLessThan(bug.candidate_rewrites.length);
        expect(bug.graph.text).not.toBe(clean!.graph.text);
        expect(fn.candidates).toContain(bug.provenance.bug_rewrite);
        expect(bug.provenance).toMatchObject({ seed: 7, source_sha256: clean!.provenance.source_sha256 });
      }
    }
    expect(result.functionsBelowMinimum + result.functions.length).toBe(findFunctions(parseModule(text)).length);
  });

  it('targets the fix: applying the target candidate to the buggy function restores the original text', () => {
    for (const fn of result.functions) {
      const clean = fn.samples[0]!;
      for (const bug of fn.samples.slice(1)) {
        // Rebuild the buggy file from the rewrite that made it, then apply the sample's target fix.
        const applied = applyOp(text, parseCanonicalOp(bug.provenance.bug_rewrite!), parseModule(text));
        expect(canonicalText(applied.revert)).toBe(canonicalText(candidateOp(bug, bug.target_fix_action_idx!)));
        const restored = applyOp(applied.text, applied.revert, parseModule(applied.text));
        expect(restored.text).toBe(text);
        expect(clean.graph.code_range).toBeDefined();
      }
    }
  });

  it('is deterministic for a seed and changes with the seed', () => {
    const again = fileSamples(text, { ...base, seed: 7 });
    expect(JSON.stringify(again)).toBe(JSON.stringify(result));
    const other = fileSamples(text, { ...base, seed: 8 });
    expect(other.functions.map((f) => f.samples.map((s) => s.provenance.bug_rewrite))).not.toEqual(
      result.functions.map((f) => f.samples.map((s) => s.provenance.bug_rewrite)),
    );
  });

  it('keeps functions below the minimum with allFunctions and gives only clean samples with rewrites 0', () => {
    const all = fileSamples(text, { ...base, allFunctions: true, rewrites: 0 });
    expect(all.functions.length).toBe(findFunctions(parseModule(text)).length);
    expect(all.functions.every((f) => f.samples.length === 1)).toBe(true);
  });

  it('treats CRLF text like LF text once newlines are normalised', () => {
    const crlf = normalizeNewlines(text.replace(/\n/g, '\r\n'));
    expect(JSON.stringify(fileSamples(crlf, { ...base, seed: 7 }))).toBe(JSON.stringify(result));
  });
});

describe('bugmine file', () => {
  it('lists, per function, exactly the golden candidates in both scout configurations', async () => {
    for (const name of goldenNames().filter((n) => n.startsWith('snippets_'))) {
      const golden = loadGolden(name);
      const args = ['file', goldenInputPath(name), '--all-functions', '--rewrites', '0', '--path', golden.input];
      const full = await runCli(args);
      const reduced = await runCli([...args, '--easy-ops-off']);
      expect(full.code, full.stderr + full.stdout).toBe(0);
      const lines = full.stdout.trim().split('\n').map((l) => JSON.parse(l) as { function: string; code_range: unknown; candidates: string[] });
      const reducedLines = reduced.stdout.trim().split('\n').map((l) => JSON.parse(l) as { candidates: string[] });
      for (const fn of golden.functions) {
        expect(lines[fn.function_index]!.function).toBe(fn.function_name);
        expect(lines[fn.function_index]!.code_range).toEqual(fn.code_range);
        expect(lines[fn.function_index]!.candidates).toEqual(fn.op_reprs);
        expect(reducedLines[fn.function_index]!.candidates).toEqual(fn.op_reprs_with_disabled_ops);
      }
    }
  });

  it('gives byte-identical output in two processes', async () => {
    const args = ['file', goldenInputPath(INPUT), '--seed', '3', '--path', base.path];
    const [a, b] = await Promise.all([runCli(args), runCli(args)]);
    expect(a.code).toBe(0);
    expect(a.stdout.length).toBeGreaterThan(1000);
    expect(b.stdout).toBe(a.stdout);
  });

  it('prints, one function at a time, exactly the JSON of fileSamples', async () => {
    const result = await runCli(['file', goldenInputPath(INPUT), '--seed', '3', '--path', base.path]);
    expect(result.code, result.stderr + result.stdout).toBe(0);
    const expected = fileSamples(normalizeNewlines(text), { ...base, packageName: '', packageVersion: '', seed: 3 });
    const lines = expected.functions.map((fn) => JSON.stringify({ function: fn.name, code_range: fn.codeRange, candidates: fn.candidates, samples: fn.samples }) + '\n');
    expect(lines.length).toBeGreaterThan(1);
    expect(result.stdout).toBe(lines.join(''));
  });

  it('skips a file over --max-file-bytes with one line, before reading it, and analyses a large one-line file under it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bugmine-file-big-'));
    const huge = join(dir, 'huge.py');
    // One 2.4 MB line: over the default limit (2,000,000 bytes, as extract-dir).
    writeFileSync(huge, 'DATA = [' + '1, '.repeat(800_000) + ']\n');
    const skipped = await runCli(['file', huge]);
    expect(skipped.code).toBe(1);
    expect(skipped.stderr).toBe(`bugmine: ${huge}: skipped: ${statSync(huge).size} bytes > --max-file-bytes 2000000\n`);
    expect(skipped.stdout).toBe('');
    const tight = await runCli(['file', huge, '--max-file-bytes', '1000']);
    expect(tight.stderr).toMatch(/> --max-file-bytes 1000\n$/);
    // A one-line file with a function that fits: analysed to the end.
    const line = join(dir, 'line.py');
    writeFileSync(line, 'def f(a, b):\n    ' + Array.from({ length: 2000 }, (_, i) => `a = b + ${i}`).join('; ') + '\n');
    const done = await runCli(['file', line, '--rewrites', '1']);
    expect(done.code, done.stderr + done.stdout).toBe(0);
    const printed = JSON.parse(done.stdout) as { function: string; samples: unknown[] };
    expect(printed.function).toBe('f');
    expect(printed.samples.length).toBe(2);
  }, 120_000);

  it('reports a file that does not parse as FILE:LINE:COL with exit code 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bugmine-file-'));
    const bad = join(dir, 'bad.py');
    writeFileSync(bad, 'def f(:\n  pass\n');
    const result = await runCli(['file', bad]);
    expect(result.code).toBe(1);
    expect(result.stderr.startsWith(`bugmine: ${bad}:1:`)).toBe(true);
  });
});

function candidateOp(sample: ProvenancedSample, index: number) {
  const [kind, data] = sample.candidate_rewrites[index]!;
  const [[sl, sc], [el, ec]] = sample.candidate_rewrite_ranges[index]!;
  const range = { start: { line: sl, column: sc }, end: { line: el, column: ec } };
  return kind === 'ReplaceText' ? replaceText(range, data as string) : argSwap(range, ...(data as [number, number]));
}
