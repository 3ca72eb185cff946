import { describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { EXIT } from '../../src/exit-codes.js';
import { acquireOutLock, LOCK_FILE, OutLockedError, type LockHolder } from '../../src/io/out-lock.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { tempDir } from './fixtures.js';

const root = tempDir('bugmine-lock-');
let n = 0;
const freshDir = (): string => join(root, `out-${n++}`);

/** A separate node process that takes the lock with the real module and holds it until killed. */
async function holdInChild(dir: string): Promise<ChildProcess> {
  const script = `import { acquireOutLock } from ${JSON.stringify(join(REPO_ROOT, 'src/io/out-lock.ts'))};
acquireOutLock(${JSON.stringify(dir)}, 'holder-test'); process.stdout.write('locked\\n'); setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('locked') && resolve());
    child.once('exit', (code) => reject(new Error(`holder exited early with ${code}`)));
  });
  return child;
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

function holderOf(dir: string): LockHolder {
  return JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')) as LockHolder;
}

describe('OUT lock', () => {
  it('creates the lock with this pid and host, is re-entrant in one process, and goes with the last release', () => {
    const dir = freshDir();
    const outer = acquireOutLock(dir, 'extract');
    expect(holderOf(dir)).toMatchObject({ pid: process.pid, hostname: hostname(), command: 'extract' });
    const inner = acquireOutLock(dir, 'extract');
    inner.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(true);
    outer.release();
    outer.release(); // twice is harmless
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses a lock held by a running process, naming its pid, and takes it over once that process is killed -9', async () => {
    const dir = freshDir();
    const child = await holdInChild(dir);
    try {
      let error: unknown;
      try {
        acquireOutLock(dir, 'split');
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(OutLockedError);
      expect((error as OutLockedError).exitCode).toBe(EXIT.locked);
      expect((error as Error).message).toContain(`pid ${child.pid}`);
      expect((error as Error).message).toContain('holder-test');
      expect((error as Error).message).not.toContain('\n');
    } finally {
      await killed(child);
    }
    // The dead holder's lock is still there, and must not block.
    expect(holderOf(dir).pid).toBe(child.pid);
    const lock = acquireOutLock(dir, 'split');
    expect(lock.replacedStale?.pid).toBe(child.pid);
    expect(holderOf(dir).pid).toBe(process.pid);
    lock.release();
    expect(readdirSync(dir)).toEqual([]);
  }, 60_000);

  it('takes over a lock whose pid runs but started at another time (the pid was reused)', () => {
    const dir = freshDir();
    mkdirSync(dir);
    // The parent of this test process runs, but is not the process that wrote this lock.
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: process.ppid, hostname: hostname(), processStart: '1', command: 'extract', startedAt: '2020-01-01T00:00:00.000Z' }));
    const lock = acquireOutLock(dir, 'pypibugs');
    expect(lock.replacedStale?.pid).toBe(process.ppid);
    lock.release();
  });

  it('never takes over the lock of another host, and says which file to remove', () => {
    const dir = freshDir();
    mkdirSync(dir);
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: 1, hostname: 'some-other-host', processStart: null, command: 'extract', startedAt: '2020-01-01T00:00:00.000Z' }));
    expect(() => acquireOutLock(dir, 'extract')).toThrow(/on host some-other-host .*cannot tell whether it still runs: if it does not, remove .*\.bugmine\.lock/);
    expect(holderOf(dir).hostname).toBe('some-other-host');
  });

  it('refuses a lock file it cannot read rather than guessing', () => {
    const dir = freshDir();
    mkdirSync(dir);
    writeFileSync(join(dir, LOCK_FILE), 'garbage');
    expect(() => acquireOutLock(dir, 'extract')).toThrow(/lock file bugmine cannot read/);
  });
});
