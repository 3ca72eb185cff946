/**
 * The `mine` job: for every repository (clone or reuse through the pypibugs clone cache), mine its
 * history (repository.ts) and write its results as part files, atomically, when it is done; then
 * merge every finished repository's parts into `OUT/bugs.jsonl` and `OUT/fixes.jsonl.gz`, marking
 * a bug line whose diff and rewrite were seen earlier (a fork, a cherry-pick) with `duplicate_of`.
 *
 * A repository is the unit of resume: `OUT/manifest.jsonl` gets one line per finished repository;
 * a re-run skips repositories whose last line is `ok` and redoes the others. An interrupted
 * repository leaves nothing behind but temporary files, removed by the next run.
 */
import { existsSync } from 'node:fs';
import { appendFile, mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import pLimit from 'p-limit';
import { writeFileAtomic } from '../io/atomic-file.js';
import { cacheName, GitCache } from '../pypibugs/git-cache.js';
import type { Shard } from '../run/shard.js';
import { ThreadPool } from '../run/thread-pool.js';
import { checkRepositoryMined, MinedResultRejected } from './mined-check.js';
import { mineRepository, type MinedBugLine, type MineOptions, type RepositoryMined } from './repository.js';
import { recordMineShard, repositoriesOfShard } from './shard-info.js';
import { Control, newControl, type MineThreadJob } from './thread-job.js';
import type { Logger } from '../output.js';

export const MANIFEST = 'manifest.jsonl';
export const BUGS = 'bugs.jsonl';
export const FIXES = 'fixes.jsonl.gz';
export const PARTS_DIR = 'parts';

export type RepositoryOutcome = 'ok' | 'repo-unavailable' | 'history-error' | 'interrupted';

export interface MineManifestRecord {
  repo: string;
  /** 0-based position of the repository in the whole list (before `--shard`). */
  position?: number;
  outcome: RepositoryOutcome;
  commits: number;
  files_compared: number;
  counts: Record<string, number>;
  reasons: Record<string, number>;
  seconds: number;
  details?: string;
}

export interface MineRunOptions extends Omit<MineOptions, 'onCommit' | 'stopped'> {
  readonly cacheDir: string;
  readonly cloneTimeoutMs?: number;
  /** Repositories mined at once. */
  readonly workers?: number;
  /**
   * Mine each repository on a worker thread (a pool of `workers` threads; needs the built code,
   * `dist/`) instead of on the calling thread. The calling thread still clones and writes OUT.
   */
  readonly threads?: boolean;
  /** Mine only the repositories at list positions p with p mod N = i (`mine-shard.json` records it). */
  readonly shard?: Shard;
  readonly onStart?: (repositories: number) => void;
  readonly onCommit?: (found: number) => void;
  readonly onRepositoryDone?: (record: MineManifestRecord) => void;
  /** Where the run's messages go (the CLI's `output`, see src/output.ts). */
  readonly logger: Logger;
  readonly stopped?: () => boolean;
}

export interface MineReport {
  readonly repositories: number;
  readonly skipped: number;
  readonly outcomes: Record<RepositoryOutcome, number>;
  readonly commits: number;
  readonly filesCompared: number;
  readonly bugs: number;
  readonly duplicates: number;
  readonly fixes: number;
  readonly counts: Record<string, number>;
  readonly out: string;
}

/** A repository as given: a URL stays as is, a local path becomes absolute (so the lines work from anywhere). */
export function repositoryName(repo: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(repo) || /^[^/]+@[^/]+:/.test(repo)) return repo;
  return isAbsolute(repo) ? repo : resolve(repo);
}

export async function readMineManifest(path: string): Promise<Map<string, MineManifestRecord>> {
  const records = new Map<string, MineManifestRecord>();
  if (!existsSync(path)) return records;
  for (const line of (await readFile(path, 'utf8')).split('\n')) {
    if (line.trim() === '') continue;
    try {
      const record = JSON.parse(line) as MineManifestRecord;
      if (typeof record.repo === 'string') records.set(record.repo, record);
    } catch {
      // A torn last line (a crash while appending): that repository is redone.
    }
  }
  return records;
}

export interface PartPaths {
  readonly bugs: string;
  readonly fixes: string;
}

