/**
 * What one changed file of one commit is, for `bugmine mine`: the two versions are parsed and
 * diffed, and the change is
 *
 * - `single-rewrite`: the whole change (token-wise: layout and comments aside) is exactly what one
 *   candidate rewrite of BugLab's scouts (all operators on) gives when applied to the before file;
 * - `small-edit`: otherwise, an edit script of at most `maxActions` actions inside one function;
 * - `other`, with the reason: no code change, a change outside functions or across several, too
 *   many actions.
 */
import { findFunctions, type FoundFunction } from '../graph/functions.js';
import { FileAnalysis } from '../graph/analysis.js';
import { lineStarts } from '../graph/text.js';
import type { CodeRange, CstNode } from '../python/cst.js';
import { applyOp } from '../rewrite/apply.js';
import { collectFunctionCandidates } from '../rewrite/collect.js';
import type { RewriteOp } from '../rewrite/ops.js';
import { offsetOf } from '../rewrite/text-positions.js';
import { buildDiffTree, diffTrees, type SubtreeInterner, type DiffNode, type DiffTree, type EditAction, type TreeDiff } from '../diff/index.js';
import { parseFunctionText } from '../diff/function-source.js';

export type OtherReason = 'no-code-change' | 'outside-function' | 'several-functions' | 'function-added-or-removed' | 'too-many-actions';

export interface ChangedFunction {
  /** Qualified name: enclosing classes and the function, joined by `.`. */
  readonly name: string;
  readonly before: string;
  readonly after: string;
  readonly beforeRange: CodeRange;
  readonly afterRange: CodeRange;
  /** The edit script between the two functions (node ids of the functions' own diff trees). */
  readonly edit: EditAction[];
}

export type FileClass =
  | { readonly kind: 'single-rewrite'; readonly op: RewriteOp; readonly scout: string; readonly fn: ChangedFunction; readonly repairedText: string }
  | { readonly kind: 'small-edit'; readonly fn: ChangedFunction }
  | { readonly kind: 'other'; readonly reason: OtherReason; readonly actions: number };

export interface ClassifyOptions {
  readonly maxActions: number;
}

/** A file change with more actions than this is neither a rewrite nor a small edit: its candidates are not tried. */
const REWRITE_ACTION_LIMIT = 64;

function outermostFunction(node: DiffNode | null): DiffNode | null {
  let found: DiffNode | null = null;
  for (let n = node; n !== null; n = n.parent) if (n.type === 'FunctionDef') found = n;
  return found;
}

function outermostFunctions(tree: DiffTree): DiffNode[] {
  const found: DiffNode[] = [];
  const visit = (n: DiffNode): void => {
    if (n.type === 'FunctionDef') {
      found.push(n);
      return;
    }
    for (const c of n.children) visit(c);
  };
  visit(tree.root);
  return found;
}

/** The outermost functions of `tree` without an isomorphic outermost function in `other` (as multisets). */
function unmatchedFunctions(tree: DiffTree, other: DiffTree): DiffNode[] {
  const available = new Map<number, number>();
  for (const f of outermostFunctions(other)) available.set(f.hash, (available.get(f.hash) ?? 0) + 1);
  const unmatched: DiffNode[] = [];
  for (const f of outermostFunctions(tree)) {
    const n = available.get(f.hash) ?? 0;
    if (n > 0) available.set(f.hash, n - 1);
    else unmatched.push(f);
  }
  return unmatched;
}

function qualifiedName(fn: DiffNode): string {
  const parts: string[] = [];
  for (let n: DiffNode | null = fn; n !== null; n = n.parent) {
    if (n.type === 'FunctionDef' || n.type === 'ClassDef') {
      const name = n.cst['name'] as CstNode | undefined;
      parts.push(typeof name?.['value'] === 'string' ? (name['value'] as string) : '?');
    }
  }
  return parts.reverse().join('.');
}

