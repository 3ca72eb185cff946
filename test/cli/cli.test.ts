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

  it('rejects an unknown command with a non-zero exit code', async () => {
    const result = await runCli(['no-such-command']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/^error: /m);
  });
});
