/**
 * First-order anti-unification (least general generalisation, Plotkin 1970 / Reynolds 1970) of fix
 * patterns, Getafix-style: the before parts and the after parts of two patterns are generalised
 * *jointly*, with one table from pairs of differing subtrees to holes, so the same pair gets the same
 * hole wherever it occurs, on both sides.
 *
 * Two nodes are generalised child by child only when they have the same shape (type, scalar values,
 * fields of their significant children: tree.ts `sameShape`); otherwise the pair becomes one hole.
 * So node types are never generalised (a `Call` stays a `Call`), while identifiers, attribute names,
 * literals and operators, whose text is a scalar or whose type differs, become holes.
 *
 * A generalisation whose after part uses a hole its before part does not bind cannot be
 * instantiated: it is reported `valid: false`, and the clustering never makes such a merge.
 */
import { codegen } from '../python/codegen.js';
import type { CstNode } from '../python/cst.js';
import {
  canon,
  concreteSize,
  hasHoles,
  HOLE_TYPE,
  type HoleNode,
  type HoleRole,
  holesOf,
  isHole,
  rebuild,
  roleOf,
  sameShape,
  significantChildren,
} from './tree.js';

export interface Pattern {
  /** Template of the code before the fix (a CST subtree with `PatternHole` nodes). */
  readonly before: CstNode;
  /** Template of the fixed code: every hole in it also occurs in `before`. */
  readonly after: CstNode;
  /** Holes are numbered 0..holeCount-1 in order of first occurrence in `before`. */
  readonly holeCount: number;
  /** For each hole, the root node types of the subtrees it stands for (sorted). */
  readonly holeTypes: readonly (readonly string[])[];
}

export interface Generalisation {
  readonly pattern: Pattern;
  /** Every after hole is bound by the before part. */
  readonly valid: boolean;
  /** Information lost: see `mergeCost`. */
  readonly cost: number;
}

export function makeHole(hole: number, role: HoleRole, extra: { pad?: [string, string] | undefined; of?: string | undefined } = {}): HoleNode {
  const node: HoleNode = { type: HOLE_TYPE, hole, role };
  if (extra.pad !== undefined) (node as { pad?: [string, string] }).pad = extra.pad;
  if (extra.of !== undefined) (node as { of?: string }).of = extra.of;
  return node;
}

/** The whitespace around an operator's token, as the representative wrote it. */
export function padOf(node: CstNode): [string, string] {
  const text = codegen(node);
  const m = /^(\s*)[\s\S]*?(\s*)$/.exec(text)!;
  return [m[1]!, m[2]!];
}

/**
 * The cost of a merge, Getafix's "loses least": the concrete nodes generalised away from both
 * sides of both patterns, plus the holes the generalisation adds over the more abstract of the two.
 *   cost = Σ_{P ∈ {p,q}} (|P.before| + |P.after| − |G.before| − |G.after|) + (holes(G) − max(holes(p), holes(q)))
 * where |T| counts the significant nodes of T that are not holes.
 */
export function mergeCost(p: Pattern, q: Pattern, g: Pattern): number {
  const size = (x: Pattern): number => concreteSize(x.before) + concreteSize(x.after);
  const lost = size(p) + size(q) - 2 * size(g);
  return lost + (g.holeCount - Math.max(p.holeCount, q.holeCount));
}

export function antiUnify(p: Pattern, q: Pattern): Generalisation {
  const table = new Map<string, number>();
  const holeTypes: string[][] = [];
  const rootTypes = (pattern: Pattern, node: CstNode): readonly string[] =>
    isHole(node) ? pattern.holeTypes[node.hole] ?? [] : [node.type];

  const generalise = (x: CstNode, y: CstNode, field: string | null): CstNode => {
    if (x === y && !hasHoles(x)) return x;
    if (!hasHoles(x) && !hasHoles(y) && canon(x) === canon(y)) return x;
    if (sameShape(x, y)) {
      const ys = significantChildren(y);
      const xs = significantChildren(x);
      return rebuild(x, (child, i) => generalise(child, ys[i]!.node, xs[i]!.field));
    }
    const key = `${canon(x)}\u0000${canon(y)}`;
    let hole = table.get(key);
    if (hole === undefined) {
      hole = holeTypes.length;
      table.set(key, hole);
      holeTypes.push([...new Set([...rootTypes(p, x), ...rootTypes(q, y)])].sort());
    }
    if (isHole(x)) return makeHole(hole, x.role, { pad: x.pad, of: x.of });
    const role = roleOf(x, field);
    return makeHole(hole, role, { pad: role === 'op' ? padOf(x) : undefined, of: role === 'clause' ? x.type : undefined });
  };

  const before = generalise(p.before, q.before, null);
  const after = generalise(p.after, q.after, null);
  const bound = new Set(holesOf(before));
  const valid = holesOf(after).every((h) => bound.has(h));
  const pattern: Pattern = { before, after, holeCount: holeTypes.length, holeTypes };
  return { pattern, valid, cost: mergeCost(p, q, pattern) };
}
