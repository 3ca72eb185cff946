/**
 * The `pypibugs` job: validate every line, group the valid ones by repository, and run one unit of
 * work per repository: clone or reuse, fetch missing commits (on this thread: git with network
 * stays on the host), then process the lines and write the samples on the unit executor (this
 * thread, worker threads or worker containers; see unit-executors.ts).
 *
 * Output layout: one data file per repository, `OUT/samples/<repository>.msgpack.l.gz`. A
 * repository is the unit of work, of resume and of retry: its file is written atomically when the
 * unit ends, so a crash or a `--retry-failed` redoes whole repositories without touching the files
 * of the others, and shards (split by repository) never write the same file. One file per shard
 * would have to be rewritten whole (or left half done) whenever any of its repositories is redone.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { UserError } from '../errors.js';
import { withOutLock } from '../io/out-lock.js';
import { prefetchBlobs, type PrefetchResult } from './blob-prefetch.js';
import { cacheName, firstLine, GitCache } from './git-cache.js';
import type { Shard } from '../run/shard.js';
import { groupByRepository, readPypiBugsLines, repositoryInShard, type PypiBugsLine, type RejectedLine } from './lines.js';
import { ManifestAppender, readManifest, writeManifest, type ManifestRecord } from './manifest.js';
import { OUTCOMES, type LineResult } from './repository-unit.js';
import { InProcessUnits, type UnitExecutor } from './unit-executors.js';
import { jobLine } from './unit-job.js';
import type { Logger } from '../output.js';

export interface PypiBugsOptions {
  /** Repositories processed at once on the calling thread, when no `executor` is given (default 1). */
  readonly workers?: number;
  /**
   * Where the units run (worker threads, worker containers); default: the calling thread. The run
   * closes it at the end.
   */
  readonly executor?: UnitExecutor;
  /** The clone cache directory. */
  readonly cacheDir: string;
  readonly cloneTimeoutMs?: number;
  /** Also write the fixed function of every ok line as a sample without bug. */
  readonly fixed?: boolean;
  /** CPU seconds the analysis of one file may take (null: unbounded; default 60). */
  readonly maxFileCpuSeconds?: number | null;
  readonly shard?: Shard;
  /** Redo lines whose earlier outcome was not ok. */
  readonly retryFailed?: boolean;
  /** Called once the lines are read: the number of repositories to process. */
  readonly onStart?: (repositories: number) => void;
  readonly onRepositoryDone?: (repo: string, samples: number, failedLines: number) => void;
  /** Where messages for the user go (bad lines, unavailable repositories): the CLI's `output`, see src/output.ts. */
  readonly logger: Logger;
}

export type SummaryOutcome = ManifestRecord['outcome'];

export interface PypiBugsReport {
  /** Input lines of this run (this shard's), by outcome. */
  readonly outcomes: Record<SummaryOutcome, number>;
  readonly lines: number;
  readonly verified: number;
  readonly samples: number;
  readonly repositories: {
    total: number;
    /** Already done by an earlier run. */
    skipped: number;
    cloned: number;
    reused: number;
    unavailable: number;
    fetchedCommits: number;
    /** File versions (blobs) the lines read, fetched in one batch per repository before its unit ran. */
    fetchedBlobs: number;
  };
  readonly manifest: string;
}

export const MANIFEST = 'manifest.jsonl';
export const SAMPLES_DIR = 'samples';

/** The data file of a repository, relative to OUT. */
export function repositoryOutput(repo: string): string {
  return join(SAMPLES_DIR, `${cacheName(repo)}.msgpack.l.gz`);
}

function lineRecord(line: PypiBugsLine, result: LineResult | { outcome: 'internal-error' | 'repo-unavailable'; details: string }, output: string): ManifestRecord {
  const record: ManifestRecord = {
    line: line.line,
    key: line.key,
    repo: line.repo,
    hash: line.hash,
    old_path: line.oldPath,
    outcome: result.outcome,
    verified: 'verified' in result ? result.verified : false,
    samples: 'samples' in result ? result.samples : 0,
  };
  if (record.outcome === 'ok') record.output = output;
  if ('function' in result && result.function !== undefined) record.function = result.function;
  if (result.details !== undefined) record.details = result.details;
  return record;
}

function rejectedRecord(rejected: RejectedLine): ManifestRecord {
  return { line: rejected.line, key: rejected.key, outcome: rejected.outcome, verified: false, samples: 0, details: rejected.details };
}

/** Whether an earlier record means the line need not be done again. */
function isDone(record: ManifestRecord | undefined, out: string, options: PypiBugsOptions): boolean {
  if (record === undefined) return false;
  if (record.outcome === 'internal-error') return false;
  if (record.outcome !== 'ok') return options.retryFailed !== true;
  return record.samples === (options.fixed ? 2 : 1) && record.output !== undefined && existsSync(join(out, record.output));
}

/** Runs the lines of `input` into `out`, locked for the length of the run (io/out-lock.ts). */
export async function runPypiBugs(input: string, out: string, options: PypiBugsOptions): Promise<PypiBugsReport> {
  const executor = options.executor ?? new InProcessUnits(Math.max(1, options.workers ?? 1));
  try {
    return await withOutLock(out, 'pypibugs', () => runUnits(input, out, options, executor));
  } finally {
    await executor.close();
  }
}

