/**
 * `patterns eval`: how often mined patterns suggest the human fix of a bug they were not mined from.
 *
 * k-fold by repository (folds.ts: every record of a repository in one fold): for each fold, patterns
 * are mined on the other folds, and for each held-out record its buggy function (the record's
 * `before`, as a file) gets ranked suggestions, once with the fix's line given (the first line whose
 * tokens the fix changes) and once without. A
 * suggestion is right when its whole file equals the record's fixed function token for token
 * (tokens.ts: comments and layout aside). The same records are ranked by the no-learning baseline
 * (baseline.ts), its counts taken from the same training folds.
 *
 * Figures, as fractions of the held-out records: coverage (at least one suggestion), top-1, top-5
 * (the right fix among the first 1 / 5), MRR (mean of 1/rank of the right fix, 0 when absent).
 */
import type { CstNode } from '../python/cst.js';
import { parseModule } from '../python/parser/index.js';
import { type BaselineCandidate, baselineCandidates, changedLines, fixingKind, rankBaseline } from './baseline.js';
import { crossValidate, prepareDistinct } from './folds.js';
import { minePatterns } from './mine.js';
import type { ReadFixRecord as FixRecord } from '../fixes/records.js';
import type { ReferenceCorpus } from './reference.js';
import { withReference } from './reference.js';
import { indexPatterns, type Suggestion, suggestFixesAt } from './suggest.js';
import { tokenSignature } from './tokens.js';

export interface Figures {
  readonly top1: number;
  readonly top5: number;
  readonly coverage: number;
  readonly mrr: number;
}

export interface LineFigures {
  readonly with_line: Figures;
  readonly without_line: Figures;
}

export interface ScoutFigures {
  /** Held-out records of this scout. */
  readonly records: number;
  readonly overall: LineFigures;
  readonly baseline: LineFigures;
}

/** `patterns eval --json`: the shape. */
export interface EvalReport {
  readonly overall: LineFigures;
  readonly baseline: LineFigures;
  readonly per_scout: Readonly<Record<string, ScoutFigures>>;
}

/** A held-out record's outcome: the rank (1-based) of the right fix, null when absent, and whether anything was suggested. */
export interface Outcome {
  readonly rank: number | null;
  readonly suggested: boolean;
}

export interface CaseResult {
  readonly record: FixRecord;
  readonly fold: number;
  readonly patterns: { readonly withLine: Outcome; readonly withoutLine: Outcome };
  readonly baseline: { readonly withLine: Outcome; readonly withoutLine: Outcome };
}

export interface EvalResult {
  readonly report: EvalReport;
  readonly cases: readonly CaseResult[];
  /** Records left out (`SOURCE: reason`). */
  readonly errors: readonly string[];
}

/** A record prepared for evaluation: its buggy function as a parsed file, the fix line and the expected tokens. */
interface Case {
  readonly record: FixRecord;
  readonly module: CstNode;
  readonly line: number;
  readonly expected: string;
  readonly candidates: readonly BaselineCandidate[];
  /** The baseline kind of its own fix (null: no single candidate rewrite gives it). */
  readonly kind: string | null;
}

/** A record's function as a whole file: a method (column > 0) inside a one-line class, at its column. */
export function functionAsFile(text: string, column: number): string {
  return column === 0 ? `${text}\n` : `class _:\n${' '.repeat(column)}${text}\n`;
}

function prepare(record: FixRecord, errors: string[]): Case | null {
  const source = functionAsFile(record.before, record.beforeColumn);
  let module: CstNode;
  try {
    module = parseModule(source);
  } catch (err) {
    errors.push(`${record.source}: "before" does not parse: ${(err as Error).message}`);
    return null;
  }
  const afterText = functionAsFile(record.after, record.afterColumn);
  let expected: string;
  try {
    expected = tokenSignature(afterText);
  } catch (err) {
    errors.push(`${record.source}: "after" does not tokenize: ${(err as Error).message}`);
    return null;
  }
  // The fix line, as a bug report would give it: the first line whose tokens the fix changes.
  const changed = changedLines(source, afterText);
  if (changed === null) {
    errors.push(`${record.source}: before and after do not differ (layout and comments aside), skipped`);
    return null;
  }
  const line = changed.first;
  const candidates = baselineCandidates(source, module, afterText);
  return { record, module, line, expected, candidates, kind: fixingKind(candidates) };
}

function outcomeOf(correct: readonly boolean[]): Outcome {
  const index = correct.indexOf(true);
  return { rank: index < 0 ? null : index + 1, suggested: correct.length > 0 };
}

export interface EvalOptions {
  /** Reference corpus for specificity (optional). */
  readonly reference?: ReferenceCorpus;
  /** Called after each fold. */
  readonly progress?: (message: string) => void;
  /** `patterns mine --context` of the mined patterns (default 0). */
  readonly context?: number;
}

