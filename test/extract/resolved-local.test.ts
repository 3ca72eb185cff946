// OUT/resolved.txt: the list pinned to what was installed, with the dependencies pip resolved, and
// read back as a package list it rebuilds the same data set.
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseJobResult } from '../../src/extract/job-result.js';
import { emptyCounts, type ManifestEntry } from '../../src/extract/manifest.js';
import { formatResolvedList } from '../../src/extract/resolved-list.js';
import { runCli } from '../helpers/cli.js';
import { buildWheelOf, stdlibSource } from '../helpers/wheels.js';

const index = mkdtempSync(join(tmpdir(), 'bugmine-index-'));

async function extract(list: string, out: string) {
  const run = await runCli(['extract', list, out, '--executor', 'local', '--no-index', '--find-links', index, '--workers', '1']);
  expect(run.code, run.stderr + run.stdout).toBe(3); // the missing package
  return Object.fromEntries(readFileSync(join(out, 'manifest.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as ManifestEntry).map((e) => [e.package, e]));
}

describe('OUT/resolved.txt', () => {
  beforeAll(() => {
    buildWheelOf(index, { name: 'bugmine-demo-app', version: '1.2', files: { 'app/__init__.py': stdlibSource('textwrap') }, requires: ['bugmine-demo-dep>=1'] });
    buildWheelOf(index, { name: 'bugmine-demo-dep', version: '1.0', files: { 'dep/__init__.py': stdlibSource('shlex') } });
    buildWheelOf(index, { name: 'bugmine-demo-dep', version: '2.0', files: { 'dep/__init__.py': stdlibSource('heapq') } });
    buildWheelOf(index, { name: 'Bugmine_Demo_Solo', version: '0.5', files: { 'solo.py': stdlibSource('bisect') } });
  });

  it('pins each package and its resolved dependencies, and rebuilds the same data set when read back', async () => {
    const list = join(mkdtempSync(join(tmpdir(), 'bugmine-list-')), 'packages.txt');
    writeFileSync(list, 'bugmine-demo-app\nbugmine-demo-solo>=0.1\nbugmine-demo-missing\n');
    const out = mkdtempSync(join(tmpdir(), 'bugmine-resolved-'));
    const first = await extract(list, out);
    const resolved = readFileSync(join(out, 'resolved.txt'), 'utf8');
    expect(resolved.split('\n').slice(1)).toEqual([
      'bugmine-demo-app==1.2  # with: bugmine-demo-dep==2.0',
      'bugmine-demo-solo==0.5',
      '# bugmine-demo-missing  (install-failed: not installed)',
      '',
    ]);
    expect(first['bugmine-demo-app']!.installed).toEqual([{ name: 'bugmine-demo-app', version: '1.2' }, { name: 'bugmine-demo-dep', version: '2.0' }]);

    const again = mkdtempSync(join(tmpdir(), 'bugmine-resolved-again-'));
    const second = await runCli(['extract', join(out, 'resolved.txt'), again, '--executor', 'local', '--no-index', '--find-links', index, '--workers', '1']);
    expect(second.code, second.stderr + second.stdout).toBe(0);
    for (const pkg of ['bugmine-demo-app', 'bugmine-demo-solo']) {
      const entry = first[pkg]!;
      expect(readFileSync(join(again, entry.output!)).equals(readFileSync(join(out, entry.output!))), pkg).toBe(true);
    }
    expect(readFileSync(join(again, 'resolved.txt'), 'utf8')).toBe(resolved.split('\n').filter((line) => !line.includes('missing')).join('\n'));
  }, 400_000);

  it('refuses a worker report of installed distributions that cannot be a pin', () => {
    const result = (installed: unknown) => JSON.stringify({ outcome: 'no-python-files', version: '1.0', counts: emptyCounts(), output: null, error: null, installed });
    expect(parseJobResult(result([{ name: 'p', version: '1.0' }, { name: 'dep', version: '2.0' }]), 'p').installed).toHaveLength(2);
    expect(() => parseJobResult(result([{ name: 'dep\n# evil', version: '1' }]), 'p')).toThrow(/installed\[0\]\.name/);
    expect(() => parseJobResult(result([{ name: 'dep', version: '1 ; os_name=="nt"' }]), 'p')).toThrow(/installed\[0\]\.version/);
    expect(() => parseJobResult(result([{ name: 'p', version: '9.9' }]), 'p')).toThrow(/not at its version/);
    expect(() => parseJobResult(result([{ name: 'Dep', version: '1' }, { name: 'dep', version: '2' }]), 'p')).toThrow(/twice/);
  });

  it('keeps extras and leaves unpinnable versions as comments', () => {
    const entry = (requirement: string, version: string | null): ManifestEntry => ({ package: 'req', requirement, outcome: version === null ? 'timeout' : 'ok', version, counts: emptyCounts(), output: null, outputBytes: 0, durationMs: 0, cpuMs: null, error: null });
    expect(formatResolvedList([entry('Req[socks, security]>=2; python_version>"3"', '2.31.0'), entry('req', null), entry('req', '1.0#x')]).split('\n').slice(1)).toEqual([
      'req[socks,security]==2.31.0',
      '# req  (timeout: not installed)',
      '# req  (ok: version "1.0#x" cannot be pinned)',
      '',
    ]);
  });
});
