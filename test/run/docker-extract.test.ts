// bugmine extract --executor docker end to end, with real worker containers: skipped with a message
// when no Docker daemon is reachable, failed instead when BUGMINE_REQUIRE_DOCKER=1 (CI with Docker).
import { beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSamples } from '../../src/io/reader.js';
import type { ManifestEntry } from '../../src/extract/manifest.js';
import { WORKER_LABEL } from '../../src/run/worker-container.js';
import { buildDefaultIndex, buildSdist, DEFAULT_DEMO_WHEELS } from '../../scripts/extract-demo/local-index.js';
import { runCli } from '../helpers/cli.js';
import { EXIT } from '../../src/exit-codes.js';
import { dockerGate } from '../helpers/docker.js';

const { docker, reachable } = await dockerGate('test/run/docker-extract');

const IMAGE_BUILD = 1_800_000;
const LONG = 600_000;


describe.runIf(reachable)('bugmine extract --executor docker', () => {
  const index = mkdtempSync(join(tmpdir(), 'bugmine-dindex-'));
  const out = mkdtempSync(join(tmpdir(), 'bugmine-dextract-'));
  const list = join(index, 'packages.txt');

  beforeAll(async () => {
    // The worker runs as a non-root user: the mounted --find-links directory must be readable to it.
    chmodSync(index, 0o755);
    buildDefaultIndex(index);
    buildSdist(index, 'bugmine-demo-broken', '1.0', 'raise SystemExit("setup.py refuses to build")');
    writeFileSync(list, [...DEFAULT_DEMO_WHEELS.map((w) => w.name), 'bugmine-demo-broken', 'no good name!'].join('\n') + '\n');
    const built = await runCli(['image', 'build']);
    expect(built.code, built.stderr + built.stdout).toBe(0);
  }, IMAGE_BUILD);

  /** Worker containers of this test's jobs: those mounting its output directories (other tests may run containers meanwhile). */
  async function workerContainers(): Promise<number> {
    const containers = await docker.listContainers({ all: true, filters: { label: [WORKER_LABEL] } });
    return containers.filter((c) => c.Mounts.some((m) => m.Source.startsWith(join(tmpdir(), 'bugmine-dextract-')))).length;
  }

  it('runs every package in its own container, records failures, and leaves no container behind', async () => {
    const run = await runCli(['extract', list, out, '--executor', 'docker', '--no-index', '--find-links', index, '--workers', '2', '--seed', '3', '--json']);
    expect(run.code, run.stderr + run.stdout).toBe(1); // the invalid line
    expect(run.stderr).toMatch(/packages\.txt:5: /);
    expect(run.stderr).not.toMatch(/install code .* runs/);
    const entries = Object.fromEntries(
      readFileSync(join(out, 'manifest.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as ManifestEntry).map((e) => [e.package, e]),
    );
    expect(entries['bugmine-demo-broken']).toMatchObject({ outcome: 'install-failed' });
    // The container's CPU time as the host measured it (its cgroup): some, and no more than its 1 CPU could give it.
    for (const entry of Object.values(entries)) {
      expect(entry.cpuMs, entry.package).toBeGreaterThan(0);
      expect(entry.cpuMs!, entry.package).toBeLessThanOrEqual(entry.durationMs);
    }
    for (const wheel of DEFAULT_DEMO_WHEELS) {
      const entry = entries[wheel.name]!;
      expect(entry, JSON.stringify(entry)).toMatchObject({ outcome: 'ok', version: wheel.version });
      let samples = 0;
      for await (const raw of readSamples(join(out, entry.output!))) {
        const sample = raw as Record<string, any>;
        samples++;
        expect(sample['graph']['path'].startsWith(`${wheel.importName}/`)).toBe(true);
        expect(sample['package_version']).toBe(wheel.version);
      }
      expect(samples).toBe(entry.counts.samples);
    }
    expect(readdirSync(out).filter((n) => n.startsWith('.'))).toEqual([]);
    expect(await workerContainers()).toBe(0);
  }, LONG);

  it('gives byte-identical outputs with 1 worker and with 2', async () => {
    const single = mkdtempSync(join(tmpdir(), 'bugmine-dextract-1-'));
    const good = join(single, 'good.txt');
    writeFileSync(good, DEFAULT_DEMO_WHEELS.map((w) => w.name).join('\n') + '\n');
    const run = await runCli(['extract', good, join(single, 'out'), '--executor', 'docker', '--no-index', '--find-links', index, '--workers', '1', '--seed', '3']);
    expect(run.code, run.stderr + run.stdout).toBe(0);
    for (const wheel of DEFAULT_DEMO_WHEELS) {
      const name = `graphs-${wheel.name}.msgpack.l.gz`;
      expect(readFileSync(join(single, 'out', name)).equals(readFileSync(join(out, name))), name).toBe(true);
    }
  }, LONG);

  it('kills a package that exceeds --timeout and removes its container', async () => {
    const target = mkdtempSync(join(tmpdir(), 'bugmine-dextract-t-'));
    const one = join(target, 'one.txt');
    writeFileSync(one, `${DEFAULT_DEMO_WHEELS[0]!.name}\n`);
    const run = await runCli(['extract', one, join(target, 'out'), '--executor', 'docker', '--no-index', '--find-links', index, '--timeout', '1', '--json']);
    expect(run.code, run.stderr + run.stdout).toBe(EXIT.someFailed);
    expect(JSON.parse(run.stdout)).toMatchObject({ outcomes: { timeout: { packages: 1 } } });
    expect(await workerContainers()).toBe(0);
  }, LONG);
});
