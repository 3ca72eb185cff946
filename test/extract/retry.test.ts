// Which packages a resumed `extract` runs again: `--retry OUTCOMES` takes the packages whose last
// outcome is listed, `--retry-failed` every one that was not ok; the CLI refuses unknown names.
import { fakeRunOptions } from '../helpers/extract-options.js';
import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExtract, type ExtractRunOptions } from '../../src/extract/run-extract.js';
import { jobOutputDir, RESULT_FILE, type PackageJobResult } from '../../src/extract/package-job.js';
import { emptyCounts, type Outcome } from '../../src/extract/manifest.js';
import { checkPackageHandBack } from '../../src/extract/job-result.js';
import type { PackageExecutor, PackageRun } from '../../src/extract/package-executor.js';
import type { JobOutcome } from '../../src/run/executor.js';
import { copyFromDirectory } from '../../src/run/hand-back.js';
import type { Requirement } from '../../src/extract/package-list.js';
import { runCli } from '../helpers/cli.js';
import { EXIT } from '../../src/exit-codes.js';

/** Ends each package's job with the outcome `outcomes[key]` (no samples), recording which ran. */
class OutcomeExecutor implements PackageExecutor {
  readonly ran: string[] = [];
  constructor(private readonly outcomes: Record<string, Outcome>) {}

  async run({ job, limits, handBack }: PackageRun): Promise<JobOutcome<PackageJobResult>> {
    this.ran.push(job.key);
    const outcome = this.outcomes[job.key]!;
    if (outcome === 'timeout') return { kind: 'timeout', limit: 'wall-clock', limitMs: limits.wallMs, elapsedMs: limits.wallMs, cpuMs: 10 };
    if (outcome === 'extract-failed') return { kind: 'crashed', error: 'the job crashed', cpuMs: null };
    const out = jobOutputDir(job.workDir);
    mkdirSync(out, { recursive: true });
    const error = outcome === 'install-failed' ? 'pip install failed: no' : null;
    writeFileSync(join(out, RESULT_FILE), JSON.stringify({ outcome, version: outcome === 'install-failed' ? null : '1', counts: emptyCounts(), output: null, error }));
    return checkPackageHandBack({ kind: 'ok', result: { handedBack: await copyFromDirectory(out, handBack), exitCode: 0, log: '' }, cpuMs: null }, job, handBack.hostDir);
  }

  async killAll(): Promise<void> {}
}

const FIRST: Record<string, Outcome> = { a: 'ok', b: 'timeout', c: 'install-failed', d: 'extract-failed', e: 'no-python-files' };
const requirements = Object.keys(FIRST).map((key) => ({ key, name: key, spec: key, line: 1 }) as unknown as Requirement);
const options = fakeRunOptions(2);

async function rerun(retry: Partial<ExtractRunOptions>): Promise<string[]> {
  const out = mkdtempSync(join(tmpdir(), 'bugmine-retry-'));
  await runExtract(requirements, out, new OutcomeExecutor(FIRST), options);
  const second = new OutcomeExecutor(Object.fromEntries(Object.keys(FIRST).map((key) => [key, 'ok'])));
  const summary = await runExtract(requirements, out, second, { ...options, ...retry });
  expect(summary.ran + summary.resumed).toBe(requirements.length);
  return second.ran.sort();
}

describe('runExtract: which failed packages are run again', () => {
  it('runs none again by default', async () => {
    expect(await rerun({})).toEqual([]);
  });

  it('runs again exactly the packages whose last outcome --retry names', async () => {
    expect(await rerun({ retry: ['timeout'] })).toEqual(['b']);
    expect(await rerun({ retry: ['timeout', 'install-failed'] })).toEqual(['b', 'c']);
    expect(await rerun({ retry: ['no-python-files'] })).toEqual(['e']);
  });

  it('runs again every package that was not ok with --retry-failed, whatever --retry says', async () => {
    expect(await rerun({ retryFailed: true })).toEqual(['b', 'c', 'd', 'e']);
    expect(await rerun({ retryFailed: true, retry: ['timeout'] })).toEqual(['b', 'c', 'd', 'e']);
  });
});

describe('bugmine extract --retry', () => {
  it('refuses an outcome it does not know, in one line naming the known ones', async () => {
    const list = join(mkdtempSync(join(tmpdir(), 'bugmine-retry-')), 'packages.txt');
    writeFileSync(list, 'x\n');
    const run = await runCli(['extract', list, mkdtempSync(join(tmpdir(), 'bugmine-retry-')), '--executor', 'local', '--retry', 'timeout,instal-failed']);
    expect(run.code).not.toBe(EXIT.ok);
    const [first, ...rest] = run.stderr.trim().split('\n');
    expect(first).toMatch(/--retry.*"instal-failed" is not a failure outcome; expected a comma-separated list of install-failed, timeout, no-python-files, extract-failed/);
    expect(rest.join('\n')).not.toMatch(/Options:/);
  });
});
