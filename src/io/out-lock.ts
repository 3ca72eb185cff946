/**
 * An exclusive lock on an output directory for the length of a run (`extract`, `pypibugs`,
 * `split`): two runs into one OUT would delete each other's work directories and record each
 * other's packages as failed. The lock is the file `OUT/.bugmine.lock`, created atomically (its
 * full content is written to a private name first, then hard-linked to the lock name, which fails if
 * it exists), holding the holder's pid, host name and process start time.
 *
 * A lock whose holder is gone (killed with -9, a crash, a reboot) must not block the next run: a
 * lock of this host whose pid no longer runs, or runs but started at another time (the pid was
 * reused), is stale and taken over. A lock of another host (OUT on a shared filesystem) cannot be
 * checked from here and is never taken over: the message says so and names the file to remove.
 *
 * Re-entrant within a process: a command takes the lock before its slow set-up (building the worker
 * image) and the job it calls takes it again; the file goes when the last holder releases it, or at
 * process exit (an interrupt ends with process.exit).
 */
import { closeSync, linkSync, mkdirSync, openSync, readFileSync, realpathSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { EXIT } from '../exit-codes.js';

export const LOCK_FILE = '.bugmine.lock';

export interface LockHolder {
  readonly pid: number;
  readonly hostname: string;
  /** The holder's start time as the kernel counts it (Linux /proc/PID/stat field 22), null elsewhere. */
  readonly processStart: string | null;
  readonly command: string;
  readonly startedAt: string;
}

export interface OutLock {
  readonly path: string;
  /** A stale lock taken over by this acquisition (its holder was no longer running). */
  readonly replacedStale: LockHolder | null;
  release(): void;
}

export class OutLockedError extends UserError {
  constructor(
    message: string,
    readonly holder: LockHolder,
  ) {
    super(message, EXIT.locked);
    this.name = 'OutLockedError';
  }
}

interface Held {
  count: number;
  content: string;
}

const held = new Map<string, Held>();
let exitHookInstalled = false;

/** Locks `dir` (created if missing) for `command`; throws OutLockedError when another run holds it. */
export function acquireOutLock(dir: string, command: string): OutLock {
  mkdirSync(dir, { recursive: true });
  // By the real path: two spellings of one OUT (a symlink) are one lock.
  const path = join(realpathSync(dir), LOCK_FILE);
  const mine = held.get(path);
  if (mine !== undefined) {
    mine.count++;
    return handle(path, null);
  }
  const me: LockHolder = { pid: process.pid, hostname: hostname(), processStart: processStartTime(process.pid), command, startedAt: new Date().toISOString() };
  const content = JSON.stringify(me) + '\n';
  let replacedStale: LockHolder | null = null;
  // A few rounds: each one either creates the lock, meets a live holder, or removes a stale lock.
  for (let round = 0; round < 8; round++) {
    if (createExclusive(path, content)) {
      held.set(path, { count: 1, content });
      installExitHook();
      return handle(path, replacedStale);
    }
    const existing = readOrNull(path);
    if (existing === null) continue; // released meanwhile
    const holder = parseHolder(existing);
    if (holder === null) {
      // Never half-written (see createExclusive): not a bugmine lock file we can judge.
      throw new UserError(`${dir} has a lock file bugmine cannot read (${path}); if no bugmine runs into it, remove that file`, EXIT.locked);
    }
    const state = holderState(holder);
    if (state === 'running') {
      throw new OutLockedError(`${dir} is in use by another bugmine run (${holder.command}, pid ${holder.pid}, since ${holder.startedAt}); wait for it to finish or stop it`, holder);
    }
    if (state === 'other-host') {
      throw new OutLockedError(
        `${dir} is in use by a bugmine run on host ${holder.hostname} (${holder.command}, pid ${holder.pid}, since ${holder.startedAt}); ` +
          `from this host bugmine cannot tell whether it still runs: if it does not, remove ${path}`,
        holder,
      );
    }
    if (removeIfUnchanged(path, existing)) replacedStale = holder;
  }
  throw new UserError(`${dir}: could not take the lock ${path} (other bugmine runs keep taking it)`, EXIT.locked);
}

/** Runs `work` with `dir` locked for `command`. */
export async function withOutLock<T>(dir: string, command: string, work: () => Promise<T>): Promise<T> {
  const lock = acquireOutLock(dir, command);
  try {
    return await work();
  } finally {
    lock.release();
  }
}

function handle(path: string, replacedStale: LockHolder | null): OutLock {
  let released = false;
  return {
    path,
    replacedStale,
    release(): void {
      if (released) return;
      released = true;
      const entry = held.get(path);
      if (entry === undefined || --entry.count > 0) return;
      held.delete(path);
      removeIfUnchanged(path, entry.content);
    },
  };
}

/** Creates `path` with `content` only if it does not exist; the content is complete the moment the name appears. */
function createExclusive(path: string, content: string): boolean {
  const staging = `${path}.${process.pid}.tmp`;
  const fd = openSync(staging, 'w', 0o644);
  try {
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(staging, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(staging);
  }
}

/**
 * Removes the lock if it still holds `expected`. The lock is moved aside first, so that between the
 * check and the removal no other run's new lock can be deleted: if what was moved is not the
 * expected lock, it is linked back (unless yet another lock appeared meanwhile, which then holds).
 */
function removeIfUnchanged(path: string, expected: string): boolean {
  const aside = `${path}.${process.pid}.old`;
  try {
    renameSync(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  const moved = readOrNull(aside);
  if (moved !== expected) {
    try {
      linkSync(aside, path);
    } catch {
      // Another lock appeared in the meantime: it is the holder now.
    }
    unlinkSync(aside);
    return false;
  }
  unlinkSync(aside);
  return true;
}

function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function parseHolder(text: string): LockHolder | null {
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    if (!Number.isInteger(value.pid) || (value.pid as number) <= 0 || typeof value.hostname !== 'string') return null;
    return {
      pid: value.pid as number,
      hostname: value.hostname,
      processStart: typeof value.processStart === 'string' ? value.processStart : null,
      command: typeof value.command === 'string' ? value.command : 'bugmine',
      startedAt: typeof value.startedAt === 'string' ? value.startedAt : 'an unknown time',
    };
  } catch {
    return null;
  }
}

function holderState(holder: LockHolder): 'running' | 'gone' | 'other-host' {
  if (holder.hostname !== hostname()) return 'other-host';
  if (holder.pid === process.pid) return 'gone'; // an earlier life of this pid, since this process holds no such lock
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    // EPERM: the pid runs, as another user.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return 'gone';
  }
  const start = processStartTime(holder.pid);
  if (holder.processStart !== null && start !== null && start !== holder.processStart) return 'gone';
  return 'running';
}

/** The process's start time in clock ticks after boot (Linux); null where /proc is not there. */
function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may contain spaces: count from its end.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null;
  } catch {
    return null;
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const [path, entry] of held) {
      try {
        removeIfUnchanged(path, entry.content);
      } catch {
        // Exiting anyway: a lock left behind is stale and taken over by the next run.
      }
    }
    held.clear();
  });
}
