/**
 * `patterns eval --seeding`: how realistic learned bug seeding is, against BugLab's scouts.
 *
 * k-fold by repository as `patterns eval` (folds.ts): patterns are mined on the other folds and, for
 * each held-out real fix, its *fixed* function (the record's `after`, as a file) is seeded, by the
 * patterns (seed.ts) and by the scouts (the candidate rewrites `extract` draws from: easy operators
 * off). A proposal is the real bug when the function it gives equals the record's buggy function token
 * for token (tokens.ts).
 *
 * Figures, per side:
 *   recall        share of held-out fixes whose real bug is among the proposals
 *   hit_per_draw  mean over fixes of the share of proposals that are the real bug (the chance that one
 *                 bug drawn uniformly, as `extract` draws, is the real one); 0 for a fix without proposals
 *   proposals     mean number of proposals per fixed function
 *   kinds         distribution of the kinds (scouts) of seeded bugs: each function with proposals
 *                 weighs 1, spread evenly over its proposals; a pattern's kind is the scout of the
 *                 fixes it was mined from
 *   tvd           total variation distance, ½ Σ |kinds(k) − real(k)|, to the kinds of the real bugs
 *                 (the held-out records' scouts)
 */
import { FileAnalysis } from '../graph/analysis.js';
import { lineStarts } from '../graph/text.js';
import type { ReadFixRecord as FixRecord } from '../fixes/records.js';
import type { CstNode } from '../python/cst.js';
import { parseModule } from '../python/parser/index.js';
import { applyOp } from '../rewrite/apply.js';
import { collectCandidates } from '../rewrite/collect.js';
import type { RewriteOp } from '../rewrite/ops.js';
import { changedLines } from './baseline.js';
import { functionAsFile } from './eval.js';
import { crossValidate, prepareDistinct } from './folds.js';
import { minePatterns } from './mine.js';
import { seedBugs, seedingIndex } from './seed.js';
import { tokenSignature } from './tokens.js';

export interface SeedingSide {
  readonly recall: number;
  readonly hit_per_draw: number;
  readonly proposals: number;
  readonly tvd: number;
  readonly kinds: Readonly<Record<string, number>>;
}

export interface SeedingReport {
  readonly records: number;
  readonly patterns: SeedingSide;
  readonly scouts: SeedingSide;
  readonly real_kinds: Readonly<Record<string, number>>;
  readonly per_scout: Readonly<Record<string, { readonly records: number; readonly patterns_recall: number; readonly scouts_recall: number }>>;
}

/** One side's outcome on one fixed function. */
interface SideOutcome {
  readonly proposals: number;
  /** Proposals that give the real bug. */
  readonly hits: number;
  /** Proposals by kind. */
  readonly kinds: ReadonlyMap<string, number>;
}

export interface SeedingCase {
  readonly record: FixRecord;
  readonly fold: number;
  readonly patterns: SideOutcome;
  readonly scouts: SideOutcome;
}

export interface SeedingResult {
  readonly report: SeedingReport;
  readonly cases: readonly SeedingCase[];
  readonly errors: readonly string[];
}

interface Prepared {
  readonly record: FixRecord;
  readonly fixed: string;
  readonly module: CstNode;
  readonly starts: readonly number[];
  /** Tokens of the buggy function. */
  readonly expected: string;
  /** Lines of the fixed function a proposal must touch to give the buggy one. */
  readonly changed: { first: number; last: number };
}

function prepare(record: FixRecord, errors: string[]): Prepared | null {
  const fixed = functionAsFile(record.after, record.afterColumn);
  const buggy = functionAsFile(record.before, record.beforeColumn);
  let module: CstNode;
  try {
    module = parseModule(fixed);
  } catch (err) {
    errors.push(`${record.source}: "after" does not parse: ${(err as Error).message}`);
    return null;
  }
  let expected: string;
  let changed;
  try {
    expected = tokenSignature(buggy);
    changed = changedLines(fixed, buggy);
  } catch (err) {
    errors.push(`${record.source}: "before" does not tokenize: ${(err as Error).message}`);
    return null;
  }
  if (changed === null) {
    errors.push(`${record.source}: before and after do not differ (layout and comments aside), skipped`);
    return null;
  }
  return { record, fixed, module, starts: lineStarts(fixed), expected, changed };
}

/** Whether applying `op` (spanning `first..last`) to the fixed function gives the real bug. */
function givesBug(c: Prepared, op: RewriteOp, first: number, last: number): boolean {
  if (last < c.changed.first || first > c.changed.last) return false;
  try {
    return tokenSignature(applyOp(c.fixed, op, c.module, c.starts).text) === c.expected;
  } catch {
    return false;
  }
}

function count(kinds: Map<string, number>, kind: string): void {
  kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
}

function scoutSide(c: Prepared): SideOutcome {
  const analysis = new FileAnalysis(c.fixed, c.module, 'fixed.py');
  const kinds = new Map<string, number>();
  let hits = 0;
  let proposals = 0;
  for (const candidate of collectCandidates(analysis, { easyOperatorsOff: true })) {
    proposals++;
    count(kinds, candidate.scout);
    const span = candidate.anchor.range ?? candidate.op.range;
    const first = Math.min(span.start.line, candidate.op.range.start.line);
    const last = Math.max(span.end.line, candidate.op.range.end.line);
    if (givesBug(c, candidate.op, first, last)) hits++;
  }
  return { proposals, hits, kinds };
}

function patternSide(c: Prepared, index: ReturnType<typeof seedingIndex>): SideOutcome {
  const kinds = new Map<string, number>();
  let hits = 0;
  const bugs = seedBugs(c.module, c.fixed, c.starts, index);
  for (const bug of bugs) {
    count(kinds, bug.scout ?? 'unknown');
    if (givesBug(c, bug.op, bug.op.range.start.line, bug.op.range.end.line)) hits++;
  }
  return { proposals: bugs.length, hits, kinds };
}

