/**
 * One source file → its samples, MessagePack-encoded, or the reason it gave none. Never throws for
 * bad input: a file that is too large, cannot be decoded or does not parse is a counted skip, and
 * an unexpected failure is reported with its message rather than ending the run.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { AnalysisTimeoutError, withCpuBudget } from '../graph/cpu-budget.js';
import { decodeSource, ParseError, SourceDecodeError } from '../python/index.js';
import { normalizeNewlines } from '../python/decode.js';
import type { CallResolver } from '../graph/calls/resolver.js';
import { MessagePackWriter } from '../io/msgpack-writer.js';
import { fileSamplesWithVariants } from './augment.js';
import { learnedRewrites, loadSeedingPatterns } from './seed-rewrites.js';
import type { LearnedRewrites } from './learned-rewrites.js';

/** `--bug-patterns`: the patterns file (read by each process once), its SHA-256, and where bugs come from. */
export interface BugPatternsSetting {
  readonly path: string;
  readonly sha256: string;
  readonly source: 'patterns' | 'both';
}

export interface ExtractFileJob {
  /** Where to read the file. */
  readonly absolutePath: string;
  /** `graph.path` of its samples. */
  readonly graphPath: string;
  readonly packageName: string;
  readonly packageVersion: string;
  readonly seed: number;
  readonly rewrites: number;
  readonly easyOperatorsOff: boolean;
  readonly maxFileBytes: number;
  /** CPU seconds the analysis of the file may take (null: unbounded); then it is skipped as `analysis-timeout`. */
  readonly maxFileCpuSeconds: number | null;
  /** Up to this many transformed variants per function (`--augment`; default 0: none). */
  readonly augment?: number;
  /** Learned bug seeding (`--bug-patterns`; absent: BugLab's scouts only). */
  readonly bugPatterns?: BugPatternsSetting;
}

export type SkipReason = 'too-large' | 'undecodable' | 'parse-error' | 'analysis-timeout' | 'internal-error';

export interface ExtractFileResult {
  readonly graphPath: string;
  readonly skipped: SkipReason | null;
  /** Why it was skipped, with line and column where they are known. */
  readonly message: string | null;
  /** The samples, each one complete MessagePack value, concatenated. */
  readonly data: Uint8Array;
  /** Byte length of each sample in `data`. */
  readonly sizes: readonly number[];
  readonly samples: number;
  readonly functions: number;
  readonly functionsBelowMinimum: number;
  /** Transformed variants of functions that gave samples (`augment`). */
  readonly augmentedFunctions: number;
  readonly skippedRewrites: number;
  readonly passErrors: readonly string[];
}

/** The result of a file that gave no samples, and why. */
export function skippedFile(graphPath: string, skipped: SkipReason, message: string): ExtractFileResult {
  return {
    graphPath,
    skipped,
    message,
    data: new Uint8Array(0),
    sizes: [],
    samples: 0,
    functions: 0,
    functionsBelowMinimum: 0,
    augmentedFunctions: 0,
    skippedRewrites: 0,
    passErrors: [],
  };
}

/** Extracts one file; `callResolver` is shared by the files of one worker (a fresh one if absent). */
export async function extractFile(job: ExtractFileJob, callResolver?: CallResolver): Promise<ExtractFileResult> {
  const skip = (skipped: SkipReason, message: string): ExtractFileResult => skippedFile(job.graphPath, skipped, message);
  try {
    const bytes = await readFile(job.absolutePath);
    if (bytes.length > job.maxFileBytes) return skip('too-large', `${bytes.length} bytes > --max-file-bytes ${job.maxFileBytes}`);
    let text: string;
    try {
      text = normalizeNewlines(decodeSource(bytes).text);
    } catch (error) {
      if (error instanceof SourceDecodeError) return skip('undecodable', error.message);
      throw error;
    }
    let learned: LearnedRewrites | undefined;
    if (job.bugPatterns !== undefined) {
      const { index } = await loadSeedingPatterns(job.bugPatterns.path, job.bugPatterns.sha256);
      learned = learnedRewrites(index, job.bugPatterns.source);
    }
    let result;
    try {
      result = withCpuBudget(job.maxFileCpuSeconds, () =>
        fileSamplesWithVariants(job.augment ?? 0, text, {
          path: job.graphPath,
          packageName: job.packageName,
          packageVersion: job.packageVersion,
          seed: job.seed,
          rewrites: job.rewrites,
          easyOperatorsOff: job.easyOperatorsOff,
          sourceSha256: createHash('sha256').update(bytes).digest('hex'),
          ...(callResolver !== undefined ? { callResolver } : {}),
          ...(learned === undefined ? {} : { learned }),
        }),
      );
    } catch (error) {
      if (error instanceof ParseError) return skip('parse-error', `${error.line}:${error.column}: ${error.reason}`);
      if (error instanceof AnalysisTimeoutError) return skip('analysis-timeout', error.message);
      throw error;
    }
    // All samples into one buffer (then one fresh copy, never a slice of Node's shared pool, so
    // that it can be transferred between threads).
    const writer = new MessagePackWriter();
    const sizes: number[] = [];
    let skippedRewrites = 0;
    for (const fn of result.functions) {
      skippedRewrites += fn.skippedRewrites.length;
      for (const sample of fn.samples) {
        const start = writer.length;
        writer.write(sample);
        sizes.push(writer.length - start);
      }
    }
    return {
      graphPath: job.graphPath,
      skipped: null,
      message: null,
      data: writer.bytes(),
      sizes,
      samples: sizes.length,
      functions: result.functions.length - result.augmentedFunctions,
      functionsBelowMinimum: result.functionsBelowMinimum,
      augmentedFunctions: result.augmentedFunctions,
      skippedRewrites,
      passErrors: result.passErrors.map((e) => `${e.pass}: ${e.message}`),
    };
  } catch (error) {
    return skip('internal-error', error instanceof Error ? error.message : String(error));
  }
}
