/**
 * `bugmine extract`: runs the package job for every requirement (at most `workers` at once) and
 * commits the finished packages in package-list order: each complete output goes into OUT (without
 * the samples of near-duplicate files unless dedup is off) and its manifest line is appended. A
 * package that finishes before its predecessors waits in the work directory, so the committed
 * packages are always a prefix of the list and nothing depends on scheduling. Resumable: packages
 * the manifest records as `ok` with their output in place are skipped (their files stay in the
 * near-duplicate index), and so are failed ones unless `retryFailed` (any outcome but `ok`) or
 * `retry` names their outcome.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { UserError } from '../errors.js';
import { removeTree } from '../io/remove-tree.js';
import type { Logger } from '../output.js';
import type { PackageExecutor } from './package-executor.js';
import { describeTimeout, type TimeLimits } from '../run/time-limits.js';
import { NearDuplicates } from '../dedup/near-duplicates.js';
import { withOutLock } from '../io/out-lock.js';
import { commitPackage, NEAR_DUPLICATE, type FinishedPackage } from './commit.js';
import { keepDeferredSignatures } from './deferred.js';
import { InOrderCommits } from './in-order.js';
import { packageHandBack } from './job-result.js';
import { emptyCounts, isComplete, OUTCOMES, readManifest, type ManifestEntry, type Outcome } from './manifest.js';
import type { BugPatternsSetting } from '../samples/extract-file.js';
import type { Requirement } from './package-list.js';
import type { PhaseReport } from './phase.js';
import { addToTotals, emptyTotals, failuresOf, formatFailures, formatTotals, isFailure, type CpuTotals, type FailedPackage, type OutcomeRow } from './outcome-table.js';
import { PackageProgress } from './progress.js';
import { writeResolvedList } from './resolved-list.js';
import { DEFAULT_VENDORED_MODE, type VendoredMode } from './vendored.js';
import { clearScratch, loadStaged, stagePackage, StagedRejected, sweepStaged, type JobLimits, type JobSettings } from './staging.js';

/** Scratch space of running jobs, inside OUT so that outputs are renamed, never copied. */
export const WORK_DIR = '.bugmine-work';
/**
 * Inside WORK_DIR: the hand-back directories, where the host copies what each job handed back,
 * checks it, and keeps it until its commit ('@' is in no package name). No container mounts them.
 */
const FINISHED_DIR = '@finished';

export interface ExtractRunOptions {
  readonly workers: number;
  /** True once the run was interrupted (SIGINT): it then leaves `resolved.txt` to the next run. */
  readonly interrupted?: () => boolean;
  /** Wall-clock milliseconds a package's job may take (`--timeout`). */
  readonly timeoutMs: number;
  /** CPU milliseconds its processes may use together (`--cpu-timeout`; null or absent: no budget). */
  readonly cpuTimeoutMs?: number | null;
  readonly python: string;
  readonly pipArgs: readonly string[];
  readonly seed: number;
  readonly rewrites: number;
  /** Transformed variants per function (`--augment`; default 0). */
  readonly augment?: number;
  readonly maxFileBytes: number;
  /** CPU seconds each file's analysis may take (null: unbounded; default 60). */
  readonly maxFileCpuSeconds?: number | null;
  readonly easyOperatorsOff: boolean;
  readonly retryFailed: boolean;
  /** Outcomes whose packages are run again (`--retry timeout,install-failed`), besides `retryFailed`'s. */
  readonly retry?: readonly Outcome[];
  readonly progress: boolean;
  /** Drop the samples of near-duplicate files (first seen in package-list order wins). */
  readonly dedup: boolean;
  /**
   * Sign each package's files and keep the signatures in OUT without dropping anything, for
   * `bugmine merge` to decide across shards (OUT/signatures/; `dedup` is then ignored).
   */
  readonly deferDedup?: boolean;
  /** Learned bug seeding (`--bug-patterns`; absent: BugLab's scouts only). */
  readonly bugPatterns?: BugPatternsSetting;
  /** `--exclude` globs: files left out before extraction (see src/samples/file-exclusion.ts). */
  readonly exclude?: readonly string[];
  /** `--no-tests`: leave out test files and directories. */
  readonly noTests?: boolean;
  /** What happens to vendored copies of other distributions (default `canonical`; see vendored.ts). */
  readonly vendored?: VendoredMode;
  /**
   * PEP 503 names of the whole package list (before `--shard`), which `canonical` credits vendored
   * copies to; default: the requirements of this run.
   */
  readonly listedPackages?: readonly string[];
  /** Where the run's warnings go (the CLI's `output`, see src/output.ts). */
  readonly logger: Logger;
}

