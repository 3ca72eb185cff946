/**
 * `--executor local`: each package job runs as a child process (`node package-job-main.js`) in
 * its own process group, so a timeout or an interrupt kills the whole tree (pip, setup.py and
 * whatever they started). Install code runs on this machine, as the current user.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { copyFromDirectory, HandBackRejected, type HandBack } from '../run/hand-back.js';
import { processGroupCpuMs } from '../run/process-cpu.js';
import { CpuWatch, type TimeLimits, type TimeoutHit } from '../run/time-limits.js';
import { jobOutputDir, type PackageJob } from './package-job.js';
import { PhaseLineReader, type PhaseReport } from './phase.js';

export type ExecutorResult =
  /**
   * The job ended; `handedBack` names the files copied into the hand-back directory (unchecked
   * yet). `cpuMs` (here and below): the CPU time of the job's processes as the host last measured
   * it (null: never measured), not anything the job reported.
   */
  | { kind: 'finished'; handedBack: readonly string[]; exitCode: number | null; log: string; cpuMs: number | null }
  /** What the job handed back broke the hand-back rules (a link, a FIFO, a name or size not allowed). */
  | { kind: 'rejected'; error: string; cpuMs: number | null }
  /** Killed for time: which limit hit, and what it had used. */
  | TimeoutHit
  | { kind: 'crashed'; error: string }
  /** Stopped by `killAll` (an interrupt): not an outcome of the package, nothing is recorded. */
  | { kind: 'interrupted' };

export interface PackageExecutor {
  /**
   * Runs one job and, once its processes are gone, copies what it handed back (its output
   * directory) into `handBack.hostDir`, taking only the names `handBack` allows. The job's phase
   * reports (its stdout, checked by PhaseLineReader) go to `onPhase`. The job is killed when it
   * passes either of `limits`.
   */
  run(job: PackageJob, limits: TimeLimits, handBack: HandBack, onPhase?: (report: PhaseReport) => void): Promise<ExecutorResult>;
  /** Kills every job still running (interrupt); resolves when they are gone. */
  killAll(): Promise<void> | void;
}

const JOB_MAIN = fileURLToPath(new URL('./package-job-main.js', import.meta.url));
const STDERR_TAIL_BYTES = 4000;

export const LOCAL_EXECUTOR_WARNING =
  'warning: --executor local installs every package on this machine: their install code (setup.py, build backends) runs as you';

export class LocalExecutor implements PackageExecutor {
  private readonly live = new Set<ChildProcess>();
  private stopping = false;

  /** `env`: the environment of every job (default: this process's; see pip-config.ts for pip's part). */
  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  async run(job: PackageJob, limits: TimeLimits, handBack: HandBack, onPhase?: (report: PhaseReport) => void): Promise<ExecutorResult> {
    const jobFile = join(job.workDir, 'job.json');
    await writeFile(jobFile, JSON.stringify(job));
    const child = spawn(process.execPath, [JOB_MAIN, jobFile], { detached: true, env: this.env, stdio: ['ignore', onPhase === undefined ? 'ignore' : 'pipe', 'pipe'] });
    this.live.add(child);
    if (onPhase !== undefined) {
      const reader = new PhaseLineReader(onPhase);
      child.stdout!.on('data', (chunk: Buffer) => reader.push(chunk));
    }
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (d: string) => {
      stderr = (stderr + d).slice(-STDERR_TAIL_BYTES);
    });
    const started = Date.now();
    let timedOut: TimeoutHit['limit'] | null = null;
    const timer = setTimeout(() => {
      timedOut ??= 'wall-clock';
      killGroup(child);
    }, limits.wallMs);
    // The job's process group is its own (detached): its CPU time is that of the whole tree.
    const cpu = new CpuWatch(
      () => (child.pid === undefined ? Promise.resolve(null) : processGroupCpuMs(child.pid)),
      limits.cpuMs,
      () => {
        timedOut ??= 'cpu';
        killGroup(child);
      },
    );
    const code = await new Promise<number | null>((resolve) => {
      child.once('error', (error) => {
        stderr += error.message;
        resolve(null);
      });
      child.once('close', (exitCode) => resolve(exitCode));
    });
    clearTimeout(timer);
    cpu.stop();
    this.live.delete(child);
    // Whatever the job left running in its group (a daemon started by setup.py) goes too.
    killGroup(child);
    if (this.stopping) return { kind: 'interrupted' };
    if (timedOut !== null) return { kind: 'timeout', limit: timedOut, elapsedMs: Date.now() - started, cpuMs: cpu.usedMs };
    // The job ran as this user: a process it detached from its group may still write, which is
    // why only copies are read, and why this executor is no confinement (see the README).
    try {
      const handedBack = await copyFromDirectory(jobOutputDir(job.workDir), handBack);
      return { kind: 'finished', handedBack, exitCode: code, log: stderr.trim(), cpuMs: cpu.usedMs };
    } catch (error) {
      if (error instanceof HandBackRejected) return { kind: 'rejected', error: error.message, cpuMs: cpu.usedMs };
      throw error;
    }
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
