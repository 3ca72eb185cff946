// The files of ../shared/datasets/slow-files/ once never finished (a `global` statement at module
// level sent call resolution round in a loop): they must finish and give samples. No timing is
// asserted; the generous timeout only turns a hang back into a failure.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, SHARED } from '../helpers/cli.js';

const DIR = join(SHARED, 'datasets', 'slow-files');
const FILES = readdirSync(DIR).filter((name) => name.endsWith('.py')).sort();

interface FunctionLine {
  function: string;
  samples: { graph: { path: string } }[];
}

describe('the pathologically slow files of shared/datasets/slow-files', () => {
  it('are all there', () => {
    expect(FILES.length).toBe(3);
  });

  it.each(FILES)('%s finishes and gives samples, rewritten ones too', async (name) => {
    const result = await runCli(['file', join(DIR, name), '--rewrites', '1', '--path', name]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const functions = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as FunctionLine);
    expect(functions.map((f) => f.function)).toContain('digest_block');
    const samples = functions.flatMap((f) => f.samples);
    expect(samples.every((s) => s.graph.path === name)).toBe(true);
    // One sample without bug per function and (nearly always) one rewritten one.
    expect(samples.length).toBeGreaterThan(functions.length * 1.5);
  }, 600_000);
});
