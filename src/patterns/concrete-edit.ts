/**
 * The concrete edit of a fix: the smallest pair of before/after subtrees that covers every change,
 * widened by context, as a leaf pattern (Getafix's starting point).
 *
 * The change comes from the tree differ's edit script (src/diff/, the GumTree differ of `bugmine
 * mine`): the before nodes the script deletes, updates or moves out of their parent, and the after
 * nodes it inserts, updates or moves into their parent, are covered by the lowest pair of nodes the
 * differ maps to each other (`coveringPair`). Outside that pair the two trees are equal (the script
 * turns one into the other), so the pairs of nodes on the way down from the roots correspond
 * position for position. A subtree the script replaces whole (deleted, and another inserted at its
 * place: GumTree has no "replace") narrows to the replaced pair, e.g. `<` → `<=` to the two operators.
 * The result is checked against this module's structural view (tree.ts: whitespace and comments are
 * not changes); where the two would disagree, the pair is taken higher, where they agree.
 *
 * Context: level 0 is the enclosing statement (the nearest statement or clause on the path); each
 * `context` level more goes up to the next enclosing statement (a compound statement's header) and
 * keeps the previous/next sibling statements of the path in its block. Unchanged blocks and clauses
 * inside the context (an `if`'s body when only its test changed, other statements of a block) become
 * holes shared by both sides, so the context says where the fix applies without copying whole bodies.
 */
import { diffCst, type DiffNode, isInside, type TreeDiff } from '../diff/index.js';
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
 * The lowest pair of nodes the differ maps to each other that covers every action of the script:
 * the before one contains every before node an action touches, its partner every after node. Null
 * for an empty script. O(actions × depth).
 */
export function coveringPair(diff: TreeDiff): [DiffNode, DiffNode] | null {
  if (diff.actions.length === 0) return null;
  const { before, after, mappings } = diff;
  const nodeOf = (ref: string): DiffNode | null => {
    const tree = ref[0] === 'b' ? before : ref[0] === 'a' ? after : null;
    return tree === null ? null : (tree.nodes[Number(ref.slice(1))] ?? null);
  };
  const touchedBefore: DiffNode[] = [];
  const touchedAfter: DiffNode[] = [];
  for (const action of diff.actions) {
    const node = nodeOf(action.node);
    if (node === null) continue;
    switch (action.kind) {
      case 'insert':
        touchedAfter.push(node);
        break;
      case 'delete':
        touchedBefore.push(node);
        break;
      case 'update':
        touchedBefore.push(node);
        touchedAfter.push(mappings.dstOf(node) ?? after.root);
        break;
      case 'move': {
        // The old parent loses a child and the new one gains it (a reordering moves within one parent).
        touchedBefore.push(node.parent ?? before.root);
        const partner = mappings.dstOf(node);
        touchedAfter.push(partner?.parent ?? after.root);
        break;
      }
    }
  }
  const lowestCommon = (nodes: readonly DiffNode[]): DiffNode | null => {
    let top: DiffNode | null = nodes[0] ?? null;
    for (const n of nodes) while (top !== null && !isInside(n, top)) top = top.parent;
    return top;
  };
  // After nodes are brought over to the before tree through their lowest mapped ancestor.
  for (const n of touchedAfter) {
    let m: DiffNode | null = n;
    while (m !== null && mappings.srcOf(m) === null) m = m.parent;
    touchedBefore.push(m === null ? before.root : mappings.srcOf(m)!);
  }
  const afterTop = lowestCommon(touchedAfter);
  for (let b = lowestCommon(touchedBefore) ?? before.root; ; b = b.parent) {
    const partner = mappings.dstOf(b);
    if (partner !== null && (afterTop === null || isInside(afterTop, partner))) return [b, partner];
    if (b.parent === null) return [before.root, after.root];
  }
}

/** The root-to-node chain of a diff node. */
function chainOf(node: DiffNode): DiffNode[] {
  const chain: DiffNode[] = [];
  for (let n: DiffNode | null = node; n !== null; n = n.parent) chain.push(n);
  return chain.reverse();
}

/**
 * The pairs of corresponding nodes from the roots down to the smallest pair covering every change
 * (the differ's covering pair, narrowed to a replaced subtree); null when the two trees do not
 * differ (up to whitespace and comments).
 */
export function changePath(before: CstNode, after: CstNode): PathStep[] | null {
  if (structurallyEqual(before, after)) return null;
  const diff = diffCst(before, after);
  const covering = coveringPair(diff);
  const path: PathStep[] = [{ before, after, index: -1, field: null }];
  if (covering === null) return path;
  // The index of the one significant child position where `b` and `a` differ, if exactly one does.
  const onlyDifference = (b: CstNode, a: CstNode): number => {
    if (!sameShape(b, a)) return -1;
    const bs = significantChildren(b);
    const as = significantChildren(a);
    let differing = -1;
    for (let i = 0; i < bs.length; i++) {
      if (!structurallyEqual(bs[i]!.node, as[i]!.node)) {
        if (differing >= 0) return -1;
        differing = i;
      }
    }
    return differing;
  };
  const step = (i: number): void => {
    const last = path[path.length - 1]!;
    const bs = significantChildren(last.before);
    path.push({ before: bs[i]!.node, after: significantChildren(last.after)[i]!.node, index: i, field: bs[i]!.field });
  };
  // Down the differ's chain while the structural view agrees that everything beside it is equal.
  const chainB = chainOf(covering[0]);
  const chainA = chainOf(covering[1]);
  const rootsAgree = chainB[0]!.cst === before && chainA[0]!.cst === after && chainB.length === chainA.length;
  for (let d = 1; rootsAgree && d < chainB.length; d++) {
    const index = chainB[d]!.index;
    const last = path[path.length - 1]!;
    if (chainA[d]!.index !== index || onlyDifference(last.before, last.after) !== index) return path;
    step(index);
    const reached = path[path.length - 1]!;
    if (reached.before !== chainB[d]!.cst || reached.after !== chainA[d]!.cst) return path;
  }
  if (!rootsAgree) return path;
  // A pair replaced whole below the covering pair: descend to it.
  for (;;) {
    const last = path[path.length - 1]!;
    const i = onlyDifference(last.before, last.after);
    if (i < 0) return path;
    step(i);
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
  const levels = concreteEditLevels(before, after, context);
  return levels === null ? null : levels[context]!;
}

/**
 * The concrete edits at context levels 0..context (index = level), from one diff; null when the
 * trees do not differ. A level beyond the function's nesting repeats the one below it.
 */
export function concreteEditLevels(before: CstNode, after: CstNode, context: number): ConcreteEdit[] | null {
  const path = changePath(before, after);
  if (path === null) return null;
  const last = path.length - 1;
  let statement = last;
  while (statement > 0 && !STATEMENT_TYPES.has(path[statement]!.before.type)) statement--;
  const levels: ConcreteEdit[] = [];
  let root = statement;
  for (let level = 0; level <= context; level++) {
    if (level > 0 && root > 0) {
      root--;
      while (root > 0 && !STATEMENT_TYPES.has(path[root]!.before.type)) root--;
    }
    levels.push(editAt(path, statement, root));
  }
  return levels;
}

/** The edit on `path` whose context root is `path[root]` (the enclosing statement is `path[statement]`). */
function editAt(path: readonly PathStep[], statement: number, root: number): ConcreteEdit {
  const last = path.length - 1;
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
