// The extract progress display: numbers that add up with the end table, phases of the running
// packages, an ETA from what is left, in-place redraw on a terminal and plain lines otherwise.
import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { emptyCounts, type ManifestEntry } from '../../src/extract/manifest.js';
import { PackageProgress } from '../../src/extract/progress.js';

function stream(tty: boolean): NodeJS.WriteStream & { text(): string } {
  const out = new PassThrough() as unknown as NodeJS.WriteStream & { text(): string };
  let text = '';
  out.on('data', (d: Buffer) => (text += d.toString()));
  Object.assign(out, { isTTY: tty, columns: 120, text: () => text });
  return out;
}

function entry(pkg: string, samples: number): ManifestEntry {
  return { package: pkg, requirement: pkg, outcome: 'ok', version: '1', counts: { ...emptyCounts(), samples }, output: null, outputBytes: 0, durationMs: 0, cpuMs: null, error: null };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('PackageProgress', () => {
  it('counts resumed packages and samples after dedup, so the numbers add up', async () => {
    let now = 0;
    const out = stream(false);
    const progress = new PackageProgress({ total: 4, resumed: 1, resumedFailed: 0, resumedSamples: 100 }, out, () => now);
    progress.packageStarted('a');
    progress.packageStarted('b');
    now = 10_000;
    progress.packageDone('b', 'install-failed', 0, 10_000, null);
    progress.packageDone('a', 'ok', 50, 10_000, 7_260);
    expect(progress.describe()[0]).toContain('3/4 packages, 1 failed, 100 samples (+50 waiting)');
    // a lost 20 samples to near-duplicates at its commit
    progress.packageCommitted(entry('a', 30), 50);
    progress.packageCommitted({ ...entry('b', 0), outcome: 'install-failed' }, 0);
    expect(progress.describe()[0]).toContain('3/4 packages, 1 failed, 130 samples,');
    progress.finish();
    await tick();
    expect(out.text()).toContain('extract: [2/4] b: install-failed, 0 samples, 10.0 s, CPU not measured\n');
    expect(out.text()).toContain('extract: [3/4] a: ok, 50 samples, 10.0 s, 7.3 CPU-s\n');
    expect(out.text()).not.toContain('\x1b[');
  });

  it('weights the ETA by what the running packages have left', () => {
    let now = 0;
    const progress = new PackageProgress({ total: 4, resumed: 0, resumedFailed: 0, resumedSamples: 0 }, stream(false), () => now);
    progress.packageStarted('a');
    progress.packageStarted('b');
    now = 100_000;
    progress.packageDone('a', 'ok', 10, 100_000, 90_000);
    progress.packageStarted('c');
    // b is half-way through its files: 0.25 + 0.75 / 2 of it is behind it
    progress.phase('b', { phase: 'extracting', done: 5, total: 10 });
    expect(progress.describe()[0]).toMatch(/running: b \(extracting 5\/10 files\), c \(starting\)$/);
    // behind: 1 + 0.625 = 1.625 packages in 100 s; left 4 - 1.625 = 2.375 -> 146 s
    expect(progress.describe()[0]).toContain('ETA 2:26');
    progress.phase('b', { phase: 'extracting', done: 10, total: 10 });
    // behind 2 in 100 s, left 2 -> 100 s
    expect(progress.describe()[0]).toContain('ETA 1:40');
    progress.finish();
  });

  it('on a terminal draws a block of lines in place and clears it at the end', async () => {
    let now = 0;
    const out = stream(true);
    const progress = new PackageProgress({ total: 2, resumed: 0, resumedFailed: 0, resumedSamples: 0 }, out, () => now);
    progress.packageStarted('numpy');
    progress.packageStarted('six');
    progress.phase('numpy', { phase: 'installing', done: 0, total: 0 });
    progress.phase('six', { phase: 'extracting', done: 120, total: 450 });
    progress.drawNow();
    now = 1000;
    progress.drawNow();
    progress.log('bugmine: a warning');
    progress.drawNow();
    progress.finish();
    await tick();
    const text = out.text();
    expect(text).toContain('extract: 0/2 packages, 0 failed, 0 samples');
    expect(text).toMatch(/ {2}numpy {2}installing +0:00/);
    expect(text).toMatch(/ {2}six {4}extracting 120\/450 files +0:01/);
    // three lines shown: back up two, clear to the end of the screen
    expect(text).toContain('\x1b[2A\r\x1b[J');
    expect(text).toContain('\x1b[2A\r\x1b[Jbugmine: a warning\n');
    expect(text.endsWith('\x1b[2A\r\x1b[J')).toBe(true);
  });
});
