/**
 * One job in one worker container (bugmine's image), the conventions every container executor
 * shares: a non-root user, 1 CPU, a memory and a pids limit, no capabilities and no new privileges, no host directory
 * it can write (its job file is copied in before it starts; it works in the container's own
 * /work), the host's proxy settings and CA bundle passed in (and what else the job's caller passes), labels naming the run and host
 * that own the container (so only its own stale ones are reaped, see run-identity.ts), a timeout
 * enforced by the container itself as well as by the caller, and removal of the container
 * whatever happens. What the job hands back (its /work/out) is taken through the Docker API from
 * the stopped container — no process of the job is left that could change it — and only as the
 * regular files the caller names, within their size limits (see hand-back.ts).
 * Everything goes through the Docker API (dockerode), never a shell.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type Docker from 'dockerode';
import { Header } from 'tar';
import type { Executor, Exited, JobOutcome } from './executor.js';
import { copyFromTar, HandBackRejected, type HandBack } from './hand-back.js';
import { ownerLabels, ownRun, ownerGone, RUN_LABEL } from './run-identity.js';
import { CpuWatch, timeoutHit, type TimeLimits, type TimeoutHit } from './time-limits.js';

export { OWNER_LABEL, RUN_LABEL } from './run-identity.js';
export const WORKER_LABEL = 'org.bugmine.worker';
/** Where bugmine's code sits inside the worker image. */
export const IMAGE_APP_DIR = '/opt/bugmine';
export const WORKER_USER = 'bugmine';
export const CONTAINER_WORK_DIR = '/work';
/** What a job hands back: the files it leaves in this directory. */
export const CONTAINER_OUT_DIR = `${CONTAINER_WORK_DIR}/out`;
const CONTAINER_CA_FILE = '/etc/bugmine/ca-bundle.crt';
const CONTAINER_GRACE_SECONDS = 30;

/** The host's proxy settings that workers receive (pip's settings are the package jobs' own: see pip-config.ts). */
const PASSED_ENV = ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy'];
const CA_ENV = ['PIP_CERT', 'SSL_CERT_FILE', 'REQUESTS_CA_BUNDLE'];

export interface WorkerContainerSettings {
  readonly image: string;
  readonly memoryBytes: number;
  readonly pidsLimit: number;
  /** Docker network mode (default `bridge`). */
  readonly network: string;
  /** Host directories mounted read-only at the same path in every container. */
  readonly readOnlyDirs: readonly string[];
  /** Environment of the host to take proxy settings and the CA bundle from. */
  readonly hostEnv: NodeJS.ProcessEnv;
}

export interface WorkerContainerJob {
  /** Files put into the container's /work (owned by the worker user) before it starts: name to content. */
  readonly inputs: Readonly<Record<string, string>>;
  /** The script under the image's app directory and its arguments, e.g. `['dist/x-main.js', '/work/job.json']`. */
  readonly script: readonly string[];
  /** Extra labels (e.g. which package or repository the container works on). */
  readonly labels: Readonly<Record<string, string>>;
  /** Extra bind mounts of this job (`host:container:ro`). */
  readonly binds?: readonly string[];
  /** Extra environment of this job (`NAME=value`); the CA bundle's variables are set after it. */
  readonly env?: readonly string[];
  /** The files the job may hand back from CONTAINER_OUT_DIR, and the host directory receiving them. */
  readonly handBack: HandBack;
  /** The container is killed when it passes either (its CPU time is its cgroup's). */
  readonly limits: TimeLimits;
  /** Receives the job's stdout while it runs (hostile bytes: the receiver bounds and checks them). */
  readonly onStdout?: (chunk: Buffer) => void;
}

/** Lines and characters of a container's log kept for an error message. */
const LOG_TAIL_LINES = 20;
const LOG_TAIL_CHARS = 4000;

export class WorkerContainers implements Executor<WorkerContainerJob, Exited> {
  private readonly live = new Set<string>();
  /** Containers being created: killAll() waits for them, so none is created after it and left behind. */
  private readonly creating = new Set<Promise<unknown>>();
  private stopping = false;
  /** The worker user's uid and gid in the image, read from its /etc/passwd once. */
  private workerIds: Promise<{ uid: number; gid: number }> | undefined;

