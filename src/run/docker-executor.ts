/**
 * `--executor docker`: each package job runs in its own worker container (bugmine's image), as a
 * non-root user, with 1 CPU, a memory and a pids limit, and the job's work directory bind-mounted
 * at /work (the output is written there and renamed into OUT by the caller). Containers carry
 * labels naming the bugmine process that owns them, so stale ones can be removed at start-up and
 * on interrupt. Everything goes through the Docker API (dockerode), never a shell.
 */
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Docker from 'dockerode';
import { RESULT_FILE, type PackageJob } from '../extract/package-job.js';
import type { ExecutorResult, PackageExecutor } from './local-executor.js';

export const WORKER_LABEL = 'org.bugmine.worker';
export const OWNER_LABEL = 'org.bugmine.owner-pid';
/** Where bugmine's code sits inside the worker image. */
export const IMAGE_APP_DIR = '/opt/bugmine';
export const WORKER_USER = 'bugmine';
const CONTAINER_WORK_DIR = '/work';
const CONTAINER_CA_FILE = '/etc/bugmine/ca-bundle.crt';
const CONTAINER_GRACE_SECONDS = 30;

/** The host's pip and proxy settings that workers receive. */
const PASSED_ENV = ['PIP_INDEX_URL', 'PIP_EXTRA_INDEX_URL', 'PIP_TRUSTED_HOST', 'PIP_DEFAULT_TIMEOUT', 'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy'];
const CA_ENV = ['PIP_CERT', 'SSL_CERT_FILE', 'REQUESTS_CA_BUNDLE'];

export interface DockerExecutorOptions {
  readonly image: string;
  readonly memoryBytes: number;
  readonly pidsLimit: number;
  /** Docker network mode (default `bridge`). */
  readonly network: string;
  /** Host directories (local `--find-links`) mounted read-only at the same path. */
  readonly readOnlyDirs: readonly string[];
  /** Environment of the host to take pip/proxy settings and the CA bundle from. */
  readonly hostEnv: NodeJS.ProcessEnv;
}

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
  private readonly live = new Set<string>();
  private stopping = false;

  constructor(
    private readonly docker: Docker,
    private readonly options: DockerExecutorOptions,
  ) {}

  async run(job: PackageJob, timeoutMs: number): Promise<ExecutorResult> {
    const inside: PackageJob = { ...job, workDir: CONTAINER_WORK_DIR, python: 'python3' };
    await writeFile(join(job.workDir, 'job.json'), JSON.stringify(inside));
    // The worker user must write into the bind-mounted directory.
    await chmod(job.workDir, 0o777);
    const { env, binds } = this.passThrough();
    const container = await this.docker.createContainer({
      Image: this.options.image,
      // The container also enforces the timeout itself (plus a grace period), so that a crashed
      // bugmine leaves no job running for long; the stopped container is reaped at the next start.
      Cmd: ['timeout', '-s', 'KILL', String(Math.ceil(timeoutMs / 1000) + CONTAINER_GRACE_SECONDS), 'node', `${IMAGE_APP_DIR}/dist/extract/package-job-main.js`, `${CONTAINER_WORK_DIR}/job.json`],
      User: WORKER_USER,
      WorkingDir: CONTAINER_WORK_DIR,
      Env: ['HOME=/home/bugmine', 'PATH=/usr/local/bin:/usr/bin:/bin', ...env],
      Labels: { [WORKER_LABEL]: '1', [OWNER_LABEL]: String(process.pid), 'org.bugmine.package': job.key },
      HostConfig: {
        Binds: [`${job.workDir}:${CONTAINER_WORK_DIR}`, ...binds],
        Memory: this.options.memoryBytes,
        MemorySwap: this.options.memoryBytes,
        PidsLimit: this.options.pidsLimit,
        NanoCpus: 1e9,
        NetworkMode: this.options.network,
        SecurityOpt: ['no-new-privileges'],
      },
    });
    this.live.add(container.id);
    try {
      await container.start();
      let timer: NodeJS.Timeout | undefined;
      const exited = container.wait() as Promise<{ StatusCode: number }>;
      const timeout = new Promise<null>((resolve) => {
        timer = setTimeout(() => resolve(null), timeoutMs);
      });
      const status = await Promise.race([exited, timeout]);
      clearTimeout(timer);
      if (this.stopping) return { kind: 'interrupted' };
      if (status === null) {
        await container.kill().catch(() => undefined);
        return { kind: 'timeout' };
      }
      const text = await readFile(join(job.workDir, RESULT_FILE), 'utf8').catch(() => null);
      if (text === null) {
        const logs = await container.logs({ stdout: true, stderr: true, tail: 20 }).catch(() => Buffer.alloc(0));
        return { kind: 'crashed', error: `worker container exited with code ${status.StatusCode} without a result: ${stripStreamHeaders(logs as Buffer)}` };
      }
      return { kind: 'finished', result: JSON.parse(text) };
    } finally {
      await container.remove({ force: true }).catch(() => undefined);
      this.live.delete(container.id);
    }
  }

  killAll(): Promise<void> {
    this.stopping = true;
    return Promise.all([...this.live].map((id) => this.docker.getContainer(id).remove({ force: true }).catch(() => undefined))).then(() => undefined);
  }

  private passThrough(): { env: string[]; binds: string[] } {
    const host = this.options.hostEnv;
    const env: string[] = [];
    const binds = this.options.readOnlyDirs.map((dir) => `${dir}:${dir}:ro`);
    for (const name of PASSED_ENV) if (host[name] !== undefined && host[name] !== '') env.push(`${name}=${host[name]}`);
    const ca = CA_ENV.map((name) => host[name]).find((value) => value !== undefined && value !== '');
    if (ca !== undefined) {
      binds.push(`${ca}:${CONTAINER_CA_FILE}:ro`);
      for (const name of CA_ENV) env.push(`${name}=${CONTAINER_CA_FILE}`);
    }
    return { env, binds };
  }
}

/** Docker multiplexes stdout/stderr with 8-byte frame headers; keep the text only. */
function stripStreamHeaders(buffer: Buffer): string {
  const parts: string[] = [];
  let offset = 0;
  while (offset + 8 <= buffer.length) {
    const size = buffer.readUInt32BE(offset + 4);
    parts.push(buffer.subarray(offset + 8, offset + 8 + size).toString('utf8'));
    offset += 8 + size;
  }
  return parts.join('').trim();
}
