/**
 * Who owns a container, so that housekeeping removes only its own: every container bugmine
 * creates carries the id of the run that made it, an id of the host (more exactly: of the pid
 * namespace, on one kernel boot) the run's process lives on, and that process's pid and start
 * time. A container counts as stale only when it was made on this same host and its process is
 * gone (a pid that is free, or reused by a process started later): the daemon may be shared by
 * several machines or containers, whose pids mean nothing here, and whose containers are never
 * touched. (testcontainers' reaper keys its sessions the same way.)
 */
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';

export const RUN_LABEL = 'org.bugmine.run';
export const HOST_LABEL = 'org.bugmine.host';
export const OWNER_LABEL = 'org.bugmine.owner-pid';
export const OWNER_START_LABEL = 'org.bugmine.owner-start';

/** This process's run: fresh for every bugmine process. */
export const RUN_ID = randomUUID();

function readOr(read: () => string, fallback: string): string {
  try {
    return read().trim();
  } catch {
    return fallback;
  }
}

let cachedHostId: string | undefined;

/** Stable for every process of this pid namespace until the next boot; different elsewhere. */
export function hostId(): string {
  cachedHostId ??= createHash('sha256')
    .update(readOr(() => readFileSync('/proc/sys/kernel/random/boot_id', 'utf8'), 'no-boot-id'))
    .update('\0')
    .update(readOr(() => readlinkSync('/proc/self/ns/pid'), 'no-pid-namespace'))
    .update('\0')
    .update(readOr(() => readFileSync('/etc/machine-id', 'utf8'), ''))
    .update('\0')
    .update(hostname())
    .digest('hex')
    .slice(0, 24);
  return cachedHostId;
}

/** A process's start time (clock ticks since boot, from /proc), or '' where that is not known. */
export function processStart(pid: number): string {
  const stat = readOr(() => readFileSync(`/proc/${pid}/stat`, 'utf8'), '');
  // The command name (field 2) is in parentheses and may hold anything: count from after it.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields[19] ?? '';
}

let ownStart: string | undefined;

/** The labels of every container this run creates. */
export function ownerLabels(): Record<string, string> {
  ownStart ??= processStart(process.pid);
  return { [RUN_LABEL]: RUN_ID, [HOST_LABEL]: hostId(), [OWNER_LABEL]: String(process.pid), [OWNER_START_LABEL]: ownStart };
}

/** Whether a process with this pid exists on this host (EPERM: it exists, owned by another user). */
export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * True when `labels` name a run of this host whose process is gone. Containers of other hosts,
 * and those without these labels, are never stale here.
 */
export function ownerGone(labels: Readonly<Record<string, string>>): boolean {
  if (labels[HOST_LABEL] !== hostId() || labels[RUN_LABEL] === RUN_ID) return false;
  const pid = Number(labels[OWNER_LABEL]);
  if (!pidAlive(pid)) return true;
  const start = labels[OWNER_START_LABEL] ?? '';
  return start !== '' && processStart(pid) !== '' && processStart(pid) !== start;
}

/** True when `labels` name the run of this very process. */
export function ownRun(labels: Readonly<Record<string, string>>): boolean {
  return labels[RUN_LABEL] === RUN_ID;
}
