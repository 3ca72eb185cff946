/**
 * The canonical text form of a rewrite operation, as BugLab's `repr` writes it:
 * `ReplaceText(target='>=' @(57,15)->(57,16))`, `ArgSwap(idxs=0<->1 @(12,8)->(12,20))`.
 * PyPIBugs stores its fixes in this form, so `parseCanonicalOp` is its exact inverse.
 */
import type { CodeRange } from '../python/cst.js';
import { argSwap, replaceText, type RewriteOp } from './ops.js';
import { pythonStrRepr, readPythonStrLiteral } from './python-repr.js';

function rangeText(range: CodeRange): string {
  return `@(${range.start.line},${range.start.column})->(${range.end.line},${range.end.column})`;
}

export function canonicalText(op: RewriteOp): string {
  if (op.kind === 'ReplaceText') return `ReplaceText(target=${pythonStrRepr(op.replacement)} ${rangeText(op.range)})`;
  return `ArgSwap(idxs=${op.i}<->${op.j} ${rangeText(op.range)})`;
}

const RANGE_SUFFIX = /^ @\((\d+),(\d+)\)->\((\d+),(\d+)\)\)$/;
const ARG_SWAP = /^ArgSwap\(idxs=(\d+)<->(\d+)( @.*)$/s;
const REPLACE_PREFIX = 'ReplaceText(target=';

function parseRangeSuffix(suffix: string): CodeRange | null {
  const m = RANGE_SUFFIX.exec(suffix);
  if (m === null) return null;
  return {
    start: { line: Number(m[1]), column: Number(m[2]) },
    end: { line: Number(m[3]), column: Number(m[4]) },
  };
}

/** The operation that `text` (a canonical text form) describes, or null if it is not one. */
export function tryParseCanonicalOp(text: string): RewriteOp | null {
  if (text.startsWith(REPLACE_PREFIX)) {
    const literal = readPythonStrLiteral(text, REPLACE_PREFIX.length);
    if (literal === null) return null;
    const range = parseRangeSuffix(text.slice(literal.end));
    return range === null ? null : replaceText(range, literal.value);
  }
  const m = ARG_SWAP.exec(text);
  if (m === null) return null;
  const range = parseRangeSuffix(m[3]!);
  return range === null ? null : argSwap(range, Number(m[1]), Number(m[2]));
}

export function parseCanonicalOp(text: string): RewriteOp {
  const op = tryParseCanonicalOp(text);
  if (op === null) throw new Error(`not a canonical rewrite operation: ${JSON.stringify(text)}`);
  return op;
}
