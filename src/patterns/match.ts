/**
 * Matching a pattern's before template against a CST subtree, and instantiating its after template
 * with the bindings: the two operations fix suggestion (and the mining's own property checks) need.
 *
 * A hole binds the target's subtree at its position; a hole that occurs more than once must bind
 * structurally equal subtrees (whitespace and comments aside). Everything else must agree in shape
 * (type, scalar values, significant children) down to the holes.
 */
import type { CstNode } from '../python/cst.js';
import { hasHoles, isHole, rebuild, sameShape, significantChildren, structurallyEqual } from './tree.js';

export type Bindings = Map<number, CstNode>;

/** The bindings under which `template` matches `target`, or null. Extends `bindings` in place. */
export function match(template: CstNode, target: CstNode, bindings: Bindings = new Map()): Bindings | null {
  return matchInto(template, target, bindings) ? bindings : null;
}

function matchInto(template: CstNode, target: CstNode, bindings: Bindings): boolean {
  if (isHole(template)) {
    const bound = bindings.get(template.hole);
    if (bound === undefined) {
      bindings.set(template.hole, target);
      return true;
    }
    return structurallyEqual(bound, target);
  }
  if (!hasHoles(template)) return structurallyEqual(template, target);
  if (!sameShape(template, target)) return false;
  const ts = significantChildren(template);
  const xs = significantChildren(target);
  for (let i = 0; i < ts.length; i++) if (!matchInto(ts[i]!.node, xs[i]!.node, bindings)) return false;
  return true;
}

export class UnboundHoleError extends Error {}

/** `template` with every hole replaced by its binding (bound subtrees are shared, not copied). */
export function instantiate(template: CstNode, bindings: Bindings): CstNode {
  if (isHole(template)) {
    const bound = bindings.get(template.hole);
    if (bound === undefined) throw new UnboundHoleError(`hole h${template.hole} is not bound`);
    return bound;
  }
  if (!hasHoles(template)) return template;
  return rebuild(template, (child) => instantiate(child, bindings));
}
