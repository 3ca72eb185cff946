// --vendored end to end (local executor): a package early in the list vendors two packages that
// come later in it (one by directory, one with its dist-info RECORD) and one that is not listed.
// With `keep`, dedup credits the copies to the vendoring package and the originals lose their
// samples; `canonical` (the default) credits them to the listed originals; `drop` drops all copies.
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ManifestEntry } from '../../src/extract/manifest.js';
import { readSamples } from '../../src/io/reader.js';
import { runCli } from '../helpers/cli.js';
import { buildWheelOf, stdlibSource } from '../helpers/wheels.js';

const index = mkdtempSync(join(tmpdir(), 'bugmine-index-'));
const list = join(mkdtempSync(join(tmpdir(), 'bugmine-list-')), 'packages.txt');

async function extract(...args: string[]) {
  const out = mkdtempSync(join(tmpdir(), 'bugmine-vendored-'));
  const run = await runCli(['extract', list, out, '--executor', 'local', '--no-index', '--find-links', index, '--workers', '2', ...args]);
  expect(run.code, run.stderr + run.stdout).toBe(0);
  const entries = readFileSync(join(out, 'manifest.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as ManifestEntry);
  const byPackage = Object.fromEntries(entries.map((entry) => [entry.package, entry]));
  const paths = new Set<string>();
  const host = byPackage['bugmine-demo-host']!;
  if (host.output !== null) for await (const sample of readSamples(join(out, host.output))) paths.add((sample as { graph: { path: string } }).graph.path);
  return { byPackage, hostPaths: [...paths].sort(), stdout: run.stdout };
}

describe('bugmine extract --vendored', () => {
  beforeAll(() => {
    buildWheelOf(index, {
      name: 'bugmine-demo-host',
      version: '1.0',
      files: {
        'host/__init__.py': stdlibSource('textwrap'),
        'host/_vendor/__init__.py': '',
        'host/_vendor/bugmine_demo_lib/__init__.py': stdlibSource('shlex'),
        'host/_vendor/nsdemo/tools/__init__.py': stdlibSource('heapq'),
        'host/_vendor/nsdemo.tools-2.0.dist-info/RECORD': 'nsdemo/tools/__init__.py,,\nnsdemo.tools-2.0.dist-info/RECORD,,\n',
        'host/_vendor/unlisted/__init__.py': stdlibSource('bisect'),
      },
    });
    buildWheelOf(index, { name: 'bugmine-demo-lib', version: '1.0', files: { 'bugmine_demo_lib/__init__.py': stdlibSource('shlex') } });
    buildWheelOf(index, { name: 'nsdemo.tools', version: '2.0', files: { 'nsdemo/tools/__init__.py': stdlibSource('heapq') } });
    writeFileSync(list, 'bugmine-demo-host\nbugmine-demo-lib\nnsdemo.tools\n');
  });

  it('canonical (default): the listed originals keep their code, the unlisted copy stays with the vendoring package', async () => {
    const { byPackage, hostPaths } = await extract();
    const host = byPackage['bugmine-demo-host']!;
    expect(host.counts.vendored).toBe(3);
    expect(host.counts.skipped['vendored']).toBe(2);
    expect(hostPaths).toEqual(['host/__init__.py', 'host/_vendor/unlisted/__init__.py']);
    for (const original of ['bugmine-demo-lib', 'nsdemo-tools']) {
      expect(byPackage[original]!.counts.samples, original).toBeGreaterThan(0);
      expect(byPackage[original]!.counts.skipped['near-duplicate'], original).toBeUndefined();
    }
  });

  it('keep: as before, dedup credits the copies to whoever vendored them first in the list', async () => {
    const { byPackage, hostPaths } = await extract('--vendored', 'keep');
    expect(byPackage['bugmine-demo-host']!.counts.vendored).toBeUndefined();
    expect(hostPaths).toEqual(['host/__init__.py', 'host/_vendor/bugmine_demo_lib/__init__.py', 'host/_vendor/nsdemo/tools/__init__.py', 'host/_vendor/unlisted/__init__.py']);
    for (const original of ['bugmine-demo-lib', 'nsdemo-tools']) {
      expect(byPackage[original]!.counts.samples, original).toBe(0);
      expect(byPackage[original]!.counts.skipped['near-duplicate'], original).toBe(1);
    }
  });

  it('drop: no vendored copy anywhere', async () => {
    const { byPackage, hostPaths } = await extract('--vendored', 'drop');
    expect(byPackage['bugmine-demo-host']!.counts).toMatchObject({ vendored: 3, skipped: { vendored: 3 } });
    expect(hostPaths).toEqual(['host/__init__.py']);
    expect(byPackage['bugmine-demo-lib']!.counts.samples).toBeGreaterThan(0);
  });

  it('refuses another mode with one line', async () => {
    const run = await runCli(['extract', list, mkdtempSync(join(tmpdir(), 'bugmine-vendored-bad-')), '--vendored', 'all']);
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toMatch(/--vendored <MODE>' argument 'all' is invalid\. expected keep, drop, canonical/);
  });
});
