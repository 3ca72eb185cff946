import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSamples } from '../../src/io/reader.js';
import { runCli } from '../helpers/cli.js';

const stdlib = execFileSync('python3', ['-c', 'import sysconfig; print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8' }).trim();

function sourceTree(): string {
  const root = mkdtempSync(join(tmpdir(), 'bugmine-augment-src-'));
  mkdirSync(join(root, 'pkg'));
  copyFileSync(join(stdlib, 'colorsys.py'), join(root, 'colorsys.py'));
  copyFileSync(join(stdlib, 'bisect.py'), join(root, 'pkg', 'bisect.py'));
  return root;
}

async function extract(src: string, extra: string[]): Promise<{ out: string; summary: Record<string, number> }> {
  const out = mkdtempSync(join(tmpdir(), 'bugmine-augment-out-'));
  const result = await runCli(['extract-dir', src, out, '--seed', '11', '--json', ...extra]);
  expect(result.code, result.stderr + result.stdout).toBe(0);
  return { out, summary: JSON.parse(result.stdout) as Record<string, number> };
}

function sameFiles(a: string, b: string): void {
  expect(readdirSync(a).sort()).toEqual(readdirSync(b).sort());
  for (const name of readdirSync(a)) expect(readFileSync(join(a, name)).equals(readFileSync(join(b, name))), name).toBe(true);
}

async function samplesOf(file: string): Promise<Record<string, any>[]> {
  const samples = [];
  for await (const sample of readSamples(file)) samples.push(sample as Record<string, any>);
  return samples;
}

describe('extract-dir --augment on the standard library', () => {
  const src = sourceTree();

  it('--augment 0 writes the same bytes as no option; --augment 2 adds variants, the same with 1 and 2 threads', async () => {
    const plain = await extract(src, ['--workers', '1']);
    const zero = await extract(src, ['--workers', '1', '--augment', '0']);
    sameFiles(plain.out, zero.out);

    const one = await extract(src, ['--workers', '1', '--augment', '2']);
    const two = await extract(src, ['--workers', '2', '--augment', '2']);
    sameFiles(one.out, two.out);
    expect(one.summary['functions']).toBe(plain.summary['functions']);
    expect(one.summary['augmentedFunctions']).toBeGreaterThan(plain.summary['functions']!);
    expect(one.summary['augmentedFunctions']).toBeLessThanOrEqual(2 * plain.summary['functions']!);
    expect(one.summary['samples']).toBeGreaterThan(plain.summary['samples']!);

    // Every original sample is still there, in order, before the file's variants.
    for (const name of readdirSync(plain.out)) {
      const before = await samplesOf(join(plain.out, name));
      const after = await samplesOf(join(one.out, name));
      const originals = after.filter((s) => s['provenance']['augmentation'] === undefined);
      expect(originals).toEqual(before);
      const variants = after.filter((s) => s['provenance']['augmentation'] !== undefined);
      expect(variants.length).toBeGreaterThan(0);
      for (const s of variants) {
        expect(s['provenance']['augmentation']['transforms'].length).toBeGreaterThan(0);
        const target = s['target_fix_action_idx'];
        if (target !== null) expect(s['candidate_rewrites'][target]).toBeDefined();
      }
    }
  });

  it('variants without bug behave as the stdlib functions they come from (python3 as the oracle)', async () => {
    const { out } = await extract(src, ['--workers', '1', '--augment', '3']);
    const variants = (await samplesOf(join(out, 'graphs-colorsys.msgpack.l.gz'))).filter(
      (s) => s['provenance']['augmentation'] !== undefined && s['target_fix_action_idx'] === null,
    );
    expect(variants.length).toBeGreaterThan(5);
    const oracle = `
import colorsys, json, sys
variants = json.load(sys.stdin)
inputs = [(0.0, 0.0, 0.0), (1.0, 1.0, 1.0), (0.2, 0.5, 0.9), (0.9, 0.1, 0.4), (0.5, 0.5, 0.1), (0.33, 0.66, 0.99)]
for text in variants:
    name = text.split('def ', 1)[1].split('(', 1)[0]
    namespace = dict(vars(colorsys))
    exec(text, namespace)
    for args in inputs:
        assert namespace[name](*args) == getattr(colorsys, name)(*args), (name, args, text)
print(len(variants))
`;
    const texts = variants.map((s) => s['graph']['text']);
    const checked = execFileSync('python3', ['-c', oracle], { input: JSON.stringify(texts), encoding: 'utf8' }).trim();
    expect(Number(checked)).toBe(texts.length);
    const used = new Set(variants.flatMap((s) => s['provenance']['augmentation']['transforms']));
    expect([...used].sort()).toEqual(['CommentDelete', 'IfElseSwap', 'MirrorComparisons', 'RenameVariableInLocalScope']);
  });
});
