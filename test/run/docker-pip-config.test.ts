// pip's configuration reaching `bugmine extract --executor docker` jobs as it reaches local ones:
// PIP_FIND_LINKS naming a host directory (mounted read-only into the container), and a pip.conf
// (PIP_CONFIG_FILE, copied in) whose find-links directory is mounted too. Skipped without a Docker daemon, failed instead when BUGMINE_REQUIRE_DOCKER=1.
import { beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ManifestEntry } from '../../src/extract/manifest.js';
import { buildWheel, DEFAULT_DEMO_WHEELS } from '../../scripts/extract-demo/local-index.js';
import { runCli } from '../helpers/cli.js';
import { dockerGate } from '../helpers/docker.js';

const { reachable } = await dockerGate('test/run/docker-pip-config');

const IMAGE_BUILD = 1_800_000;
const LONG = 600_000;
const wheel = DEFAULT_DEMO_WHEELS[1]!;

describe.runIf(reachable)('bugmine extract --executor docker: pip configuration', () => {
  const index = mkdtempSync(join(tmpdir(), 'bugmine-dpip-'));
  const list = join(index, 'packages.txt');

  beforeAll(async () => {
    chmodSync(index, 0o755);
    buildWheel(index, wheel);
    writeFileSync(list, `${wheel.name}\n`);
    const built = await runCli(['image', 'build']);
    expect(built.code, built.stderr + built.stdout).toBe(0);
  }, IMAGE_BUILD);

  async function extract(env: NodeJS.ProcessEnv): Promise<ManifestEntry> {
    const out = mkdtempSync(join(tmpdir(), 'bugmine-dpip-out-'));
    // No --find-links: the directory reaches the container through pip's configuration or not at all.
    await runCli(['extract', list, out, '--executor', 'docker', '--no-index'], { env: { PIP_FIND_LINKS: undefined, PIP_CONFIG_FILE: undefined, ...env } });
    return JSON.parse(readFileSync(join(out, 'manifest.jsonl'), 'utf8').trim()) as ManifestEntry;
  }

  it('cannot install without it', async () => {
    expect((await extract({ HOME: mkdtempSync(join(tmpdir(), 'bugmine-home-')) })).outcome).toBe('install-failed');
  }, LONG);

  it('installs from a host directory named by PIP_FIND_LINKS, mounted read-only', async () => {
    const entry = await extract({ PIP_FIND_LINKS: index });
    expect(entry, JSON.stringify(entry)).toMatchObject({ outcome: 'ok', version: wheel.version });
    expect(entry.counts.samples).toBeGreaterThan(0);
  }, LONG);

  it('installs with the host\'s pip.conf (PIP_CONFIG_FILE), copied in, naming the directory', async () => {
    const confDir = mkdtempSync(join(tmpdir(), 'bugmine-dconf-'));
    const conf = join(confDir, 'pip.conf');
    // Readable by its owner only, as a user's pip.conf may be: it is copied, not mounted.
    writeFileSync(conf, `[install]\nfind-links = ${index}\n`, { mode: 0o600 });
    // The directory is named by the config file only: it is mounted because the config names it.
    const entry = await extract({ PIP_CONFIG_FILE: conf });
    expect(entry, JSON.stringify(entry)).toMatchObject({ outcome: 'ok', version: wheel.version });
  }, LONG);
});
