// bugmine manifest OUT: the outcome table of a finished extract again, from its manifest alone.
import { beforeAll, describe, expect, it } from 'vitest';
import { appendFileSync, copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDefaultIndex, buildSdist, DEFAULT_DEMO_WHEELS } from '../../scripts/extract-demo/local-index.js';
import { EXIT } from '../../src/exit-codes.js';
import { runCli } from '../helpers/cli.js';

const index = mkdtempSync(join(tmpdir(), 'bugmine-index-'));
const out = mkdtempSync(join(tmpdir(), 'bugmine-manifest-'));
const [colors, text] = DEFAULT_DEMO_WHEELS;
let runTable = '';

describe('bugmine manifest', () => {
  beforeAll(async () => {
    buildDefaultIndex(index);
    buildSdist(index, 'bugmine-demo-broken', '1.0', 'raise SystemExit("setup.py refuses to build")');
    const list = join(mkdtempSync(join(tmpdir(), 'bugmine-list-')), 'packages.txt');
    writeFileSync(list, `${colors!.name}\nbugmine-demo-broken\n${text!.name}\n`);
    const run = await runCli(['extract', list, out, '--executor', 'local', '--no-index', '--find-links', index, '--workers', '1']);
    expect(run.code, run.stderr + run.stdout).toBe(EXIT.someFailed);
    // The end of the run: "N packages run, ..." then the table.
    runTable = run.stdout.slice(run.stdout.indexOf('\n') + 1);
  });

  it('prints the same table as the end of the run, failed packages with their reasons', async () => {
    const result = await runCli(['manifest', out]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(EXIT.someFailed);
    expect(result.stdout).toBe(runTable);
    expect(result.stdout).toMatch(/^ok +2 +\d+$/m);
    expect(result.stdout).toMatch(/^ {2}bugmine-demo-broken +install-failed +pip install failed: /m);
    expect(result.stdout).toMatch(/^CPU time: [\d.]+ CPU-s for 3 package\(s\), [\d.]+ per package \(most: bugmine-demo-[a-z]+ [\d.]+, /m);
  });

  it('--failed prints only the failed packages; --json gives the same figures', async () => {
    const failed = await runCli(['manifest', out, '--failed']);
    expect(failed.stdout.split('\n')[0]).toBe('failed packages (1):');
    expect(failed.stdout).not.toMatch(/^ok /m);
    expect(failed.stdout).toBe(runTable.slice(runTable.indexOf('failed packages')));

    const json = JSON.parse((await runCli(['manifest', out, '--json'])).stdout);
    expect(json.packages).toBe(3);
    expect(json.outcomes['install-failed']).toEqual({ packages: 1, samples: 0 });
    expect(json.outcomes.ok.packages).toBe(2);
    expect(json.failed).toEqual([expect.objectContaining({ package: 'bugmine-demo-broken', outcome: 'install-failed', version: null })]);
    expect(json.failed[0].reason).toMatch(/^pip install failed: /);
    expect(json.malformed).toEqual([]);
    const lines = readFileSync(join(out, 'manifest.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { package: string; cpuMs: number });
    expect(json.cpu).toMatchObject({ measured: 3, unmeasured: 0, totalMs: lines.reduce((n, e) => n + e.cpuMs, 0) });
    expect(json.cpu.heaviest[0]).toEqual({ package: expect.any(String), cpuMs: Math.max(...lines.map((e) => e.cpuMs)) });
    const failedJson = JSON.parse((await runCli(['manifest', out, '--failed', '--json'])).stdout);
    expect(failedJson).toEqual({ failed: json.failed, malformed: [] });
  });

  it('names each malformed line with file and line number and counts the rest (a later line of a package wins)', async () => {
    const copy = mkdtempSync(join(tmpdir(), 'bugmine-manifest-bad-'));
    const file = join(copy, 'manifest.jsonl');
    copyFileSync(join(out, 'manifest.jsonl'), file);
    const retried = { package: 'bugmine-demo-broken', requirement: 'bugmine-demo-broken', position: 1, outcome: 'no-python-files', version: '1.0', counts: { files: 0, functions: 0, samples: 0, skipped: {} }, output: null, outputBytes: 0, durationMs: 1, error: null };
    appendFileSync(file, '{"package": "torn", "outc\n' + JSON.stringify({ package: 'x', outcome: 'exploded', counts: {} }) + '\n' + JSON.stringify({ ...retried, cpuMs: 'lots' }) + '\n' + JSON.stringify(retried) + '\n');
    const result = await runCli(['manifest', copy]);
    expect(result.code).toBe(EXIT.badInput);
    expect(result.stderr.trim().split('\n')).toEqual([
      `bugmine: ${file}:4: not complete JSON; line skipped`,
      `bugmine: ${file}:5: "outcome" is not one of ok, install-failed, timeout, no-python-files, extract-failed; line skipped`,
      `bugmine: ${file}:6: "cpuMs" is not a whole number or null; line skipped`,
    ]);
    // The retried line is of an older bugmine (no cpuMs): not measured.
    expect(result.stdout).toMatch(/^CPU time: [\d.]+ CPU-s for 2 package\(s\), .*; 1 package\(s\) not measured$/m);
    expect(result.stdout).toMatch(/^no-python-files +1 +0$/m);
    expect(result.stdout).toMatch(/^install-failed +0 +0$/m);
    expect(result.stdout).not.toContain('failed packages');
  });

  it('an OUT without a manifest is a one-line usage error', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'bugmine-manifest-none-'));
    const result = await runCli(['manifest', empty]);
    expect(result.code).toBe(EXIT.usage);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(`${join(empty, 'manifest.jsonl')}: no manifest`);
  });
});
