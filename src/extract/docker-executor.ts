/**
 * `--executor docker` of `extract`: each package job runs in its own worker container (see
 * worker-container.ts for what every worker container gets), in the container's own /work; its
 * output directory is copied out of the stopped container into the host's hand-back directory. Also the Docker helpers
 * every command with worker containers uses: connecting, reachability and stale-container reaping.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import Docker from 'dockerode';
import type { HandBack } from '../run/hand-back.js';
import type { TimeLimits } from '../run/time-limits.js';
import { CONTAINER_WORK_DIR, reapStaleWorkers, WorkerContainers, type WorkerContainerSettings } from '../run/worker-container.js';
import type { ExecutorResult, PackageExecutor } from './local-executor.js';
import type { PackageJob } from './package-job.js';
import { PhaseLineReader, type PhaseReport } from './phase.js';

export { IMAGE_APP_DIR, OWNER_LABEL, WORKER_LABEL, WORKER_USER } from '../run/worker-container.js';

export type DockerExecutorOptions = WorkerContainerSettings;

export function connectDocker(): Docker {
  return new Docker();
}

/** True when a Docker daemon answers within `timeoutMs`. */
export async function dockerReachable(docker: Docker, timeoutMs = 3000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([docker.ping().then(() => true, () => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Removes the worker containers of dead bugmine runs of this host (see run-identity.ts): never
 * another host's, never a live run's, whatever their pids.
 */
export function reapContainers(docker: Docker): Promise<number> {
  return reapStaleWorkers(docker);
}

export class DockerExecutor implements PackageExecutor {
  private readonly containers: WorkerContainers;

  constructor(docker: Docker, options: DockerExecutorOptions) {
    this.containers = new WorkerContainers(docker, options);
  }

  async run(job: PackageJob, limits: TimeLimits, handBack: HandBack, onPhase?: (report: PhaseReport) => void): Promise<ExecutorResult> {
    const inputs: Record<string, string> = {};
    let inside: PackageJob = { ...job, workDir: CONTAINER_WORK_DIR, python: 'python3' };
    if (job.bugPatterns !== undefined) {
      // The patterns file goes in beside the job (the container sees no host path); the job checks its SHA-256.
      const patterns = await readBugPatterns(job.bugPatterns, job.bugPatternsSha256);
      if (typeof patterns !== 'string') return patterns;
      inputs[BUG_PATTERNS_INPUT] = patterns;
      inside = { ...inside, bugPatterns: `${CONTAINER_WORK_DIR}/${BUG_PATTERNS_INPUT}` };
    }
    inputs['job.json'] = JSON.stringify(inside);
    const reader = onPhase === undefined ? null : new PhaseLineReader(onPhase);
    return this.containers.run(
      {
        inputs,
        script: ['dist/extract/package-job-main.js', `${CONTAINER_WORK_DIR}/job.json`],
        labels: { 'org.bugmine.package': job.key },
        handBack,
        ...(reader === null ? {} : { onStdout: (chunk: Buffer) => reader.push(chunk) }),
      },
      limits,
    );
  }

  killAll(): Promise<void> {
    return this.containers.killAll();
  }
}

const BUG_PATTERNS_INPUT = 'bug-patterns.json';

/** The patterns file's text, or the failure when it cannot be read or is not the file the run checked. */
async function readBugPatterns(path: string, sha256: string | undefined): Promise<string | ExecutorResult> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    return { kind: 'crashed', error: `cannot read --bug-patterns ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}` };
  }
  const digest = createHash('sha256').update(bytes).digest('hex');
  if (sha256 !== undefined && digest !== sha256) return { kind: 'crashed', error: `--bug-patterns ${path} changed during the run (SHA-256 ${digest})` };
  return bytes.toString('utf8');
}