/** One fold's run: mine on `train`, evaluate on `test`. */
function runFold(fold: number, train: readonly Case[], test: readonly Case[], options: EvalOptions): CaseResult[] {
  const mined = minePatterns(train.map((c) => c.record), { context: options.context ?? 0 });
  const file = options.reference === undefined ? mined.file : withReference(mined.file, options.reference.countsFor(mined.file));
  const index = indexPatterns(file);
  const counts = new Map<string, number>();
  for (const c of train) if (c.kind !== null) counts.set(c.kind, (counts.get(c.kind) ?? 0) + 1);
  const results: CaseResult[] = [];
  for (const c of test) {
    // Matching is the costly part and does not depend on the line: once per record for both rankings.
    const [withLine, withoutLine] = suggestFixesAt(c.module, index, [c.line, undefined]) as [Suggestion[], Suggestion[]];
    const correct = new Map<string, boolean>();
    const outcome = (found: readonly Suggestion[]): Outcome =>
      outcomeOf(
        found.map((s) => {
          let value = correct.get(s.text);
          if (value === undefined) correct.set(s.text, (value = tokenSignature(s.text) === c.expected));
          return value;
        }),
      );
    const baselineOutcome = (line: number | undefined): Outcome => outcomeOf(rankBaseline(c.candidates, counts, line).map((b) => b.correct));
    results.push({
      record: c.record,
      fold,
      patterns: { withLine: outcome(withLine), withoutLine: outcome(withoutLine) },
      baseline: { withLine: baselineOutcome(c.line), withoutLine: baselineOutcome(undefined) },
    });
  }
  return results;
}

function figures(outcomes: readonly Outcome[]): Figures {
  const n = outcomes.length;
  if (n === 0) return { top1: 0, top5: 0, coverage: 0, mrr: 0 };
  let top1 = 0;
  let top5 = 0;
  let coverage = 0;
  let mrr = 0;
  for (const o of outcomes) {
    if (o.suggested) coverage++;
    if (o.rank === null) continue;
    if (o.rank === 1) top1++;
    if (o.rank <= 5) top5++;
    mrr += 1 / o.rank;
  }
  return { top1: top1 / n, top5: top5 / n, coverage: coverage / n, mrr: mrr / n };
}

function lineFigures(cases: readonly CaseResult[], side: 'patterns' | 'baseline'): LineFigures {
  return { with_line: figures(cases.map((c) => c[side].withLine)), without_line: figures(cases.map((c) => c[side].withoutLine)) };
}

export function reportOf(cases: readonly CaseResult[]): EvalReport {
  const byScout = new Map<string, CaseResult[]>();
  for (const c of cases) {
    const scout = c.record.scout ?? 'unknown';
    const list = byScout.get(scout);
    if (list === undefined) byScout.set(scout, [c]);
    else list.push(c);
  }
  const per_scout: Record<string, ScoutFigures> = {};
  for (const scout of [...byScout.keys()].sort()) {
    const list = byScout.get(scout)!;
    per_scout[scout] = { records: list.length, overall: lineFigures(list, 'patterns'), baseline: lineFigures(list, 'baseline') };
  }
  return { overall: lineFigures(cases, 'patterns'), baseline: lineFigures(cases, 'baseline'), per_scout };
}

/** k-fold cross-validation by repository over `records`. */
export function evaluateFolds(records: readonly FixRecord[], k: number, options: EvalOptions = {}): EvalResult {
  const errors: string[] = [];
  const cases = prepareDistinct(records, errors, prepare);
  const results = crossValidate(cases, k, (fold, train, test) => runFold(fold, train, test, options), options.progress);
  return { report: reportOf(results), cases: results, errors };
}

/** A fixed split: mine on `train`, evaluate on `test`. */
export function evaluateSplit(train: readonly FixRecord[], test: readonly FixRecord[], options: EvalOptions = {}): EvalResult {
  const errors: string[] = [];
  const trainCases = prepareDistinct(train, errors, prepare);
  const testCases = prepareDistinct(test, errors, prepare);
  const results = runFold(0, trainCases, testCases, options);
  options.progress?.(`${trainCases.length} training records, ${testCases.length} held out`);
  return { report: reportOf(results), cases: results, errors };
}

const percent = (x: number): string => `${(100 * x).toFixed(1)}%`;

/** One Markdown table: overall and per scout, patterns and baseline, with and without the line. */
export function reportTable(report: EvalReport, heldOut: number): string {
  const header =
    '| records | ranking | top-1 (line) | top-5 (line) | coverage (line) | MRR (line) | top-1 | top-5 | coverage | MRR |\n' +
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n';
  const row = (label: string, ranking: string, f: LineFigures): string => {
    const w = f.with_line;
    const o = f.without_line;
    return `| ${label} | ${ranking} | ${percent(w.top1)} | ${percent(w.top5)} | ${percent(w.coverage)} | ${w.mrr.toFixed(3)} | ${percent(o.top1)} | ${percent(o.top5)} | ${percent(o.coverage)} | ${o.mrr.toFixed(3)} |\n`;
  };
  let out = header + row(`all (${heldOut})`, 'patterns', report.overall) + row(`all (${heldOut})`, 'baseline', report.baseline);
  for (const [scout, f] of Object.entries(report.per_scout)) {
    const label = `${scout.replace(/RewriteScout$/, '')} (${f.records})`;
    out += row(label, 'patterns', f.overall) + row(label, 'baseline', f.baseline);
  }
  return out;
}
