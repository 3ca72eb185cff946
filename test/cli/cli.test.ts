import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, runCli } from '../helpers/cli.js';

describe('bugmine CLI', () => {
  it('prints the package version', async () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    const result = await runCli(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(pkg.version);
  });

  it('rejects an unknown command as a usage error (exit 2)', async () => {
    const result = await runCli(['no-such-command']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: /m);
  });

  // README "Exit codes": 2 for every usage error, whichever part of the command line is wrong.
  it.each([
    ['a bad option value', ['extract', '--workers', 'abc', 'L', 'OUT'], /^error: option '--workers <N>' argument 'abc' is invalid\. expected a whole number >= 0$/m],
    ['an unknown option', ['stats', '--no-such-option', 'X'], /^error: unknown option '--no-such-option'$/m],
    ['a missing argument', ['extract', 'L'], /^error: missing required argument 'OUT'$/m],
    ['a missing subcommand', ['image'], /^Usage: bugmine image /m],
  ])('exits 2 on %s, with one line pointing at the help', async (_what, args, message) => {
    const result = await runCli(args);
    expect(result.code, result.stderr + result.stdout).toBe(2);
    expect(result.stderr).toMatch(message);
    if (!/^Usage:/m.test(result.stderr)) expect(result.stderr).toMatch(/^\(run `bugmine \S+ --help` for usage\)$/m);
  });

  it('exits 0 on --help', async () => {
    const result = await runCli(['extract', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: bugmine extract /m);
  });
});
