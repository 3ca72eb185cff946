/**
 * Where repository units run: on the calling thread (library use, tests), on a pool of worker
 * threads (`--executor local`: the analysis is CPU-bound, so one thread per CPU), or one worker
 * container per unit (`--executor docker`). Git with network access (clone, fetch) always stays on
 * the host; a unit only reads its clone.
 */
import { mkdir, mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import pLimit, { type LimitFunction } from 'p-limit';
import { checkExited, type Executor, type JobOutcome } from '../run/executor.js';
import { ThreadPool } from '../run/thread-pool.js';
import { CONTAINER_OUT_DIR, CONTAINER_WORK_DIR, type WorkerContainers } from '../run/worker-container.js';
import { cacheName } from './git-cache.js';
import { runRepositoryJob, UNIT_RESULT_FILE, type ContainerRepositoryJob, type RepositoryJob, type RepositoryJobResult } from './unit-job.js';
import { checkUnitSamples, MAX_UNIT_RESULT_BYTES, MAX_UNIT_SAMPLES_BYTES, parseUnitResult, UnitResultRejected } from './unit-result.js';

/** How one repository unit ended (threads do not measure a unit's CPU time: their `cpuMs` is null). */
export type UnitOutcome = JobOutcome<RepositoryJobResult>;

export interface UnitExecutor extends Executor<RepositoryJob, RepositoryJobResult> {
  /** Units worth having in flight at once (some clone or fetch while others analyse). */
  readonly concurrency: number;
  /** Releases the workers; call once at the end. */
  close(): Promise<void>;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Units on the calling thread, `concurrency` at a time (their git reads overlap, their analysis does not). */
export class InProcessUnits implements UnitExecutor {
  constructor(readonly concurrency = 1) {}

  async run(job: RepositoryJob): Promise<UnitOutcome> {
    try {
      return { kind: 'ok', result: await runRepositoryJob(job), cpuMs: null };
    } catch (error) {
      return { kind: 'crashed', error: message(error), cpuMs: null };
    }
  }

  async killAll(): Promise<void> {}

  async close(): Promise<void> {}
}

/**
 * Units on `workers` worker threads, one unit per thread at a time. The threads start with the
 * first unit (a resumed run with nothing to do starts none). Needs the built code (`dist/`).
 */
export class ThreadUnits implements UnitExecutor {
  private pool: ThreadPool<RepositoryJob, RepositoryJobResult> | null = null;
  private stopping = false;
  /** One unit more than threads: its clone or fetch overlaps the others' analysis. */
  readonly concurrency: number;

  constructor(
    private readonly workers: number,
    private readonly pythonPath: readonly string[],
  ) {
    this.concurrency = workers + 1;
  }

  async run(job: RepositoryJob): Promise<UnitOutcome> {
    this.pool ??= new ThreadPool(new URL('./unit-worker.js', import.meta.url), this.workers, { workerData: { pythonPath: [...this.pythonPath] } });
    try {
      return { kind: 'ok', result: await this.pool.run(job), cpuMs: null };
    } catch (error) {
      return this.stopping ? { kind: 'interrupted' } : { kind: 'crashed', error: message(error), cpuMs: null };
    }
  }

  async killAll(): Promise<void> {
    this.stopping = true;
    await this.close();
  }

  async close(): Promise<void> {
    await this.pool?.close();
  }
}

export interface ContainerUnitsOptions {
  /** Host directory under which each unit gets its work directory (mounted at /work). */
  readonly workRoot: string;
  /** A unit still running after this long is killed. */
  readonly timeoutMs: number;
  /** The host's search path for call resolution; its directories must be among the read-only mounts. */
  readonly pythonPath: readonly string[];
}

const CONTAINER_CLONE_DIR = '/repository';
/** Label of a unit's container: the repository URL. */
export const REPOSITORY_LABEL = 'org.bugmine.repository';
const CONTAINER_SAMPLES = 'samples.msgpack.l.gz';

/**
 * One worker container per unit, `workers` at a time. The container has no network and mounts the
 * clone read-only: every blob the unit's lines read must be in it already (the run fetches them
 * before it hands the unit over, see blob-prefetch.ts). The samples and result come back as a
 * hand-back (copied out of the stopped container), are checked, and the samples renamed into place.
 */
export class ContainerUnits implements UnitExecutor {
  private readonly slots: LimitFunction;
  /** One unit more than containers: its clone and fetches overlap the others' analysis. */
  readonly concurrency: number;

  constructor(
    private readonly containers: WorkerContainers,
    workers: number,
    private readonly options: ContainerUnitsOptions,
  ) {
    this.slots = pLimit(workers);
    this.concurrency = workers + 1;
  }

  run(job: RepositoryJob): Promise<UnitOutcome> {
    return this.slots(() => this.runContainer(job));
  }

  private async runContainer(job: RepositoryJob): Promise<UnitOutcome> {
    await mkdir(this.options.workRoot, { recursive: true, mode: 0o700 });
    // The hand-back directory: the host's own; no container mounts it.
    const handBackDir = await mkdtemp(join(this.options.workRoot, `${cacheName(job.repo).slice(-40)}-`));
    try {
      const inside: ContainerRepositoryJob = {
        ...job,
        gitDir: CONTAINER_CLONE_DIR,
        mountedReadOnly: true,
        output: `${CONTAINER_OUT_DIR}/${CONTAINER_SAMPLES}`,
        pythonPath: this.options.pythonPath,
      };
      const exited = await this.containers.run({
        inputs: { 'job.json': JSON.stringify(inside) },
        script: ['dist/pypibugs/unit-main.js', `${CONTAINER_WORK_DIR}/job.json`],
        labels: { [REPOSITORY_LABEL]: job.repo },
        binds: [`${job.gitDir}:${CONTAINER_CLONE_DIR}:ro`],
        handBack: { hostDir: handBackDir, files: { [UNIT_RESULT_FILE]: MAX_UNIT_RESULT_BYTES, [CONTAINER_SAMPLES]: MAX_UNIT_SAMPLES_BYTES } },
        limits: { wallMs: this.options.timeoutMs, cpuMs: null },
      });
      // Everything the container handed back is hostile input: checked here, before it is used.
      return await checkExited(exited, { job: 'the unit', worker: 'worker container' }, UNIT_RESULT_FILE, async ({ handedBack }) => {
        const result = parseUnitResult(await readFile(join(handBackDir, UNIT_RESULT_FILE), 'utf8'), job.lines);
        const samplesFile = join(handBackDir, CONTAINER_SAMPLES);
        if (result.samples > 0) {
          if (!handedBack.includes(CONTAINER_SAMPLES)) throw new UnitResultRejected(`${CONTAINER_SAMPLES}: missing, though result.json reports ${result.samples} samples`);
          await checkUnitSamples(samplesFile, CONTAINER_SAMPLES, result.samples);
          await mkdir(dirname(job.output), { recursive: true });
          await rename(samplesFile, job.output);
        } else if (handedBack.includes(CONTAINER_SAMPLES)) {
          throw new UnitResultRejected(`${CONTAINER_SAMPLES}: handed back, though result.json reports no samples`);
        }
        return result;
      });
    } finally {
      await rm(handBackDir, { recursive: true, force: true });
    }
  }

  killAll(): Promise<void> {
    return this.containers.killAll();
  }

  async close(): Promise<void> {
    await rm(this.options.workRoot, { recursive: true, force: true });
  }
}