/** The one pair of outermost functions that every action lies in, or why there is none. */
function changedFunctionPair(diff: TreeDiff): { before: DiffNode; after: DiffNode } | OtherReason {
  const { before, after, mappings } = diff;
  let fnBefore: DiffNode | null | undefined;
  let fnAfter: DiffNode | null | undefined;
  const seeBefore = (n: DiffNode): void => {
    const f = outermostFunction(n);
    fnBefore = fnBefore === undefined || fnBefore === f ? f : null;
    if (f === null) fnBefore = null;
  };
  const seeAfter = (n: DiffNode): void => {
    const f = outermostFunction(n);
    fnAfter = fnAfter === undefined || fnAfter === f ? f : null;
    if (f === null) fnAfter = null;
  };
  let outside = false;
  const nodeOf = (tree: DiffTree, ref: string): DiffNode | null => tree.nodes[Number(ref.slice(1))] ?? null;
  for (const action of diff.actions) {
    const side = action.node[0];
    const node = side === 'b' ? nodeOf(before, action.node) : nodeOf(after, action.node);
    if (node === null) return 'outside-function';
    if (side === 'b') {
      seeBefore(node);
      const partner = mappings.dstOf(node);
      if (partner !== null) seeAfter(partner);
    } else {
      seeAfter(node);
    }
    if (outermostFunction(node) === null) outside = true;
  }
  if (outside || fnBefore === undefined || fnAfter === undefined) return 'outside-function';
  if (fnBefore === null || fnAfter === null || mappings.dstOf(fnBefore) !== fnAfter) return 'several-functions';
  return { before: fnBefore, after: fnAfter };
}

/** Whether the two functions' decorators are equal (token-wise). */
function sameDecorators(a: DiffNode, b: DiffNode): boolean {
  const da = a.children.filter((c) => c.field === 'decorators');
  const db = b.children.filter((c) => c.field === 'decorators');
  return da.length === db.length && da.every((d, i) => d.hash === db[i]!.hash);
}

/** The lines of the before file that the script touches (deleted, updated, moved nodes; parents of insertions). */
function changedLines(diff: TreeDiff): { first: number; last: number } | null {
  let first = Infinity;
  let last = -Infinity;
  const see = (range: CodeRange | null): void => {
    if (range === null) return;
    first = Math.min(first, range.start.line);
    last = Math.max(last, range.end.line);
  };
  for (const action of diff.actions) {
    if (action.kind === 'insert') {
      if (action.parent.startsWith('b')) see(diff.before.nodes[Number(action.parent.slice(1))]?.range ?? null);
    } else {
      see(action.beforeRange);
    }
  }
  return first === Infinity ? null : { first, last };
}

function sliceRange(text: string, starts: readonly number[], range: CodeRange): string {
  return text.slice(offsetOf(text, starts, range.start), offsetOf(text, starts, range.end));
}

/** The function's range as BugLab's function finder gives it (from `def`/`async`, decorators excluded). */
function foundRange(functions: readonly FoundFunction[], node: CstNode): CodeRange {
  return functions.find((f) => f.node === node)?.range ?? node.range!;
}

/**
 * Classifies the change from `before` to `after` (texts newline-normalised). Trees may be shared
 * between calls (a blob is the after side of one commit and the before side of a later one).
 */
export interface ParsedVersion {
  readonly text: string;
  readonly module: CstNode;
  /** The module's diff tree, built with the interner given to `classifyChange`. */
  readonly tree: DiffTree;
}

