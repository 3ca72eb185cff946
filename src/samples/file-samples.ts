/**
 * The samples of one file, as BugLab's extractor makes them: for every outermost function with at
 * least `minCandidates` candidate rewrites, the function without bug, then up to `rewrites`
 * randomly chosen rewrites of it, each re-analysed and serialised with `target_fix_action_idx`
 * pointing at the rewrite's inverse among the rewritten function's own candidates.
 */
import { createHash } from 'node:crypto';
import { canonicalText } from '../rewrite/canonical.js';
import { CandidatesByRange } from '../rewrite/collect.js';
import { toSerializedRange, type SerializedRange } from '../graph/serialize.js';
import { BUGMINE_VERSION } from '../version.js';
import { AnalysisTimeoutError, checkCpuBudget } from '../graph/cpu-budget.js';
import type { CallResolver } from '../graph/calls/resolver.js';
import { analyseText, functionName, type AnalysedFile } from './analyse.js';
import { functionSample, type BugLabSample } from './function-sample.js';
import { Prng } from '../random/prng.js';
import { FunctionRewriter, type SkippedRewriteReason } from './rewritten-function.js';
import { type LearnedCandidate, type LearnedRewrites, withLearned } from './learned-rewrites.js';

export type { SkippedRewriteReason } from './rewritten-function.js';

export interface FileSampleOptions {
  /** `graph.path` of the samples. */
  readonly path: string;
  readonly packageName: string;
  readonly packageVersion: string;
  /** Seed of the rewrite choice (default 0). */
  readonly seed?: number;
  /** Rewrites per function (default 4). */
  readonly rewrites?: number;
  /** Functions with fewer candidates give no samples (default 6, as BugLab's extractor). */
  readonly minCandidates?: number;
  /** Keep functions below `minCandidates` too (for inspection and conformance). */
  readonly allFunctions?: boolean;
  /** Switch off the easy operators, as BugLab's package extractor does. */
  readonly easyOperatorsOff?: boolean;
  /** SHA-256 (hex) of the file's bytes, for provenance; computed from the text when absent. */
  readonly sourceSha256?: string;
  /** Only these outermost functions (by index) give samples (augmented variants, src/samples/augment.ts). */
  readonly onlyFunctions?: ReadonlySet<number>;
  /** Mixed into the key of the rewrite choice, so that a variant draws its own rewrites. */
  readonly choiceKey?: string;
  /** Candidates from learned bug patterns beside the scouts' (`--bug-patterns`; absent: BugLab's scouts only). */
  readonly learned?: LearnedRewrites;
  /** Resolves the calls (one per run, shared by its files; a fresh one per file if absent). */
  readonly callResolver?: CallResolver;
}

/** Keys BugLab's readers ignore: where a sample came from and how it was made. */
export interface SampleProvenance {
  source_sha256: string;
  bugmine_version: string;
  seed: number;
  /** Canonical text of the rewrite that introduced the bug; null for a sample without bug. */
  bug_rewrite: string | null;
  /** The learned pattern that seeded the bug (`--bug-patterns`; absent otherwise). */
  bug_pattern?: number;
}

export type ProvenancedSample = BugLabSample & { provenance: SampleProvenance };


export interface FunctionSamples {
  readonly name: string;
  readonly functionIndex: number;
  readonly codeRange: SerializedRange;
  /** Canonical text of every candidate of the function, in BugLab's order. */
  readonly candidates: readonly string[];
  /** The sample without bug, then the rewritten samples. */
  readonly samples: readonly ProvenancedSample[];
  /** Rewrites that gave no sample, as BugLab skips them (counted, not silently dropped). */
  readonly skippedRewrites: readonly { rewrite: string; reason: SkippedRewriteReason }[];
}

export interface FileSamples {
  readonly functions: readonly FunctionSamples[];
  /** Functions below `minCandidates` (left out unless `allFunctions`). */
  readonly functionsBelowMinimum: number;
  readonly passErrors: readonly { pass: string; message: string }[];
}

/** The samples of a file one function at a time, so that a caller can write each and let it go. */
export interface FileSampleStream {
  readonly passErrors: readonly { pass: string; message: string }[];
  /** Outermost functions in file order; iterate once. */
  readonly functions: Iterable<FunctionSamples>;
  /** Functions below `minCandidates` among those iterated so far (final once `functions` is done). */
  functionsBelowMinimum(): number;
}

/**
 * All samples of the file with (newline-normalised) `text`. Throws `ParseError` when the file does
 * not parse. Deterministic: the same text, options and seed give the same samples.
 */