/** What the job of `requirement` is given (without its work directory). */
function vendoredSettings(options: ExtractRunOptions, requirement: Requirement): Pick<JobSettings, 'vendored' | 'listedPackages'> {
  const mode = options.vendored ?? DEFAULT_VENDORED_MODE;
  if (mode === 'keep') return {};
  if (mode === 'drop') return { vendored: 'drop' };
  const listed = options.listedPackages ?? [requirement.key];
  return { vendored: 'canonical', listedPackages: [...new Set(listed)].sort() };
}

export function jobSettings(requirement: Requirement, options: ExtractRunOptions): JobSettings {
  return {
    requirement: requirement.spec,
    name: requirement.name,
    key: requirement.key,
    python: options.python,
    pipArgs: options.pipArgs,
    seed: options.seed,
    rewrites: options.rewrites,
    ...(options.augment ? { augment: options.augment } : {}),
    maxFileBytes: options.maxFileBytes,
    ...(options.maxFileCpuSeconds !== undefined ? { maxFileCpuSeconds: options.maxFileCpuSeconds } : {}),
    easyOperatorsOff: options.easyOperatorsOff,
    signatures: options.dedup || options.deferDedup === true,
    ...(options.bugPatterns === undefined ? {} : { bugPatterns: options.bugPatterns.path, bugPatternsSha256: options.bugPatterns.sha256, bugSource: options.bugPatterns.source }),
    // Only when set, so that the fingerprint of a run without them stays what it was.
    ...(options.exclude !== undefined && options.exclude.length > 0 ? { exclude: options.exclude } : {}),
    ...(options.noTests === true ? { noTests: true } : {}),
    ...vendoredSettings(options, requirement),
  };
}

function jobLimits(options: ExtractRunOptions): JobLimits {
  return { timeoutMs: options.timeoutMs, cpuTimeoutMs: options.cpuTimeoutMs ?? null };
}

function timeLimits(options: ExtractRunOptions): TimeLimits {
  return { wallMs: options.timeoutMs, cpuMs: options.cpuTimeoutMs ?? null };
}

export type { OutcomeRow };

export interface ExtractRunSummary {
  /** Requirements in this run (after sharding). */
  total: number;
  /** Packages run now. */
  ran: number;
  /** Packages an interrupted run had finished (staged, not yet committed), committed now without running them again. */
  staged: number;
  /** Packages skipped because the manifest already has them (done, or failed without --retry-failed). */
  resumed: number;
  /** Latest outcome of every requirement of this run, by outcome (resumed ones included). */
  outcomes: Record<Outcome, OutcomeRow>;
  /** Near-duplicate files dropped and their samples, over the same packages as `outcomes`. */
  nearDuplicates: { files: number; samples: number };
  /** The CPU time measured for the same packages (not part of the output: it differs from run to run). */
  cpu: CpuTotals;
  /** Manifest entries written by this run, in package-list order. */
  entries: ManifestEntry[];
  /** Every requirement of this run whose latest outcome is a failure (resumed ones included), in list order. */
  failed: FailedPackage[];
}

/** Runs the requirements into `outDir`, locked for the length of the run (io/out-lock.ts). */
export async function runExtract(requirements: readonly Requirement[], outDir: string, executor: PackageExecutor, options: ExtractRunOptions): Promise<ExtractRunSummary> {
  const listed = { ...options, listedPackages: options.listedPackages ?? requirements.map((r) => r.key) };
  return withOutLock(outDir, 'extract', () => runExtractLocked(requirements, outDir, executor, listed));
}

