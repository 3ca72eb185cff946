/**
 * The no-learning baseline of `patterns eval`: BugLab's own candidate rewrites (the scouts of
 * src/rewrite, every operator on, as PyPIBugs used them) of the buggy function, ranked by how often
 * each kind of rewrite fixed bugs in the training records.
 *
 * A candidate's kind is its scout and, for the operator and literal scouts, the text it replaces and
 * its replacement (`ComparisonOperatorRewriteScout >→>=`); a variable-misuse or argument-swap
 * candidate's kind is its scout alone (the names swapped are not a kind). A training record counts
 * for the kind of the first candidate (BugLab's order) of its buggy function that gives its fixed
 * function token for token.
 *
 * Ranking: without a line, by count (descending), then BugLab's order; with the reported line, by
 * distance of the candidate's lines to it first (the rewrites at that location), then as without.
 * Candidates giving the same text are one suggestion (the best ranked).
 */
import { createHash } from 'node:crypto';
import { FileAnalysis } from '../graph/analysis.js';
import { lineStarts } from '../graph/text.js';
import type { CstNode } from '../python/cst.js';
import { applyOp } from '../rewrite/apply.js';
import { collectCandidates } from '../rewrite/collect.js';
import { significantTokenList, tokenKey, tokenSignature } from './tokens.js';

export interface BaselineCandidate {
  readonly kind: string;
  readonly scout: string;
  readonly firstLine: number;
  readonly lastLine: number;
  /** SHA-1 of the rewritten file (equal digests: the same suggestion). */
  readonly digest: string;
  /** Whether the rewritten file equals the expected fix token for token. */
  readonly correct: boolean;
}

/**
 * The lines of `before` whose tokens differ from `after`'s (between the common token prefix and
 * suffix); null when the tokens are equal. A rewrite that changes nothing on these lines cannot give
 * `after`, so only candidates there are compared token for token.
 */
export function changedLines(before: string, after: string): { first: number; last: number } | null {
  const a = significantTokenList(before);
  const b = significantTokenList(after);
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && tokenKey(a[prefix]!) === tokenKey(b[prefix]!)) prefix++;
  if (prefix === a.length && prefix === b.length) return null;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && tokenKey(a[a.length - 1 - suffix]!) === tokenKey(b[b.length - 1 - suffix]!)) suffix++;
  const from = a[Math.min(prefix, a.length - 1)] ?? a[a.length - 1];
  const to = a[Math.max(a.length - suffix - 1, prefix - 1, 0)];
  if (from === undefined || to === undefined) return null;
  return { first: Math.min(from.startLine, to.startLine), last: Math.max(from.endLine, to.endLine) };
}

const KIND_BY_SCOUT_ONLY = new Set(['VariableMisuseRewriteScout', 'ArgSwapRewriteScout']);

/** Every candidate rewrite of `module` (the parsed `text`), applied and compared with `expected` (the fixed file), in BugLab's order. */
export function baselineCandidates(text: string, module: CstNode, expected: string, path = 'buggy.py'): BaselineCandidate[] {
  const file = new FileAnalysis(text, module, path);
  const starts = lineStarts(text);
  const changed = changedLines(text, expected);
  const expectedTokens = tokenSignature(expected);
  const out: BaselineCandidate[] = [];
  for (const candidate of collectCandidates(file)) {
    let applied;
    try {
      applied = applyOp(text, candidate.op, module, starts);
    } catch {
      continue;
    }
    const span = candidate.anchor.range ?? candidate.op.range;
    const firstLine = Math.min(span.start.line, candidate.op.range.start.line);
    const lastLine = Math.max(span.end.line, candidate.op.range.end.line);
    let correct = false;
    if (changed !== null && firstLine <= changed.last && lastLine >= changed.first) {
      try {
        correct = tokenSignature(applied.text) === expectedTokens;
      } catch {
        correct = false;
      }
    }
    const replaced = applied.revert.kind === 'ReplaceText' ? applied.revert.replacement : '';
    const kind =
      KIND_BY_SCOUT_ONLY.has(candidate.scout) || candidate.op.kind !== 'ReplaceText' ? candidate.scout : `${candidate.scout} ${replaced}→${candidate.op.replacement}`;
    out.push({ kind, scout: candidate.scout, firstLine, lastLine, digest: createHash('sha1').update(applied.text).digest('base64'), correct });
  }
  return out;
}

/** The kind of the first correct candidate, or null. */
export function fixingKind(candidates: readonly BaselineCandidate[]): string | null {
  for (const c of candidates) if (c.correct) return c.kind;
  return null;
}

function distance(c: BaselineCandidate, line: number): number {
  return line < c.firstLine ? c.firstLine - line : line > c.lastLine ? line - c.lastLine : 0;
}

/** The candidates ranked (see the file comment), one per distinct text. */
export function rankBaseline(candidates: readonly BaselineCandidate[], counts: ReadonlyMap<string, number>, line?: number): BaselineCandidate[] {
  const order = candidates.map((c, i) => ({ c, i, count: counts.get(c.kind) ?? 0, d: line === undefined ? 0 : distance(c, line) }));
  order.sort((a, b) => a.d - b.d || b.count - a.count || a.i - b.i);
  const seen = new Set<string>();
  const out: BaselineCandidate[] = [];
  for (const { c } of order) {
    if (seen.has(c.digest)) continue;
    seen.add(c.digest);
    out.push(c);
  }
  return out;
}
