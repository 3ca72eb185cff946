/**
 * CPU time of a process group on Linux, from `/proc/<pid>/stat` of every process in the group:
 * user + system time of each (utime, stime) plus the time of its children that it has already
 * waited for (cutime, cstime), so a finished `setup.py` or compiler still counts through the pip
 * that waited for it. Processes that left the group (setsid) are not counted.
 */
import { readdir, readFile } from 'node:fs/promises';

/** The unit of /proc's times (USER_HZ), 100 on every Linux architecture Node runs on. */
const CLOCK_TICKS_PER_SECOND = 100;

export interface ProcStat {
  readonly pgrp: number;
  /** utime + stime + cutime + cstime, in clock ticks. */
  readonly cpuTicks: number;
}

/** The fields of one `/proc/<pid>/stat` line that matter here; null when it is not one. */
export function parseProcStat(text: string): ProcStat | null {
  // The command name (field 2) is in parentheses and may hold spaces and parentheses itself.
  const close = text.lastIndexOf(')');
  if (close < 0) return null;
  const fields = text.slice(close + 2).trim().split(/\s+/);
  // fields[0] is field 3 (state): pgrp is field 5, utime..cstime fields 14..17.
  const pgrp = Number(fields[2]);
  const times = fields.slice(11, 15).map(Number);
  if (!Number.isSafeInteger(pgrp) || times.length !== 4 || !times.every((t) => Number.isSafeInteger(t) && t >= 0)) return null;
  return { pgrp, cpuTicks: times.reduce((a, b) => a + b, 0) };
}

/** CPU milliseconds of the processes of group `pgid` so far; null where there is no /proc. */
export async function processGroupCpuMs(pgid: number, procDir = '/proc'): Promise<number | null> {
  let names: string[];
  try {
    names = await readdir(procDir);
  } catch {
    return null;
  }
  let ticks = 0;
  let found = false;
  await Promise.all(
    names
      .filter((name) => /^\d+$/.test(name))
      .map(async (pid) => {
        // A process may exit between the listing and the read.
        const text = await readFile(`${procDir}/${pid}/stat`, 'utf8').catch(() => null);
        const stat = text === null ? null : parseProcStat(text);
        if (stat === null || stat.pgrp !== pgid) return;
        found = true;
        ticks += stat.cpuTicks;
      }),
  );
  return found ? (ticks * 1000) / CLOCK_TICKS_PER_SECOND : null;
}
