/**
 * `--executor docker` of `extract`: each package job runs in its own worker container (see
 * worker-container.ts for what every worker container gets), in the container's own /work; its
 * output directory is copied out of the stopped container into the host's hand-back directory.
 * Connecting to Docker and reaping stale containers are the generic layer's (src/run/docker.ts).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type Docker from 'dockerode';
import type { JobOutcome } from '../run/executor.js';
import type { PipSettings } from '../run/pip-config.js';
import { CONTAINER_WORK_DIR, WorkerContainers, type WorkerContainerSettings } from '../run/worker-container.js';
import { checkPackageHandBack } from './job-result.js';
import type { PackageExecutor, PackageRun } from './package-executor.js';
import type { PackageJob, PackageJobResult } from './package-job.js';
import { PhaseLineReader } from './phase.js';

export interface DockerExecutorOptions extends WorkerContainerSettings {
  /** pip's configuration for the package jobs, the same the local executor gives (none: pip's defaults, no config file). */
  readonly pip?: PipSettings;
}

/** Where a job's copy of the host's pip config file goes. */
const CONTAINER_PIP_CONFIG = `${CONTAINER_WORK_DIR}/pip.conf`;

export class DockerExecutor implements PackageExecutor {
  private readonly containers: WorkerContainers;
  private readonly pip: PipSettings | undefined;

  constructor(docker: Docker, options: DockerExecutorOptions) {
    this.containers = new WorkerContainers(docker, options);
    this.pip = options.pip;
  }

  async run({ job, limits, handBack, onPhase }: PackageRun): Promise<JobOutcome<PackageJobResult>> {
    const inputs: Record<string, string> = {};
    if (typeof this.pip?.configText === 'string') inputs['pip.conf'] = this.pip.configText;
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
    const exited = await this.containers.run({
      inputs,
      script: ['dist/extract/package-job-main.js', `${CONTAINER_WORK_DIR}/job.json`],
      labels: { 'org.bugmine.package': job.key },
      env: this.pipEnvironment(),
      binds: (this.pip?.findLinksPaths ?? []).map((path) => `${path}:${path}:ro`),
      handBack,
      limits,
      ...(reader === null ? {} : { onStdout: (chunk: Buffer) => reader.push(chunk) }),
    });
    return checkPackageHandBack(exited, job, handBack.hostDir);
  }

  killAll(): Promise<void> {
    return this.containers.killAll();
  }

  /** pip's variables as the local executor gives them; the CA bundle (PIP_CERT) is the container's own copy, set by WorkerContainers. */
  private pipEnvironment(): string[] {
    const env = Object.entries(this.pip?.env ?? {})
      .filter(([name]) => name !== 'PIP_CERT')
      .map(([name, value]) => `${name}=${value}`);
    env.push(`PIP_CONFIG_FILE=${typeof this.pip?.configText === 'string' ? CONTAINER_PIP_CONFIG : '/dev/null'}`);
    return env;
  }
}

const BUG_PATTERNS_INPUT = 'bug-patterns.json';

/** The patterns file's text, or the failure when it cannot be read or is not the file the run checked. */
async function readBugPatterns(path: string, sha256: string | undefined): Promise<string | Extract<JobOutcome<never>, { kind: 'crashed' }>> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    return { kind: 'crashed', error: `cannot read --bug-patterns ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, cpuMs: null };
  }
  const digest = createHash('sha256').update(bytes).digest('hex');
  if (sha256 !== undefined && digest !== sha256) return { kind: 'crashed', error: `--bug-patterns ${path} changed during the run (SHA-256 ${digest})`, cpuMs: null };
  return bytes.toString('utf8');
}
