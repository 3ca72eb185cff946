/**
 * `bugmine extract`: runs the package job for every requirement (at most `workers` at once), moves
 * each complete output into OUT and appends its manifest line. Resumable: packages the manifest
 * records as `ok` with their output in place are skipped, and so are failed ones unless
 * `retryFailed`. Output files depend only on the package and the seed, never on scheduling.
 */
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import pLimit from 'p-limit';
import type { PackageExecutor } from '../run/local-executor.js';
import { appendManifest, emptyCounts, isComplete, OUTCOMES, readManifest, type ManifestEntry, type Outcome } from './manifest.js';
import { jobOutputDir } from './package-job.js';
import type { Requirement } from './package-list.js';
import { PackageProgress } from './progress.js';
import { outputFileName } from '../samples/extract-dir.js';

/** Scratch space of running jobs, inside OUT so that outputs are renamed, never copied. */
export const WORK_DIR = '.bugmine-work';

export interface ExtractRunOptions {
  readonly workers: number;
  readonly timeoutMs: number;
  readonly python: string;
  readonly pipArgs: readonly string[];
  readonly seed: number;
  readonly rewrites: number;
  readonly maxFileBytes: number;
  readonly easyOperatorsOff: boolean;
  readonly retryFailed: boolean;
  readonly progress: boolean;
}

export interface OutcomeRow {
  packages: number;
  samples: number;
}

export interface ExtractRunSummary {
  /** Requirements in this run (after sharding). */
  total: number;
  /** Packages run now. */
  ran: number;
  /** Packages skipped because the manifest already has them (done, or failed without --retry-failed). */
  resumed: number;
  /** Latest outcome of every requirement of this run, by outcome (resumed ones included). */
  outcomes: Record<Outcome, OutcomeRow>;
  /** Manifest entries written by this run. */
  entries: ManifestEntry[];
}

export async function runExtract(requirements: readonly Requirement[], outDir: string, executor: PackageExecutor, options: ExtractRunOptions): Promise<ExtractRunSummary> {
  await mkdir(outDir, { recursive: true });
  const workRoot = join(outDir, WORK_DIR);
  await rm(workRoot, { recursive: true, force: true });
  const previous = await readManifest(outDir);

  const outcomes = Object.fromEntries(OUTCOMES.map((o) => [o, { packages: 0, samples: 0 }])) as Record<Outcome, OutcomeRow>;
  const count = (entry: ManifestEntry): void => {
    outcomes[entry.outcome].packages++;
    outcomes[entry.outcome].samples += entry.counts.samples;
  };
  const todo: Requirement[] = [];
  for (const requirement of requirements) {
    const entry = previous.get(requirement.key);
    if ((await isComplete(outDir, entry)) || (entry !== undefined && entry.outcome !== 'ok' && !options.retryFailed)) count(entry!);
    else todo.push(requirement);
  }

  const summary: ExtractRunSummary = { total: requirements.length, ran: todo.length, resumed: requirements.length - todo.length, outcomes, entries: [] };
  const progress = options.progress ? new PackageProgress(todo.length) : null;
  let manifestWrites = Promise.resolve();
  const limit = pLimit(Math.max(1, options.workers));
  try {
    await Promise.all(
      todo.map((requirement) =>
        limit(async () => {
          const entry = await runOne(requirement, outDir, workRoot, executor, options);
          if (entry === null) return; // interrupted: the next run does it
          // Appends one at a time, so lines never interleave.
          manifestWrites = manifestWrites.then(() => appendManifest(outDir, entry));
          await manifestWrites;
          summary.entries.push(entry);
          count(entry);
          progress?.packageDone(requirement.key, entry.outcome, entry.counts.samples, entry.durationMs);
        }),
      ),
    );
  } finally {
    progress?.finish();
  }
  await rm(workRoot, { recursive: true, force: true });
  return summary;
}

async function runOne(requirement: Requirement, outDir: string, workRoot: string, executor: PackageExecutor, options: ExtractRunOptions): Promise<ManifestEntry | null> {
  const started = Date.now();
  const workDir = join(workRoot, requirement.key);
  await rm(workDir, { recursive: true, force: true });
  await mkdir(workDir, { recursive: true });
  const entry: ManifestEntry = {
    package: requirement.key,
    requirement: requirement.spec,
    outcome: 'extract-failed',
    version: null,
    counts: emptyCounts(),
    output: null,
    outputBytes: 0,
    durationMs: 0,
    error: null,
  };
  try {
    const ran = await executor.run(
      {
        requirement: requirement.spec,
        name: requirement.name,
        key: requirement.key,
        workDir,
        python: options.python,
        pipArgs: options.pipArgs,
        seed: options.seed,
        rewrites: options.rewrites,
        maxFileBytes: options.maxFileBytes,
        easyOperatorsOff: options.easyOperatorsOff,
      },
      options.timeoutMs,
    );
    if (ran.kind === 'interrupted') return null;
    if (ran.kind === 'timeout') {
      entry.outcome = 'timeout';
      entry.error = `no result after ${Math.round(options.timeoutMs / 1000)} s; killed`;
    } else if (ran.kind === 'crashed') {
      entry.error = ran.error;
    } else {
      const { result } = ran;
      Object.assign(entry, { outcome: result.outcome, version: result.version, counts: result.counts, error: result.error });
      const target = join(outDir, outputFileName(requirement.key));
      if (result.outcome === 'ok' && result.output !== null) {
        await rename(join(jobOutputDir(workDir), result.output), target);
        entry.output = result.output;
        entry.outputBytes = (await stat(target)).size;
      } else {
        // An output of an earlier run no longer belongs to this package's latest outcome.
        await rm(target, { force: true });
      }
    }
  } catch (error) {
    entry.outcome = 'extract-failed';
    entry.error = error instanceof Error ? error.message : String(error);
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
  entry.durationMs = Date.now() - started;
  return entry;
}

/** The end-of-run table: one row per outcome with packages and samples. */
export function formatOutcomeTable(summary: ExtractRunSummary): string {
  const rows = OUTCOMES.map((outcome) => [outcome, String(summary.outcomes[outcome].packages), String(summary.outcomes[outcome].samples)]);
  const totalPackages = OUTCOMES.reduce((n, o) => n + summary.outcomes[o].packages, 0);
  const totalSamples = OUTCOMES.reduce((n, o) => n + summary.outcomes[o].samples, 0);
  const table = [['outcome', 'packages', 'samples'], ...rows, ['total', String(totalPackages), String(totalSamples)]];
  const widths = [0, 1, 2].map((c) => Math.max(...table.map((row) => row[c]!.length)));
  return table.map((row) => `${row[0]!.padEnd(widths[0]!)}  ${row[1]!.padStart(widths[1]!)}  ${row[2]!.padStart(widths[2]!)}`).join('\n') + '\n';
}
