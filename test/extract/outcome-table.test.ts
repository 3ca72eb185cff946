// The end table of extract (and of `bugmine manifest`): outcome rows and the failed packages with
// one-line reasons drawn from their multi-line error texts.
import { describe, expect, it } from 'vitest';
import { emptyCounts, type ManifestEntry } from '../../src/extract/manifest.js';
import { failuresOf, formatFailures, formatTotals, oneLineReason, totalsOf } from '../../src/extract/outcome-table.js';

const BUILD_DEPS = `pip install failed:   │ exit code: 1
  ╰─> [3 lines of output]
      Looking in links: /opt/wheels, /tmp/index
      ERROR: Could not find a version that satisfies the requirement setuptools>=40.8.0 (from versions: none)
      ERROR: No matching distribution found for setuptools>=40.8.0
      [end of output]
  note: This error originates from a subprocess, and is likely not a problem with pip.
error: subprocess-exited-with-error`;

function entry(pkg: string, outcome: ManifestEntry['outcome'], error: string | null, samples = 0, cpuMs: number | null = null): ManifestEntry {
  return { package: pkg, requirement: pkg, outcome, version: null, counts: { ...emptyCounts(), samples }, output: null, outputBytes: 0, durationMs: 0, cpuMs, error };
}

describe('outcome table', () => {
  it('takes the line that states the error', () => {
    expect(oneLineReason(BUILD_DEPS)).toBe('pip install failed: ERROR: Could not find a version that satisfies the requirement setuptools>=40.8.0 (from versions: none)');
    expect(oneLineReason('pip install failed: Collecting x\n  Running setup.py\n    SystemExit: setup.py refuses to build\nerror: subprocess-exited-with-error')).toBe(
      'pip install failed: SystemExit: setup.py refuses to build',
    );
    expect(oneLineReason('no result after 900 s; killed')).toBe('no result after 900 s; killed');
    expect(oneLineReason(null)).toBe('(no error recorded)');
    expect(oneLineReason(`rejected: ${'x'.repeat(1000)}`).length).toBe(200);
  });

  it('lists failures (not no-python-files) in the given order after the outcome rows', () => {
    const entries = [entry('a', 'ok', null, 10), entry('b', 'install-failed', BUILD_DEPS), entry('c', 'no-python-files', null), entry('d', 'timeout', 'no result after 5 s; killed')];
    const totals = formatTotals(totalsOf(entries));
    expect(totals).toContain('ok                      1       10');
    expect(totals).toContain('total                   4       10');
    const failed = formatFailures(failuresOf(entries));
    expect(failed.split('\n')).toEqual([
      'failed packages (2):',
      '  package  outcome         reason',
      '  b        install-failed  pip install failed: ERROR: Could not find a version that satisfies the requirement setuptools>=40.8.0 (from versions: none)',
      '  d        timeout         no result after 5 s; killed',
      '',
    ]);
    expect(formatFailures([])).toBe('');
  });

  it('sums the CPU time measured, whatever the outcome, and names the heaviest packages', () => {
    const cpu = [entry('a', 'ok', null, 10, 2_000), entry('b', 'install-failed', BUILD_DEPS, 0, 900), entry('c', 'ok', null, 5, null), entry('d', 'ok', null, 1, 70_250), entry('e', 'timeout', 'x', 0, 1_000)];
    const totals = totalsOf(cpu);
    expect(totals.cpu).toEqual({
      measured: 4,
      totalMs: 74_150,
      unmeasured: 1,
      heaviest: [
        { package: 'd', cpuMs: 70_250 },
        { package: 'a', cpuMs: 2_000 },
        { package: 'e', cpuMs: 1_000 },
      ],
    });
    expect(formatTotals(totals).trimEnd().split('\n').at(-1)).toBe('CPU time: 74.2 CPU-s for 4 package(s), 18.5 per package (most: d 70.3, a 2.0, e 1.0); 1 package(s) not measured');
    expect(formatTotals(totalsOf([entry('c', 'ok', null)]))).toContain('\nCPU time: 1 package(s) not measured\n');
    expect(formatTotals(totalsOf([]))).not.toContain('CPU');
  });
});
