/**
 * `--executor local`: each package job runs as a child process (`node package-job-main.js`) in
 * its own process group, so a timeout or an interrupt kills the whole tree (pip, setup.py and
 * whatever they started). Install code runs on this machine, as the current user.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RESULT_FILE, type PackageJob, type PackageJobResult } from '../extract/package-job.js';

export type ExecutorResult =
  | { kind: 'finished'; result: PackageJobResult }
  | { kind: 'timeout' }
  | { kind: 'crashed'; error: string }
  /** Stopped by `killAll` (an interrupt): not an outcome of the package, nothing is recorded. */
  | { kind: 'interrupted' };

export interface PackageExecutor {
  /** Runs one job; resolves after its processes are gone. */
  run(job: PackageJob, timeoutMs: number): Promise<ExecutorResult>;
  /** Kills every job still running (interrupt); resolves when they are gone. */
  killAll(): Promise<void> | void;
}

const JOB_MAIN = fileURLToPath(new URL('../extract/package-job-main.js', import.meta.url));
const STDERR_TAIL_BYTES = 4000;

export const LOCAL_EXECUTOR_WARNING =
  'warning: --executor local installs every package on this machine: their install code (setup.py, build backends) runs as you';

export class LocalExecutor implements PackageExecutor {
  private readonly live = new Set<ChildProcess>();
  private stopping = false;

  async run(job: PackageJob, timeoutMs: number): Promise<ExecutorResult> {
    const jobFile = join(job.workDir, 'job.json');
    await writeFile(jobFile, JSON.stringify(job));
    const child = spawn(process.execPath, [JOB_MAIN, jobFile], { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
    this.live.add(child);
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (d: string) => {
      stderr = (stderr + d).slice(-STDERR_TAIL_BYTES);
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child);
    }, timeoutMs);
    const code = await new Promise<number | null>((resolve) => {
      child.once('error', (error) => {
        stderr += error.message;
        resolve(null);
      });
      child.once('close', (exitCode) => resolve(exitCode));
    });
    clearTimeout(timer);
    this.live.delete(child);
    // Whatever the job left running in its group (a daemon started by setup.py) goes too.
    killGroup(child);
    if (this.stopping) return { kind: 'interrupted' };
    if (timedOut) return { kind: 'timeout' };
    const text = await readFile(join(job.workDir, RESULT_FILE), 'utf8').catch(() => null);
    if (text === null) return { kind: 'crashed', error: `package job exited with code ${code} without a result: ${stderr.trim()}` };
    return { kind: 'finished', result: JSON.parse(text) as PackageJobResult };
  }

  killAll(): void {
    this.stopping = true;
    for (const child of this.live) killGroup(child);
  }
}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}