export function partPaths(out: string, repo: string): PartPaths {
  const name = cacheName(repo);
  return { bugs: join(out, PARTS_DIR, `${name}.bugs.jsonl`), fixes: join(out, PARTS_DIR, `${name}.fixes.jsonl.gz`) };
}

export async function runMine(repos: readonly string[], out: string, options: MineRunOptions): Promise<MineReport> {
  const log = (line: string): void => options.logger.log(line);
  const list = [...new Set(repos.map(repositoryName))];
  const positions = new Map(list.map((repo, position) => [repo, position]));
  if (options.shard !== undefined) await recordMineShard(out, list, options.shard);
  const names = options.shard === undefined ? list : repositoriesOfShard(list, options.shard);
  await mkdir(join(out, PARTS_DIR), { recursive: true });
  for (const entry of await readdir(join(out, PARTS_DIR))) if (entry.endsWith('.tmp')) await rm(join(out, PARTS_DIR, entry), { force: true });
  const manifestPath = join(out, MANIFEST);
  const done = await readMineManifest(manifestPath);
  const todo = names.filter((repo) => done.get(repo)?.outcome !== 'ok' || !existsSync(partPaths(out, repo).bugs));
  options.onStart?.(todo.length);
  const cache = new GitCache(options.cacheDir, options.cloneTimeoutMs);
  const workers = Math.max(1, options.workers ?? 1);
  const miner = options.threads === true ? new ThreadMiner(Math.min(workers, Math.max(1, todo.length)), options) : null;
  // With threads, one repository more than threads: its clone overlaps the others' mining.
  const limit = pLimit(miner === null ? workers : workers + 1);

  const mineOne = async (repo: string): Promise<void> => {
    const started = Date.now();
    const finish = async (record: Omit<MineManifestRecord, 'repo' | 'seconds'>): Promise<void> => {
      const full: MineManifestRecord = { repo, position: positions.get(repo)!, ...record, seconds: Math.round((Date.now() - started) / 100) / 10 };
      if (full.outcome !== 'interrupted') await appendFile(manifestPath, JSON.stringify(full) + '\n');
      done.set(repo, full);
      options.onRepositoryDone?.(full);
    };
    if (options.stopped?.()) return;
    const clone = await cache.ensure(repo, []);
    if (!clone.ok) {
      log(`${repo}: repository unavailable: ${clone.reason}`);
      await finish({ outcome: 'repo-unavailable', commits: 0, files_compared: 0, counts: {}, reasons: {}, details: clone.reason });
      return;
    }
    let mined;
    try {
      mined = miner === null ? await mineRepository(clone.dir, repo, { ...options, stopped: options.stopped, onCommit: options.onCommit }) : await miner.mine(clone.dir, repo);
    } catch (error) {
      const reason = error instanceof Error ? error.message.split('\n')[0]! : String(error);
      const details = error instanceof MinedResultRejected ? `rejected the mining thread's result: ${reason}` : reason;
      log(`${repo}: ${details}`);
      await finish({ outcome: 'history-error', commits: 0, files_compared: 0, counts: {}, reasons: {}, details });
      return;
    }
    for (const problem of mined.problems) log(problem);
    const base = { commits: mined.commits, files_compared: mined.filesCompared, counts: mined.counts, reasons: mined.reasons };
    if (mined.interrupted) {
      await finish({ outcome: 'interrupted', ...base });
      return;
    }
    const parts = partPaths(out, repo);
    await writeFileAtomic(parts.fixes, gzipSync(mined.fixes.map((f) => JSON.stringify(f) + '\n').join('')));
    // The bugs part is written last: its presence says the repository's parts are complete.
    await writeFileAtomic(parts.bugs, mined.bugs.map((b) => JSON.stringify(b) + '\n').join(''));
    await finish({ outcome: 'ok', ...base });
  };
  try {
    await Promise.all(todo.map((repo) => limit(() => mineOne(repo))));
  } finally {
    await miner?.close();
  }

  const merged = await writeMergedOutputs(out, names, done, (repo) => partPaths(out, repo));
  const outcomes: Record<RepositoryOutcome, number> = { ok: 0, 'repo-unavailable': 0, 'history-error': 0, interrupted: 0 };
  const counts: Record<string, number> = {};
  let commits = 0;
  let filesCompared = 0;
  for (const repo of names) {
    const record = done.get(repo);
    if (record === undefined) continue;
    outcomes[record.outcome]++;
    commits += record.commits;
    filesCompared += record.files_compared;
    for (const [k, v] of Object.entries(record.counts)) counts[k] = (counts[k] ?? 0) + v;
  }
  return { repositories: names.length, skipped: names.length - todo.length, outcomes, commits, filesCompared, ...merged, counts, out };
}