async function runUnits(input: string, out: string, options: PypiBugsOptions, executor: UnitExecutor): Promise<PypiBugsReport> {
  let content: string;
  try {
    content = await readFile(input, 'utf8');
  } catch (error) {
    throw new UserError(`cannot read ${input}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const log = (line: string): void => options.logger.log(line);
  const { valid, rejected } = readPypiBugsLines(content);
  const shard = options.shard ?? { index: 0, count: 1 };
  // Input-level rejections belong to the first shard, so that shards together report each line once.
  const ownRejected = shard.index === 0 ? rejected : [];
  for (const r of ownRejected) log(`${input}:${r.line}: ${r.outcome}: ${r.details}`);
  const groups = [...groupByRepository(valid.filter((l) => repositoryInShard(l.repo, shard)))];

  await mkdir(out, { recursive: true });
  const manifestPath = join(out, MANIFEST);
  const previous = await readManifest(manifestPath);
  const current = new Map<string, ManifestRecord>();
  for (const r of ownRejected) current.set(r.key, rejectedRecord(r));

  const todo: [string, PypiBugsLine[]][] = [];
  let skipped = 0;
  for (const [repo, lines] of groups) {
    if (lines.every((l) => isDone(previous.get(l.key), out, options))) {
      skipped++;
      for (const l of lines) current.set(l.key, previous.get(l.key)!);
    } else {
      todo.push([repo, lines]);
    }
  }
  options.onStart?.(todo.length);

  const cache = new GitCache(options.cacheDir, options.cloneTimeoutMs);
  const stats: Stats = { cloned: 0, reused: 0, unavailable: 0, fetchedCommits: 0, fetchedBlobs: 0 };
  const appender = await ManifestAppender.open(manifestPath);
  try {
    const limit = pLimit(executor.concurrency);
    await Promise.all(
      todo.map(([repo, lines]) =>
        limit(async () => {
          const output = repositoryOutput(repo);
          const records = await runRepository(cache, executor, repo, lines, output, out, options, stats, log);
          if (records === null) return; // interrupted: nothing is recorded
          await appender.append(records);
          for (const record of records) current.set(record.key, record);
          const samples = records.reduce((sum, r) => sum + r.samples, 0);
          options.onRepositoryDone?.(repo, samples, records.filter((r) => r.outcome !== 'ok').length);
        }),
      ),
    );
  } finally {
    await appender.close();
  }

  const ordered = [...current.values()].sort((a, b) => a.line - b.line);
  await writeManifest(manifestPath, ordered);
  const outcomes = Object.fromEntries([...OUTCOMES, 'internal-error'].map((o) => [o, 0])) as Record<SummaryOutcome, number>;
  for (const record of ordered) outcomes[record.outcome]++;
  return {
    outcomes,
    lines: ordered.length,
    verified: ordered.filter((r) => r.verified).length,
    samples: ordered.reduce((sum, r) => sum + r.samples, 0),
    repositories: { total: groups.length, skipped, ...stats },
    manifest: manifestPath,
  };
}

interface Stats {
  cloned: number;
  reused: number;
  unavailable: number;
  fetchedCommits: number;
  fetchedBlobs: number;
}

/** The unit of one repository: its manifest records, or null when the run was interrupted. */
async function runRepository(
  cache: GitCache,
  executor: UnitExecutor,
  repo: string,
  lines: PypiBugsLine[],
  output: string,
  out: string,
  options: PypiBugsOptions,
  stats: Stats,
  log: (message: string) => void,
): Promise<ManifestRecord[] | null> {
  const ensured = await cache.ensure(
    repo,
    lines.map((l) => l.hash),
  );
  if (!ensured.ok) {
    stats.unavailable++;
    log(`${repo}: repository unavailable: ${ensured.reason}`);
    await rm(join(out, output), { force: true });
    return lines.map((l) => lineRecord(l, { outcome: 'repo-unavailable', details: ensured.reason }, output));
  }
  if (ensured.cloned) stats.cloned++;
  else stats.reused++;
  stats.fetchedCommits += ensured.fetched;
  // Every blob the lines read, in one batched fetch: a unit then never waits for git's lazy fetch
  // (one round trip per blob), and a unit in a container (no network, clone read-only) can read them.
  let prefetch: PrefetchResult;
  try {
    prefetch = await prefetchBlobs(
      ensured.dir,
      lines.filter((l) => !ensured.missing.has(l.hash)),
      options.cloneTimeoutMs,
    );
  } catch (error) {
    prefetch = { needed: 0, fetched: 0, missing: 0 };
    log(`${repo}: fetching the files of the lines failed: ${firstLine(error)}`);
  }
  stats.fetchedBlobs += prefetch.fetched;
  if (prefetch.missing > 0) log(`${repo}: ${prefetch.missing} file version(s) could not be fetched`);

  const run = await executor.run({
    repo,
    gitDir: ensured.dir,
    mountedReadOnly: false,
    lines: lines.map(jobLine),
    fixed: options.fixed === true,
    ...(options.maxFileCpuSeconds !== undefined ? { maxFileCpuSeconds: options.maxFileCpuSeconds } : {}),
    absentCommits: [...ensured.missing],
    output: join(out, output),
  });
  if (run.kind === 'interrupted') return null;
  if (run.kind !== 'ok') {
    const details = `internal error: ${run.kind === 'timeout' ? `the unit did not finish within ${Math.round(run.limitMs / 1000)} s` : run.error}`;
    log(`${repo}: ${details}`);
    return lines.map((l) => lineRecord(l, { outcome: 'internal-error', details }, output));
  }
  // A unit that made no samples leaves no file (also none of an earlier run).
  if (run.result.samples === 0) await rm(join(out, output), { force: true });
  return lines.map((l, i) => lineRecord(l, run.result.results[i]!, output));
}
