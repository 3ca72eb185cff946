/**
 * The two rewrite operations of BugLab: replacing the text of a one-line range, and swapping two
 * positional arguments of a call (identified by the range of the called expression).
 */
import type { CodeRange } from '../python/cst.js';

export interface ReplaceTextOp {
  readonly kind: 'ReplaceText';
  /** The replaced range; start and end lie on the same line. */
  readonly range: CodeRange;
  readonly replacement: string;
}

export interface ArgSwapOp {
  readonly kind: 'ArgSwap';
  /** The range of the call's `func` expression. */
  readonly range: CodeRange;
  /** Indices into the call's `args` (keyword arguments count), `i < j`. */
  readonly i: number;
  readonly j: number;
}

export type RewriteOp = ReplaceTextOp | ArgSwapOp;

export function codeRange(startLine: number, startColumn: number, endLine: number, endColumn: number): CodeRange {
  return { start: { line: startLine, column: startColumn }, end: { line: endLine, column: endColumn } };
}

export function replaceText(range: CodeRange, replacement: string): ReplaceTextOp {
  return { kind: 'ReplaceText', range, replacement };
}

export function argSwap(range: CodeRange, i: number, j: number): ArgSwapOp {
  return { kind: 'ArgSwap', range, i, j };
}

/** `candidate_rewrites` entry of the sample format: `[op_name, data]`. */
export function rewriteData(op: RewriteOp): ['ReplaceText', string] | ['ArgSwap', [number, number]] {
  return op.kind === 'ReplaceText' ? ['ReplaceText', op.replacement] : ['ArgSwap', [op.i, op.j]];
}

/** `candidate_rewrite_ranges` entry: `[[line, col], [line, col]]`. */
export function rangeData(op: RewriteOp): [[number, number], [number, number]] {
  return [
    [op.range.start.line, op.range.start.column],
    [op.range.end.line, op.range.end.column],
  ];
}

/**
 * Whether two operations are the same, as BugLab's frozen dataclasses compare (range and
 * replacement, or range and index pair): how a revert operation is found among the candidates of
 * the rewritten code.
 */
export function sameOp(a: RewriteOp, b: RewriteOp): boolean {
  const ra = a.range;
  const rb = b.range;
  if (
    ra.start.line !== rb.start.line ||
    ra.start.column !== rb.start.column ||
    ra.end.line !== rb.end.line ||
    ra.end.column !== rb.end.column
  ) {
    return false;
  }
  if (a.kind === 'ReplaceText') return b.kind === 'ReplaceText' && a.replacement === b.replacement;
  return b.kind === 'ArgSwap' && a.i === b.i && a.j === b.j;
}