function runFold(fold: number, train: readonly Prepared[], test: readonly Prepared[]): SeedingCase[] {
  const index = seedingIndex(minePatterns(train.map((c) => c.record)).file);
  return test.map((c) => ({ record: c.record, fold, patterns: patternSide(c, index), scouts: scoutSide(c) }));
}

/** The distribution of `weights` (normalised; keys sorted). */
function normalised(weights: ReadonlyMap<string, number>): Record<string, number> {
  let total = 0;
  for (const w of weights.values()) total += w;
  const out: Record<string, number> = {};
  for (const key of [...weights.keys()].sort()) out[key] = total === 0 ? 0 : weights.get(key)! / total;
  return out;
}

/** ½ Σ |p(k) − q(k)| over the kinds of either. */
export function totalVariation(p: Readonly<Record<string, number>>, q: Readonly<Record<string, number>>): number {
  let sum = 0;
  for (const key of new Set([...Object.keys(p), ...Object.keys(q)])) sum += Math.abs((p[key] ?? 0) - (q[key] ?? 0));
  return sum / 2;
}

function sideOf(cases: readonly SeedingCase[], side: 'patterns' | 'scouts', real: Readonly<Record<string, number>>): SeedingSide {
  const n = cases.length;
  const weights = new Map<string, number>();
  let recalled = 0;
  let hitPerDraw = 0;
  let proposals = 0;
  for (const c of cases) {
    const o = c[side];
    proposals += o.proposals;
    if (o.hits > 0) recalled++;
    if (o.proposals === 0) continue;
    hitPerDraw += o.hits / o.proposals;
    for (const [kind, k] of o.kinds) weights.set(kind, (weights.get(kind) ?? 0) + k / o.proposals);
  }
  const kinds = normalised(weights);
  return {
    recall: n === 0 ? 0 : recalled / n,
    hit_per_draw: n === 0 ? 0 : hitPerDraw / n,
    proposals: n === 0 ? 0 : proposals / n,
    tvd: totalVariation(kinds, real),
    kinds,
  };
}

export function seedingReportOf(cases: readonly SeedingCase[]): SeedingReport {
  const realWeights = new Map<string, number>();
  const byScout = new Map<string, SeedingCase[]>();
  for (const c of cases) {
    const scout = c.record.scout ?? 'unknown';
    count(realWeights, scout);
    const list = byScout.get(scout);
    if (list === undefined) byScout.set(scout, [c]);
    else list.push(c);
  }
  const real = normalised(realWeights);
  const per_scout: Record<string, { records: number; patterns_recall: number; scouts_recall: number }> = {};
  for (const scout of [...byScout.keys()].sort()) {
    const list = byScout.get(scout)!;
    per_scout[scout] = {
      records: list.length,
      patterns_recall: list.filter((c) => c.patterns.hits > 0).length / list.length,
      scouts_recall: list.filter((c) => c.scouts.hits > 0).length / list.length,
    };
  }
  return { records: cases.length, patterns: sideOf(cases, 'patterns', real), scouts: sideOf(cases, 'scouts', real), real_kinds: real, per_scout };
}

/** k-fold by repository over `records`. */
export function evaluateSeedingFolds(records: readonly FixRecord[], k: number, progress?: (message: string) => void): SeedingResult {
  const errors: string[] = [];
  const cases = crossValidate(prepareDistinct(records, errors, prepare), k, runFold, progress);
  return { report: seedingReportOf(cases), cases, errors };
}

/** A fixed split: mine on `train`, seed the fixed functions of `test`. */
export function evaluateSeedingSplit(train: readonly FixRecord[], test: readonly FixRecord[], progress?: (message: string) => void): SeedingResult {
  const errors: string[] = [];
  const cases = runFold(0, prepareDistinct(train, errors, prepare), prepareDistinct(test, errors, prepare));
  progress?.(`${train.length} training records, ${test.length} held out`);
  return { report: seedingReportOf(cases), cases, errors };
}

const percent = (x: number): string => `${(100 * x).toFixed(1)}%`;

/** Markdown tables: the two sides, then recall per scout, then the kinds beside the real ones. */
export function seedingTable(report: SeedingReport): string {
  let out =
    `| seeding (${report.records} held-out fixes) | recall | hit per draw | proposals per function | TVD of bug kinds |\n` +
    '|---|---:|---:|---:|---:|\n';
  for (const side of ['patterns', 'scouts'] as const) {
    const s = report[side];
    out += `| ${side} | ${percent(s.recall)} | ${percent(s.hit_per_draw)} | ${s.proposals.toFixed(1)} | ${s.tvd.toFixed(3)} |\n`;
  }
  out += '\n| scout | fixes | recall (patterns) | recall (scouts) | real kinds | seeded kinds (patterns) | seeded kinds (scouts) |\n|---|---:|---:|---:|---:|---:|---:|\n';
  const kinds = new Set([...Object.keys(report.real_kinds), ...Object.keys(report.patterns.kinds), ...Object.keys(report.scouts.kinds)]);
  for (const kind of [...kinds].sort()) {
    const s = report.per_scout[kind];
    const label = kind.replace(/RewriteScout$/, '');
    out += `| ${label} | ${s?.records ?? 0} | ${s === undefined ? '–' : percent(s.patterns_recall)} | ${s === undefined ? '–' : percent(s.scouts_recall)} | ${percent(report.real_kinds[kind] ?? 0)} | ${percent(report.patterns.kinds[kind] ?? 0)} | ${percent(report.scouts.kinds[kind] ?? 0)} |\n`;
  }
  return out;
}
