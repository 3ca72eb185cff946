import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { findOnPath, MissingToolError, missingProgramOf, requireTool } from '../../src/run/tools.js';

describe('findOnPath', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bugmine-path-'));
  writeFileSync(join(dir, 'runnable'), '#!/bin/sh\n');
  chmodSync(join(dir, 'runnable'), 0o755);
  writeFileSync(join(dir, 'plain'), 'not executable');

  it('finds an executable file in a PATH directory, and not a plain file or a directory', () => {
    expect(findOnPath('runnable', `/nonexistent:${dir}`)).toBe(join(dir, 'runnable'));
    expect(findOnPath('plain', dir)).toBeNull();
    expect(findOnPath('bin', '/')).toBeNull();
    expect(findOnPath('no-such-tool-here', dir)).toBeNull();
  });

  it('takes a name with a slash as a path', () => {
    expect(findOnPath(join(dir, 'runnable'), '')).toBe(join(dir, 'runnable'));
    expect(findOnPath(join(dir, 'plain'), '')).toBeNull();
  });

  it('requireTool throws a user error naming the tool and the way out', () => {
    expect(() => requireTool('no-such-tool-here', 'install it')).toThrow(MissingToolError);
    expect(() => requireTool('no-such-tool-here', 'install it')).toThrow(/^no-such-tool-here not found on PATH: install it$/);
    expect(new MissingToolError('x', 'y')).toBeInstanceOf(UserError);
  });
});

describe('missingProgramOf', () => {
  it('names the program of a real spawn ENOENT', async () => {
    const error = await new Promise<Error>((resolve) => spawn('no-such-tool-here', []).on('error', resolve));
    expect(missingProgramOf(error)).toBe('no-such-tool-here');
  });

  it('reads a wrapped spawn error message, and ignores other errors', () => {
    expect(missingProgramOf(new Error('GitError: spawn git ENOENT'))).toBe('git');
    const notFound = Object.assign(new Error('ENOENT: no such file or directory, open x'), { code: 'ENOENT', syscall: 'open' });
    expect(missingProgramOf(notFound)).toBeNull();
    expect(missingProgramOf('spawn git ENOENT')).toBeNull();
  });
});
