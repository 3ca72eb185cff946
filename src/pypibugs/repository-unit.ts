/**
 * One unit of work: the lines of one repository, read from its clone, each turned into an exact
 * outcome and (when ok) the sample of the buggy function. The unit depends on nothing but the
 * reader and its arguments, so it can run in-process, in a worker thread or in a container that
 * mounts the clone cache read-only.
 */
import { createHash } from 'node:crypto';
import { rangeContains } from '../python/cst.js';
import { decodeSource, ParseError, SourceDecodeError } from '../python/index.js';
import { applyOp, type AppliedRewrite } from '../rewrite/apply.js';
import { canonicalText } from '../rewrite/canonical.js';
import { candidatesInRange } from '../rewrite/collect.js';
import type { CallResolver } from '../graph/calls/resolver.js';
import { analyseText, normalizeNewlines, type AnalysedFile } from '../samples/analyse.js';
import { functionSample, type BugLabSample } from '../samples/function-sample.js';
import { BUGMINE_VERSION } from '../version.js';
import type { RepositoryReader } from './git-reader.js';
import type { PypiBugsLine } from './lines.js';
import { ReadAheadReader } from './read-ahead.js';
import { verifyFix } from './verify.js';
import { AnalysisTimeoutError, DEFAULT_MAX_FILE_CPU_SECONDS, withCpuBudget } from '../graph/cpu-budget.js';

export const OUTCOMES = [
  'ok',
  'repo-unavailable',
  'commit-missing',
  'merge-commit',
  'file-missing',
  'parse-error',
  'rewrite-not-found',
  'outside-function',
  'fix-mismatch',
  'invalid-line',
  'duplicate',
  'duplicate-fix',
  'analysis-timeout',
] as const;
export type LineOutcome = (typeof OUTCOMES)[number];
/** Beyond the list: a bug of ours on one line, reported as such instead of as a wrong outcome. */
export type ResultOutcome = LineOutcome | 'internal-error';

export interface LineResult {
  readonly line: number;
  readonly key: string;
  readonly outcome: ResultOutcome;
  /** The fix, applied to the buggy file, gives the fixed file's text at the hunk. */
  readonly verified: boolean;
  readonly details?: string;
  /** Samples written for the line (1, or 2 with `fixed`; 0 unless ok). */
  readonly samples: number;
  /** Name of the function of the sample. */
  readonly function?: string;
}

/** Keys BugLab's readers ignore: where the sample came from. */
export interface PypiBugsProvenance {
  source_sha256: string;
  bugmine_version: string;
  pypibugs_line: number;
  /** Canonical text of the fix (the line's `rewrite`). */
  fix_rewrite: string;
  /** True for the `--fixed` sample (the function after the fix, without bug). */
  fixed: boolean;
}

export type PypiBugsSample = BugLabSample & { provenance: PypiBugsProvenance };

export interface UnitOptions {
  /** Also write the fixed function as a sample without bug. */
  readonly fixed?: boolean;
  /**
   * Commits the clone lacks and its remote did not serve (known from the fetch): their lines are
   * commit-missing without asking git, whose lazy fetch would try the remote again.
   */
  readonly absentCommits?: ReadonlySet<string>;
  /** CPU seconds the analysis of one file may take (null: unbounded; absent: the default, 60). */
  readonly maxFileCpuSeconds?: number | null;
  /** Resolves the calls of every file of the unit (a fresh one per file if absent). */
  readonly callResolver?: CallResolver;
}

export interface UnitResult {
  readonly results: LineResult[];
  readonly samples: PypiBugsSample[];
}

class LineFailure extends Error {
  constructor(
    readonly outcome: LineOutcome,
    details: string,
  ) {
    super(details);
  }
}

function decodeOrFail(bytes: Buffer, what: string, outcome: LineOutcome): string {
  try {
    return normalizeNewlines(decodeSource(bytes).text);
  } catch (error) {
    if (error instanceof SourceDecodeError) throw new LineFailure(outcome, `${what}: ${error.message}`);
    throw error;
  }
}

function analyseOrFail(text: string, path: string, what: string, outcome: LineOutcome, cpuSeconds: number | null, callResolver: CallResolver | undefined): AnalysedFile {
  try {
    return withCpuBudget(cpuSeconds, () => analyseText(text, path, {}, callResolver));
  } catch (error) {
    if (error instanceof ParseError) throw new LineFailure(outcome, `${what}:${error.line}:${error.column}: ${error.reason}`);
    if (error instanceof AnalysisTimeoutError) throw new LineFailure('analysis-timeout', `${what}: ${error.message}`);
    throw error;
  }
}

/** Processes the lines of one repository (all with the same `repo`), in order. */
export async function processRepository(gitReader: RepositoryReader, repo: string, lines: readonly PypiBugsLine[], options: UnitOptions = {}): Promise<UnitResult> {
  const results: LineResult[] = [];
  const samples: PypiBugsSample[] = [];
  const reader = new ReadAheadReader(gitReader);
  for (const line of lines) if (options.absentCommits?.has(line.hash) !== true) reader.startLine(line.hash, line.oldPath);
  for (const line of lines) {
    try {
      const made = await processLine(reader, repo, line, options);
      samples.push(...made.samples);
      results.push({ line: line.line, key: line.key, outcome: 'ok', verified: true, samples: made.samples.length, function: made.functionName });
    } catch (error) {
      const outcome = error instanceof LineFailure ? error.outcome : 'internal-error';
      const details = error instanceof LineFailure ? error.message : `internal error: ${error instanceof Error ? error.message : String(error)}`;
      results.push({ line: line.line, key: line.key, outcome, verified: false, details, samples: 0 });
    }
  }
  return { results, samples };
}