/** How often the main thread passes an interrupt to a mining thread and reads its progress. */
const CONTROL_POLL_MS = 200;

/**
 * Repositories mined on a pool of worker threads. Each job shares a control block with its thread:
 * the interrupt goes in, the progress comes out; the result is checked before it is used.
 */
class ThreadMiner {
  private pool: ThreadPool<MineThreadJob, unknown> | null = null;

  constructor(
    private readonly size: number,
    private readonly options: MineRunOptions,
  ) {}

  async mine(dir: string, repo: string): Promise<RepositoryMined> {
    const o = this.options;
    this.pool ??= new ThreadPool(new URL('./mine-worker.js', import.meta.url), this.size);
    const control = newControl();
    let commitsSeen = 0;
    const poll = (): void => {
      if (o.stopped?.()) Atomics.store(control, Control.stop, 1);
      const commits = Atomics.load(control, Control.commits);
      const found = Atomics.load(control, Control.found);
      for (; commitsSeen < commits; commitsSeen++) o.onCommit?.(found);
    };
    poll();
    const timer = setInterval(poll, CONTROL_POLL_MS);
    try {
      const job: MineThreadJob = {
        dir,
        repo,
        options: {
          since: o.since,
          until: o.until,
          maxCommits: o.maxCommits,
          branch: o.branch,
          allRefs: o.allRefs,
          commits: o.commits,
          maxActions: o.maxActions,
          maxFileBytes: o.maxFileBytes,
        },
        control: control.buffer as SharedArrayBuffer,
      };
      const result = await this.pool.run(job);
      return checkRepositoryMined(result, repo, o.maxFileBytes);
    } finally {
      clearInterval(timer);
      poll();
    }
  }

  async close(): Promise<void> {
    await this.pool?.close();
  }
}

/**
 * Rewrites OUT/bugs.jsonl and OUT/fixes.jsonl.gz from the parts of every finished repository, in
 * list order: so a run, its resumption and the merge of its shards give the same bytes.
 */
export async function writeMergedOutputs(
  out: string,
  repos: readonly string[],
  done: ReadonlyMap<string, MineManifestRecord>,
  partsOf: (repo: string) => PartPaths,
): Promise<{ bugs: number; duplicates: number; fixes: number }> {
  const firstSeen = new Map<string, string>();
  const bugLines: string[] = [];
  const fixChunks: Buffer[] = [];
  let duplicates = 0;
  let fixes = 0;
  for (const repo of repos) {
    if (done.get(repo)?.outcome !== 'ok') continue;
    const parts = partsOf(repo);
    if (!existsSync(parts.bugs) || !existsSync(parts.fixes)) continue;
    for (const line of (await readFile(parts.bugs, 'utf8')).split('\n')) {
      if (line === '') continue;
      const bug = JSON.parse(line) as MinedBugLine;
      const key = `${bug.old_path}\0${bug.diff}\0${bug.rewrite}`;
      const first = firstSeen.get(key);
      if (first === undefined) firstSeen.set(key, `${bug.repo}@${bug.hash}`);
      else duplicates++;
      bugLines.push(JSON.stringify({ ...bug, duplicate_of: first ?? null }) + '\n');
    }
    const fixText = gunzipSync(await readFile(parts.fixes));
    fixes += fixText.toString('utf8').split('\n').filter((l) => l !== '').length;
    fixChunks.push(fixText);
  }
  await writeFileAtomic(join(out, BUGS), bugLines.join(''));
  await writeFileAtomic(join(out, FIXES), gzipSync(Buffer.concat(fixChunks)));
  return { bugs: bugLines.length, duplicates, fixes };
}
