// The safety net: a file whose analysis takes more CPU time than --max-file-cpu-seconds is
// skipped and counted as analysis-timeout, naming the file and function; the rest goes on.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ExtractDirSummary } from '../../src/extract-dir/run.js';
import { runCli } from '../helpers/cli.js';
import { goldenInputPath } from '../helpers/golden.js';

const root = mkdtempSync(join(tmpdir(), 'bugmine-timeout-'));
const src = join(root, 'src');
mkdirSync(join(src, 'pkg'), { recursive: true });
copyFileSync(goldenInputPath('json____init__'), join(src, 'pkg', 'json_init.py'));
copyFileSync(goldenInputPath('dbm__dumb'), join(src, 'pkg', 'dumb.py'));

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('--max-file-cpu-seconds', () => {
  it('extract-dir (worker threads) skips every file of a tiny budget as analysis-timeout, naming the file and step', async () => {
    const result = await runCli(['extract-dir', src, join(root, 'out-tiny'), '--workers', '2', '--max-file-cpu-seconds', '0.001', '--json']);
    expect(result.code, result.stderr + result.stdout).toBe(0);
    const summary = JSON.parse(result.stdout) as ExtractDirSummary;
    expect(summary.skipped).toEqual({ 'analysis-timeout': 2 });
    expect(summary.samples).toBe(0);
    for (const file of ['pkg/dumb.py', 'pkg/json_init.py']) {
      expect(summary.problems.find((p) => p.startsWith(`${file}: analysis-timeout: analysis exceeded 0.001 CPU seconds in `))).toBeDefined();
    }
    // The step that ran out: a whole-file pass here (the first checkpoint after the parse); a step
    // inside a function (call resolution, data flow, its samples) names the function too.
    expect(result.stderr).toMatch(/pkg\/dumb\.py: analysis-timeout: analysis exceeded 0\.001 CPU seconds in (the [\w-]+ pass|.*, function \w+)/);
  });

  it('leaves files alone with the default budget', async () => {
    const result = await runCli(['extract-dir', src, join(root, 'out-default'), '--workers', '1', '--json']);
    expect(result.code, result.stderr + result.stdout).toBe(0);
    const summary = JSON.parse(result.stdout) as ExtractDirSummary;
    expect(summary.skipped).toEqual({});
    expect(summary.samples).toBeGreaterThan(0);
  });

  it('file stops with a one-line analysis-timeout error naming the file', async () => {
    const file = join(src, 'pkg', 'dumb.py');
    const result = await runCli(['file', file, '--max-file-cpu-seconds', '0.001']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(`${file}: analysis-timeout: analysis exceeded 0.001 CPU seconds in `);
  });

  it('rejects a budget that is not a number', async () => {
    const result = await runCli(['file', join(src, 'pkg', 'dumb.py'), '--max-file-cpu-seconds', 'soon']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/--max-file-cpu-seconds/);
  });
});
