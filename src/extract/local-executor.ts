/**
 * `--executor local` of `extract`: each package job runs as a child process
 * (`node package-job-main.js`) in its own process group (see src/run/worker-process.ts), in its
 * work directory; its output directory is what it hands back. Install code runs on this machine,
 * as the current user.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JobOutcome } from '../run/executor.js';
import { WorkerProcesses } from '../run/worker-process.js';
import { checkPackageHandBack } from './job-result.js';
import type { PackageExecutor, PackageRun } from './package-executor.js';
import { jobOutputDir, type PackageJobResult } from './package-job.js';
import { PhaseLineReader } from './phase.js';

const JOB_MAIN = fileURLToPath(new URL('./package-job-main.js', import.meta.url));

export const LOCAL_EXECUTOR_WARNING =
  'warning: --executor local installs every package on this machine: their install code (setup.py, build backends) runs as you';

export class LocalExecutor implements PackageExecutor {
  private readonly processes: WorkerProcesses;

  /** `env`: the environment of every job (default: this process's; see pip-config.ts for pip's part). */
  constructor(env: NodeJS.ProcessEnv = process.env) {
    this.processes = new WorkerProcesses(env);
  }

  /** Runs the job in its work directory and checks what it left in its output directory. */
  async run({ job, limits, handBack, onPhase }: PackageRun): Promise<JobOutcome<PackageJobResult>> {
    const jobFile = join(job.workDir, 'job.json');
    await writeFile(jobFile, JSON.stringify(job));
    const reader = onPhase === undefined ? null : new PhaseLineReader(onPhase);
    const exited = await this.processes.run({
      script: [JOB_MAIN, jobFile],
      outDir: jobOutputDir(job.workDir),
      handBack,
      limits,
      ...(reader === null ? {} : { onStdout: (chunk: Buffer) => reader.push(chunk) }),
    });
    return checkPackageHandBack(exited, job, handBack.hostDir);
  }

  killAll(): Promise<void> {
    return this.processes.killAll();
  }
}
