/**
 * `--executor docker` of `extract`: each package job runs in its own worker container (see
 * worker-container.ts for what every worker container gets), with the job's work directory at
 * /work; the output is written there and renamed into OUT by the caller. Also the Docker helpers
 * every command with worker containers uses: connecting, reachability and stale-container reaping.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Docker from 'dockerode';
import { RESULT_FILE, type PackageJob, type PackageJobResult } from '../extract/package-job.js';
import type { ExecutorResult, PackageExecutor } from './local-executor.js';
import { CONTAINER_WORK_DIR, OWNER_LABEL, WORKER_LABEL, WorkerContainers, type WorkerContainerSettings } from './worker-container.js';

export { IMAGE_APP_DIR, OWNER_LABEL, WORKER_LABEL, WORKER_USER } from './worker-container.js';

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

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes bugmine worker containers whose owning process is gone (or all of `ownerPid`'s). */
export async function reapContainers(docker: Docker, ownerPid?: number): Promise<number> {
  const containers = await docker.listContainers({ all: true, filters: { label: [WORKER_LABEL] } });
  let removed = 0;
  for (const info of containers) {
    const owner = Number(info.Labels[OWNER_LABEL]);
    const stale = ownerPid !== undefined ? owner === ownerPid : owner !== process.pid && !pidAlive(owner);
    if (!stale) continue;
    await docker
      .getContainer(info.Id)
      .remove({ force: true })
      .then(() => removed++)
      .catch(() => undefined);
  }
  return removed;
}

export class DockerExecutor implements PackageExecutor {
  private readonly containers: WorkerContainers;

  constructor(docker: Docker, options: DockerExecutorOptions) {
    this.containers = new WorkerContainers(docker, options);
  }

  async run(job: PackageJob, timeoutMs: number): Promise<ExecutorResult> {
    const inside: PackageJob = { ...job, workDir: CONTAINER_WORK_DIR, python: 'python3' };
    await writeFile(join(job.workDir, 'job.json'), JSON.stringify(inside));
    const outcome = await this.containers.run(
      { workDir: job.workDir, script: ['dist/extract/package-job-main.js', `${CONTAINER_WORK_DIR}/job.json`], labels: { 'org.bugmine.package': job.key } },
      timeoutMs,
      async () => {
        const text = await readFile(join(job.workDir, RESULT_FILE), 'utf8').catch(() => null);
        return text === null ? null : (JSON.parse(text) as PackageJobResult);
      },
    );
    return outcome.kind === 'finished' ? { kind: 'finished', result: outcome.value } : outcome;
  }

  killAll(): Promise<void> {
    return this.containers.killAll();
  }
}
