// pip's configuration reaching `bugmine extract --executor local` jobs: a package that is only in a
// local find-links directory installs when PIP_FIND_LINKS (or a pip.conf naming it) reaches the job,
// and a PIP_ variable off the allow-list (PIP_TARGET, which would install outside the venv) does not.
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ManifestEntry } from '../../src/extract/manifest.js';
import { buildWheel, DEFAULT_DEMO_WHEELS } from '../../scripts/extract-demo/local-index.js';
import { runCli } from '../helpers/cli.js';

const LONG = 300_000;
const wheel = DEFAULT_DEMO_WHEELS[0]!;
const index = mkdtempSync(join(tmpdir(), 'bugmine-pipindex-'));
const list = join(index, 'packages.txt');

async function extract(env: NodeJS.ProcessEnv): Promise<{ entry: ManifestEntry; stderr: string }> {
  const out = mkdtempSync(join(tmpdir(), 'bugmine-pipconf-'));
  // No --find-links: the package is found through pip's own configuration or not at all.
  const run = await runCli(['extract', list, out, '--executor', 'local', '--no-index', '--json'], { env: { PIP_FIND_LINKS: undefined, PIP_CONFIG_FILE: undefined, ...env } });
  const entry = JSON.parse(readFileSync(join(out, 'manifest.jsonl'), 'utf8').trim()) as ManifestEntry;
  return { entry, stderr: run.stderr };
}

describe('bugmine extract: pip configuration reaches local jobs', () => {
  beforeAll(() => {
    buildWheel(index, wheel);
    writeFileSync(list, `${wheel.name}\n`);
  });

  it('fails to install without it (the directory is found only through pip configuration)', async () => {
    const { entry } = await extract({ HOME: mkdtempSync(join(tmpdir(), 'bugmine-home-')) });
    expect(entry.outcome).toBe('install-failed');
    expect(entry.error).toMatch(/No matching distribution found|Could not find a version/);
  }, LONG);

  it('installs with PIP_FIND_LINKS naming the directory, and leaves out PIP_TARGET with a warning', async () => {
    const { entry, stderr } = await extract({ PIP_FIND_LINKS: index, PIP_TARGET: mkdtempSync(join(tmpdir(), 'bugmine-target-')) });
    expect(entry, JSON.stringify(entry)).toMatchObject({ outcome: 'ok', version: wheel.version });
    expect(entry.counts.samples).toBeGreaterThan(0);
    expect(stderr).toMatch(/not passed to package jobs .*: (PIP_\w+, )*PIP_TARGET\b/);
  }, LONG);

  it('installs with a pip.conf (PIP_CONFIG_FILE) naming the directory', async () => {
    const conf = join(mkdtempSync(join(tmpdir(), 'bugmine-conf-')), 'pip.conf');
    writeFileSync(conf, `[install]\nfind-links = ${index}\n`);
    const { entry } = await extract({ PIP_CONFIG_FILE: conf });
    expect(entry, JSON.stringify(entry)).toMatchObject({ outcome: 'ok', version: wheel.version });
  }, LONG);
});
