/**
 * A transformer restricted to some subtrees: `inner` sees only the chosen nodes and what is below
 * them (its `visit`, `leave` and `after`), every other node is left as it is. Used to transform
 * chosen functions of a file and nothing else.
 */
import type { CstNode } from '../python/cst.js';
import type { Replacement, Transformer } from './tree.js';

export interface ScopedTransformer extends Transformer {
  /** The chosen nodes whose replacement differs from them (by identity). */
  readonly replaced: ReadonlyMap<CstNode, Replacement>;
}

/** `inner` applied inside `roots` only; `roots` must not nest. */
export function within(roots: ReadonlySet<CstNode>, inner: Transformer): ScopedTransformer {
  let active: CstNode | null = null;
  const replaced = new Map<CstNode, Replacement>();
  return {
    replaced,
    visit(node) {
      if (active === null && roots.has(node)) active = node;
      return active === null ? undefined : inner.visit?.(node);
    },
    leave(original, updated) {
      if (active === null) return updated;
      const result = inner.leave === undefined ? updated : inner.leave(original, updated);
      if (original === active && result !== original) replaced.set(original, result);
      return result;
    },
    after(original) {
      if (active === null) return;
      inner.after?.(original);
      if (original === active) active = null;
    },
  };
}
