/**
 * One job as a child process on this machine (`node SCRIPT ARGS...`) in its own process group, so
 * that a timeout or an interrupt kills the whole tree (pip, setup.py and whatever they started),
 * and its CPU time is the group's (process-cpu.ts). What the job hands back is the files it leaves
 * in its output directory, copied under the hand-back's rules once its processes are gone. The
 * job runs as the current user: this is no confinement (see the README), worker-container.ts is.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Executor, Exited, JobOutcome } from './executor.js';
import { copyFromDirectory, HandBackRejected, type HandBack } from './hand-back.js';
import { processGroupCpuMs } from './process-cpu.js';
import { CpuWatch, timeoutHit, type TimeLimits, type TimeoutHit } from './time-limits.js';

export interface WorkerProcessJob {
  /** The script (a path) and its arguments, run by this process's Node. */
  readonly script: readonly string[];
  /** The directory whose files the job hands back. */
  readonly outDir: string;
  /** The files the job may hand back from `outDir`, and the host directory receiving the copies. */
  readonly handBack: HandBack;
  /** The job's process group is killed when it passes either. */
  readonly limits: TimeLimits;
  /** Receives the job's stdout while it runs (hostile bytes: the receiver bounds and checks them). */
  readonly onStdout?: (chunk: Buffer) => void;
}

const STDERR_TAIL_BYTES = 4000;

export class WorkerProcesses implements Executor<WorkerProcessJob, Exited> {
  private readonly live = new Set<ChildProcess>();
  private stopping = false;

  /** `env`: the environment of every job. */
  constructor(private readonly env: NodeJS.ProcessEnv) {}

  async run({ script, outDir, handBack, limits, onStdout }: WorkerProcessJob): Promise<JobOutcome<Exited>> {
    const child = spawn(process.execPath, script, { detached: true, env: this.env, stdio: ['ignore', onStdout === undefined ? 'ignore' : 'pipe', 'pipe'] });
    this.live.add(child);
    let cpu: CpuWatch | undefined;
    if (onStdout !== undefined) {
      child.stdout!.on('data', (chunk: Buffer) => {
        onStdout(chunk);
        cpu?.nudge();
      });
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
    cpu = new CpuWatch(
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
    if (timedOut !== null) return timeoutHit(timedOut, limits, started, cpu.usedMs);
    // The job ran as this user: a process it detached from its group may still write, which is
    // why only copies are read.
    try {
      const handedBack = await copyFromDirectory(outDir, handBack);
      return { kind: 'ok', result: { handedBack, exitCode: code, log: stderr.trim() }, cpuMs: cpu.usedMs };
    } catch (error) {
      if (error instanceof HandBackRejected) return { kind: 'rejected', error: error.message, cpuMs: cpu.usedMs };
      throw error;
    }
  }

  async killAll(): Promise<void> {
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
