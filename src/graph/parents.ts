import type { CstNode } from '../python/cst.js';
import { forEachChild } from '../python/visit.js';
import type { Provider } from './analysis.js';

export interface ParentInfo {
  readonly parent: CstNode;
  /** The parent's field that holds the node. */
  readonly field: string;
}

/** Every node's parent and the field that holds it (the module has none). */
export const parentsProvider: Provider<Map<CstNode, ParentInfo>> = {
  name: 'parents',
  compute(file) {
    return parentsUnder(file.module);
  },
};

/** The parent of every node under `root` (not of `root` itself). */
export function parentsUnder(root: CstNode): Map<CstNode, ParentInfo> {
  const parents = new Map<CstNode, ParentInfo>();
  const stack: CstNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    forEachChild(node, (child, field) => {
      parents.set(child, { parent: node, field });
      stack.push(child);
    });
  }
  return parents;
}
