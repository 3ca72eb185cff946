// The worker side: per-file sample and function counts read back from a real extraction output
// without decoding, and the signatures sidecar written from them.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractDirectory } from '../../src/extract-dir/run.js';
import { samplesPerFile, sourceSignature, writeSignatures } from '../../src/dedup/sign-package.js';
import { readSignatures } from '../../src/dedup/signatures.js';
import { readSamples } from '../../src/io/reader.js';

const STDLIB = execFileSync('python3', ['-c', 'import sysconfig; print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8' }).trim();
const FILES = ['bisect.py', 'colorsys.py', 'this.py', 'fnmatch.py'];

describe('signing a package output', () => {
  it('counts samples and functions per file as the decoded samples say, and signs each file that gave samples', async () => {
    const out = mkdtempSync(join(tmpdir(), 'bugmine-sign-'));
    const summary = await extractDirectory(STDLIB, out, {
      workers: 0,
      seed: 1,
      rewrites: 2,
      easyOperatorsOff: true,
      maxFileBytes: 1e6,
      pythonPath: [],
      packageVersion: '0',
      singleGroup: 'pkg',
      files: FILES,
    });
    const data = join(out, 'graphs-pkg.msgpack.l.gz');

    const expected: { path: string; samples: number; functions: number }[] = [];
    for await (const raw of readSamples(data)) {
      const sample = raw as { graph: { path: string }; target_fix_action_idx: number | null };
      if (expected.at(-1)?.path !== sample.graph.path) expected.push({ path: sample.graph.path, samples: 0, functions: 0 });
      expected.at(-1)!.samples++;
      if (sample.target_fix_action_idx === null) expected.at(-1)!.functions++;
    }
    expect(expected.reduce((n, f) => n + f.functions, 0)).toBe(summary.functions);
    expect(expected.length).toBeGreaterThan(1);
    expect(expected.length).toBeLessThan(FILES.length); // this.py has no function
    expect(await samplesPerFile(data)).toEqual(expected);

    const entries = await writeSignatures(out, data, (path) => join(STDLIB, path));
    expect(entries.map(({ path, samples, functions }) => ({ path, samples, functions }))).toEqual(expected);
    for (const entry of entries) expect(entry.minhash).toEqual(sourceSignature(readFileSync(join(STDLIB, entry.path))));
    expect(await readSignatures(out)).toEqual(entries);
  }, 120_000);

  it('writes an empty sidecar for a package without samples, and none is read as missing', async () => {
    const out = mkdtempSync(join(tmpdir(), 'bugmine-sign-'));
    expect(await readSignatures(out)).toBeNull();
    expect(await writeSignatures(out, null, () => '')).toEqual([]);
    expect(await readSignatures(out)).toEqual([]);
  });
});