async function runExtractLocked(requirements: readonly Requirement[], outDir: string, executor: PackageExecutor, options: ExtractRunOptions): Promise<ExtractRunSummary> {
  await mkdir(outDir, { recursive: true });
  const workRoot = join(outDir, WORK_DIR);
  // The staged packages of an interrupted run stay (checked below); its scratch goes.
  await clearScratch(workRoot).catch((error: Error) => {
    throw new UserError(`cannot remove the work directory of an earlier run, ${workRoot}: ${error.message}`);
  });
  const previous = await readManifest(outDir);
  let progress: PackageProgress | null = null;
  const warn = (line: string): void => options.logger.log(line);

  const totals = emptyTotals();
  const { outcomes, nearDuplicates, cpu } = totals;
  const latest = new Map<string, ManifestEntry>();
  const count = (entry: ManifestEntry): void => {
    addToTotals(totals, entry);
    latest.set(entry.package, entry);
  };
  const complete = new Set<string>();
  for (const [key, entry] of previous) if (await isComplete(outDir, entry)) complete.add(key);
  const retried = (outcome: Outcome): boolean => options.retryFailed || (options.retry ?? []).includes(outcome);
  const todo: Requirement[] = [];
  for (const requirement of requirements) {
    const entry = previous.get(requirement.key);
    if (complete.has(requirement.key) || (entry !== undefined && entry.outcome !== 'ok' && !retried(entry.outcome))) count(entry!);
    else todo.push(requirement);
  }
  const staged = new Map<string, FinishedPackage>();
  for (const requirement of todo) {
    try {
      const ready = await loadStaged(workRoot, requirement, jobSettings(requirement, options), jobLimits(options));
      if (ready !== null) staged.set(requirement.key, ready);
    } catch (error) {
      if (!(error instanceof StagedRejected)) throw error;
      warn(`${error.message}; running ${requirement.key} again`);
    }
  }
  await sweepStaged(workRoot, new Set(staged.keys()));
  // Nothing to run (a finished OUT resumed): no need to load a possibly large index.
  const deferDedup = options.deferDedup === true;
  const dedup = options.dedup && !deferDedup && todo.length > 0 ? await loadNearDuplicates(outDir, previous, complete, warn) : null;

  const summary: ExtractRunSummary = { total: requirements.length, ran: todo.length - staged.size, staged: staged.size, resumed: requirements.length - todo.length, outcomes, nearDuplicates, cpu, entries: [], failed: [] };
  const resumed = Object.values(outcomes);
  progress = options.progress
    ? new PackageProgress({
        total: requirements.length,
        resumed: summary.resumed,
        resumedFailed: OUTCOMES.filter(isFailure).reduce((n, o) => n + outcomes[o].packages, 0),
        resumedSamples: resumed.reduce((n, row) => n + row.samples, 0),
      })
    : null;
  // While the display is on, warnings are drawn through it.
  const detach = progress === null ? undefined : options.logger.attach?.(progress);
  const commits = new InOrderCommits<FinishedPackage>(async (finished) => {
    if (deferDedup && finished.resultDir !== null) await keepDeferredSignatures(outDir, finished.entry.package, finished.resultDir);
    const finishedSamples = finished.entry.counts.samples;
    const entry = await commitPackage(finished, { outDir, dedup, warn });
    summary.entries.push(entry);
    count(entry);
    progress?.packageCommitted(entry, finishedSamples);
    const dropped = entry.counts.skipped[NEAR_DUPLICATE] ?? 0;
    if (dropped > 0) progress?.log(`extract: ${entry.package}: dropped ${dropped} near-duplicate file(s), ${entry.counts.nearDuplicateSamples ?? 0} samples`);
  });
  const limit = pLimit(Math.max(1, options.workers));
  try {
    await Promise.all(
      todo.map((requirement, position) => {
        const ready = staged.get(requirement.key);
        if (ready !== undefined) return void commits.finished(position, ready);
        return limit(async () => {
          // After a failed commit nothing more can be committed: do not start more jobs.
          if (commits.halted) return;
          progress?.packageStarted(requirement.key);
          const onPhase = progress === null ? undefined : (report: PhaseReport) => progress!.phase(requirement.key, report);
          const finished = await runOne(requirement, workRoot, executor, { ...options, dedup: options.dedup || deferDedup }, warn, onPhase);
          if (finished === null) return void commits.finished(position, null); // interrupted; the next run does it
          // Durable before it waits for its turn: an interrupt now loses only the jobs still running.
          const durable = await stagePackage(workRoot, finished, join(workRoot, FINISHED_DIR, requirement.key), jobSettings(requirement, options), jobLimits(options));
          progress?.packageDone(requirement.key, finished.entry.outcome, finished.entry.counts.samples, finished.entry.durationMs, finished.entry.cpuMs);
          commits.finished(position, durable);
        });
      }),
    );
    await commits.drained();
  } finally {
    progress?.finish();
    detach?.();
  }
  // Packages left staged (a position before them was interrupted) wait for the next run.
  const cleared = commits.committed === todo.length ? removeTree(workRoot) : clearScratch(workRoot);
  await cleared.catch((error: Error) => warn(`cannot remove ${workRoot}: ${error.message}`));
  const inListOrder = requirements.flatMap((requirement) => latest.get(requirement.key) ?? []);
  summary.failed = failuresOf(inListOrder);
  // An interrupted run exits while this would be written; the next run writes it.
  if (options.interrupted?.() !== true) await writeResolvedList(outDir, inListOrder);
  return summary;
}

