/**
 * The concrete edit of a fix: the smallest pair of before/after subtrees that covers every change,
 * widened by context, as a leaf pattern (Getafix's starting point).
 *
 * The change is found by a top-down structural comparison of the two functions' CSTs (whitespace and
 * comments are not changes, tree.ts): descend while the two nodes have the same shape and exactly one
 * significant child position differs. This is the one place that knows how the change is found: a
 * tree differ's edit script can replace `changePath` without touching the rest (it must return the
 * same thing, the path of corresponding node pairs from the roots down to the smallest pair that
 * covers every edit).
 *
 * Context: level 0 is the enclosing statement (the nearest statement or clause on the path); each
 * `context` level more goes up to the next enclosing statement (a compound statement's header) and
 * keeps the previous/next sibling statements of the path in its block. Unchanged blocks and clauses
 * inside the context (an `if`'s body when only its test changed, other statements of a block) become
 * holes shared by both sides, so the context says where the fix applies without copying whole bodies.
 */
import type { CstNode } from '../python/cst.js';
import { makeHole } from './anti-unify.js';
import type { Pattern } from './anti-unify.js';
import { type HoleRole, rebuild, roleOf, sameShape, significantChildren, structurallyEqual } from './tree.js';

export const STATEMENT_TYPES = new Set([
  'SimpleStatementLine',
  'If',
  'For',
  'While',
  'With',
  'Try',
  'TryStar',
  'FunctionDef',
  'ClassDef',
  'Match',
  'MatchCase',
  'Else',
  'ExceptHandler',
  'ExceptStarHandler',
  'Finally',
]);

export interface PathStep {
  readonly before: CstNode;
  readonly after: CstNode;
  /** Index of this pair among the parent pair's significant children (-1 for the roots). */
  readonly index: number;
  readonly field: string | null;
}

/**
 * The pairs of corresponding nodes from the roots down to the smallest pair covering every change;
 * null when the two trees do not differ (up to whitespace and comments).
 */
export function changePath(before: CstNode, after: CstNode): PathStep[] | null {
  if (structurallyEqual(before, after)) return null;
  const path: PathStep[] = [{ before, after, index: -1, field: null }];
  let b = before;
  let a = after;
  for (;;) {
    if (!sameShape(b, a)) return path;
    const bs = significantChildren(b);
    const as = significantChildren(a);
    let differing = -1;
    for (let i = 0; i < bs.length; i++) {
      if (!structurallyEqual(bs[i]!.node, as[i]!.node)) {
        if (differing >= 0) return path;
        differing = i;
      }
    }
    if (differing < 0) return path; // only scalar-free shape equal but canon differs: cannot happen
    b = bs[differing]!.node;
    a = as[differing]!.node;
    path.push({ before: b, after: a, index: differing, field: bs[differing]!.field });
  }
}

export interface ConcreteEdit {
  /** Context roots (nodes of the parsed functions). */
  readonly before: CstNode;
  readonly after: CstNode;
  /** The smallest changed pair. */
  readonly changeBefore: CstNode;
  readonly changeAfter: CstNode;
  /** The context as a pattern: unchanged blocks generalised to shared holes. */
  readonly leaf: Pattern;
}

/** The concrete edit between two function CSTs; null when they do not differ. */
export function concreteEdit(before: CstNode, after: CstNode, context = 0): ConcreteEdit | null {
  const path = changePath(before, after);
  if (path === null) return null;
  const last = path.length - 1;
  let statement = last;
  while (statement > 0 && !STATEMENT_TYPES.has(path[statement]!.before.type)) statement--;
  let root = statement;
  for (let level = 0; level < context && root > 0; level++) {
    root--;
    while (root > 0 && !STATEMENT_TYPES.has(path[root]!.before.type)) root--;
  }
  const holeTypes: string[][] = [];
  const pair = (b: CstNode, _a: CstNode, role: HoleRole): [CstNode, CstNode] => {
    const hole = holeTypes.length;
    holeTypes.push([b.type]);
    const extra = { of: role === 'clause' ? b.type : undefined };
    return [makeHole(hole, role, extra), makeHole(hole, role, extra)];
  };
  // Walks the path from the context root, generalising the unchanged parts around it.
  const build = (j: number): [CstNode, CstNode] => {
    const step = path[j]!;
    if (j === last) return [step.before, step.after];
    const onPath = path[j + 1]!.index;
    const bs = significantChildren(step.before);
    const as = significantChildren(step.after);
    const outB: CstNode[] = [];
    const outA: CstNode[] = [];
    for (let i = 0; i < bs.length; i++) {
      const child = bs[i]!;
      let result: [CstNode, CstNode];
      if (i === onPath) result = build(j + 1);
      else if (j <= statement && (roleOf(child.node, child.field) === 'block' || roleOf(child.node, child.field) === 'clause')) {
        result = pair(child.node, as[i]!.node, roleOf(child.node, child.field));
      } else if (j < statement && step.before.type === 'IndentedBlock' && child.field === 'body' && Math.abs(i - onPath) > 1) {
        result = pair(child.node, as[i]!.node, 'stmt');
      } else result = [child.node, as[i]!.node];
      outB.push(result[0]);
      outA.push(result[1]);
    }
    return [rebuild(step.before, (_, i) => outB[i]!), rebuild(step.after, (_, i) => outA[i]!)];
  };
  const [leafBefore, leafAfter] = build(root);
  // Blank lines and comments above the context are not part of it.
  const strip = (n: CstNode): CstNode => (Array.isArray(n['leading_lines']) ? { ...n, leading_lines: [] } : n);
  return {
    before: path[root]!.before,
    after: path[root]!.after,
    changeBefore: path[last]!.before,
    changeAfter: path[last]!.after,
    leaf: { before: strip(leafBefore), after: strip(leafAfter), holeCount: holeTypes.length, holeTypes },
  };
}
