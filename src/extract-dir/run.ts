/**
 * `extract-dir`: samples for every `.py` file under a directory, one output file per top-level
 * package or module (`graphs-<name>.msgpack.l.gz`), on a pool of worker threads.
 *
 * Output does not depend on the number of threads or on which file finishes first: files are
 * processed in sorted order within sorted groups and their samples are written in that order.
 */
import { join, relative, sep } from 'node:path';
import { listPythonFiles } from '../io/python-files.js';
import { SampleWriter } from '../io/writer.js';
import { Progress } from '../terminal/progress.js';
import { ThreadPool } from '../run/thread-pool.js';
import { DEFAULT_MAX_FILE_CPU_SECONDS } from '../graph/cpu-budget.js';
import { createCallResolver } from '../graph/passes/calls.js';
import type { EXCLUDED } from '../samples/file-exclusion.js';
import { type BugPatternsSetting, extractFile, skippedFile, type ExtractFileJob, type ExtractFileResult, type SkipReason } from '../samples/extract-file.js';

export interface ExtractDirOptions {
  /** Worker threads; 0 runs everything on the calling thread. */
  readonly workers: number;
  readonly seed: number;
  readonly rewrites: number;
  readonly easyOperatorsOff: boolean;
  readonly maxFileBytes: number;
  /** CPU seconds each file's analysis may take (default 60; null: unbounded). */
  readonly maxFileCpuSeconds?: number | null;
  /** Directories for call resolution (the source directory itself is searched first). */
  readonly pythonPath: readonly string[];
  /** `package_name` of all samples; default: the group's name. */
  readonly packageName?: string;
  readonly packageVersion: string;
  /** Put everything into one output file of this name instead of one per top-level entry. */
  readonly singleGroup?: string;
  /** Show progress (on stderr). */
  readonly progress?: boolean;
  /** Called after each file with the files done so far (a package job reports it to the host). */
  readonly onFileDone?: (done: number, total: number) => void;
  /**
   * Extract exactly these files (POSIX paths relative to the source directory, e.g. the `.py`
   * files of a distribution's RECORD) instead of every `.py` file under it.
   */
  readonly files?: readonly string[];
  /** Up to this many transformed variants per function (default 0: none; see src/samples/augment.ts). */
  readonly augment?: number;
  /** Learned bug seeding (`--bug-patterns`; absent: BugLab's scouts only). */
  readonly bugPatterns?: BugPatternsSetting;
  /**
   * Files to leave out before extraction: the reason to count them under in `skipped`, or null
   * to extract the file (`--exclude`, `--no-tests`; see src/samples/file-exclusion.ts). They count in `files`.
   */
  readonly leaveOut?: (graphPath: string) => LeaveOutReason | null;
}

/** Why a file was left out before extraction (`leaveOut`): `--exclude`/`--no-tests`, or a vendored copy (`--vendored`). */
export type LeaveOutReason = typeof EXCLUDED | 'vendored';

/** The skip reason of a directory the walk could not read (its files are not counted in `files`). */
export const UNREADABLE_DIRECTORY = 'unreadable-directory';

export interface ExtractDirSummary {
  files: number;
  /** Skipped files by reason, and unreadable directories under `unreadable-directory`. */
  skipped: Partial<Record<SkipReason | LeaveOutReason | typeof UNREADABLE_DIRECTORY, number>>;
  functions: number;
  functionsBelowMinimum: number;
  /** Transformed variants of functions that gave samples (`augment`). */
  augmentedFunctions: number;
  samples: number;
  skippedRewrites: number;
  outputs: { group: string; path: string; samples: number }[];
  /** One line per skipped file or failed relation pass: `path: reason: message`. */
  problems: string[];
}

interface SourceFile {
  readonly absolutePath: string;
  readonly graphPath: string;
  readonly group: string;
}

/** A directory the walk could not list (permissions, removed meanwhile): skipped, the walk goes on. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** File-name-safe group name: the top-level directory, or the module name of a top-level file. */
function groupOf(graphPath: string): string {
  const top = graphPath.split('/')[0]!;
  return (graphPath.includes('/') ? top : top.replace(/\.py$/, '')).replace(/[^A-Za-z0-9._-]/g, '_');
}

export function outputFileName(group: string): string {
  return `graphs-${group}.msgpack.l.gz`;
}

