// The two time limits of `bugmine extract --executor local`, on packages whose build backend burns
// CPU or sleeps (in pip's build subprocess, a grandchild of the job: the whole tree counts).
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ManifestEntry } from '../../src/extract/manifest.js';
import { buildBackendSdist } from '../../scripts/extract-demo/local-index.js';
import { runCli } from '../helpers/cli.js';
import { EXIT } from '../../src/exit-codes.js';

const LONG = 400_000;
const index = mkdtempSync(join(tmpdir(), 'bugmine-index-'));

const BURN = '    while True:\n        pass';
const SLEEP = '    import time\n    time.sleep(600)';

function listFile(name: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'bugmine-list-')), 'packages.txt');
  writeFileSync(file, `${name}\n`);
  return file;
}

function onlyEntry(out: string): ManifestEntry {
  const lines = readFileSync(join(out, 'manifest.jsonl'), 'utf8').trim().split('\n');
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0]!) as ManifestEntry;
}

async function extract(name: string, ...limits: string[]): Promise<{ entry: ManifestEntry; stdout: string }> {
  const out = mkdtempSync(join(tmpdir(), 'bugmine-limits-'));
  const run = await runCli(['extract', listFile(name), out, '--executor', 'local', '--no-index', '--find-links', index, ...limits]);
  expect(run.code, run.stderr + run.stdout).toBe(EXIT.someFailed);
  return { entry: onlyEntry(out), stdout: run.stdout };
}

describe('bugmine extract: CPU-time budget and wall-clock cap (local executor)', () => {
  beforeAll(() => {
    buildBackendSdist(index, 'bugmine-demo-burner', '1.0', BURN);
    buildBackendSdist(index, 'bugmine-demo-sleeper', '1.0', SLEEP);
  });

  it('kills a job that burns CPU when its CPU budget is spent, long before the wall clock, and says how to raise it', async () => {
    const started = Date.now();
    const { entry, stdout } = await extract('bugmine-demo-burner', '--cpu-timeout', '6', '--timeout', '300');
    expect(Date.now() - started).toBeLessThan(250_000);
    expect(entry.outcome).toBe('timeout');
    expect(entry.error).toMatch(/^CPU-time limit hit: used (\d+) CPU-s of the 6 allowed, after \d+ s of wall-clock time; killed \(raise it with --cpu-timeout SECONDS\)$/);
    const used = Number(/used (\d+) CPU-s/.exec(entry.error!)![1]);
    expect(used).toBeGreaterThanOrEqual(6);
    expect(used).toBeLessThan(15);
    // The end table carries the reason too.
    expect(stdout).toContain('CPU-time limit hit');
  }, LONG);

  it('kills a job that only sleeps by the wall clock, not by its CPU budget, and says how to raise that', async () => {
    const { entry } = await extract('bugmine-demo-sleeper', '--cpu-timeout', '120', '--timeout', '15');
    expect(entry.outcome).toBe('timeout');
    expect(entry.error).toMatch(/^wall-clock limit hit: no result after 1\d s of wall-clock time \(15 allowed\), having used (\d+) CPU-s; killed \(raise it with --timeout SECONDS\)$/);
    const used = Number(/having used (\d+) CPU-s/.exec(entry.error!)![1]);
    expect(used).toBeLessThan(120);
  }, LONG);

  it('refuses a CPU limit that is not a number, in one line', async () => {
    const run = await runCli(['extract', listFile('x'), mkdtempSync(join(tmpdir(), 'bugmine-limits-')), '--cpu-timeout', 'soon']);
    expect(run.code).not.toBe(0);
    expect(run.stderr.trim().split('\n')[0]).toMatch(/--cpu-timeout.*expected a number of seconds/);
  });
});