export function fileSamples(text: string, options: FileSampleOptions): FileSamples {
  const stream = streamFileSamples(text, options);
  const functions = [...stream.functions];
  return { functions, functionsBelowMinimum: stream.functionsBelowMinimum(), passErrors: stream.passErrors };
}

/**
 * As `fileSamples`, but the functions' samples are made as they are iterated. The file is parsed and
 * analysed before this returns (a `ParseError` is thrown here, not during iteration).
 */
export function streamFileSamples(text: string, options: FileSampleOptions): FileSampleStream {
  const seed = options.seed ?? 0;
  const rewrites = options.rewrites ?? 4;
  const minCandidates = options.minCandidates ?? 6;
  const collect = { easyOperatorsOff: options.easyOperatorsOff ?? false };
  const analysed = analyseText(text, options.path, collect, options.callResolver);
  const sourceSha256 = options.sourceSha256 ?? createHash('sha256').update(text).digest('hex');
  const provenance = (bugRewrite: string | null, bugPattern: number | null = null): SampleProvenance => ({
    source_sha256: sourceSha256,
    bugmine_version: BUGMINE_VERSION,
    seed,
    bug_rewrite: bugRewrite,
    ...(bugPattern === null ? {} : { bug_pattern: bugPattern }),
  });
  const sampleOptions = { packageName: options.packageName, packageVersion: options.packageVersion };

  const rewriter = new FunctionRewriter(analysed, collect);
  const candidatesByRange = new CandidatesByRange(analysed.candidates);
  let functionsBelowMinimum = 0;
  function* functions(): Generator<FunctionSamples> {
    for (let functionIndex = 0; functionIndex < analysed.functions.length; functionIndex++) {
      if (options.onlyFunctions !== undefined && !options.onlyFunctions.has(functionIndex)) continue;
      const fn = analysed.functions[functionIndex]!;
      const name = functionName(fn.node);
      let made: FunctionSamples | null;
      try {
        made = samplesOfFunction(fn, functionIndex, name);
      } catch (error) {
        throw error instanceof AnalysisTimeoutError ? error.inFunction(name) : error;
      }
      if (made !== null) yield made;
    }
  }
  return { passErrors: analysed.passErrors, functions: functions(), functionsBelowMinimum: () => functionsBelowMinimum };

  function samplesOfFunction(fn: AnalysedFile['functions'][number], functionIndex: number, name: string): FunctionSamples | null {
    checkCpuBudget('the samples');
    const scoutCandidates = candidatesByRange.inRange(fn.range);
    const { learned } = options;
    const learnedCandidates = learned === undefined ? [] : learned.candidates(fn.node, analysed.source.text, analysed.source.lineStarts!);
    const candidates = learned === undefined ? scoutCandidates : withLearned(scoutCandidates, learnedCandidates);
    // The bugs are drawn from the whole list, or from the learned candidates alone.
    const pool: readonly (typeof candidates)[number][] = learned?.source === 'patterns' ? learnedCandidates : candidates;
    if (candidates.length < minCandidates) {
      functionsBelowMinimum++;
      if (!options.allFunctions) return null;
    }
    const samples: ProvenancedSample[] = [];
    const skippedRewrites: { rewrite: string; reason: SkippedRewriteReason }[] = [];
    const clean = functionSample(analysed.relations, analysed.source, fn.range, candidates, sampleOptions)!;
    samples.push({ ...clean, provenance: provenance(null) });

    const chosen = Prng.fromKey(`${seed}\0${options.path}\0${functionIndex}${options.choiceKey === undefined ? '' : `\0${options.choiceKey}`}`).sampleIndices(pool.length, rewrites);
    for (const index of chosen) {
      checkCpuBudget('a rewritten sample');
      const candidate = pool[index]!;
      const applied = rewriter.apply(fn.node, candidate.op);
      const pattern = isLearned(candidate) ? candidate.pattern : null;
      const result = rewriter.sample(fn.node, applied, sampleOptions, learned === undefined ? undefined : { learned, pattern });
      const rewrite = canonicalText(candidate.op);
      if ('reason' in result) skippedRewrites.push({ rewrite, reason: result.reason });
      else samples.push({ ...result.sample, provenance: provenance(rewrite, pattern) });
    }
    return {
      name,
      functionIndex,
      codeRange: toSerializedRange(fn.range),
      candidates: candidates.map((c) => canonicalText(c.op)),
      samples,
      skippedRewrites,
    };
  }
}

function isLearned(candidate: object): candidate is LearnedCandidate {
  return 'pattern' in candidate;
}