/**
 * The near-duplicate index of OUT: the files of every package the manifest records as done. Warns
 * about done packages with samples that are not in it (extracted with --no-dedup).
 */
async function loadNearDuplicates(outDir: string, previous: Map<string, ManifestEntry>, complete: Set<string>, warn: (line: string) => void): Promise<NearDuplicates> {
  const { state, packages } = await NearDuplicates.load(outDir, (pkg) => complete.has(pkg));
  const missing = [...complete].filter((pkg) => !packages.has(pkg) && previous.get(pkg)!.counts.samples > 0);
  if (missing.length > 0) {
    warn(`${missing.length} package(s) in ${outDir} were extracted without near-duplicate detection (--no-dedup): their files are not in its index (${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', ...' : ''})`);
  }
  return state;
}

/**
 * Runs one package's job; null when it was interrupted. What the job hands back is copied into a
 * hand-back directory of the host's and checked there by the executor (job-result.ts); whatever goes wrong
 * with one package, including anything its install code forged, fails that package only.
 */
async function runOne(
  requirement: Requirement,
  workRoot: string,
  executor: PackageExecutor,
  options: ExtractRunOptions,
  warn: (line: string) => void,
  onPhase?: (report: PhaseReport) => void,
): Promise<FinishedPackage | null> {
  const started = Date.now();
  const workDir = join(workRoot, requirement.key);
  const resultDir = join(workRoot, FINISHED_DIR, requirement.key);
  const entry: ManifestEntry = {
    package: requirement.key,
    requirement: requirement.spec,
    ...(requirement.position === undefined ? {} : { position: requirement.position }),
    outcome: 'extract-failed',
    version: null,
    counts: emptyCounts(),
    output: null,
    outputBytes: 0,
    durationMs: 0,
    cpuMs: null,
    error: null,
  };
  let keep = false;
  try {
    await removeTree(workDir);
    await removeTree(resultDir);
    await mkdir(workDir, { recursive: true, mode: 0o700 });
    await mkdir(resultDir, { recursive: true, mode: 0o700 });
    const ran = await executor.run({ job: { ...jobSettings(requirement, options), workDir }, limits: timeLimits(options), handBack: packageHandBack(requirement.key, resultDir), onPhase });
    if (ran.kind === 'interrupted') return null;
    if (ran.cpuMs !== null) entry.cpuMs = Math.round(ran.cpuMs);
    if (ran.kind === 'timeout') {
      entry.outcome = 'timeout';
      entry.error = describeTimeout(ran, { wallOption: '--timeout', cpuOption: '--cpu-timeout' });
    } else if (ran.kind === 'crashed' || ran.kind === 'rejected') {
      entry.error = ran.error;
    } else {
      const { result } = ran;
      Object.assign(entry, { outcome: result.outcome, version: result.version, counts: result.counts, error: result.error, ...(result.installed === undefined ? {} : { installed: result.installed }) });
      if (result.outcome === 'ok' && result.output !== null) {
        // Keep only the checked copies of the output and its signatures until the commit.
        entry.output = result.output;
        keep = true;
      }
    }
  } catch (error) {
    Object.assign(entry, { outcome: 'extract-failed', version: null, counts: emptyCounts(), output: null });
    entry.error = error instanceof Error ? error.message : String(error);
    keep = false;
  } finally {
    await removeTree(workDir).catch((error: Error) => warn(`${requirement.key}: cannot remove ${workDir}: ${error.message}`));
    if (!keep) await removeTree(resultDir).catch((error: Error) => warn(`${requirement.key}: cannot remove ${resultDir}: ${error.message}`));
  }
  entry.durationMs = Date.now() - started;
  return { entry, resultDir: keep ? resultDir : null };
}

/** The end-of-run table: one row per outcome with packages and samples, then the failed packages with their reasons. */
export function formatOutcomeTable(summary: ExtractRunSummary): string {
  return formatTotals(summary) + formatFailures(summary.failed);
}