export async function extractDirectory(sourceDir: string, outDir: string, options: ExtractDirOptions): Promise<ExtractDirSummary> {
  const listing = options.files !== undefined ? { files: [], unreadableDirectories: [] } : await listPythonFiles(sourceDir);
  const graphPaths = options.files !== undefined ? [...options.files] : listing.files.map((absolutePath) => relative(sourceDir, absolutePath).split(sep).join('/'));
  const leftOut = new Map<LeaveOutReason, number>();
  const kept = options.leaveOut === undefined ? graphPaths : graphPaths.filter((graphPath) => {
    const reason = options.leaveOut!(graphPath);
    if (reason !== null) leftOut.set(reason, (leftOut.get(reason) ?? 0) + 1);
    return reason === null;
  });
  const files: SourceFile[] = kept.map((graphPath) => ({
    absolutePath: join(sourceDir, ...graphPath.split('/')),
    graphPath,
    group: options.singleGroup ?? groupOf(graphPath),
  }));
  files.sort((a, b) => compareStrings(a.group, b.group) || compareStrings(a.graphPath, b.graphPath));

  const summary: ExtractDirSummary = {
    files: graphPaths.length,
    skipped: Object.fromEntries(leftOut),
    functions: 0,
    functionsBelowMinimum: 0,
    augmentedFunctions: 0,
    samples: 0,
    skippedRewrites: 0,
    outputs: [],
    problems: [],
  };
  for (const dir of listing.unreadableDirectories) {
    summary.skipped[UNREADABLE_DIRECTORY] = (summary.skipped[UNREADABLE_DIRECTORY] ?? 0) + 1;
    summary.problems.push(`${dir.path}/: ${UNREADABLE_DIRECTORY}: ${dir.error}`);
  }
  const pythonPath = [sourceDir, ...options.pythonPath];
  const pool =
    options.workers > 0
      ? new ThreadPool<ExtractFileJob, ExtractFileResult>(new URL('./file-worker.js', import.meta.url), Math.min(options.workers, Math.max(1, files.length)), {
          workerData: { pythonPath },
        })
      : null;
  const callResolver = pool === null ? createCallResolver({ pythonPath }) : null;
  const run = (job: ExtractFileJob): Promise<ExtractFileResult> => (callResolver !== null ? extractFile(job, callResolver) : pool!.run(job));
  const progress = options.progress ? new Progress('extract-dir', files.length) : null;

  const start = (file: (typeof files)[number]): Promise<ExtractFileResult> =>
    run({
      absolutePath: file.absolutePath,
      graphPath: file.graphPath,
      packageName: options.packageName ?? file.group,
      packageVersion: options.packageVersion,
      seed: options.seed,
      rewrites: options.rewrites,
      easyOperatorsOff: options.easyOperatorsOff,
      maxFileBytes: options.maxFileBytes,
      maxFileCpuSeconds: options.maxFileCpuSeconds === undefined ? DEFAULT_MAX_FILE_CPU_SECONDS : options.maxFileCpuSeconds,
      ...(options.augment ? { augment: options.augment } : {}),
      ...(options.bugPatterns === undefined ? {} : { bugPatterns: options.bugPatterns }),
    }).catch((error: Error) => skippedFile(file.graphPath, 'internal-error', error.message));
  // Results are consumed in file order. A pool gets every job at once and queues them; in this
  // thread, files run one at a time as they are consumed: started together, they would all hold
  // their samples in memory at once and finish in no useful order for progress reports.
  const results = pool === null ? null : files.map(start);

  let writer: SampleWriter | null = null;
  let writerGroup: string | null = null;
  const finishGroup = async (): Promise<void> => {
    if (writer === null) return;
    await writer.close();
    summary.outputs.push({ group: writerGroup!, path: writer.target, samples: writer.count });
    writer = null;
  };
  try {
    for (let i = 0; i < files.length; i++) {
      const file = files[i]!;
      const result = await (results === null ? start(file) : results[i]!);
      progress?.fileDone(result.samples, result.skipped !== null);
      options.onFileDone?.(i + 1, files.length);
      record(summary, result);
      if (file.group !== writerGroup) {
        await finishGroup();
        writerGroup = file.group;
      }
      if (result.samples === 0) continue;
      writer ??= await SampleWriter.open(join(outDir, outputFileName(file.group)));
      let offset = 0;
      for (const size of result.sizes) {
        await writer.writeRaw(result.data.subarray(offset, offset + size));
        offset += size;
      }
    }
    await finishGroup();
  } catch (error) {
    await (writer as SampleWriter | null)?.abort();
    throw error;
  } finally {
    progress?.finish();
    await pool?.close();
  }
  return summary;
}

function record(summary: ExtractDirSummary, result: ExtractFileResult): void {
  summary.functions += result.functions;
  summary.functionsBelowMinimum += result.functionsBelowMinimum;
  summary.augmentedFunctions += result.augmentedFunctions;
  summary.samples += result.samples;
  summary.skippedRewrites += result.skippedRewrites;
  if (result.skipped !== null) {
    summary.skipped[result.skipped] = (summary.skipped[result.skipped] ?? 0) + 1;
    summary.problems.push(`${result.graphPath}: ${result.skipped}: ${result.message}`);
  }
  for (const passError of result.passErrors) summary.problems.push(`${result.graphPath}: relation pass failed: ${passError}`);
}
