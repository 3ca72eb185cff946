// bugmine extract --exclude / --no-tests with the local executor on a wheel that ships its tests and
// generated code: the files are left out before extraction and counted in the manifest.
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ManifestEntry } from '../../src/extract/manifest.js';
import { jobSettings, type ExtractRunOptions } from '../../src/extract/run-extract.js';
import { jobFingerprint } from '../../src/extract/staging.js';
import { readSamples } from '../../src/io/reader.js';
import { runCli } from '../helpers/cli.js';
import { buildWheelOf, stdlibSource } from '../helpers/wheels.js';

const index = mkdtempSync(join(tmpdir(), 'bugmine-index-'));
const NAME = 'bugmine-demo-tested';
const FILES = {
  'tested/__init__.py': stdlibSource('textwrap'),
  'tested/core.py': stdlibSource('shlex'),
  'tested/conftest.py': stdlibSource('bisect'),
  'tested/tests/__init__.py': '',
  'tested/tests/test_core.py': stdlibSource('heapq'),
  'tested/gen/api_pb2.py': stdlibSource('colorsys'),
};

async function extract(out: string, ...args: string[]) {
  const list = join(mkdtempSync(join(tmpdir(), 'bugmine-list-')), 'packages.txt');
  writeFileSync(list, `${NAME}\n`);
  const run = await runCli(['extract', list, out, '--executor', 'local', '--no-index', '--find-links', index, '--workers', '1', ...args]);
  expect(run.code, run.stderr + run.stdout).toBe(0);
  const entry = JSON.parse(readFileSync(join(out, 'manifest.jsonl'), 'utf8').trim()) as ManifestEntry;
  const paths = new Set<string>();
  for await (const sample of readSamples(join(out, entry.output!))) paths.add((sample as { graph: { path: string } }).graph.path);
  return { entry, paths: [...paths].sort() };
}

describe('bugmine extract --exclude / --no-tests', () => {
  beforeAll(() => void buildWheelOf(index, { name: NAME, version: '1.0', files: FILES }));

  it('leaves out test files and the excluded globs, counting them as skipped "excluded"', async () => {
    const all = await extract(mkdtempSync(join(tmpdir(), 'bugmine-exclude-all-')));
    expect(all.entry.counts.files).toBe(6);
    expect(all.entry.counts.skipped['excluded']).toBeUndefined();
    expect(all.paths).toEqual(['tested/__init__.py', 'tested/conftest.py', 'tested/core.py', 'tested/gen/api_pb2.py', 'tested/tests/test_core.py']);

    const some = await extract(mkdtempSync(join(tmpdir(), 'bugmine-exclude-')), '--no-tests', '--exclude', '*_pb2.py');
    expect(some.entry.counts.files).toBe(6);
    expect(some.entry.counts.skipped['excluded']).toBe(4);
    expect(some.paths).toEqual(['tested/__init__.py', 'tested/core.py']);
    expect(some.entry.counts.samples).toBeLessThan(all.entry.counts.samples);
  });

  it('refuses a bad glob with one line before any work', async () => {
    const run = await runCli(['extract', '/nonexistent', mkdtempSync(join(tmpdir(), 'bugmine-exclude-bad-')), '--exclude', '/abs/path']);
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toMatch(/--exclude.*'\/abs\/path' is invalid\. paths are relative to the package root/);
    expect(run.stderr.trim().split('\n')).toHaveLength(2); // the error and the hint to --help
  });

  it('is part of the job settings, so a package staged with other exclusions is run again', () => {
    const requirement = { spec: NAME, name: NAME, key: NAME, line: 1 };
    const options: ExtractRunOptions = { workers: 1, timeoutMs: 1000, python: 'python3', pipArgs: [], seed: 0, rewrites: 4, maxFileBytes: 1, easyOperatorsOff: true, retryFailed: false, progress: false, dedup: true, logger: { log: () => undefined } };
    const plain = jobFingerprint(jobSettings(requirement, options));
    expect(jobFingerprint(jobSettings(requirement, { ...options, exclude: [] }))).toBe(plain);
    const fingerprints = [plain, ...[{ noTests: true }, { exclude: ['a'] }, { exclude: ['b'] }, { exclude: ['a', 'b'] }].map((extra) => jobFingerprint(jobSettings(requirement, { ...options, ...extra })))];
    expect(new Set(fingerprints).size).toBe(fingerprints.length);
  });
});
