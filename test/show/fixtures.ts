// The data `bugmine show` is tested on: `bugmine extract-dir` of a couple of stdlib modules and of a
// file whose code holds HTML and a terminal escape.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { runCli } from '../helpers/cli.js';

const stdlib = execFileSync('python3', ['-c', 'import sysconfig; print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8' }).trim();

/** A method (indented in its file) whose code holds markup and an escape sequence. */
export const HOSTILE_SOURCE = [
  'class Greeter:',
  '    def greet(self, name, count):',
  '        banner = "</script><img src=x onerror=alert(1)>\u001b[31m"',
  '        total = count + 1',
  '        for i in range(count):',
  '            if i > 0 and name:',
  '                print(banner, name, i, total)',
  '        return total',
  '',
].join('\n');

/** A sample as `bugmine dump --jsonl` prints it, as far as the tests read it. */
export interface JsonSample {
  graph: { path: string; text: string; code_range: [[number, number], [number, number]]; edges: Record<string, unknown[]>; nodes: string[] };
  candidate_rewrites: [string, unknown][];
  candidate_rewrite_ranges: [[number, number], [number, number]][];
  candidate_rewrite_metadata: [string, number | null][];
  target_fix_action_idx: number | null;
  provenance: { bug_rewrite: string | null };
}

/** Runs `bugmine extract-dir` on colorsys, bisect and the hostile file under `dir`; returns the output directory. */
export async function extractShowFixtures(dir: string): Promise<string> {
  const src = join(dir, 'src');
  mkdirSync(src, { recursive: true });
  copyFileSync(join(stdlib, 'colorsys.py'), join(src, 'colorsys.py'));
  copyFileSync(join(stdlib, 'bisect.py'), join(src, 'bisect.py'));
  writeFileSync(join(src, 'hostile.py'), HOSTILE_SOURCE);
  const out = join(dir, 'out');
  const result = await runCli(['extract-dir', src, out, '--workers', '1']);
  expect(result.code, result.stderr + result.stdout).toBe(0);
  return out;
}

/** The samples of a data file, read back with `bugmine dump --jsonl`. */
export async function samplesOf(file: string): Promise<JsonSample[]> {
  const dump = await runCli(['dump', '--jsonl', file]);
  expect(dump.code).toBe(0);
  return dump.stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as JsonSample);
}
