/**
 * Candidate rewrites from learned bug patterns (`extract --bug-patterns`), beside the scouts'. The
 * proposer is given from above (src/patterns/seed-rewrites.ts implements it), so the sample makers
 * do not depend on pattern mining.
 *
 * A learned candidate is a one-line `ReplaceText` with metadata `["LearnedPatternRewriteScout",
 * pattern id]`. A function's candidate list is the scouts' (BugLab's order) followed by the learned
 * ones that are not already in it (a learned edit equal to a scout's candidate is that candidate).
 * The sample of a learned bug targets its inverse, the edit that puts the original text back: when no
 * scout or learned candidate of the buggy function is that edit, it is appended as one more learned
 * candidate of the same pattern, so every learned bug has its fix among its candidates.
 */
import type { CodeRange, CstNode } from '../python/cst.js';
import { canonicalText } from '../rewrite/canonical.js';
import type { RewriteOp } from '../rewrite/ops.js';
import type { SampleCandidate } from './function-sample.js';

export const LEARNED_SCOUT = 'LearnedPatternRewriteScout';

/** Where the bugs of `extract` come from: the scouts (BugLab), learned patterns, or both. */
export type BugSource = 'scouts' | 'patterns' | 'both';
export const BUG_SOURCES: readonly BugSource[] = ['scouts', 'patterns', 'both'];

export interface LearnedCandidate extends SampleCandidate {
  /** The pattern that proposed it (also its metadata value). */
  readonly pattern: number;
}

export interface LearnedRewrites {
  /** `patterns`: bugs are drawn from the learned candidates only; `both`: from the whole list. */
  readonly source: 'patterns' | 'both';
  /** The learned candidates inside `functionDef`, a function of the file `text` (parsed with the file's positions). */
  candidates(functionDef: CstNode, text: string, lineStarts: readonly number[]): LearnedCandidate[];
  /** The node under `functionDef` a candidate over `range` is anchored at, or null when the range is not inside it. */
  anchor(functionDef: CstNode, range: CodeRange): CstNode | null;
}

/** A learned candidate of `pattern`: metadata `[LEARNED_SCOUT, pattern]`. */
export function learnedCandidate(op: RewriteOp, anchor: CstNode, pattern: number): LearnedCandidate {
  return { op, scout: LEARNED_SCOUT, anchor, metadata: null, metadataValue: pattern, pattern };
}

/** `scouts` followed by the `learned` candidates whose operation is not already in the list. */
export function withLearned<T extends SampleCandidate>(scouts: readonly T[], learned: readonly LearnedCandidate[]): (T | LearnedCandidate)[] {
  if (learned.length === 0) return [...scouts];
  const seen = new Set(scouts.map((c) => canonicalText(c.op)));
  const out: (T | LearnedCandidate)[] = [...scouts];
  for (const candidate of learned) {
    const key = canonicalText(candidate.op);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(candidate);
  }
  return out;
}

/**
 * The candidates of a buggy function made by learned `pattern`: its scout candidates, its learned
 * candidates, and the bug's inverse `revert` when it is neither (see the file comment).
 */
export function buggyCandidates<T extends SampleCandidate>(
  scouts: readonly T[],
  learned: LearnedRewrites,
  functionDef: CstNode,
  text: string,
  lineStarts: readonly number[],
  bug: { readonly revert: RewriteOp; readonly pattern: number | null },
): (T | LearnedCandidate)[] {
  const out = withLearned(scouts, learned.candidates(functionDef, text, lineStarts));
  if (bug.pattern === null) return out;
  const wanted = canonicalText(bug.revert);
  if (out.some((c) => canonicalText(c.op) === wanted)) return out;
  const anchor = learned.anchor(functionDef, bug.revert.range);
  if (anchor !== null) out.push(learnedCandidate(bug.revert, anchor, bug.pattern));
  return out;
}
