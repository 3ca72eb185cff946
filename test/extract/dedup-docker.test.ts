// Near-duplicate files with real worker containers: the signatures the worker writes come back
// through the bind mount and the vendored copy gives no samples. Skipped with a message when no
// Docker daemon is reachable, failed instead when BUGMINE_REQUIRE_DOCKER=1.
import { beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRawSamples } from '../../src/io/reader.js';
import type { ManifestEntry } from '../../src/extract/manifest.js';
import { buildWheel, DEFAULT_DEMO_WHEELS, type DemoWheel } from '../../scripts/extract-demo/local-index.js';
import { runCli } from '../helpers/cli.js';
import { dockerGate } from '../helpers/docker.js';

const { reachable } = await dockerGate('test/extract/dedup-docker');

const IMAGE_BUILD = 1_800_000;
const LONG = 600_000;
const text = DEFAULT_DEMO_WHEELS[1]!;
const vendor: DemoWheel = { name: 'bugmine-demo-vendor', version: '1.0.0', importName: 'bugmine_demo_vendor', modules: ['fnmatch', 'textwrap'] };


describe.runIf(reachable)('bugmine extract --executor docker: near-duplicate files', () => {
  const index = mkdtempSync(join(tmpdir(), 'bugmine-ddindex-'));
  const out = mkdtempSync(join(tmpdir(), 'bugmine-ddextract-'));
  const list = join(index, 'packages.txt');

  beforeAll(async () => {
    chmodSync(index, 0o755); // readable by the worker's non-root user
    buildWheel(index, text);
    buildWheel(index, vendor);
    writeFileSync(list, `${text.name}\n${vendor.name}\n`);
    const built = await runCli(['image', 'build']);
    expect(built.code, built.stderr + built.stdout).toBe(0);
  }, IMAGE_BUILD);

  it('gives no samples for the vendored copy of an earlier package\'s module', async () => {
    const run = await runCli(['extract', list, out, '--executor', 'docker', '--no-index', '--find-links', index, '--workers', '2', '--json']);
    expect(run.code, run.stderr + run.stdout).toBe(0);
    expect(run.stderr).not.toMatch(/wrote no near-duplicate signatures/);
    const entries = readFileSync(join(out, 'manifest.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as ManifestEntry);
    expect(entries.map((e) => [e.package, e.outcome])).toEqual([[text.name, 'ok'], [vendor.name, 'ok']]);
    expect(entries[1]!.nearDuplicates).toEqual([{ path: `${vendor.importName}/textwrap.py`, of: { package: text.name, path: `${text.importName}/textwrap.py` } }]);
    const paths = new Set<string>();
    for await (const raw of readRawSamples(join(out, entries[1]!.output!))) paths.add(raw.path!);
    expect([...paths]).toEqual([`${vendor.importName}/fnmatch.py`]);
  }, LONG);
});