  constructor(
    private readonly docker: Docker,
    readonly settings: WorkerContainerSettings,
  ) {}

  /**
   * Runs `job` in a fresh container and, once it exited, copies what it handed back into
   * `job.handBack.hostDir` (`rejected` when that breaks the hand-back's rules); the container's
   * last log lines come along (for a job that crashed).
   */
  async run(job: WorkerContainerJob): Promise<JobOutcome<Exited>> {
    const { limits } = job;
    const timeoutMs = limits.wallMs;
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
      Env: ['HOME=/home/bugmine', 'PATH=/usr/local/bin:/usr/bin:/bin', ...(job.env ?? []), ...env],
      Labels: { ...job.labels, [WORKER_LABEL]: '1', ...ownerLabels() },
      HostConfig: {
        Binds: [...binds, ...(job.binds ?? [])],
        Memory: this.settings.memoryBytes,
        MemorySwap: this.settings.memoryBytes,
        PidsLimit: this.settings.pidsLimit,
        NanoCpus: 1e9,
        NetworkMode: this.settings.network,
        SecurityOpt: ['no-new-privileges'],
        // A non-root job needs none; dropped so that nothing (a setuid binary) can bring one back.
        CapDrop: ['ALL'],
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
      // Owned by the worker user, so the job may write there; nobody else can.
      this.workerIds ??= workerIds(container);
      await container.putArchive(inputArchive(job.inputs, await this.workerIds), { path: '/' });
      let cpu: CpuWatch | undefined;
      const onStdout = job.onStdout;
      if (onStdout !== undefined) {
        await this.followStdout(container, (chunk) => {
          onStdout(chunk);
          cpu?.nudge();
        });
      }
      await container.start();
      const started = Date.now();
      const exited = container.wait() as Promise<{ StatusCode: number }>;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<TimeoutHit['limit']>((resolve) => {
        timer = setTimeout(() => resolve('wall-clock'), timeoutMs);
        cpu = new CpuWatch(() => containerCpuMs(container), limits.cpuMs, () => resolve('cpu'));
      });
      const status = await Promise.race([exited, timeout]);
      clearTimeout(timer);
      cpu!.stop();
      if (this.stopping) return { kind: 'interrupted' };
      if (typeof status === 'string') {
        await container.kill().catch(() => undefined);
        return timeoutHit(status, limits, started, cpu!.usedMs);
      }
      // The container has stopped: none of the job's processes is left to change what it hands back.
      const logs = await container.logs({ stdout: true, stderr: true, tail: LOG_TAIL_LINES }).catch(() => Buffer.alloc(0));
      const log = stripStreamHeaders(logs as Buffer).slice(-LOG_TAIL_CHARS);
      try {
        const handedBack = await this.handBack(container, job.handBack);
        return { kind: 'ok', result: { handedBack, exitCode: status.StatusCode, log }, cpuMs: cpu!.usedMs };
      } catch (error) {
        if (error instanceof HandBackRejected) return { kind: 'rejected', error: error.message, cpuMs: cpu!.usedMs };
        throw error;
      }
    } finally {
      await container.remove({ force: true }).catch(() => undefined);
      this.live.delete(container.id);
    }
  }