async function processLine(reader: RepositoryReader, repo: string, line: PypiBugsLine, options: UnitOptions): Promise<{ samples: PypiBugsSample[]; functionName: string }> {
  const parents = options.absentCommits?.has(line.hash) === true ? null : await reader.parents(line.hash);
  if (parents === null) throw new LineFailure('commit-missing', `commit ${line.hash} is not in the repository`);
  if (parents.length > 1) throw new LineFailure('merge-commit', `commit ${line.hash} has ${parents.length} parents`);
  if (parents.length === 0) throw new LineFailure('file-missing', `commit ${line.hash} has no parent (root commit)`);
  const parent = parents[0]!;

  const bytes = await reader.readFile(parent, line.oldPath);
  if (bytes === null) throw new LineFailure('file-missing', `${line.oldPath} does not exist at ${parent} (parent of ${line.hash})`);
  const text = decodeOrFail(bytes, line.oldPath, 'parse-error');
  const cpuSeconds = options.maxFileCpuSeconds === undefined ? DEFAULT_MAX_FILE_CPU_SECONDS : options.maxFileCpuSeconds;
  const analysed = analyseOrFail(text, line.oldPath, line.oldPath, 'parse-error', cpuSeconds, options.callResolver);

  const candidate = analysed.candidates.find((c) => canonicalText(c.op) === line.rewrite);
  if (candidate === undefined) throw new LineFailure('rewrite-not-found', `${line.rewrite} is not a candidate rewrite of ${line.oldPath} at ${parent}`);
  const fn = analysed.functions.find((f) => rangeContains(f.range, candidate.op.range));
  if (fn === undefined) throw new LineFailure('outside-function', `${line.rewrite} is a candidate outside every function`);
  const candidates = candidatesInRange(analysed.candidates, fn.range);
  const sampleOptions = { packageName: repo, packageVersion: line.hash };
  const buggy = functionSample(analysed.relations, analysed.source, fn.range, candidates, { ...sampleOptions, targetFix: line.op });
  // The candidate is inside the function, so it is among the function's candidates.
  if (buggy === null) throw new LineFailure('rewrite-not-found', `${line.rewrite} is not among the candidates of its function`);

  let repaired: AppliedRewrite;
  try {
    repaired = applyOp(text, line.op, analysed.module);
  } catch (error) {
    throw new LineFailure('fix-mismatch', `the fix cannot be applied: ${(error as Error).message}`);
  }
  const fixedPath = await reader.pathAfter(parent, line.hash, line.oldPath);
  if (fixedPath === null) throw new LineFailure('fix-mismatch', `${line.oldPath} is deleted by ${line.hash}`);
  const fixedBytes = await reader.readFile(line.hash, fixedPath);
  if (fixedBytes === null) throw new LineFailure('fix-mismatch', `${fixedPath} does not exist at ${line.hash}`);
  const fixedText = decodeOrFail(fixedBytes, `${fixedPath} at ${line.hash}`, 'fix-mismatch');
  const verification = verifyFix(text, repaired.text, fixedText, line.op, line.diff);
  if (!verification.verified) throw new LineFailure('fix-mismatch', verification.details);

  const provenance = (fixed: boolean, source: Buffer | string): PypiBugsProvenance => ({
    source_sha256: createHash('sha256').update(source).digest('hex'),
    bugmine_version: BUGMINE_VERSION,
    pypibugs_line: line.line,
    fix_rewrite: line.rewrite,
    fixed,
  });
  const samples: PypiBugsSample[] = [{ ...buggy, provenance: provenance(false, bytes) }];
  if (options.fixed) samples.push({ ...fixedSample(repaired, line, sampleOptions, cpuSeconds, options.callResolver), provenance: provenance(true, repaired.text) });
  return { samples, functionName: String((fn.node['name'] as { value: unknown }).value) };
}

/**
 * The function after the fix, without bug: the buggy file with the fix applied (not the file at the
 * fixing commit, which may carry unrelated changes), so that it differs from the buggy sample only
 * by the fix.
 */
function fixedSample(repaired: AppliedRewrite, line: PypiBugsLine, sampleOptions: { packageName: string; packageVersion: string }, cpuSeconds: number | null, callResolver: CallResolver | undefined): BugLabSample {
  const analysed = analyseOrFail(repaired.text, line.oldPath, `${line.oldPath} with the fix applied`, 'fix-mismatch', cpuSeconds, callResolver);
  const fn = analysed.functions.find((f) => rangeContains(f.range, repaired.revert.range));
  if (fn === undefined) throw new LineFailure('fix-mismatch', 'no function of the fixed file contains the fix');
  return functionSample(analysed.relations, analysed.source, fn.range, candidatesInRange(analysed.candidates, fn.range), sampleOptions)!;
}