export function classifyChange(before: ParsedVersion, after: ParsedVersion, path: string, options: ClassifyOptions, interner: SubtreeInterner): FileClass {
  const { text: beforeText, module: beforeModule, tree: beforeTree } = before;
  const { text: afterText, module: afterModule, tree: afterTree } = after;
  if (beforeTree.root.hash === afterTree.root.hash) return { kind: 'other', reason: 'no-code-change', actions: 0 };
  // Cheap first: the outermost functions that have no equal on the other side. A change of one
  // function needs exactly one on each side; anything else is known without diffing the file.
  const changedBefore = unmatchedFunctions(beforeTree, afterTree);
  const changedAfter = unmatchedFunctions(afterTree, beforeTree);
  if (changedBefore.length > 1 || changedAfter.length > 1) return { kind: 'other', reason: 'several-functions', actions: 0 };
  if (changedBefore.length !== changedAfter.length) return { kind: 'other', reason: 'function-added-or-removed', actions: 0 };
  if (changedBefore.length === 0) return { kind: 'other', reason: 'outside-function', actions: 0 };
  const diff = diffTrees(beforeTree, afterTree);
  const count = diff.actions.length;
  if (count > Math.max(REWRITE_ACTION_LIMIT, options.maxActions)) return { kind: 'other', reason: 'too-many-actions', actions: count };
  const pair = changedFunctionPair(diff);
  if (typeof pair === 'string') return { kind: 'other', reason: pair, actions: count };

  const beforeStarts = lineStarts(beforeText);
  const afterStarts = lineStarts(afterText);
  const beforeRange = foundRange(findFunctions(beforeModule), pair.before.cst);
  const afterRange = foundRange(findFunctions(afterModule), pair.after.cst);
  const functionDiff = (): ChangedFunction => {
    const fnDiff = diffTrees(buildDiffTree(pair.before.cst, interner), buildDiffTree(pair.after.cst, interner));
    return {
      name: qualifiedName(pair.before),
      before: sliceRange(beforeText, beforeStarts, beforeRange),
      after: sliceRange(afterText, afterStarts, afterRange),
      beforeRange,
      afterRange,
      edit: fnDiff.actions,
    };
  };

  const rewrite = sameDecorators(pair.before, pair.after)
    ? findRewrite(beforeModule, beforeText, beforeStarts, pair.before, sliceRange(afterText, afterStarts, afterRange), afterRange, path, interner, changedLines(diff))
    : null;
  if (rewrite !== null) return { kind: 'single-rewrite', ...rewrite, fn: functionDiff() };
  if (count <= options.maxActions) return { kind: 'small-edit', fn: functionDiff() };
  return { kind: 'other', reason: 'too-many-actions', actions: count };
}

/**
 * The first candidate rewrite (BugLab's order) of the before function that turns it into the after
 * function. Only the function is re-parsed per candidate: the rest of the file is equal on both
 * sides (every action lies inside the function).
 */
function findRewrite(
  module: CstNode,
  text: string,
  starts: readonly number[],
  fnBefore: DiffNode,
  afterFunctionText: string,
  afterRange: CodeRange,
  path: string,
  interner: SubtreeInterner,
  lines: { first: number; last: number } | null,
): { op: RewriteOp; scout: string; repairedText: string } | null {
  if (lines === null) return null;
  // Compared as parsed from `def` on (decorators, equal on both sides, are outside the text).
  const target = buildDiffTree(parseFunctionText(afterFunctionText, afterRange.start), interner).root.hash;
  const file = new FileAnalysis(text, module, path);
  const functionNode = fnBefore.cst;
  const range = functionNode.range!;
  const from = offsetOf(text, starts, range.start);
  const to = offsetOf(text, starts, range.end);
  for (const candidate of collectFunctionCandidates(file, functionNode)) {
    // Only candidates at the change can be it: re-parsing the function for every other is the cost.
    const span = candidate.anchor.range ?? candidate.op.range;
    const first = Math.min(span.start.line, candidate.op.range.start.line);
    const last = Math.max(span.end.line, candidate.op.range.end.line);
    if (last < lines.first || first > lines.last) continue;
    let repaired: string;
    try {
      repaired = applyOp(text, candidate.op, functionNode, starts).text;
    } catch {
      continue;
    }
    const functionText = repaired.slice(from, to + repaired.length - text.length);
    let rewritten: CstNode;
    try {
      rewritten = parseFunctionText(functionText, range.start);
    } catch {
      continue;
    }
    if (buildDiffTree(rewritten, interner).root.hash === target) return { op: candidate.op, scout: candidate.scout, repairedText: repaired };
  }
  return null;
}
