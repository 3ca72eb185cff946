// The CPU-time budget and the wall-clock cap of `bugmine extract --executor docker`: the container's
// cgroup CPU accounting kills a build that burns CPU; a build that sleeps is killed by the wall
// clock only. Skipped without a Docker daemon, failed instead when BUGMINE_REQUIRE_DOCKER=1.
import { beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ManifestEntry } from '../../src/extract/manifest.js';
import { buildBackendSdist } from '../../scripts/extract-demo/local-index.js';
import { runCli } from '../helpers/cli.js';
import { EXIT } from '../../src/exit-codes.js';
import { dockerGate } from '../helpers/docker.js';

const { reachable } = await dockerGate('test/run/docker-time-limits');

const IMAGE_BUILD = 1_800_000;
const LONG = 600_000;

describe.runIf(reachable)('bugmine extract --executor docker: CPU-time budget and wall-clock cap', () => {
  const index = mkdtempSync(join(tmpdir(), 'bugmine-dlimits-'));

  beforeAll(async () => {
    // The worker runs as a non-root user: the mounted --find-links directory must be readable to it.
    chmodSync(index, 0o755);
    buildBackendSdist(index, 'bugmine-demo-burner', '1.0', '    while True:\n        pass');
    buildBackendSdist(index, 'bugmine-demo-sleeper', '1.0', '    import time\n    time.sleep(600)');
    const built = await runCli(['image', 'build']);
    expect(built.code, built.stderr + built.stdout).toBe(0);
  }, IMAGE_BUILD);

  async function extract(name: string, ...limits: string[]): Promise<ManifestEntry> {
    const list = join(index, `${name}.txt`);
    writeFileSync(list, `${name}\n`);
    const out = mkdtempSync(join(tmpdir(), 'bugmine-dlimits-out-'));
    const run = await runCli(['extract', list, out, '--executor', 'docker', '--no-index', '--find-links', index, ...limits]);
    expect(run.code, run.stderr + run.stdout).toBe(EXIT.someFailed);
    return JSON.parse(readFileSync(join(out, 'manifest.jsonl'), 'utf8').trim()) as ManifestEntry;
  }

  it('kills a container that burns CPU when its cgroup has used the budget', async () => {
    const entry = await extract('bugmine-demo-burner', '--cpu-timeout', '6', '--timeout', '400');
    expect(entry.outcome).toBe('timeout');
    expect(entry.error).toMatch(/^CPU-time limit hit: used (\d+) CPU-s of the 6 allowed, after (\d+) s of wall-clock time; killed \(raise it with --cpu-timeout SECONDS\)$/);
    const [, used, wall] = /used (\d+) CPU-s of the 6 allowed, after (\d+) s/.exec(entry.error!)!.map(Number);
    expect(used).toBeGreaterThanOrEqual(6);
    expect(used).toBeLessThan(15);
    expect(wall).toBeLessThan(300);
    // The manifest records what was measured when it was killed.
    expect(entry.cpuMs).toBeGreaterThanOrEqual(6000);
  }, LONG);

  it('kills a container that sleeps by the wall clock, having used little CPU', async () => {
    const entry = await extract('bugmine-demo-sleeper', '--cpu-timeout', '120', '--timeout', '20');
    expect(entry.outcome).toBe('timeout');
    expect(entry.error).toMatch(/^wall-clock limit hit: no result after 2\d s of wall-clock time \(20 allowed\), having used (\d+) CPU-s; killed \(raise it with --timeout SECONDS\)$/);
    expect(Number(/having used (\d+) CPU-s/.exec(entry.error!)![1])).toBeLessThan(20);
  }, LONG);
});
