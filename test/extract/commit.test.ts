// Committing a finished package into OUT with near-duplicate filtering, on hand-made outputs (the
// samples are minimal maps: commit only routes by graph.path and never decodes the rest).
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commitPackage, type FinishedPackage } from '../../src/extract/commit.js';
import { emptyCounts, readManifest, type ManifestEntry } from '../../src/extract/manifest.js';
import { NearDuplicates } from '../../src/dedup/near-duplicates.js';
import { saveSignatures, type FileSignature } from '../../src/dedup/signatures.js';
import { sourceSignature } from '../../src/dedup/sign-package.js';
import { readSamples } from '../../src/io/reader.js';
import { writeSamples } from '../../src/io/writer.js';

const STDLIB = execFileSync('python3', ['-c', 'import sysconfig; print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8' }).trim();
const signatureOf = (module: string) => sourceSignature(readFileSync(join(STDLIB, `${module}.py`)));

/** A finished package whose files (path, module it is a copy of, samples) are in `files`. */
async function finished(root: string, pkg: string, files: [string, string, number][], options: { sidecar?: boolean; claimedSamples?: number } = {}): Promise<FinishedPackage> {
  const resultDir = join(root, 'work', pkg);
  mkdirSync(resultDir, { recursive: true });
  const output = `graphs-${pkg}.msgpack.l.gz`;
  const samples = files.flatMap(([path, , n]) => Array.from({ length: n }, (_, i) => ({ graph: { path }, target_fix_action_idx: i === 0 ? null : i, package_name: pkg })));
  await writeSamples(join(resultDir, output), samples);
  const signatures: FileSignature[] = files.map(([path, module, n]) => ({ path, samples: n, functions: 1, minhash: signatureOf(module) }));
  if (options.sidecar !== false) await saveSignatures(resultDir, signatures);
  const counts = { ...emptyCounts(), files: files.length, functions: files.length, samples: options.claimedSamples ?? samples.length };
  const entry: ManifestEntry = { package: pkg, requirement: pkg, outcome: 'ok', version: '1', counts, output, outputBytes: 0, durationMs: 1, cpuMs: null, error: null };
  return { entry, resultDir };
}

async function pathsIn(file: string): Promise<string[]> {
  const paths: string[] = [];
  for await (const sample of readSamples(file)) paths.push((sample as { graph: { path: string } }).graph.path);
  return paths;
}

describe('commitPackage', () => {
  it('moves outputs into OUT, drops the samples of near-duplicate files and records everything', async () => {
    const root = mkdtempSync(join(tmpdir(), 'bugmine-commit-'));
    const out = join(root, 'out');
    mkdirSync(out);
    const dedup = (await NearDuplicates.load(out, () => true)).state;
    const context = { outDir: out, dedup, warn: (line: string) => expect.fail(line) };

    const a = await commitPackage(await finished(root, 'a', [['a/textwrap.py', 'textwrap', 3], ['a/shlex.py', 'shlex', 2]]), context);
    expect(a).toMatchObject({ outcome: 'ok', output: 'graphs-a.msgpack.l.gz', counts: { samples: 5 } });
    expect(a.nearDuplicates).toBeUndefined();

    const b = await commitPackage(await finished(root, 'b', [['b/heapq.py', 'heapq', 4], ['b/vendored/shlex.py', 'shlex', 2], ['b/heapq_copy.py', 'heapq', 3]]), context);
    expect(b).toMatchObject({ outcome: 'ok', counts: { samples: 4, functions: 1, nearDuplicateSamples: 5, skipped: { 'near-duplicate': 2 } } });
    expect(b.nearDuplicates).toEqual([
      { path: 'b/vendored/shlex.py', of: { package: 'a', path: 'a/shlex.py' } },
      { path: 'b/heapq_copy.py', of: { package: 'b', path: 'b/heapq.py' } },
    ]);
    expect(await pathsIn(join(out, b.output!))).toEqual(['b/heapq.py', 'b/heapq.py', 'b/heapq.py', 'b/heapq.py']);

    // Every file a duplicate: no output at all.
    const c = await commitPackage(await finished(root, 'c', [['c/textwrap.py', 'textwrap', 3]]), context);
    expect(c).toMatchObject({ outcome: 'ok', output: null, outputBytes: 0, counts: { samples: 0 } });
    expect(existsSync(join(out, 'graphs-c.msgpack.l.gz'))).toBe(false);

    const manifest = await readManifest(out);
    expect([...manifest.values()]).toEqual([a, b, c]);
    expect(readdirSync(out).sort()).toEqual(['graphs-a.msgpack.l.gz', 'graphs-b.msgpack.l.gz', 'manifest.jsonl', 'near-duplicates.jsonl']);
    expect(readdirSync(join(root, 'work'))).toEqual([]);
    // The index on disk knows what was kept.
    const reloaded = (await NearDuplicates.load(out, () => true)).state;
    expect(reloaded.size).toBe(3);
  });

  it('rejects an output whose signatures do not account for its samples, and leaves the index as it was', async () => {
    const root = mkdtempSync(join(tmpdir(), 'bugmine-commit-'));
    const out = join(root, 'out');
    mkdirSync(out);
    const dedup = (await NearDuplicates.load(out, () => true)).state;
    const context = { outDir: out, dedup, warn: (line: string) => expect.fail(line) };
    await commitPackage(await finished(root, 'a', [['a/shlex.py', 'shlex', 2]]), context);
    const bad = await commitPackage(await finished(root, 'b', [['b/heapq.py', 'heapq', 4], ['b/shlex.py', 'shlex', 2]], { claimedSamples: 9 }), context);
    expect(bad).toMatchObject({ outcome: 'extract-failed', output: null });
    expect(bad.error).toMatch(/signatures account for 7/);
    expect(existsSync(join(out, 'graphs-b.msgpack.l.gz'))).toBe(false);
    // heapq was taken out of the index again: a later package's heapq is kept.
    const later = await commitPackage(await finished(root, 'c', [['c/heapq.py', 'heapq', 1]]), context);
    expect(later.counts.skipped['near-duplicate']).toBeUndefined();
  });

  it('keeps every file of a package without signatures (with a warning) and commits without dedup when it is off', async () => {
    const root = mkdtempSync(join(tmpdir(), 'bugmine-commit-'));
    const out = join(root, 'out');
    mkdirSync(out);
    const warnings: string[] = [];
    const dedup = (await NearDuplicates.load(out, () => true)).state;
    await commitPackage(await finished(root, 'a', [['a/shlex.py', 'shlex', 2]]), { outDir: out, dedup, warn: (l) => warnings.push(l) });
    const b = await commitPackage(await finished(root, 'b', [['b/shlex.py', 'shlex', 2]], { sidecar: false }), { outDir: out, dedup, warn: (l) => warnings.push(l) });
    expect(b.counts.samples).toBe(2);
    expect(warnings).toEqual([expect.stringMatching(/^b: the package job wrote no near-duplicate signatures/)]);
    const c = await commitPackage(await finished(root, 'c', [['c/shlex.py', 'shlex', 2]]), { outDir: out, dedup: null, warn: (l) => warnings.push(l) });
    expect(c.counts.samples).toBe(2);
    expect(await pathsIn(join(out, c.output!))).toEqual(['c/shlex.py', 'c/shlex.py']);
    expect(warnings).toHaveLength(1);
  });
});
