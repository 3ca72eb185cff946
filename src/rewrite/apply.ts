/**
 * Applying a rewrite operation to a file's text, as BugLab's rewrite methods do, returning the new
 * text and the operation that restores the original.
 */
import { comparePositions, isNode, type CodeRange, type CstNode } from '../python/cst.js';
import { type ArgSwapOp, type ReplaceTextOp, type RewriteOp, replaceText } from './ops.js';
import { lineStarts } from '../graph/text.js';
import { advanceCodePoints, codePointLength, lineEndOffset, lineStartOffset, offsetOf } from './text-positions.js';

export interface AppliedRewrite {
  readonly text: string;
  /** The operation that, applied to `text`, gives back the original. */
  readonly revert: RewriteOp;
}

/**
 * Replaces the code-point columns `[start, end)` of one line. Like BugLab's op, the columns are
 * sliced as Python slices (clamped to the line, `\n` included), and the revert range starts where the
 * original did and spans the replacement.
 */
export function applyReplaceText(text: string, op: ReplaceTextOp, starts?: readonly number[]): AppliedRewrite {
  const { start, end } = op.range;
  if (start.line !== end.line) throw new Error('Cannot replace text on multiple lines.');
  const lineStart = starts === undefined ? lineStartOffset(text, start.line) : lineStartIn(starts, text, start.line);
  if (lineStart === -1) throw new Error(`line ${start.line} is beyond the end of the text`);
  const lineEnd = lineEndOffset(text, lineStart);
  const from = advanceCodePoints(text, lineStart, lineEnd, start.column);
  const to = advanceCodePoints(text, lineStart, lineEnd, end.column);
  const replaced = from < to ? text.slice(from, to) : '';
  const revertRange: CodeRange = {
    start: { line: start.line, column: start.column },
    end: { line: start.line, column: start.column + codePointLength(op.replacement) },
  };
  return {
    text: text.slice(0, from) + op.replacement + text.slice(to),
    revert: replaceText(revertRange, replaced),
  };
}

/** `lineStartOffset` from known line starts. */
function lineStartIn(starts: readonly number[], text: string, line: number): number {
  const offset = starts[line - 1];
  return offset !== undefined && offset < text.length ? offset : -1;
}

function sameRange(a: CodeRange, b: CodeRange): boolean {
  return comparePositions(a.start, b.start) === 0 && comparePositions(a.end, b.end) === 0;
}

/** The `Call` whose called expression has exactly `range`. */
function findCall(module: CstNode, range: CodeRange): CstNode | null {
  const stack: CstNode[] = [module];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'Call') {
      const func = node['func'] as CstNode;
      if (func.range !== undefined && sameRange(func.range, range)) return node;
    }
    for (const key in node) {
      if (key === 'range' || key === 'type') continue;
      const value = node[key];
      if (Array.isArray(value)) {
        for (const item of value) if (isNode(item)) stack.push(item);
      } else if (isNode(value)) stack.push(value);
    }
  }
  return null;
}

/** The source range of an expression including its own parentheses. */
function parenthesizedRange(expression: CstNode): CodeRange {
  const lpar = expression['lpar'] as CstNode[] | undefined;
  const rpar = expression['rpar'] as CstNode[] | undefined;
  return {
    start: lpar !== undefined && lpar.length > 0 ? lpar[0]!.range!.start : expression.range!.start,
    end: rpar !== undefined && rpar.length > 0 ? rpar[rpar.length - 1]!.range!.end : expression.range!.end,
  };
}

/**
 * Swaps the values of two arguments of the call whose `func` has the op's range; everything else
 * (keywords, commas, whitespace) stays in place, as LibCST's `with_changes(value=...)` does. An
 * ArgSwap is its own inverse. `root` must be the parse of `text`, or a subtree of it holding the call.
 */
export function applyArgSwap(text: string, op: ArgSwapOp, root: CstNode, lineStartsOfText?: readonly number[]): AppliedRewrite {
  const call = findCall(root, op.range);
  if (call === null) throw new Error('The target target_range of the rewrite was not found.');
  const args = call['args'] as CstNode[];
  const first = args[Math.min(op.i, op.j)];
  const second = args[Math.max(op.i, op.j)];
  if (first === undefined || second === undefined) throw new Error(`call has no argument ${Math.max(op.i, op.j)}`);
  if (op.i === op.j) return { text, revert: op };
  const starts = lineStartsOfText ?? lineStarts(text);
  const a = parenthesizedRange(first['value'] as CstNode);
  const b = parenthesizedRange(second['value'] as CstNode);
  const aFrom = offsetOf(text, starts, a.start);
  const aTo = offsetOf(text, starts, a.end);
  const bFrom = offsetOf(text, starts, b.start);
  const bTo = offsetOf(text, starts, b.end);
  const swapped = text.slice(0, aFrom) + text.slice(bFrom, bTo) + text.slice(aTo, bFrom) + text.slice(aFrom, aTo) + text.slice(bTo);
  return { text: swapped, revert: op };
}

/**
 * Applies `op` to `text`. ArgSwap needs the parse of `text` (`root`: the module, or the subtree the
 * op lies in, e.g. its function); ReplaceText works on the text alone. `starts` (the line starts of
 * `text`) saves finding them again when many ops are applied to one text.
 */
export function applyOp(text: string, op: RewriteOp, root?: CstNode, starts?: readonly number[]): AppliedRewrite {
  if (op.kind === 'ReplaceText') return applyReplaceText(text, op, starts);
  if (root === undefined) throw new Error('applying an ArgSwap needs the parsed module of the text');
  return applyArgSwap(text, op, root, starts);
}
