/**
 * One job in one worker container (bugmine's image), the conventions every container executor
 * shares: a non-root user, 1 CPU, a memory and a pids limit, no new privileges, the job's work
 * directory bind-mounted at /work (the job writes its output and result there; the caller renames
 * the output into place), the host's pip/proxy settings and CA bundle passed in, labels naming the
 * bugmine process that owns the container (so stale ones can be reaped), a timeout enforced by the
 * container itself as well as by the caller, and removal of the container whatever happens.
 * Everything goes through the Docker API (dockerode), never a shell.
 */
import { chmod } from 'node:fs/promises';
import type Docker from 'dockerode';

export const WORKER_LABEL = 'org.bugmine.worker';
export const OWNER_LABEL = 'org.bugmine.owner-pid';
/** Where bugmine's code sits inside the worker image. */
export const IMAGE_APP_DIR = '/opt/bugmine';
export const WORKER_USER = 'bugmine';
export const CONTAINER_WORK_DIR = '/work';
const CONTAINER_CA_FILE = '/etc/bugmine/ca-bundle.crt';
const CONTAINER_GRACE_SECONDS = 30;

/** The host's pip and proxy settings that workers receive. */
const PASSED_ENV = ['PIP_INDEX_URL', 'PIP_EXTRA_INDEX_URL', 'PIP_TRUSTED_HOST', 'PIP_DEFAULT_TIMEOUT', 'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy'];
const CA_ENV = ['PIP_CERT', 'SSL_CERT_FILE', 'REQUESTS_CA_BUNDLE'];

export interface WorkerContainerSettings {
  readonly image: string;
  readonly memoryBytes: number;
  readonly pidsLimit: number;
  /** Docker network mode (default `bridge`). */
  readonly network: string;
  /** Host directories mounted read-only at the same path in every container. */
  readonly readOnlyDirs: readonly string[];
  /** Environment of the host to take pip/proxy settings and the CA bundle from. */
  readonly hostEnv: NodeJS.ProcessEnv;
}

export interface WorkerContainerJob {
  /** Host directory mounted read-write at /work. */
  readonly workDir: string;
  /** The script under the image's app directory and its arguments, e.g. `['dist/x-main.js', '/work/job.json']`. */
  readonly script: readonly string[];
  /** Extra labels (e.g. which package or repository the container works on). */
  readonly labels: Readonly<Record<string, string>>;
  /** Extra bind mounts of this job (`host:container[:ro]`). */
  readonly binds?: readonly string[];
}

export type ContainerOutcome<T> =
  | { kind: 'finished'; value: T }
  | { kind: 'timeout' }
  | { kind: 'crashed'; error: string }
  /** Stopped by `killAll` (an interrupt): not an outcome of the job, nothing is recorded. */
  | { kind: 'interrupted' };

export class WorkerContainers {
  private readonly live = new Set<string>();
  /** Containers being created: killAll() waits for them, so none is created after it and left behind. */
  private readonly creating = new Set<Promise<unknown>>();
  private stopping = false;

  constructor(
    private readonly docker: Docker,
    readonly settings: WorkerContainerSettings,
  ) {}

  /**
   * Runs `job` in a fresh container and, once it exited, `collect()` reads its result from the work
   * directory; a null result means the job crashed (the container's last log lines say why).
   */
  async run<T>(job: WorkerContainerJob, timeoutMs: number, collect: () => Promise<T | null>): Promise<ContainerOutcome<T>> {
    // The worker user must write into the bind-mounted directory.
    await chmod(job.workDir, 0o777);
    const { env, binds } = this.passThrough();
    const [script, ...args] = job.script;
    // Checked with no await before the creation is registered below, so killAll() either sees it or prevents it.
    if (this.stopping) return { kind: 'interrupted' };
    const creation = this.docker.createContainer({
      Image: this.settings.image,
      // The container also enforces the timeout itself (plus a grace period), so that a crashed
      // bugmine leaves no job running for long; the stopped container is reaped at the next start.
      Cmd: ['timeout', '-s', 'KILL', String(Math.ceil(timeoutMs / 1000) + CONTAINER_GRACE_SECONDS), 'node', `${IMAGE_APP_DIR}/${script}`, ...args],
      User: WORKER_USER,
      WorkingDir: CONTAINER_WORK_DIR,
      Env: ['HOME=/home/bugmine', 'PATH=/usr/local/bin:/usr/bin:/bin', ...env],
      Labels: { ...job.labels, [WORKER_LABEL]: '1', [OWNER_LABEL]: String(process.pid) },
      HostConfig: {
        Binds: [`${job.workDir}:${CONTAINER_WORK_DIR}`, ...binds, ...(job.binds ?? [])],
        Memory: this.settings.memoryBytes,
        MemorySwap: this.settings.memoryBytes,
        PidsLimit: this.settings.pidsLimit,
        NanoCpus: 1e9,
        NetworkMode: this.settings.network,
        SecurityOpt: ['no-new-privileges'],
      },
    });
    const registered = creation.then((created) => {
      this.live.add(created.id);
      return created;
    });
    this.creating.add(registered);
    let container: Awaited<typeof creation>;
    try {
      container = await registered;
    } finally {
      this.creating.delete(registered);
    }
    try {
      // killAll() ran while the container was being created: it never starts.
      if (this.stopping) return { kind: 'interrupted' };
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
      const value = await collect();
      if (value === null) {
        const logs = await container.logs({ stdout: true, stderr: true, tail: 20 }).catch(() => Buffer.alloc(0));
        return { kind: 'crashed', error: `worker container exited with code ${status.StatusCode} without a result: ${stripStreamHeaders(logs as Buffer)}` };
      }
      return { kind: 'finished', value };
    } finally {
      await container.remove({ force: true }).catch(() => undefined);
      this.live.delete(container.id);
    }
  }

  async killAll(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled([...this.creating]);
    await Promise.all([...this.live].map((id) => this.docker.getContainer(id).remove({ force: true }).catch(() => undefined)));
  }

  private passThrough(): { env: string[]; binds: string[] } {
    const host = this.settings.hostEnv;
    const env: string[] = [];
    const binds = this.settings.readOnlyDirs.map((dir) => `${dir}:${dir}:ro`);
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