  /** Attaches to the (not yet started) container's stdout; the stream ends with the container. */
  private async followStdout(container: Docker.Container, onStdout: (chunk: Buffer) => void): Promise<void> {
    const stream = (await container.attach({ stream: true, stdout: true, stderr: false })) as NodeJS.ReadableStream;
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        onStdout(chunk);
        callback();
      },
    });
    this.docker.modem.demuxStream(stream, sink, new Writable({ write: (_chunk, _encoding, callback) => callback() }));
    stream.on('error', () => undefined);
  }

  /** The archive of CONTAINER_OUT_DIR, copied as the hand-back allows; nothing when the job made no such directory. */
  private async handBack(container: Docker.Container, handBack: HandBack): Promise<string[]> {
    let archive: NodeJS.ReadableStream;
    try {
      archive = await container.getArchive({ path: CONTAINER_OUT_DIR });
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return [];
      throw error;
    }
    return copyFromTar(archive, handBack);
  }

  async killAll(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled([...this.creating]);
    await Promise.all([...this.live].map((id) => this.docker.getContainer(id).remove({ force: true }).catch(() => undefined)));
    // Also any container of this run that a lost API answer kept out of `live`.
    for (const info of await this.docker.listContainers({ all: true, filters: { label: [`${RUN_LABEL}=${ownerLabels()[RUN_LABEL]}`] } }).catch(() => [])) {
      if (ownRun(info.Labels) && info.Labels[WORKER_LABEL] !== undefined) await this.docker.getContainer(info.Id).remove({ force: true }).catch(() => undefined);
    }
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

/**
 * Removes the worker containers of runs of this host whose process is gone (a crashed bugmine);
 * never a container of another host, or of a live run. Returns how many were removed.
 */
export async function reapStaleWorkers(docker: Docker): Promise<number> {
  const containers = await docker.listContainers({ all: true, filters: { label: [WORKER_LABEL] } });
  let removed = 0;
  for (const info of containers) {
    if (!ownerGone(info.Labels)) continue;
    await docker
      .getContainer(info.Id)
      .remove({ force: true })
      .then(() => removed++)
      .catch(() => undefined);
  }
  return removed;
}

/**
 * CPU milliseconds the container's processes have used, from its cgroup's accounting (Docker's
 * stats; null when the container reports none, e.g. once it has stopped).
 */
async function containerCpuMs(container: Docker.Container): Promise<number | null> {
  const stats = await container.stats({ stream: false, 'one-shot': true });
  const total = (stats as { cpu_stats?: { cpu_usage?: { total_usage?: unknown } } }).cpu_stats?.cpu_usage?.total_usage;
  return typeof total === 'number' && Number.isFinite(total) && total > 0 ? total / 1e6 : null;
}

/** WORKER_USER's ids in the image of `container` (created, not started), from the image's own /etc/passwd. */
async function workerIds(container: Docker.Container): Promise<{ uid: number; gid: number }> {
  const archive = await container.getArchive({ path: '/etc/passwd' });
  const dir = await mkdtemp(join(tmpdir(), 'bugmine-passwd-'));
  try {
    await copyFromTar(archive, { hostDir: dir, files: { passwd: 1024 * 1024 } }, { rootIsFile: true });
    const line = (await readFile(join(dir, 'passwd'), 'utf8')).split('\n').find((l) => l.startsWith(`${WORKER_USER}:`));
    const [uid, gid] = (line ?? '').split(':').slice(2, 4).map(Number);
    if (line === undefined || !Number.isSafeInteger(uid) || !Number.isSafeInteger(gid) || uid === 0) throw new Error(`the worker image has no non-root user ${WORKER_USER}`);
    return { uid: uid!, gid: gid! };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A tar of `work/` (the container's work directory) holding `inputs`, owned by the worker user. */
function inputArchive(inputs: Readonly<Record<string, string>>, owner: { uid: number; gid: number }): Buffer {
  const blocks: Buffer[] = [];
  const add = (path: string, type: 'Directory' | 'File', mode: number, body?: Buffer): void => {
    const block = Buffer.alloc(512);
    new Header({ path, type, mode, size: body?.length ?? 0, mtime: new Date(0), uid: owner.uid, gid: owner.gid }).encode(block, 0);
    blocks.push(block);
    if (body !== undefined) blocks.push(body, Buffer.alloc((512 - (body.length % 512)) % 512));
  };
  add(`${CONTAINER_WORK_DIR.slice(1)}/`, 'Directory', 0o700);
  for (const [name, content] of Object.entries(inputs)) add(`${CONTAINER_WORK_DIR.slice(1)}/${name}`, 'File', 0o600, Buffer.from(content));
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
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
