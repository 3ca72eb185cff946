// The progress display as a person sees it: in a real pseudo-terminal (`script`) a block redrawn
// in place with the running package's phase; piped, plain lines without terminal escapes.
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDefaultIndex, DEFAULT_DEMO_WHEELS } from '../../scripts/extract-demo/local-index.js';
import { CLI, REPO_ROOT, runCli } from '../helpers/cli.js';
import { EXIT } from '../../src/exit-codes.js';

const LONG = 240_000;
const ESC = '\x1b';
const hasScript = spawnSync('script', ['--version']).status === 0;
const index = mkdtempSync(join(tmpdir(), 'bugmine-index-'));
const list = join(mkdtempSync(join(tmpdir(), 'bugmine-list-')), 'packages.txt');
const args = (out: string) => ['extract', list, out, '--executor', 'local', '--no-index', '--find-links', index];

describe('extract progress', () => {
  beforeAll(() => {
    buildDefaultIndex(index);
    writeFileSync(list, `${DEFAULT_DEMO_WHEELS[1]!.name}\nbugmine-demo-not-there\n`);
  });

  it.skipIf(!hasScript)('redraws a status block with the phase of the running package in a pseudo-terminal', () => {
    const out = mkdtempSync(join(tmpdir(), 'bugmine-tty-'));
    const command = ['stty cols 120 rows 30;', 'exec', process.execPath, CLI, ...args(out)].map((word) => (word.endsWith(';') ? word : `'${word}'`)).join(' ');
    const run = spawnSync('script', ['-qfec', command, '/dev/null'], { cwd: REPO_ROOT, encoding: 'utf8', timeout: LONG, stdio: ['ignore', 'pipe', 'pipe'] });
    const screen = run.stdout;
    expect(run.status, screen).toBe(EXIT.someFailed); // the package that is not there
    expect(screen).toMatch(/extract: \d\/2 packages, \d failed, \d+ samples/);
    expect(screen).toMatch(/ {2}bugmine-demo-(text|not-there) +(starting|downloading|building|installing|extracting \d+\/\d+ files) +\d:\d\d/);
    // redrawn in place: back to the block's first line and cleared
    expect(screen).toMatch(new RegExp(`${ESC}\\[\\dA\r${ESC}\\[J`));
    // failures get a line of their own above the block; the table follows a cleared block
    expect(screen).toMatch(/extract: \[\d\/2\] bugmine-demo-not-there: install-failed/);
    expect(screen).toContain(`${ESC}[J2 packages run, 0 already in the manifest`);
  }, LONG);

  it('prints plain lines when stderr is not a terminal', async () => {
    const out = mkdtempSync(join(tmpdir(), 'bugmine-piped-'));
    const run = await runCli(args(out));
    expect(run.stderr).toMatch(/extract: \[\d\/2\] bugmine-demo-text: ok, \d+ samples, [\d.]+ s, [\d.]+ CPU-s\n/);
    expect(run.stderr).toMatch(/extract: \[\d\/2\] bugmine-demo-not-there: install-failed, 0 samples/);
    expect(run.stderr).not.toContain('\x1b');
  }, LONG);
});
